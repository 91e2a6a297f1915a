import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ctxFor, insertProduct } from '../../../test/builders.js';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  freshPostgresUrl,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { CashMovementView, ShiftReport, ShiftView } from '../../contract/index.js';
import { execute } from '../../core/pipeline.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import type { DB } from '../../db/schema.js';
import { saleContext } from '../pos/pos.queries.js';
import { openShift } from './shifts.commands.js';
import { openShiftFor } from './shifts.queries.js';

async function shop(db?: Kysely<DB>) {
  const deps = await testDeps(db, { clock: fixedClock() });
  const owner = await ownerAgent(deps);
  return { ...owner, tenantId: owner.session.tenant?.id as string, ownerId: owner.session.user.id };
}

type Shop = Awaited<ReturnType<typeof shop>>;

/** 2 × 20.00 + 3 × 5.00 + 10 × 0.50 = 60.00 */
const FLOAT = [
  { value: 2000, count: 2 },
  { value: 500, count: 3 },
  { value: 50, count: 10 },
];

async function open(s: Shop, body: Record<string, unknown> = { denominations: FLOAT }) {
  const res = await s.agent.post('/api/shifts').send(body).expect(201);
  return res.body as ShiftView;
}

/** A shift opened directly through the pipeline, on any register of any business. */
async function openElsewhere(s: Shop, tenantId: string, deviceId: string) {
  const actor = { userId: s.ownerId, role: 'OWNER' as const };
  return execute(s.deps, ctxFor(tenantId, { actor, deviceId }), openShift, {
    id: s.deps.newId(),
    denominations: [{ value: 1000, count: 1 }],
  });
}

async function flow(db?: Kysely<DB>) {
  const s = await shop(db);
  const shift = await open(s, { denominations: FLOAT, openingFloat: 6000 });
  expect(shift).toMatchObject({ status: 'open', openingFloat: 6000, currency: 'EUR', closedAt: null });
  expect(shift.openedBy).toEqual({ id: s.ownerId, name: 'Ana Pérez' });
  expect(shift.openingDenominations).toEqual(FLOAT);

  const current = await s.agent.get('/api/shifts/current').expect(200);
  expect(current.body.shift.id).toBe(shift.id);

  const pin = await s.agent
    .post(`/api/shifts/${shift.id}/paid-in`)
    .send({ amount: 1000, reason: 'Cambio del banco' })
    .expect(201);
  expect(pin.body as CashMovementView).toMatchObject({ kind: 'paid_in', amount: 1000, shiftId: shift.id });
  await s.agent
    .post(`/api/shifts/${shift.id}/paid-out`)
    .send({ amount: 2550, reason: '  Proveedor de hielo ' })
    .expect(201);

  const x = (await s.agent.get(`/api/shifts/${shift.id}/report`).expect(200)).body as ShiftReport;
  expect(x).toMatchObject({ kind: 'X', openingFloat: 6000, paidIn: 1000, paidOut: 2550, expectedCash: 4450 });
  expect(x.counts).toBeNull();
  expect(x.movements.map((m) => m.reason)).toEqual(['Cambio del banco', 'Proveedor de hielo']);
  expect(x.sales).toEqual({ count: 0, total: 0, byMethod: [] });

  const short = await s.agent
    .post(`/api/shifts/${shift.id}/close`)
    .send({ counts: [{ method: 'cash', counted: 4400 }] })
    .expect(400);
  expect(short.body).toMatchObject({ code: 'note-required', field: 'note' });

  const z = await s.agent
    .post(`/api/shifts/${shift.id}/close`)
    .send({ counts: [{ method: 'cash', counted: 4400 }], note: 'Faltan 50 céntimos' })
    .expect(200);
  const report = z.body as ShiftReport;
  expect(report).toMatchObject({ kind: 'Z', expectedCash: 4450, counted: 4400, difference: -50 });
  expect(report.counts).toEqual([{ method: 'cash', expected: 4450, counted: 4400, difference: -50 }]);
  expect(report.shift).toMatchObject({ status: 'closed', closeNote: 'Faltan 50 céntimos' });
  expect(report.shift.closedBy?.id).toBe(s.ownerId);

  const again = (await s.agent.get(`/api/shifts/${shift.id}/report`).expect(200)).body as ShiftReport;
  expect(again).toEqual(report);
  expect((await s.agent.get('/api/shifts/current').expect(200)).body.shift).toBeNull();
  return s;
}

