import { describe, expect, it } from 'vitest';
import { ctxFor } from '../../../test/builders.js';
import { addBusiness, ownerAgent } from '../../../test/helpers.js';
import type { AppDeps } from '../../core/deps.js';
import { execute } from '../../core/pipeline.js';
import { checkDivergence, repullTable } from '../sync/client/divergence.js';
import { findSyncLink } from '../sync/client/link.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';
import { defaultLocation, makeResource } from './bookings.fixtures.js';
import { autoReleaseNoShows, releaseDueNoShows } from './no-shows.js';

// The test clock starts on Wednesday 2026-11-25 at 10:00 UTC = 11:00 in Madrid.
const today = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00+01:00`).toISOString();
const MINUTE = 60_000;
const advance = (deps: AppDeps, ms: number) =>
  (deps.clock as unknown as { advance(ms: number): void }).advance(ms);

const AUTO = 'bookings.booking.release-no-shows.auto';

/** A hub and an enrolled reception console with a room (15-minute check-in window) booked 12:00–14:00 today. */
async function roomBookedOnHub() {
  const hub = await startHub();
  const a = await linkedConsole(hub, 'Recepción');
  const locationId = await defaultLocation(a.agent);
  const room = await makeResource(a.agent, locationId, { rules: { checkInAfterMin: 15 } });
  const booking = (
    await a.agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: today('12:00'), endsAt: today('14:00') })
      .expect(201)
  ).body as { id: string };
  return { hub, a, booking };
}

async function opsOf(deps: AppDeps, command: string) {
  return deps.db.selectFrom('ops').select(['op_id', 'actor_id']).where('command', '=', command).execute();
}

describe('no-shows released without anyone pressing a button', () => {
  it('frees a missed booking once its check-in window closes, as "Sistema", and records nothing before', async () => {
    const { agent, deps } = await ownerAgent();
    const locationId = await defaultLocation(agent);
    const releasing = await makeResource(agent, locationId, { rules: { checkInAfterMin: 15 } });
    const keeping = await makeResource(agent, locationId, {
      name: 'Sala Sur',
      rules: { checkInAfterMin: 15, releaseOnNoShow: false },
    });
    const missed = (
      await agent
        .post('/api/bookings')
        .send({ resourceId: releasing.id, startsAt: today('12:00'), endsAt: today('14:00') })
        .expect(201)
    ).body;
    const kept = (
      await agent
        .post('/api/bookings')
        .send({ resourceId: keeping.id, startsAt: today('12:00'), endsAt: today('14:00') })
        .expect(201)
    ).body;

    // 12:10: inside the check-in window, nothing to do and nothing recorded.
    advance(deps, 70 * MINUTE);
    expect(await releaseDueNoShows(deps)).toBe(0);
    expect(await opsOf(deps, AUTO)).toEqual([]);

    // 12:16: the window closed without a check-in.
    advance(deps, 6 * MINUTE);
    expect(await releaseDueNoShows(deps)).toBe(1);
    const status = async (id: string) =>
      (await agent.get(`/api/bookings/${id}`).expect(200)).body.status as string;
    expect(await status(missed.id)).toBe('no_show');
    expect(await status(kept.id)).toBe('confirmed');
    const [op] = await opsOf(deps, AUTO);
    expect(op?.actor_id).toBeNull();
    const audit = await deps.db
      .selectFrom('audit_entries')
      .select(['actor_id', 'summary'])
      .where('command', '=', AUTO)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBeNull();

    // The slot is free for someone else, and the next look finds nothing more.
    await agent
      .post('/api/bookings')
      .send({ resourceId: releasing.id, startsAt: today('13:00'), endsAt: today('14:00') })
      .expect(201);
    expect(await releaseDueNoShows(deps)).toBe(0);
    expect(await opsOf(deps, AUTO)).toHaveLength(1);
  });

  it("run for another business, it cannot touch this business's missed booking", async () => {
    const { agent, deps } = await ownerAgent();
    const other = await addBusiness(deps, 'Otro coworking');
    const locationId = await defaultLocation(agent);
    const room = await makeResource(agent, locationId, { rules: { checkInAfterMin: 15 } });
    const missed = (
      await agent
        .post('/api/bookings')
        .send({ resourceId: room.id, startsAt: today('12:00'), endsAt: today('14:00') })
        .expect(201)
    ).body;
    // 12:46: past this room's window and past the 30 minutes another business's rules default to.
    advance(deps, 106 * MINUTE);
    const asOther = ctxFor(other, { deviceId: deps.deviceId, now: deps.clock.now().toISOString() });
    expect((await execute(deps, asOther, autoReleaseNoShows, {})).released).toEqual([]);
    expect((await agent.get(`/api/bookings/${missed.id}`).expect(200)).body.status).toBe('confirmed');
    // Its own business's run releases it.
    expect(await releaseDueNoShows(deps)).toBe(1);
    expect((await agent.get(`/api/bookings/${missed.id}`).expect(200)).body.status).toBe('no_show');
  });

  it('is not a command a person can run', async () => {
    const { deps, session } = await ownerAgent();
    const tenantId = session.tenant?.id as string;
    const asOwner = ctxFor(tenantId, {
      actor: { userId: session.user.id, role: 'OWNER' },
      deviceId: deps.deviceId,
    });
    await expect(execute(deps, asOwner, autoReleaseNoShows, {})).rejects.toMatchObject({ code: 'forbidden' });
    expect(await opsOf(deps, AUTO)).toEqual([]);
  });

  it('reaches the hub from an enrolled console, applied with no author', async () => {
    const { hub, a, booking } = await roomBookedOnHub();
    await a.sync(); // the hub confirms it
    const onHub = async () =>
      (
        await hub.db
          .selectFrom('bookings')
          .select('status')
          .where('id', '=', booking.id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await onHub()).toBe('confirmed');

    advance(a.deps, 76 * MINUTE);
    advance(hub.deps, 76 * MINUTE);
    expect(await releaseDueNoShows(a.deps)).toBe(1);
    await a.sync();
    expect(await onHub()).toBe('no_show');
    const [op] = await hub.db
      .selectFrom('ops')
      .select(['actor_id', 'push_state'])
      .where('command', '=', AUTO)
      .execute();
    expect(op).toEqual({ actor_id: null, push_state: 'applied' });
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, deadLetters: 0 });
  });
});

describe('a console whose clock runs ahead', () => {
  it('cannot release on the hub a booking whose check-in window is still open there', async () => {
    const { hub, a, booking } = await roomBookedOnHub();
    await a.sync();

    // The hub says 12:05 in Madrid (the guest may still check in); the console's clock says 12:16.
    advance(hub.deps, 65 * MINUTE);
    advance(a.deps, 76 * MINUTE);
    expect(await releaseDueNoShows(a.deps)).toBe(1);
    await a.sync();
    const onHub = await hub.db
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(onHub.status).toBe('confirmed');
    // The op is applied (nothing to release at the hub's time), not refused: nothing to review.
    const [op] = await hub.db.selectFrom('ops').select('push_state').where('command', '=', AUTO).execute();
    expect(op).toEqual({ push_state: 'applied' });
    // The divergence check finds the console's copy differs and takes the hub's word.
    const link = await findSyncLink(a.deps.db, hub.tenantId);
    if (!link) throw new Error('not linked');
    const check = await checkDivergence(a.deps, link, a.token, a.net.fetch);
    expect(check).toEqual({ kind: 'checked', divergent: ['bookings'] });
    await repullTable(a.deps, link, a.token, a.net.fetch, 'bookings');
    expect((await a.agent.get(`/api/bookings/${booking.id}`).expect(200)).body.status).toBe('confirmed');
    // Once the window really closes on the hub too, the next release holds there.
    advance(hub.deps, 11 * MINUTE);
    advance(a.deps, MINUTE);
    expect(await releaseDueNoShows(a.deps)).toBe(1);
    await a.sync();
    const later = await hub.db
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(later.status).toBe('no_show');
  });
});

describe('a check-in at an offline register and a release at another', () => {
  it('the check-in made inside the window wins on the hub over the no-show release', async () => {
    const { hub, a, booking } = await roomBookedOnHub();
    const b = await linkedConsole(hub, 'Entrada');
    await a.sync();
    await b.sync();

    // 12:10 at the door (B, offline): the guest checks in.
    b.net.state.down = true;
    advance(b.deps, 70 * MINUTE);
    await b.agent.post(`/api/bookings/${booking.id}/check-in`).expect(200);
    // 12:16 at reception (A): no check-in heard of, so its timer releases the booking.
    advance(a.deps, 76 * MINUTE);
    expect(await releaseDueNoShows(a.deps)).toBe(1);
    await a.sync();

    b.net.state.down = false;
    await b.sync();
    const onHub = await hub.db
      .selectFrom('bookings')
      .select(['status', 'checked_in_at'])
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    expect(onHub.status).toBe('checked_in');
    expect(await b.status()).toMatchObject({ state: 'synced', conflicts: 0, deadLetters: 0 });
    await a.sync();
    expect((await a.agent.get(`/api/bookings/${booking.id}`).expect(200)).body.status).toBe('checked_in');
  });
});
