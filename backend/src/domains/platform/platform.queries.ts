import { type Kysely, sql } from 'kysely';
import type { PlatformTenantRow } from '../../contract/index.js';
import { containsFolded } from '../../db/folded-text.js';
import type { DB } from '../../db/schema.js';

export interface TenantFilter {
  q?: string;
  status?: PlatformTenantRow['status'];
  plan?: PlatformTenantRow['plan'];
}

/** Platform-wide by design (super-admin only): every tenant, with its active users and devices. */
export async function listTenants(db: Kysely<DB>, filter: TenantFilter): Promise<PlatformTenantRow[]> {
  let query = db
    .selectFrom('tenants as t')
    .select((eb) => [
      't.id',
      't.name',
      't.status',
      't.plan',
      't.created_at',
      eb
        .selectFrom('memberships as m')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('m.tenant_id', '=', 't.id')
        .where('m.status', '=', 'active')
        .as('users'),
      eb
        .selectFrom('ops as o')
        .select(sql<number>`count(distinct o.device_id)`.as('n'))
        .whereRef('o.tenant_id', '=', 't.id')
        .as('devices'),
    ])
    .where('t.deleted_at', 'is', null);
  if (filter.q) query = query.where(containsFolded(db, sql.ref('t.name'), filter.q));
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.plan) query = query.where('t.plan', '=', filter.plan);
  const rows = await query.orderBy('t.name').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    plan: r.plan,
    users: Number(r.users ?? 0),
    devices: Number(r.devices ?? 0),
    createdAt: r.created_at,
  }));
}
