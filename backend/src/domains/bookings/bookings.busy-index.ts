/**
 * The console's busy index: what an availability search reads, kept in
 * memory between searches — each resource's holding bookings over a cover
 * window (sorted, with their merged busy ranges), and the bookable
 * resources with the business's settings and zone. SQLite only; the hub
 * (Postgres) queries every time.
 *
 * Exactness: migration 0014 keeps random version tokens per tenant in
 * `booking_cache_versions`, replaced by triggers on every write to bookings
 * (per resource, and one for the whole tenant), resources, booking settings
 * and the tenant's zone — commands, sync pull, other connections and raw SQL
 * alike. Each use reads the tenant's two summary tokens (one small query);
 * when one changed, it reads what the token covers again (the per-resource
 * tokens and the resources whose token moved, or the resources and
 * settings). A token is always read BEFORE the rows it vouches for, so a
 * write landing in between leaves a newer token and the next use reloads.
 * A random token restored by a rollback comes back with the rows it vouched
 * for. Reads inside a transaction (and on Postgres) query the database.
 * Uses of one tenant's index run one at a time (withBusyIndex).
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../../../migrations/dialect.js';
import type { BookingSettings } from '../../contract/bookings.js';
import type { DB } from '../../db/schema.js';
import { type BusyRanges, type Hold, mergedFullRanges } from './bookings.availability.js';
import {
  type BookableResource,
  bookableResources,
  getSettings,
  type TenantInfo,
  tenantInfo,
  windowHolds,
} from './bookings.queries.js';
import type { ResourcePolicy } from './bookings.rules.js';
import { DAY_MS } from './bookings.time.js';
import { policyOf } from './bookings.views.js';

/** A resource's holds meeting the cover window, sorted by start, with derived busy ranges memoized. */
export interface ResourceHolds extends BusyRanges {
  holds: readonly Hold[];
}

interface HoldsEntry extends ResourceHolds {
  version: string | null;
}

/** The bookable resources of a business (active, not removed, by name) and what their policies derive from. */
export interface BookingPolicies {
  resources: readonly BookableResource[];
  settings: BookingSettings;
  tenant: TenantInfo;
  /** The resource's effective policy; resources with the same rules, hours, closures and seats share one. */
  policy(resource: BookableResource): ResourcePolicy;
}

interface TenantState {
  /** Settles when the use holding the index is done: one use at a time per tenant (see withBusyIndex). */
  lock: Promise<void>;
  policyVersion: string | null;
  policies: BookingPolicies | null;
  holdsVersion: string | null;
  /** The per-resource tokens this use already read (before any holds it loads), if it did. */
  resourceVersions: Map<string, string> | null;
  coverFrom: number;
  coverTo: number;
  holds: Map<string, HoldsEntry>;
}

/** How far the cover reaches before and after the window that (re)built it. */
const COVER_BEFORE_MS = 2 * DAY_MS;
const COVER_AFTER_MS = 120 * DAY_MS;
/** Above this many stale resources, one range scan beats a scan per resource. */
const PER_RESOURCE_RELOADS = 8;
const HOLDS_SCOPE = '';
const POLICY_SCOPE = '#policy';

const states = new WeakMap<object, Map<string, TenantState>>();

/**
 * Whether this handle uses the in-memory index: SQLite outside a transaction.
 * The hub's Postgres is queried; so is a transaction (it may see its own
 * uncommitted rows, and waiting for the index while holding the only
 * connection could deadlock with a use waiting for that connection).
 */
export function busyIndexApplies(db: Kysely<DB>): boolean {
  return !db.isTransaction && !isPostgres(db as Kysely<unknown>);
}

export type BusyIndex = TenantState;

/**
 * Runs `use` with the tenant's index brought up to date (null where the index
 * does not apply: `use` then reads the database). Uses of one tenant's index
 * run one at a time, so a load that started before a write cannot store its
 * rows after a later use has already checked the tokens.
 */
