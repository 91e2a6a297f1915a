import { type Request, Router } from 'express';
import type { ZodType } from 'zod';
import {
  creditAdjustmentRequest,
  cursorAfter,
  type MemberListPage,
  memberCreateRequest,
  memberInvoiceRequest,
  memberListQuery,
  membershipChangePlanRequest,
  membershipStartPreviewQuery,
  membershipStartRequest,
  memberUpdateRequest,
  planCreateRequest,
  planUpdateRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { authorizeRead, commandContext } from '../../core/http.js';
import { type Command, execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { startPreview } from './members.billing.js';
import {
  adjustCredits,
  assertStartInRange,
  cancelMembership,
  changeMembershipPlan,
  chargeMemberNow,
  createMember,
  createPlan,
  invoiceMembershipPeriod,
  pauseMembership,
  renewMembership,
  resumeMembership,
  startMembership,
  undoCancelMembership,
  updateMemberCommand,
  updatePlanCommand,
  usablePlan,
} from './members.commands.js';
import { localDay } from './members.periods.js';
import {
  countMembers,
  findMember,
  findMembership,
  findPlan,
  listMembers,
  listPlans,
  tenantTimeZone,
} from './members.queries.js';
import { memberDetail, planView, planViews } from './members.views.js';

/** Members (`/api/members`), plans (`/api/membership-plans`) and memberships (`/api/memberships`). */
export function membersRoutes(deps: AppDeps): Router {
  const router = Router();
  const run = <S extends ZodType, R>(req: Request, cmd: Command<S, R>, input: unknown) =>
    execute(deps, commandContext(deps, req), cmd, input);

  /** 403 and 404 before the body is validated, so another business's id never answers 400. */
  const ownMember = async (req: Request) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const row = await findMember(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Member');
    return { auth, row };
  };
  const ownPlan = async (req: Request) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const row = await findPlan(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Plan');
    return { auth, row };
  };
  const ownMembership = async (req: Request) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const row = await findMembership(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Membership');
    return { auth, row };
  };

  // ——— members ———

  router.get('/api/members', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const filter = parseOrThrow(memberListQuery, req.query);
    // One more than the page: whether a following page exists, without a cursor to an empty one.
    const rows = await listMembers(deps.db, auth.tenantId, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const body: MemberListPage = {
      members: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        companyId: r.company_id,
        companyName: r.company_name ?? null,
        email: r.email,
        phone: r.phone,
        taxId: r.tax_id,
        address: r.address,
        notes: r.notes,
        status: r.status,
        customerId: r.customer_id,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        planName: r.plan_name ?? null,
      })),
      next: rows.length > filter.limit && last ? cursorAfter(last.name, last.id) : null,
      total: await countMembers(deps.db, auth.tenantId, filter),
    };
    res.json(body);
  });

  router.post('/api/members', async (req, res) => {
    const body = parseOrThrow(memberCreateRequest, req.body);
    res.status(201).json(await run(req, createMember, { ...body, id: body.id ?? deps.newId() }));
  });

  router.get('/api/members/:id', async (req, res) => {
    const { auth, row } = await ownMember(req);
    res.json(await memberDetail(deps.db, auth.tenantId, row, deps.clock.now().toISOString()));
  });

  router.patch('/api/members/:id', async (req, res) => {
    await ownMember(req);
    const changes = parseOrThrow(memberUpdateRequest, req.body);
    res.json(await run(req, updateMemberCommand, { memberId: req.params.id, changes }));
  });

  router.post('/api/members/:id/memberships', async (req, res) => {
    await ownMember(req);
    const body = parseOrThrow(membershipStartRequest, req.body);
    res
      .status(201)
      .json(
        await run(req, startMembership, { ...body, id: body.id ?? deps.newId(), memberId: req.params.id }),
      );
  });

  /** What starting a membership would charge at once (past periods included), before saving. */
  router.get('/api/members/:id/membership-preview', async (req, res) => {
    const { auth } = await ownMember(req);
    const q = parseOrThrow(membershipStartPreviewQuery, req.query);
    const plan = await usablePlan(deps.db, auth.tenantId, q.planId);
    const today = localDay(deps.clock.now().toISOString(), await tenantTimeZone(deps.db, auth.tenantId));
    assertStartInRange(q.startsOn, today);
    res.json(await startPreview(deps.db, auth.tenantId, plan, q.startsOn, today));
  });

  router.post('/api/members/:id/credit-adjustments', async (req, res) => {
    await ownMember(req);
    const body = parseOrThrow(creditAdjustmentRequest, req.body);
    res
      .status(201)
      .json(await run(req, adjustCredits, { ...body, id: body.id ?? deps.newId(), memberId: req.params.id }));
  });

  router.post('/api/members/:id/charge-now', async (req, res) => {
    await ownMember(req);
    const body = parseOrThrow(memberInvoiceRequest, req.body ?? {});
    res.status(201).json(
      await run(req, chargeMemberNow, {
        memberId: req.params.id,
        invoiceId: body.invoiceId ?? deps.newId(),
      }),
    );
  });

  // ——— plans ———

  router.get('/api/membership-plans', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    res.json({ plans: await planViews(deps.db, auth.tenantId, await listPlans(deps.db, auth.tenantId)) });
  });

  router.post('/api/membership-plans', async (req, res) => {
    const body = parseOrThrow(planCreateRequest, req.body);
    res.status(201).json(await run(req, createPlan, { ...body, id: body.id ?? deps.newId() }));
  });

  router.get('/api/membership-plans/:id', async (req, res) => {
    const { auth, row } = await ownPlan(req);
    res.json(await planView(deps.db, auth.tenantId, row));
  });

  router.patch('/api/membership-plans/:id', async (req, res) => {
    await ownPlan(req);
    const changes = parseOrThrow(planUpdateRequest, req.body);
    res.json(await run(req, updatePlanCommand, { planId: req.params.id, changes }));
  });

  // ——— memberships ———

  const membershipAction = (path: string, cmd: Command<ZodType, unknown>) =>
    router.post(`/api/memberships/:id/${path}`, async (req, res) => {
      await ownMembership(req);
      res.json(await run(req, cmd, { membershipId: req.params.id }));
    });
  membershipAction('pause', pauseMembership);
  membershipAction('resume', resumeMembership);
  membershipAction('cancel', cancelMembership);
  membershipAction('undo-cancel', undoCancelMembership);
  membershipAction('renew', renewMembership);

  router.post('/api/memberships/:id/change-plan', async (req, res) => {
    await ownMembership(req);
    const body = parseOrThrow(membershipChangePlanRequest, req.body);
    res.json(await run(req, changeMembershipPlan, { ...body, membershipId: req.params.id }));
  });

  router.post('/api/memberships/:id/invoice-period', async (req, res) => {
    await ownMembership(req);
    const body = parseOrThrow(memberInvoiceRequest, req.body ?? {});
    res.status(201).json(
      await run(req, invoiceMembershipPeriod, {
        membershipId: req.params.id,
        invoiceId: body.invoiceId ?? deps.newId(),
      }),
    );
  });

  return router;
}
