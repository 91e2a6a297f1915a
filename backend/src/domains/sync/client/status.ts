/**
 * The honest sync status of a local tenant (ARCHITECTURE §5 "Honest
 * status"): never 'synced' while an op waits, a push or pull is in flight,
 * an op is a dead letter, or the last attempt failed.
 */
import type { Kysely } from 'kysely';
import type { SyncErrorCode, SyncStatus } from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import type { DB } from '../../../db/schema.js';
import { invoicesOwingBackNow } from '../../invoicing/invoicing.queries.js';
import { outboxSummary } from '../sync.queries.js';
import { SyncClient } from './client.js';
import { findSyncLink, type SyncLink } from './link.js';

export async function syncStatus(
  deps: Pick<AppDeps, 'db' | 'syncClient'>,
  tenantId: string,
): Promise<SyncStatus> {
  const [outbox, link, counts] = await Promise.all([
    outboxSummary(deps.db, tenantId),
    findSyncLink(deps.db, tenantId),
    problemCounts(deps.db, tenantId),
  ]);
  if (!link) {
    return {
      state: 'local-only',
      ...outbox,
      hubUrl: null,
      deviceName: null,
      lastPushAt: null,
      lastPullAt: null,
      lastError: null,
      ...counts,
    };
  }
  const client = deps.syncClient instanceof SyncClient ? deps.syncClient : null;
  const inFlight = client?.inFlight(tenantId) ?? false;
  // How the last round ended: the running client knows; after a restart, the link's times tell
  // (an unreachable hub leaves last_contact_at behind the error).
  const outcome = client?.lastOutcome(tenantId) ?? null;
  const failedLast =
    link.last_error !== null &&
    link.last_error_at !== null &&
    (link.last_contact_at === null || link.last_error_at >= link.last_contact_at);
  const unreachable =
    outcome !== null
      ? outcome === 'offline'
      : link.last_error_at !== null &&
        (link.last_contact_at === null || link.last_error_at > link.last_contact_at);
  let state: SyncStatus['state'];
  if (link.revoked_at) state = 'revoked';
  else if (link.too_old) state = 'too-old';
  else if (inFlight) state = 'syncing';
  else if (unreachable) state = 'offline';
  // 'error' with no lastError is stuck changes only (dead or set aside by the hub): no round
  // retries them, they wait for someone's Retry, and Settings → Sync says so (syncExplanation).
  else if (failedLast || counts.deadLetters > 0) state = 'error';
  else if (outbox.pendingOps > 0) state = 'pending';
  else if (link.last_contact_at === null) state = 'pending';
  else state = 'synced';
  return {
    state,
    ...outbox,
    hubUrl: link.hub_url,
    deviceName: link.device_name,
    lastPushAt: link.last_push_at,
    lastPullAt: link.last_pull_at,
    lastError: link.last_error
      ? {
          code: syncErrorCode(link, link.last_error),
          message: link.last_error,
          at: link.last_error_at ?? link.enrolled_at,
        }
      : null,
    ...counts,
  };
}

async function problemCounts(db: Kysely<DB>, tenantId: string) {
  const ops = await db
    .selectFrom('ops')
    .select(['push_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      // Every op the hub refused is a conflict to review (bookings and any other change) until
      // someone marks it reviewed.
      eb.or([
        eb('push_state', 'in', ['dead', 'quarantined']),
        eb.and([eb('push_state', '=', 'rejected'), eb('reviewed_at', 'is', null)]),
      ]),
    )
    .groupBy('push_state')
    .execute();
  const of = (s: string) => Number(ops.find((r) => r.push_state === s)?.n ?? 0);
  const oversells = await db
    .selectFrom('oversell_exceptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  // Invoices owing money back or given too much back (sync.queries.ts `invoiceMoneyConflicts`,
  // one conflict per row): one grouped query, few rows.
  const overpaid = await invoicesOwingBackNow(db, tenantId);
  return {
    deadLetters: of('dead') + of('quarantined'),
    conflicts: of('rejected') + Number(oversells?.n ?? 0) + overpaid.length,
  };
}

/**
 * The stable code of the last failure, for the console to say it in its own
 * language. The link's facts decide first (revoked, too old); otherwise the
 * message's origin: the sync loops (push-loop.ts, pull-apply.ts, client.ts)
 * and hub-http.ts word each kind of failure in one fixed way, and the tests in
 * status.test.ts produce each of them for real, so a reworded message fails
 * there rather than falling silently into 'hub-refused'.
 */
export function syncErrorCode(
  link: Pick<SyncLink, 'revoked_at' | 'too_old'>,
  message: string,
): SyncErrorCode {
  if (link.revoked_at) return 'device-revoked';
  if (link.too_old) return 'console-too-old';
  if (message.startsWith('Cannot reach the hub'))
    return message.includes('(no answer in time)') ? 'hub-timeout' : 'hub-unreachable';
  if (message.startsWith('The hub failed to answer')) return 'server-error';
  if (message.startsWith('The hub expects change #')) return 'seq-gap';
  if (message.includes('later changes wait behind it')) return 'op-blocked';
  if (message.startsWith('This console has no device token')) return 'no-device-token';
  if (
    message.startsWith("The hub's snapshot") ||
    message.startsWith('another pull moved the cursor') ||
    message.startsWith('a change made here meanwhile')
  )
    return 'snapshot-interrupted';
  if (message.startsWith("Could not apply the hub's") || message.startsWith("The hub's pull did not move"))
    return 'pull-failed';
  if (message.startsWith('The hub sent an empty snapshot')) return 'server-error';
  if (message.startsWith('Sync failed on this console')) return 'console-failure';
  return 'hub-refused';
}
