/**
 * No-show release without anyone pressing a button. A resource whose rules
 * say a missed check-in releases the booking (`releaseOnNoShow`) frees its
 * slot once the check-in window closes: the console looks every minute and,
 * when a booking that still holds its slot is past its window, runs
 * `bookings.booking.release-no-shows.auto` — the staff command's own handler,
 * with no author (its audit entry reads "Sistema"). It syncs like the staff
 * command: two consoles of one business releasing the same booking meet on
 * the hub, where the second finds nothing left to release.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../core/deps.js';
import { type CommandContext, command, execute } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { dueNoShows, releaseNoShows } from './bookings.commands.js';

export const NO_SHOW_INTERVAL_MS = 60_000;

export const autoReleaseNoShows = command({
  name: 'bookings.booking.release-no-shows.auto',
  permission: 'system',
  input: z.object({}),
  sync: { arbitration: 'accept' },
  handler: releaseNoShows.handler,
});

/**
 * Whether a confirmed booking that still holds its slot (started, not ended)
 * is past its check-in window on a resource that releases no-shows: the
 * cheap read the timer does before recording anything.
 */
export async function hasNoShowToRelease(db: Kysely<DB>, tenantId: string, now: string): Promise<boolean> {
  const holding = await db
    .selectFrom('bookings')
    .select(['resource_id', 'starts_at'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'confirmed')
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .execute();
  return (await dueNoShows(db, tenantId, holding, now)).length > 0;
}

/** One look at every business on this install; returns how many bookings were released. */
export async function releaseDueNoShows(deps: AppDeps): Promise<number> {
  const now = deps.clock.now().toISOString();
  const tenants = await deps.db
    .selectFrom('tenants')
    .select('id')
    .where('status', 'in', ['trial', 'active', 'past_due'])
    .execute();
  let released = 0;
  for (const { id } of tenants) {
    if (!(await hasNoShowToRelease(deps.db, id, now))) continue;
    const ctx: CommandContext = {
      tenantId: id,
      actor: null,
      deviceId: deps.deviceId,
      now,
      opId: deps.newId(),
      runsOn: deps.mode === 'local' ? 'console' : 'hub',
    };
    try {
      released += (await execute(deps, ctx, autoReleaseNoShows, {})).released.length;
    } catch (err) {
      // A business that cannot write now (read-only entitlement, suspended) is tried again next minute.
      deps.logger.warn({ err, tenantId: id }, 'No-show release did not run');
    }
  }
  return released;
}

/** Runs `releaseDueNoShows` every `intervalMs` until stopped; one run at a time. */
export function startNoShowRelease(
  deps: AppDeps,
  intervalMs = NO_SHOW_INTERVAL_MS,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = releaseDueNoShows(deps)
      .catch((err) => deps.logger.warn({ err }, 'No-show release failed'))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
