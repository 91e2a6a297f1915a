/**
 * A paid-out made at an offline register already left its drawer: the hub keeps it when it
 * arrives, even if meanwhile the owner recorded another paid-out of that shift on the hub and the
 * two together take out more than the drawer held.
 */
import { describe, expect, it } from 'vitest';
import type { ShiftReport, ShiftView } from '../../contract/index.js';
import { linkedConsole, startHub } from '../sync/client/sync-harness.js';

describe('a paid-out pushed by an offline register', () => {
  it('is kept by the hub when another paid-out of the shift left less in the drawer there', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const shift = (
      await a.agent
        .post('/api/shifts')
        .send({ denominations: [{ value: 2000, count: 3 }] })
        .expect(201)
    ).body as ShiftView;
    await a.sync();

    a.net.state.down = true;
    // The register paid the whole 60 € float to a supplier ...
    await a.agent
      .post(`/api/shifts/${shift.id}/paid-out`)
      .send({ amount: 6000, reason: 'Proveedor' })
      .expect(201);
    // ... while the owner, on the hub, recorded 50 € taken out of the same drawer.
    await hub.owner.agent
      .post(`/api/shifts/${shift.id}/paid-out`)
      .send({ amount: 5000, reason: 'Banco' })
      .expect(201);
    a.net.state.down = false;
    await a.sync();

    expect(await a.status()).toMatchObject({ pendingOps: 0, deadLetters: 0, conflicts: 0 });
    const onHub = (await hub.owner.agent.get(`/api/shifts/${shift.id}/report`).expect(200))
      .body as ShiftReport;
    expect(onHub).toMatchObject({ paidOut: 11_000, expectedCash: 6000 - 11_000 });
    // A new live paid-out on the hub is refused: the drawer holds nothing now.
    const more = await hub.owner.agent
      .post(`/api/shifts/${shift.id}/paid-out`)
      .send({ amount: 1, reason: 'x' });
    expect(more.body).toMatchObject({ code: 'paid-out-exceeds-drawer', field: 'amount' });
  });
});