export async function withBusyIndex<T>(
  db: Kysely<DB>,
  tenantId: string,
  use: (index: BusyIndex | null) => Promise<T>,
): Promise<T> {
  if (!busyIndexApplies(db)) return use(null);
  const state = stateOf(db, tenantId);
  const previous = state.lock;
  let release = () => {};
  state.lock = new Promise<void>((resolve) => {
    release = resolve;
  });
  await previous;
  try {
    await refresh(db, tenantId, state);
    return await use(state);
  } finally {
    release();
  }
}

function stateOf(db: Kysely<DB>, tenantId: string): TenantState {
  // Keyed by the adapter: one per database handle (a transaction would share it, but never gets here).
  const key = db.getExecutor().adapter;
  let byTenant = states.get(key);
  if (!byTenant) {
    byTenant = new Map();
    states.set(key, byTenant);
  }
  let state = byTenant.get(tenantId);
  if (!state) {
    state = {
      lock: Promise.resolve(),
      policyVersion: null,
      policies: null,
      holdsVersion: null,
      resourceVersions: null,
      coverFrom: 0,
      coverTo: 0,
      holds: new Map(),
    };
    byTenant.set(tenantId, state);
  }
  return state;
}

/** Forgets everything cached for `db` (tests compare the index with a cold read this way). */
export function dropBusyIndex(db: Kysely<DB>): void {
  states.delete(db.getExecutor().adapter);
}

/** Tokens are read as text: SQLite integers reach 2^63, beyond a JS number. */
async function versions(db: Kysely<DB>, tenantId: string, scopes?: readonly string[]) {
  const filter = scopes ? sql`and scope in (${sql.join(scopes)})` : sql``;
  const r = await sql<{ scope: string; version: string }>`
    select scope, cast(version as text) as version from booking_cache_versions
    where tenant = ${tenantId} ${filter}`.execute(db);
  return new Map(r.rows.map((row) => [row.scope, row.version]));
}

/** Reads the tenant's summary tokens and drops whatever a changed token covers. */
async function refresh(db: Kysely<DB>, tenantId: string, state: TenantState): Promise<void> {
  state.resourceVersions = null;
  const now = await versions(db, tenantId, [HOLDS_SCOPE, POLICY_SCOPE]);
  const policyVersion = now.get(POLICY_SCOPE) ?? null;
  if (state.policies === null || state.policyVersion !== policyVersion) {
    state.policies = await loadPolicies(db, tenantId);
    state.policyVersion = policyVersion;
  }
  const holdsVersion = now.get(HOLDS_SCOPE) ?? null;
  if (state.holdsVersion !== holdsVersion) {
    // Some booking changed: keep the resources whose own token did not move.
    const perResource = await versions(db, tenantId);
    state.resourceVersions = perResource;
    for (const [id, entry] of state.holds) {
      if (entry.version !== (perResource.get(id) ?? null)) state.holds.delete(id);
    }
    state.holdsVersion = holdsVersion;
  }
}

async function loadPolicies(db: Kysely<DB>, tenantId: string): Promise<BookingPolicies> {
  const [resources, settings, tenant] = await Promise.all([
    bookableResources(db, tenantId, {}),
    getSettings(db, tenantId),
    tenantInfo(db, tenantId),
  ]);
  return policiesOf(resources, settings, tenant);
}

export function policiesOf(
  resources: readonly BookableResource[],
  settings: BookingSettings,
  tenant: TenantInfo,
): BookingPolicies {
  const byText = new Map<string, ResourcePolicy>();
  const byRow = new WeakMap<BookableResource, ResourcePolicy>();
  return {
    resources,
    settings,
    tenant,
    policy(r) {
      let policy = byRow.get(r);
      if (!policy) {
        const key = `${r.opening_hours ?? ''}|${r.closed_dates}|${r.rules}|${r.capacity}|${r.active}`;
        policy = byText.get(key);
        if (!policy) {
          policy = policyOf(r, settings, tenant);
          byText.set(key, policy);
        }
        byRow.set(r, policy);
      }
      return policy;
    },
  };
}

