/**
 * A sale the hub refused still stands on the register that made it (the
 * customer paid, the drawer holds the cash) until a person reviews the refusal
 * in the conflicts inbox. The periodic divergence check must not pull the
 * sales table again meanwhile — that would delete the sale here without
 * anyone deciding it.
 */
import { describe, expect, it } from 'vitest';
import { defaultLocation, makeResource } from '../../bookings/bookings.fixtures.js';
import { checkDivergence } from './divergence.js';
import { findSyncLink } from './link.js';
import { type LinkedConsole, linkedConsole, refusedByHub, startHub } from './sync-harness.js';

async function check(c: LinkedConsole, tenantId: string) {
  const link = await findSyncLink(c.deps.db, tenantId);
  if (!link) throw new Error('not linked');
  return checkDivergence(c.deps, link, c.token, c.net.fetch);
}

describe('divergence check and a sale the hub refused', () => {
  it('waits for the refusal to be reviewed before comparing', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const water = (
      await a.agent
        .post('/api/catalog/products')
        .send({ sku: 'AGUA', name: 'Agua', price: 120, taxRateBp: 1000, tracked: false })
        .expect(201)
    ).body.id as string;
    await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
    await a.sync();

    a.net.state.down = true;
    const sale = (
      await a.agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: water, qty: 1 }], payments: [{ method: 'cash', amount: 120 }] })
        .expect(201)
    ).body as { id: string };
    // The hub will not take it: its op names a product the hub never had.
    const opId = await refusedByHub(a, sale.id);
    a.net.state.down = false;
    await a.sync();
    expect(await a.status()).toMatchObject({ pendingOps: 0, conflicts: 1 });

    expect(await check(a, hub.tenantId)).toMatchObject({ kind: 'skipped' });
    const here = () => a.deps.db.selectFrom('sales').select('id').where('id', '=', sale.id).execute();
    expect(await here()).toHaveLength(1);

    // Reviewed: the console may now be made equal to the hub.
    await a.agent.post(`/api/sync/conflicts/${opId}/review`).expect(200);
    const checked = await check(a, hub.tenantId);
    expect(checked).toMatchObject({ kind: 'checked' });
    expect((checked as { divergent: string[] }).divergent).toContain('sales');
  });

  it('does not wait on a refused booking series: the refusal settled it here (every occurrence rejected)', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Recepción');
    const b = await linkedConsole(hub, 'Caja B');
    const room = await makeResource(a.agent, await defaultLocation(a.agent));
    await a.sync();
    await b.sync();
    a.net.state.down = true;
    b.net.state.down = true;
    const series = await a.agent
      .post('/api/bookings/series')
      .send({
        resourceId: room.id,
        startsAt: '2026-11-26T10:00:00.000Z',
        endsAt: '2026-11-26T11:00:00.000Z',
        rrule: 'FREQ=WEEKLY;COUNT=3',
      })
      .expect(201);
    // B takes the second week's slot first: the hub refuses A's series.
    await b.agent
      .post('/api/bookings')
      .send({ resourceId: room.id, startsAt: '2026-12-03T10:00:00.000Z', endsAt: '2026-12-03T11:00:00.000Z' })
      .expect(201);
    a.net.state.down = false;
    b.net.state.down = false;
    await b.sync();
    await a.sync();
    const op = await a.deps.db
      .selectFrom('ops')
      .select(['push_state', 'reviewed_at'])
      .where('command', '=', 'bookings.series.create')
      .executeTakeFirstOrThrow();
    expect(op).toEqual({ push_state: 'rejected', reviewed_at: null });
    const occurrences = await a.deps.db
      .selectFrom('bookings')
      .select('status')
      .where('series_id', '=', series.body.id)
      .execute();
    expect(occurrences.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);

    expect(await check(a, hub.tenantId)).toMatchObject({ kind: 'checked' });
  });
});
