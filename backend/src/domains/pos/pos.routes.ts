import { type Request, Router } from 'express';
import {
  emailReceiptRequest,
  type ParkedCartView,
  parkedCartRequest,
  type ReceiptView,
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
    const body = parseOrThrow(emailReceiptRequest, req.body ?? {});
    const r = await receipt(auth.tenantId, String(req.params.id), false);
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
    const body = parseOrThrow(refundRequest, req.body);
    let approvedBy: string | null = null;
    if (body.approvalPin !== undefined) {
      // The same wrong-PIN limits as switching user by PIN: otherwise a cashier could try
      // every owner's PIN here as often as they liked.
      const guesser = tenantPrincipal(req);
      const now = deps.clock.now();
      pinAttempts.check(guesser, now);
      const member = await findMemberByPin(
        deps.db,
        auth.tenantId,
        pinHmac(deps.pinKey, auth.tenantId, body.approvalPin),
      );
      if (!member || (member.role !== 'OWNER' && member.role !== 'ADMIN')) {
        pinAttempts.fail(guesser, now);
        throw new DomainError(
          'approval-pin-invalid',
          403,
          'That PIN is not an owner’s or admin’s',
          'approvalPin',
        );
      }
      approvedBy = member.id;
    }
    const { approvalPin: _pin, ...rest } = body;
    const refund = await execute(deps, commandContext(deps, req), recordRefund, {
      ...rest,
      id: body.id ?? deps.newId(),
      lines: body.lines?.map(({ id: _id, ...l }) => l),
      approvedBy,
    });
    res.status(201).json(refund);
  });

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