/** The bookable resources with settings and zone: from the index where it applies. */
export async function bookingPolicies(
  db: Kysely<DB>,
  tenantId: string,
  state: TenantState | null,
  filter: { locationId?: string; type?: string; ids?: string[] },
): Promise<BookingPolicies> {
  if (!state?.policies) {
    const [resources, settings, tenant] = await Promise.all([
      bookableResources(db, tenantId, filter),
      getSettings(db, tenantId),
      tenantInfo(db, tenantId),
    ]);
    return policiesOf(resources, settings, tenant);
  }
  const all = state.policies;
  if (!filter.locationId && !filter.type && !filter.ids) return all;
  const ids = filter.ids ? new Set(filter.ids) : null;
  return {
    ...all,
    resources: all.resources.filter(
      (r) =>
        (!filter.locationId || r.location_id === filter.locationId) &&
        (!filter.type || r.type === filter.type) &&
        (!ids || ids.has(r.id)),
    ),
  };
}

function holdsEntry(holds: Hold[], version: string | null): HoldsEntry {
  holds.sort((a, b) => a.from - b.from);
  const memo = new Map<number, [number, number][]>();
  return {
    holds,
    version,
    full(capacity, seats) {
      // Seats of a booking are at most 1000 (contract).
      const key = capacity * 1024 + seats;
      let ranges = memo.get(key);
      if (!ranges) {
        ranges = mergedFullRanges(capacity, holds, seats);
        memo.set(key, ranges);
      }
      return ranges;
    },
  };
}

async function loadHolds(
  db: Kysely<DB>,
  tenantId: string,
  fromMs: number,
  toMs: number,
  resourceIds: readonly string[] | undefined,
): Promise<Map<string, Hold[]>> {
  const rows = await windowHolds(
    db,
    tenantId,
    new Date(fromMs).toISOString(),
    new Date(toMs).toISOString(),
    resourceIds,
  );
  const byResource = new Map<string, Hold[]>();
  for (const row of rows) {
    const hold = {
      id: '',
      from: Date.parse(row.blocked_from),
      to: Date.parse(row.blocked_to),
      seats: Number(row.seats),
    };
    const list = byResource.get(row.resource_id);
    if (list) list.push(hold);
    else byResource.set(row.resource_id, [hold]);
  }
  return byResource;
}

/**
 * The holds of each of `resourceIds` meeting [fromMs, toMs): from the index
 * where it applies (a list may reach beyond the window: the index keeps a
 * wider cover), else straight from the database. `all` says the ids are
 * every bookable resource of the tenant, so one tenant-wide scan loads them.
 */
export async function resourceHolds(
  db: Kysely<DB>,
  tenantId: string,
  state: TenantState | null,
  resourceIds: readonly string[],
  fromMs: number,
  toMs: number,
  all: boolean,
): Promise<Map<string, ResourceHolds>> {
  const out = new Map<string, ResourceHolds>();
  if (!state) {
    const loaded = await loadHolds(db, tenantId, fromMs, toMs, all ? undefined : resourceIds);
    for (const id of resourceIds) out.set(id, holdsEntry(loaded.get(id) ?? [], null));
    return out;
  }
  if (fromMs < state.coverFrom || toMs > state.coverTo) {
    state.coverFrom = fromMs - COVER_BEFORE_MS;
    state.coverTo = toMs + COVER_AFTER_MS;
    state.holds.clear();
  }
  const stale: string[] = [];
  for (const id of resourceIds) {
    const entry = state.holds.get(id);
    if (entry) out.set(id, entry);
    else stale.push(id);
  }
  if (stale.length === 0) return out;
  // Read before the holds below (by this use's refresh, or now).
  const perResource = state.resourceVersions ?? (await versions(db, tenantId));
  const loaded = new Map<string, Hold[]>();
  if (stale.length <= PER_RESOURCE_RELOADS) {
    for (const id of stale) {
      const one = await loadHolds(db, tenantId, state.coverFrom, state.coverTo, [id]);
      loaded.set(id, one.get(id) ?? []);
    }
  } else {
    const many = await loadHolds(db, tenantId, state.coverFrom, state.coverTo, all ? undefined : stale);
    for (const [id, holds] of many) loaded.set(id, holds);
  }
  for (const id of stale) {
    const entry = holdsEntry(loaded.get(id) ?? [], perResource.get(id) ?? null);
    state.holds.set(id, entry);
    out.set(id, entry);
  }
  return out;
}
