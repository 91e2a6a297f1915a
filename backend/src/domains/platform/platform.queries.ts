import { type Kysely, sql } from 'kysely';
import type { PlatformTenantPage, PlatformTenantRow } from '../../contract/index.js';
import { containsFolded } from '../../db/folded-text.js';
import type { DB } from '../../db/schema.js';

export interface TenantFilter {
  q?: string;
  status?: PlatformTenantRow['status'];
  plan?: PlatformTenantRow['plan'];
  limit: number;
  offset: number;
}

/**
 * Platform-wide by design (super-admin only): a page of the businesses, in
 * name order, with their active users and devices, and how many match in
 * all. On the hub a business's devices are its enrolled consoles that are
 * not revoked; a console counts the devices whose changes it holds.
 */
export async function listTenants(
  db: Kysely<DB>,
  filter: TenantFilter,
  mode: 'local' | 'hub',
): Promise<PlatformTenantPage> {
  let matching = db.selectFrom('tenants as t').where('t.deleted_at', 'is', null);
  if (filter.q) matching = matching.where(containsFolded(db, sql.ref('t.name'), filter.q));
  if (filter.status) matching = matching.where('t.status', '=', filter.status);
  if (filter.plan) matching = matching.where('t.plan', '=', filter.plan);
  const rows = await matching
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
      mode === 'hub'
        ? eb
            .selectFrom('hub_devices as d')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('d.tenant_id', '=', 't.id')
            .where('d.revoked_at', 'is', null)
            .as('devices')
        : eb
            .selectFrom('ops as o')
            .select(sql<number>`count(distinct o.device_id)`.as('n'))
            .whereRef('o.tenant_id', '=', 't.id')
            .as('devices'),
    ])
    .orderBy('t.name')
    .orderBy('t.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const { n } = await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    tenants: rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      plan: r.plan,
      users: Number(r.users ?? 0),
      devices: Number(r.devices ?? 0),
      createdAt: r.created_at,
    })),
    total: Number(n),
  };
}
