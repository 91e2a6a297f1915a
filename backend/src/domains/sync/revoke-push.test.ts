import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import { hubWithOwner } from '../../../test/hub.js';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a push from a device revoked while the push waited its turn', () => {
  it('is refused device-revoked and its changes are not applied', async () => {
    const h = await hubWithOwner();
    const kept = await h.enroll('Caja 1');
    const stolen = await h.enroll('Caja robada');
    const categoryOp = (name: string) => ({
      opId: uuidv7(),
      deviceSeq: 1,
      command: 'catalog.category.create',
      input: { categoryId: uuidv7(), name, parentId: null },
      schemaVersion: SCHEMA_VERSION,
      actorId: h.ownerId,
      createdAt: '2026-11-25T10:00:00.000Z',
    });

    // Another hub process is applying a push of the business: it holds the business's change counter.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = h.deps.db.transaction().execute(async (tx) => {
      await sql`insert into sync_tenant_seq as s (tenant_id, last_seq) values (${h.tenantId}, 0)
        on conflict (tenant_id) do update set last_seq = s.last_seq`.execute(tx);
      locked();
      await held;
    });
    await isLocked;

    // Caja 1's push waits on that lock; the stolen console's push, authorized, waits behind it.
    const first = h.push(kept.token, [categoryOp('Bebidas')]).then((r) => r);
    await until(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(h.deps.db);
      return (rows[0]?.n ?? 0) > 0;
    });
    // A minute later (so its token check writes last_seen_at, which tells us it passed).
    (h.deps.clock as unknown as { advance(ms: number): void }).advance(2 * 60_000);
    const second = h.push(stolen.token, [categoryOp('Robada')]).then((r) => r);
    await until(async () => {
      const row = await h.deps.db
        .selectFrom('hub_devices')
        .select('last_seen_at')
        .where('id', '=', stolen.deviceId)
        .executeTakeFirstOrThrow();
      return row.last_seen_at === h.deps.clock.now().toISOString();
    });
    await new Promise((r) => setTimeout(r, 100));

    // The owner revokes the stolen console. (Through the API the revocation's own audit entry
    // would wait on the same counter and race the queued push; its effect is the row, set here.)
    await h.deps.db
      .updateTable('hub_devices')
      .set({ revoked_at: h.deps.clock.now().toISOString() })
      .where('id', '=', stolen.deviceId)
      .execute();
    release();
    await holder;
    const [firstRes, secondRes] = await Promise.all([first, second]);

    const names = (
      await h.deps.db.selectFrom('categories').select('name').where('tenant_id', '=', h.tenantId).execute()
    ).map((c) => c.name);
    expect({
      kept: firstRes.status,
      stolen: { status: secondRes.status, code: secondRes.body.code },
      categories: names.sort(),
    }).toEqual({ kept: 200, stolen: { status: 401, code: 'device-revoked' }, categories: ['Bebidas'] });
  });
});
