/**
 * Credit ledger property test: random sequences of grants (start, period
 * rolls, resume), consumptions and returns by bookings, manual adjustments,
 * pauses and period rolls. After every step the API's balance equals the sum
 * of the ledger, never goes negative, changes only together with new ledger
 * entries, and equals an independent model of the rules (expiry or capped
 * rollover at each roll, grants for active periods only, bookings covered up
 * to the balance, credits returned after their period ended only as far as
 * that period's rule lets them).
 */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { fixedClock, freshPostgres, ownerAgent, testDeps } from '../../../test/helpers.js';
import { seeded } from '../../../test/seeded.js';
import type { MemberDetail } from '../../contract/index.js';
import { type Command, type CommandContext, execute } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { consumeBookingCredits, releaseBookingCredits } from './booking-credits.js';
import {
  adjustCredits,
  createMember,
  createPlan,
  pauseMembership,
  renewMembership,
  resumeMembership,
  startMembership,
} from './members.commands.js';
import { localDay, period, periodNumberOn, prorate, remainingDays } from './members.periods.js';
import { findMember } from './members.queries.js';
import { memberDetail } from './members.views.js';

const DAY = 86_400_000;
const GRANT = 600;
const TYPE = 'meeting_room';

function prng(seed: number) {
  const next = seeded(seed);
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** The rules, written again without the database. */
class Model {
  balance = 0;
  periodNo = 0;
  paused = false;
  granted = new Set<number>();
  /** Per booking, what it consumed and in which period (until released). */
  consumed = new Map<string, { period: number; minutes: number }[]>();
  /** The balance just before the roll into period n (what that roll expired or capped). */
  leftovers = new Map<number, number>();
  constructor(
    readonly policy: { kind: 'expire' } | { kind: 'rollover'; cap: number | null },
    readonly startsOn: string,
  ) {
    this.grant();
  }
  /** A period's minutes, once; `from` (a resume) grants only the days left from that day. */
  grant(from?: string) {
    if (this.granted.has(this.periodNo)) return;
    this.granted.add(this.periodNo);
    const p = period(this.startsOn, 'month', this.periodNo);
    this.balance += from ? prorate(GRANT, remainingDays(p, from), p.days) : GRANT;
  }
  roll(today: string) {
    const target = periodNumberOn(this.startsOn, 'month', today);
    while (this.periodNo < target) {
      this.leftovers.set(this.periodNo + 1, this.balance);
      if (this.policy.kind === 'expire') this.balance = Math.min(this.balance, 0);
      else if (this.policy.cap !== null) this.balance = Math.min(this.balance, this.policy.cap);
      this.periodNo++;
      if (!this.paused) this.grant();
    }
  }
  /** What of minutes consumed in `period` comes back now: that period's rule at each roll since. */
  returnable(c: { period: number; minutes: number }): number {
    if (c.period >= this.periodNo) return c.minutes;
    if (this.policy.kind === 'expire') return 0;
    const cap = this.policy.cap;
    if (cap === null) return c.minutes;
    let kept = c.minutes;
    for (let n = c.period + 1; n <= this.periodNo; n++) {
      const left = this.leftovers.get(n) ?? 0;
      kept = Math.max(0, Math.min(left + kept, cap) - Math.min(left, cap));
    }
    return kept;
  }
}

async function runSequence(db: Kysely<DB> | undefined, seed: number, steps: number) {
  const rnd = prng(seed);
  const clock = fixedClock('2026-11-25T10:00:00.000Z');
  const deps = await testDeps(db, { clock });
  const owner = await ownerAgent(deps);
  const tenantId = owner.session.tenant?.id as string;
  const ctx = (): CommandContext => ({
    tenantId,
    actor: { userId: owner.session.user.id, role: 'OWNER' },
    deviceId: deps.deviceId,
    now: clock.now().toISOString(),
    opId: uuidv7(),
  });
  const run = <R>(cmd: Command<never, R>, input: object) => execute(deps, ctx(), cmd, input);
  const today = () => localDay(clock.now().toISOString(), 'Europe/Madrid');

  const policy = rnd.pick([
    { kind: 'expire' as const },
    { kind: 'rollover' as const, cap: null },
    { kind: 'rollover' as const, cap: rnd.pick([0, 60, 300, 900]) },
  ]);
  const planId = uuidv7();
  await run(createPlan as Command<never, unknown>, {
    id: planId,
    name: 'Plan',
    period: 'month',
    price: 5000,
    taxRateBp: 2100,
    includedHours: [{ resourceType: TYPE, hours: GRANT / 60 }],
    creditPolicy: policy.kind,
    rolloverCapHours: policy.kind === 'rollover' && policy.cap !== null ? policy.cap / 60 : null,
  });
  const memberId = uuidv7();
  await run(createMember as Command<never, unknown>, { id: memberId, name: 'Miembro' });
  const membershipId = uuidv7();
  await run(startMembership as Command<never, unknown>, {
    id: membershipId,
    memberId,
    planId,
    startsOn: today(),
  });
  const model = new Model(policy, today());
  const bookings: string[] = [];

  const read = async (): Promise<MemberDetail> =>
    memberDetail(
      deps.db,
      tenantId,
      (await findMember(deps.db, tenantId, memberId)) as never,
      clock.now().toISOString(),
    );
  const ledgerSum = async () =>
    Number(
      (
        await deps.db
          .selectFrom('member_credit_entries')
          .select((eb) => eb.fn.sum<number>('minutes').as('sum'))
          .where('tenant_id', '=', tenantId)
          .where('member_id', '=', memberId)
          .where('resource_type', '=', TYPE)
          .executeTakeFirstOrThrow()
      ).sum ?? 0,
    );
  const entryCount = async () =>
    (
      await deps.db
        .selectFrom('member_credit_entries')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .execute()
    ).length;

  for (let step = 0; step < steps; step++) {
    const before = await read();
    const entriesBefore = await entryCount();
    const op = rnd.pick(['consume', 'consume', 'release', 'adjust', 'roll', 'pause', 'resume'] as const);
    const label = `seed ${seed} step ${step} ${op}`;
    if (op === 'consume') {
      const bookingId = rnd.int(0, 3) === 0 && bookings.length > 0 ? rnd.pick(bookings) : `b-${step}`;
      if (!bookings.includes(bookingId)) bookings.push(bookingId);
      const minutes = rnd.pick([15, 30, 60, 90, 240, 700]);
      const at = clock.now().toISOString();
      const { minutesCovered } = await deps.db.transaction().execute((tx) =>
        consumeBookingCredits(tx, tenantId, {
          bookingId,
          memberId,
          resourceType: TYPE,
          minutes,
          startsAt: at,
          at,
        }),
      );
      model.roll(today());
      const expected = model.paused ? 0 : Math.min(model.balance, minutes);
      expect(minutesCovered, label).toBe(expected);
      model.balance -= expected;
      model.consumed.set(bookingId, [
        ...(model.consumed.get(bookingId) ?? []),
        { period: model.periodNo, minutes: expected },
      ]);
    } else if (op === 'release' && bookings.length > 0) {
      const bookingId = rnd.pick(bookings);
      await deps.db
        .transaction()
        .execute((tx) => releaseBookingCredits(tx, tenantId, bookingId, clock.now().toISOString()));
      // The release brings the membership to today first; credits of an ended period follow its rule.
      model.roll(today());
      for (const c of model.consumed.get(bookingId) ?? []) model.balance += model.returnable(c);
      model.consumed.set(bookingId, []);
    } else if (op === 'adjust') {
      const minutes = rnd.pick([-500, -120, -30, 15, 45, 300]);
      try {
        await run(adjustCredits as Command<never, unknown>, {
          id: uuidv7(),
          memberId,
          resourceType: TYPE,
          minutes,
          note: 'Ajuste aleatorio',
        });
        expect(model.balance + minutes, label).toBeGreaterThanOrEqual(0);
        model.balance += minutes;
      } catch (err) {
        expect((err as { code?: string }).code, label).toBe('credits-insufficient');
        expect(model.balance + minutes, label).toBeLessThan(0);
      }
    } else if (op === 'roll') {
      clock.advance(rnd.int(1, 45) * DAY);
      await run(renewMembership as Command<never, unknown>, { membershipId });
      model.roll(today());
      if (!model.paused) model.grant();
    } else if (op === 'pause' || op === 'resume') {
      const cmd = op === 'pause' ? pauseMembership : resumeMembership;
      try {
        await run(cmd as Command<never, unknown>, { membershipId });
        model.roll(today());
        model.paused = op === 'pause';
        if (!model.paused) model.grant(today());
      } catch (err) {
        expect((err as { code?: string }).code, label).toBe(
          op === 'pause' ? 'membership-paused' : 'membership-not-paused',
        );
        model.roll(today());
      }
    }

    const after = await read();
    const balance = after.balances.find((b) => b.resourceType === TYPE)?.minutes ?? 0;
    expect(balance, label).toBe(await ledgerSum());
    expect(balance, label).toBe(model.balance);
    expect(balance, label).toBeGreaterThanOrEqual(0);
    const previous = before.balances.find((b) => b.resourceType === TYPE)?.minutes ?? 0;
    if ((await entryCount()) === entriesBefore)
      expect(balance, `${label}: changed without an entry`).toBe(previous);
  }
}

describe('the credit ledger', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'keeps the balance equal to the ledger and the rules (seed %i, SQLite)',
    async (seed) => {
      await runSequence(undefined, seed, 60);
    },
    60_000,
  );

  it('keeps the balance equal to the ledger and the rules on a real Postgres', async () => {
    await runSequence(await freshPostgres(), 9, 40);
  }, 120_000);
});