describe('shifts', () => {
  it('opens with a counted float, takes paid-in and paid-out, and closes with a difference and a note', async () => {
    const s = await flow();
    const ops = await s.deps.db
      .selectFrom('ops')
      .select(['command', 'push_state'])
      .where('command', 'like', 'shifts.%')
      .orderBy('created_at')
      .execute();
    expect(ops.map((o) => o.command).sort()).toEqual([
      'shifts.cash.paid-in',
      'shifts.cash.paid-out',
      'shifts.shift.close',
      'shifts.shift.open',
    ]);
    expect(new Set(ops.map((o) => o.push_state))).toEqual(new Set(['pending']));
  });

  it('runs the same flow on Postgres', async () => {
    await flow(await freshPostgres());
  });

  it('refuses to close a shift twice', async () => {
    const s = await shop();
    const shift = await open(s);
    await s.agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 6000 }] })
      .expect(200);
    const res = await s.agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 6000 }] })
      .expect(409);
    expect(res.body.code).toBe('shift-not-open');
    const late = await s.agent
      .post(`/api/shifts/${shift.id}/paid-out`)
      .send({ amount: 100, reason: 'Tarde' })
      .expect(409);
    expect(late.body.code).toBe('shift-not-open');
  });

  it("closes with no difference when a card refund of an earlier shift's sale takes the card total below zero", async () => {
    const s = await shop();
    const coffee = await insertProduct(s.deps.db, s.tenantId, { name: 'Café', price: 150 });
    const first = await open(s);
    const sale = await s.agent
      .post('/api/pos/sales')
      .send({
        lines: [{ productId: coffee, qty: 1 }],
        payments: [{ method: 'card', amount: 150, reference: 'A1' }],
      })
      .expect(201);
    await s.agent
      .post(`/api/shifts/${first.id}/close`)
      .send({
        counts: [
          { method: 'cash', counted: 6000 },
          { method: 'card', counted: 150 },
        ],
      })
      .expect(200);

    const second = await open(s);
    await s.agent.post('/api/pos/refunds').send({ saleId: sale.body.id }).expect(201);
    const x = (await s.agent.get(`/api/shifts/${second.id}/report`).expect(200)).body as ShiftReport;
    expect(x.expected.find((e) => e.method === 'card')?.amount).toBe(-150);
    // The terminal's total for the day is −1,50 €: counted as it is, the shift balances.
    const z = (
      await s.agent
        .post(`/api/shifts/${second.id}/close`)
        .send({
          counts: [
            { method: 'cash', counted: 6000 },
            { method: 'card', counted: -150 },
          ],
        })
        .expect(200)
    ).body as ShiftReport;
    expect(z.difference).toBe(0);
  });

  it('refuses a second open shift on the same register, and opens a new one after the close', async () => {
    const s = await shop();
    const first = await open(s);
    const res = await s.agent.post('/api/shifts').send({ denominations: FLOAT }).expect(409);
    expect(res.body.code).toBe('shift-already-open');
    await s.agent
      .post(`/api/shifts/${first.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 6000 }] })
      .expect(200);
    const second = await open(s, { denominations: [] });
    expect(second.openingFloat).toBe(0);
    expect((await openShiftFor(s.deps.db, s.tenantId, s.deps.deviceId))?.id).toBe(second.id);
  });

  it('refuses a float whose stated total disagrees with its denominations', async () => {
    const s = await shop();
    const res = await s.agent
      .post('/api/shifts')
      .send({ denominations: FLOAT, openingFloat: 5000 })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'float-mismatch', field: 'openingFloat' });
    expect((await s.agent.get('/api/shifts/current').expect(200)).body.shift).toBeNull();
  });

  it('names the field of bad input and records nothing', async () => {
    const s = await shop();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['/api/shifts', { openingFloat: -100, denominations: [] }, 'openingFloat', 'amount-negative'],
      [
        '/api/shifts',
        { denominations: [{ value: -500, count: 1 }] },
        'denominations.0.value',
        'amount-negative',
      ],
      [
        '/api/shifts',
        { denominations: [{ value: 500, count: 1.5 }] },
        'denominations.0.count',
        'count-not-whole',
      ],
    ];
    for (const [path, body, field, code] of cases) {
      const res = await s.agent.post(path).send(body).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field, code });
      expect(res.body.field).toBe(field);
    }
    const shift = await open(s);
    const noReason = await s.agent.post(`/api/shifts/${shift.id}/paid-out`).send({ amount: 500 }).expect(400);
    expect(noReason.body).toMatchObject({ field: 'reason' });
    const blank = await s.agent
      .post(`/api/shifts/${shift.id}/paid-in`)
      .send({ amount: 500, reason: '   ' })
      .expect(400);
    expect(blank.body.errors[0]).toMatchObject({ field: 'reason', code: 'reason-required' });
    const zero = await s.agent
      .post(`/api/shifts/${shift.id}/paid-in`)
      .send({ amount: 0, reason: 'x' })
      .expect(400);
    expect(zero.body.errors[0]).toMatchObject({ field: 'amount', code: 'amount-not-positive' });
    const text = await s.agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 'mucho' }] })
      .expect(400);
    expect(text.body.errors[0]).toMatchObject({ field: 'counts.0.counted', code: 'amount-not-a-number' });
    const none = await s.agent.post(`/api/shifts/${shift.id}/close`).send({ counts: [] }).expect(400);
    expect(none.body.errors[0]).toMatchObject({ field: 'counts', code: 'counts-required' });
    const negativeCash = await s.agent
      .post(`/api/shifts/${shift.id}/close`)
      .send({ counts: [{ method: 'cash', counted: -100 }] })
      .expect(400);
    expect(negativeCash.body.errors[0]).toMatchObject({ field: 'counts.0.counted', code: 'amount-negative' });

    const x = (await s.agent.get(`/api/shifts/${shift.id}/report`).expect(200)).body as ShiftReport;
    expect(x).toMatchObject({ kind: 'X', paidIn: 0, paidOut: 0, movements: [] });
  });

  it("cannot read, move cash in or close another business's shift", async () => {
    const s = await shop();
    const other = await addBusiness(s.deps);
    const theirs = await openElsewhere(s, other, s.deps.deviceId);
    // Their open shift on this same register does not block ours.
    const mine = await open(s);

    await s.agent.get(`/api/shifts/${theirs.id}`).expect(404);
    await s.agent.get(`/api/shifts/${theirs.id}/report`).expect(404);
    await s.agent.post(`/api/shifts/${theirs.id}/paid-out`).send({ amount: 1, reason: 'x' }).expect(404);
    const close = await s.agent
      .post(`/api/shifts/${theirs.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 1000 }] })
      .expect(404);
    expect(close.body.code).toBe('not-found');
    const list = (await s.agent.get('/api/shifts').expect(200)).body.shifts as ShiftView[];
    expect(list.map((sh) => sh.id)).toEqual([mine.id]);
    const row = await s.deps.db
      .selectFrom('shifts')
      .select('status')
      .where('id', '=', theirs.id)
      .executeTakeFirst();
    expect(row?.status).toBe('open');
  });

  it('shows STAFF the shifts of their register only; OWNER sees every register', async () => {
    const s = await shop();
    await addMember(s.deps, s.tenantId, { email: 'luis@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'luis@example.com');
    const elsewhere = await openElsewhere(s, s.tenantId, 'register-2');
    const here = (await staff.post('/api/shifts').send({ denominations: FLOAT }).expect(201))
      .body as ShiftView;
    expect(here.openedBy?.name).toBe('luis');

    const staffList = (await staff.get('/api/shifts').expect(200)).body.shifts as ShiftView[];
    expect(staffList.map((sh) => sh.id)).toEqual([here.id]);
    const forced = (await staff.get('/api/shifts?deviceId=register-2').expect(200)).body
      .shifts as ShiftView[];
    expect(forced.map((sh) => sh.id)).toEqual([here.id]);
    const denied = await staff.get(`/api/shifts/${elsewhere.id}/report`).expect(403);
    expect(denied.body.code).toBe('shift-other-register');
    await staff
      .post(`/api/shifts/${elsewhere.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 1000 }] })
      .expect(403);

    const all = (await s.agent.get('/api/shifts?status=open').expect(200)).body.shifts as ShiftView[];
    expect(all.map((sh) => sh.id).sort()).toEqual([here.id, elsewhere.id].sort());
    const one = (await s.agent.get('/api/shifts?deviceId=register-2').expect(200)).body.shifts as ShiftView[];
    expect(one.map((sh) => sh.id)).toEqual([elsewhere.id]);
    // A manager closes a shift left open on another register.
    await s.agent
      .post(`/api/shifts/${elsewhere.id}/close`)
      .send({ counts: [{ method: 'cash', counted: 1000 }] })
      .expect(200);
    expect((await s.agent.get('/api/shifts?status=closed').expect(200)).body.shifts).toHaveLength(1);
  });

  it('replays a retried open with the same Idempotency-Key instead of refusing it', async () => {
    const s = await shop();
    const key = s.deps.newId();
    const a = await s.agent.post('/api/shifts').set('Idempotency-Key', key).send({ denominations: FLOAT });
    const b = await s.agent.post('/api/shifts').set('Idempotency-Key', key).send({ denominations: FLOAT });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
  });
});

describe("the register's open shift", () => {
  it('is found by one seek on the open-shift index in a plan the hub can keep, however many shifts the business has had', async () => {
    // The hub runs statements prepared once per connection, and Postgres soon keeps one generic
    // plan for them: the plan of each lookup, whatever its parameters, must use the index.
    const url = await freshPostgresUrl();
    const setup = openPostgres(url, 1);
    await migrateToLatest(setup);
    await setup.destroy();
    const ran: string[] = [];
    const logged = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
      log: (event) => {
        ran.push(event.query.sql);
      },
    });
    try {
      // Both lookups a sale and the shift screen make.
      await openShiftFor(logged, 'tenant-1', 'device-1');
      await saleContext(logged, 'tenant-1', 'device-1', null);
      const lookups = [...ran];
      expect(lookups).toHaveLength(2);
      for (const text of lookups) {
        const plan = await sql<{ 'QUERY PLAN': string }>`explain (generic_plan) ${sql.raw(text)}`.execute(
          logged,
        );
        const lines = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(lines).toMatch(/Index Scan using shifts_one_open_per_device on shifts/);
      }
    } finally {
      await logged.destroy();
    }
  });
});
