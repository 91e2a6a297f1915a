import { z } from 'zod';
import { PLANS, TENANT_STATUS_ACTIONS, type TenantStatusAction } from '../../contract/index.js';
import { conflict, notFound } from '../../core/errors.js';
import { command } from '../../core/pipeline.js';
import type { TenantsTable } from '../../db/schema.js';
import { findBusiness, updateBusiness } from '../tenancy/tenancy.queries.js';

type Status = TenantsTable['status'];

/** Which statuses each lifecycle action may leave, and where it goes. */
const TRANSITIONS: Record<TenantStatusAction, { from: readonly Status[]; to: Status }> = {
  activate: { from: ['trial', 'past_due'], to: 'active' },
  suspend: { from: ['trial', 'active', 'past_due'], to: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active' },
  cancel: { from: ['trial', 'active', 'past_due', 'suspended'], to: 'cancelled' },
};

const reason = z.string().trim().min(3).max(500);

/** Runs in the target tenant's context, so the change lands in that tenant's audit log for its owner to see. */
export const changeTenantStatus = command({
  name: 'platform.tenant.status.change',
  permission: 'platform.tenants.manage',
  input: z.object({ action: z.enum(TENANT_STATUS_ACTIONS), reason }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await findBusiness(tx, ctx.tenantId);
    if (!before) throw notFound('Business');
    const rule = TRANSITIONS[input.action];
    if (!rule.from.includes(before.status)) {
      throw conflict(
        'invalid-status-transition',
        `Cannot ${input.action} a business that is ${before.status}`,
        'action',
      );
    }
    await updateBusiness(tx, ctx.tenantId, {
      status: rule.to,
      status_reason: input.reason,
      updated_at: ctx.now,
    });
    return {
      result: { ...before, status: rule.to, statusReason: input.reason, updatedAt: ctx.now },
      entity: { type: 'tenant', id: ctx.tenantId },
      before: { status: before.status },
      after: { status: rule.to, reason: input.reason },
    };
  },
});

export const changeTenantPlan = command({
  name: 'platform.tenant.plan.change',
  permission: 'platform.tenants.manage',
  input: z.object({ plan: z.enum(PLANS), reason }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await findBusiness(tx, ctx.tenantId);
    if (!before) throw notFound('Business');
    await updateBusiness(tx, ctx.tenantId, { plan: input.plan, updated_at: ctx.now });
    return {
      result: { ...before, plan: input.plan, updatedAt: ctx.now },
      entity: { type: 'tenant', id: ctx.tenantId },
      before: { plan: before.plan },
      after: { plan: input.plan, reason: input.reason },
    };
  },
});

/** Every read-only support visit is recorded in the tenant's own audit log. */
export const openSupportAccess = command({
  name: 'platform.support.open',
  permission: 'platform.tenants.manage',
  input: z.object({}),
  sync: { arbitration: 'accept' },
  async handler(tx, _input, ctx) {
    if (!(await findBusiness(tx, ctx.tenantId))) throw notFound('Business');
    return { result: null, entity: { type: 'tenant', id: ctx.tenantId }, after: { supportMode: true } };
  },
});
