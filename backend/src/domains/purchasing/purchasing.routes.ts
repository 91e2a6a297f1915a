import { type Request, Router } from 'express';
import {
  purchaseOrderCreateRequest,
  purchaseOrderListQuery,
  purchaseOrderUpdateRequest,
  receiveRequest,
  supplierCreateRequest,
  supplierUpdateRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, tenantPrincipal } from '../../core/http.js';
import { sendRenderedMail } from '../../core/mail/deliver.js';
import { purchaseOrderMail } from '../../core/mail/purchase-order.js';
import { mailLanguage } from '../../core/mail/templates.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { lowStockRows } from '../stock/stock.queries.js';
import { planOrdersFromLowStock } from './low-stock-plan.js';
import {
  cancelOrder,
  closeOrder,
  createOrder,
  createSupplier,
  deleteSupplier,
  ordersFromLowStock,
  receiveOrder,
  sendOrder,
  updateOrderCommand,
  updateSupplierCommand,
} from './purchasing.commands.js';
import { businessOf, listSuppliers, rowExists } from './purchasing.queries.js';
import { orderSummaries, orderView, toSupplierView } from './purchasing.views.js';

export function purchasingRoutes(deps: AppDeps): Router {
  const router = Router();
  /**
   * Before a body is validated: a role without the right answers 403 and an
   * id of another business 404, whatever the body holds (never a 400 that
   * would tell the id apart from an unknown one).
   */
  const checkOwnRow = async (req: Request, table: 'suppliers' | 'purchase_orders', what: string) => {
    const auth = authorizeRead(req, 'catalog.manage');
    if (!(await rowExists(deps.db, auth.tenantId, table, String(req.params.id)))) throw notFound(what);
  };
  const withIds = <L extends { id?: string }>(lines: L[]) =>
    lines.map((line) => ({ ...line, id: line.id ?? deps.newId() }));

  // ——— suppliers ———

  router.get('/api/suppliers', async (req, res) => {
    const auth = tenantPrincipal(req);
    const q = typeof req.query.q === 'string' ? req.query.q : undefined;
    const rows = await listSuppliers(deps.db, auth.tenantId, q);
    res.json({ suppliers: rows.map(toSupplierView) });
  });

  router.post('/api/suppliers', async (req, res) => {
    const body = parseOrThrow(supplierCreateRequest, req.body);
    const view = await execute(deps, commandContext(deps, req), createSupplier, {
      ...body,
      id: body.id ?? deps.newId(),
    });
    res.status(201).json(view);
  });

  router.patch('/api/suppliers/:id', async (req, res) => {
    await checkOwnRow(req, 'suppliers', 'Supplier');
    const changes = parseOrThrow(supplierUpdateRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), updateSupplierCommand, {
        supplierId: req.params.id,
        changes,
      }),
    );
  });

  router.delete('/api/suppliers/:id', async (req, res) => {
    await execute(deps, commandContext(deps, req), deleteSupplier, { supplierId: req.params.id });
    res.status(204).end();
  });

  // ——— purchase orders ———

  router.get('/api/purchase-orders', async (req, res) => {
    const auth = tenantPrincipal(req);
    const filter = parseOrThrow(purchaseOrderListQuery, req.query);
    res.json(await orderSummaries(deps.db, auth.tenantId, filter));
  });

  router.post('/api/purchase-orders', async (req, res) => {
    const body = parseOrThrow(purchaseOrderCreateRequest, req.body);
    const view = await execute(deps, commandContext(deps, req), createOrder, {
      ...body,
      id: body.id ?? deps.newId(),
      lines: withIds(body.lines),
    });
    res.status(201).json(view);
  });

  /**
   * Plans one draft per supplier from the low-stock suggestions, then runs
   * the plan as one command: qty = max(reorder qty, reorder point − on hand),
   * from the preferred supplier (else any), at its cost (else the product's).
   */
  router.post('/api/purchase-orders/from-low-stock', async (req, res) => {
    const auth = authorizeRead(req, 'catalog.manage');
    const suggestions = await lowStockRows(deps.db, auth.tenantId, { orderBy: 'sku' });
    const plan = planOrdersFromLowStock(suggestions, deps.newId);
    const result = await execute(deps, commandContext(deps, req), ordersFromLowStock, plan);
    res.status(result.orders.length > 0 ? 201 : 200).json(result);
  });

  router.get('/api/purchase-orders/:id', async (req, res) => {
    const auth = tenantPrincipal(req);
    res.json(await orderView(deps.db, auth.tenantId, req.params.id));
  });

  router.patch('/api/purchase-orders/:id', async (req, res) => {
    await checkOwnRow(req, 'purchase_orders', 'Purchase order');
    const body = parseOrThrow(purchaseOrderUpdateRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), updateOrderCommand, {
        ...body,
        orderId: req.params.id,
        lines: body.lines && withIds(body.lines),
      }),
    );
  });

  /**
   * Records the order as sent first, then emails it after the commit. When
   * the mail transport fails the order STAYS sent (the decision to order was
   * made and audited) and the client gets 502 `mail-failed`; sending the same
   * order again re-sends the email without changing its status.
   */
  router.post('/api/purchase-orders/:id/send', async (req, res) => {
    const ctx = commandContext(deps, req);
    const { order, to } = await execute(deps, ctx, sendOrder, { orderId: req.params.id });
    const business = await businessOf(deps.db, ctx.tenantId);
    const mail = purchaseOrderMail({
      language: mailLanguage(business.locale),
      locale: business.locale,
      timeZone: business.time_zone,
      currency: business.currency,
      businessName: business.name,
      supplierName: order.supplierName,
      number: order.number,
      locationName: order.locationName,
      expectedAt: order.expectedAt,
      notes: order.notes,
      lines: order.lines.map((l) => ({
        sku: l.sku,
        supplierSku: l.supplierSku,
        name: l.name,
        qty: l.qtyOrdered,
        unitCost: l.unitCost,
        total: l.total,
      })),
      total: order.total,
    });
    await sendRenderedMail(
      deps,
      to,
      mail,
      `Purchase order ${order.number} is marked as sent but its email could not be delivered; send it again to retry`,
    );
    res.json(order);
  });

  router.post('/api/purchase-orders/:id/receive', async (req, res) => {
    await checkOwnRow(req, 'purchase_orders', 'Purchase order');
    const body = parseOrThrow(receiveRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), receiveOrder, {
        orderId: req.params.id,
        lines: body.lines.map((line) => ({
          ...line,
          movementId: deps.newId(),
          priceChangeId: deps.newId(),
        })),
      }),
    );
  });

  router.post('/api/purchase-orders/:id/close', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), closeOrder, { orderId: req.params.id }));
  });

  router.post('/api/purchase-orders/:id/cancel', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), cancelOrder, { orderId: req.params.id }));
  });

  return router;
}
