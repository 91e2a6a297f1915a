import { type Request, Router } from 'express';
import { z } from 'zod';
import {
  emailReceiptRequest,
  type ParkedCartView,
  parkedCartRequest,
  type ReceiptView,
  type RefundView,
  refundRequest,
  type SaleSummary,
  saleListQuery,
  saleRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, tenantPrincipal } from '../../core/http.js';
import { sendRenderedMail } from '../../core/mail/deliver.js';
import { mailLanguage } from '../../core/mail/templates.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { findMemberByPin } from '../auth/auth.queries.js';
import { pinHmac } from '../auth/pin.js';
import { pinAttemptsOf } from '../auth/pin-attempts.js';
import {
  APPROVER_ROLES,
  approvalPinInvalid,
  parkCart,
  recordRefund,
  recordSale,
  reprintSale,
  unparkCart,
  updateSettings,
} from './pos.commands.js';
import { receiptMail } from './pos.mail.js';
import { businessHeader, findCustomer, findSale, listSales, parkedCarts } from './pos.queries.js';
import { dayStartUtc } from './pos.time.js';
import { posSettings, refundView, saleView } from './pos.views.js';

export function posRoutes(deps: AppDeps): Router {
  const router = Router();
  const reader = (req: Request) => authorizeRead(req, 'sales.record');
  const pinAttempts = pinAttemptsOf(deps);

  async function receipt(tenantId: string, saleId: string, reprint: boolean): Promise<ReceiptView> {
    const b = await businessHeader(deps.db, tenantId);
    return {
      business: {
        name: b.name,
        legalName: b.legal_name,
        taxId: b.tax_id,
        address: b.address,
        logo: b.logo,
        currency: b.currency,
        locale: b.locale,
        timeZone: b.time_zone,
      },
      sale: await saleView(deps.db, tenantId, saleId),
      reprint,
    };
  }

  // ——— settings ———

  router.get('/api/pos/settings', async (req, res) => {
    res.json(await posSettings(deps.db, reader(req).tenantId));
  });

  router.put('/api/pos/settings', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), updateSettings, req.body));
  });

  // ——— sales ———

  router.post('/api/pos/sales', async (req, res) => {
    const body = parseOrThrow(saleRequest, req.body);
    const sale = await execute(deps, commandContext(deps, req), recordSale, {
      ...body,
      id: body.id ?? deps.newId(),
      lines: body.lines.map((l) => ({ ...l, id: l.id ?? deps.newId() })),
      payments: body.payments.map((p) => ({ ...p, id: p.id ?? deps.newId() })),
    });
    res.status(201).json(sale);
  });

  router.get('/api/pos/sales', async (req, res) => {
    const auth = reader(req);
    const q = parseOrThrow(saleListQuery, req.query);
    const business = await businessHeader(deps.db, auth.tenantId);
    const { rows, methods, total } = await listSales(deps.db, auth.tenantId, {
      fromUtc: q.from ? dayStartUtc(q.from, business.time_zone) : undefined,
      toUtc: q.to ? dayStartUtc(q.to, business.time_zone, 1) : undefined,
      number: q.number,
      customerId: q.customerId,
      shiftId: q.shiftId,
      limit: q.limit,
      offset: q.offset,
    });
    const sales: SaleSummary[] = rows.map((r) => ({
      id: r.id,
      number: r.number,
      createdAt: r.created_at,
      shiftId: r.shift_id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      actorName: r.actor_name,
      total: Number(r.total),
      refundedTotal: Number(r.refunded_total ?? 0),
      methods: methods.get(r.id) ?? [],
    }));
    res.json({ sales, total });
  });

  router.get('/api/pos/sales/:id', async (req, res) => {
    res.json(await saleView(deps.db, reader(req).tenantId, String(req.params.id)));
  });

  router.get('/api/pos/sales/:id/receipt', async (req, res) => {
    res.json(await receipt(reader(req).tenantId, String(req.params.id), false));
  });

  /** A scanned or typed receipt number (the refund screen's lookup). */
  router.get('/api/pos/receipts/:number', async (req, res) => {
    const auth = reader(req);
    const sale = await findSale(deps.db, auth.tenantId, { number: String(req.params.number) });
    if (!sale) throw notFound('Receipt');
    res.json(await receipt(auth.tenantId, sale.id, false));
  });

  router.post('/api/pos/sales/:id/reprint', async (req, res) => {
    const ctx = commandContext(deps, req);
    await execute(deps, ctx, reprintSale, { saleId: req.params.id });
    res.json(await receipt(ctx.tenantId, String(req.params.id), true));
  });

  router.post('/api/pos/sales/:id/email', async (req, res) => {
    const auth = reader(req);
    // Another business's sale, or none, answers 404 before the body is validated.
    const r = await receipt(auth.tenantId, String(req.params.id), false);
    const body = parseOrThrow(emailReceiptRequest, req.body ?? {});
    const customer = r.sale.customerId
      ? await findCustomer(deps.db, auth.tenantId, r.sale.customerId)
      : undefined;
    const to = body.to ?? customer?.email ?? null;
    if (!to)
      throw new DomainError('email-missing', 400, 'Give an address: this sale has no customer email', 'to');
    await sendRenderedMail(
      deps,
      to,
      receiptMail(r, mailLanguage(r.business.locale)),
      `Receipt ${r.sale.number} could not be emailed; try again`,
    );
    res.json({ sentTo: to });
  });

  // ——— refunds ———

  router.post('/api/pos/refunds', async (req, res) => {
    const auth = reader(req);
    const { approvalPin, ...fields }: Record<string, unknown> =
      typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {};
    // Another business's sale, or none, answers 404 whatever else the body holds (as every route
    // with an id): the sale is looked up before the rest of the body is validated.
    const saleId = typeof fields.saleId === 'string' ? fields.saleId : undefined;
    const receiptNumber = typeof fields.receiptNumber === 'string' ? fields.receiptNumber.trim() : '';
    if (saleId !== undefined || receiptNumber !== '') {
      const by = saleId !== undefined ? { id: saleId } : { number: receiptNumber };
      if (!(await findSale(deps.db, auth.tenantId, by))) throw notFound('Sale');
    }
    // The PIN is not part of what is validated here: it is looked at only when the refund needs it.
    const body = parseOrThrow(refundRequest, fields);
    const ctx = commandContext(deps, req);
    const input = {
      ...body,
      id: body.id ?? deps.newId(),
      lines: body.lines?.map(({ id: _id, ...l }) => l),
    };
    let refund: RefundView;
    try {
      refund = await execute(deps, ctx, recordRefund, { ...input, approvedBy: null });
    } catch (err) {
      // Over the limit: the PIN sent is checked now, and the refund made again with its approver.
      // Under it (or for an OWNER or ADMIN), whatever PIN field the screen sent was never read.
      if (!(err instanceof DomainError && err.code === 'approval-required') || approvalPin === undefined) {
        throw err;
      }
      const approvedBy = await approverOf(req, auth.tenantId, approvalPin);
      refund = await execute(deps, ctx, recordRefund, { ...input, approvedBy });
    }
    res.status(201).json(refund);
  });

  /**
   * The OWNER or ADMIN whose PIN approves a refund over the limit: 400 `pin-invalid` on approvalPin
   * when it is not 4 to 6 digits, 403 `approval-pin-invalid` when it is no active owner's or admin's
   * of this business. Wrong PINs count against the limits of switching user by PIN (otherwise a
   * cashier could try every owner's PIN here as often as they liked): then 429 `rate-limited`.
   */
  async function approverOf(req: Request, tenantId: string, raw: unknown): Promise<string> {
    const pin = parseOrThrow(z.object({ approvalPin: refundRequest.shape.approvalPin }), {
      approvalPin: raw,
    }).approvalPin;
    const guesser = tenantPrincipal(req);
    const now = deps.clock.now();
    pinAttempts.check(guesser, now);
    const member = pin
      ? await findMemberByPin(deps.db, tenantId, pinHmac(deps.pinKey, tenantId, pin))
      : undefined;
    if (!member || !APPROVER_ROLES.has(member.role)) {
      pinAttempts.fail(guesser, now);
      throw approvalPinInvalid();
    }
    return member.id;
  }

  router.get('/api/pos/refunds/:id', async (req, res) => {
    res.json(await refundView(deps.db, reader(req).tenantId, String(req.params.id)));
  });

  // ——— parked carts ———

  router.get('/api/pos/parked', async (req, res) => {
    const auth = reader(req);
    const rows = await parkedCarts(deps.db, auth.tenantId, deps.deviceId);
    const carts: ParkedCartView[] = rows.map((r) => ({
      id: r.id,
      label: r.label,
      cart: JSON.parse(r.cart),
      actorId: r.actor_id,
      createdAt: r.created_at,
    }));
    res.json({ carts });
  });

  router.post('/api/pos/parked', async (req, res) => {
    const body = parseOrThrow(parkedCartRequest, req.body);
    const id = await execute(deps, commandContext(deps, req), parkCart, {
      ...body,
      id: body.id ?? deps.newId(),
    });
    res.status(201).json({ id });
  });

  router.post('/api/pos/parked/:id/resume', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), unparkCart, { id: req.params.id }));
  });

  router.delete('/api/pos/parked/:id', async (req, res) => {
    await execute(deps, commandContext(deps, req), unparkCart, { id: req.params.id });
    res.status(204).end();
  });

  return router;
}
