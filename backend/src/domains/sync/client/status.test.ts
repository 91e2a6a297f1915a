/**
 * Honest status (issue #7): every change the hub refused or quarantined is
 * listed with what it was, who made it, the hub's reason as a code, and
 * whether this console still holds it; the last error carries a stable code.
 * Real SQLite consoles against a real hub on embedded Postgres.
 */
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../../migrations/index.js';
import { addBusiness, addMember, signedInAgent } from '../../../../test/helpers.js';
import type { DeadLetterView, SyncConflictView, SyncStatus } from '../../../contract/index.js';
import { MAX_ATTEMPTS } from './push-loop.js';
import { type LinkedConsole, linkedConsole, startHub, writtenByNewerSchema } from './sync-harness.js';

async function product(c: LinkedConsole, sku: string, barcodes: string[] = []) {
  const res = await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000, barcodes })
    .expect(201);
  return res.body.id as string;
}

const conflictsOf = async (c: LinkedConsole) =>
  (await c.agent.get('/api/sync/conflicts').expect(200)).body as SyncConflictView[];

/** A refused product creation of business `tenantId` in console `c`'s outbox, as the hub's answer leaves it. */
async function refusedOp(c: LinkedConsole, tenantId: string, opId: string, message: string) {
  await c.deps.db
    .insertInto('ops')
    .values({
      op_id: opId,
      tenant_id: tenantId,
      device_id: c.deps.deviceId,
      device_seq: null,
      command: 'catalog.product.create',
      input: '{}',
      schema_version: SCHEMA_VERSION,
      actor_id: null,
      created_at: '2026-11-25T12:00:00.000Z',
      result: '{}',
      push_state: 'rejected',
      push_error: JSON.stringify({ code: 'sku-taken', message }),
    })
    .execute();
}

const problem = (status: number, code: string, detail: string) => () =>
  new Response(JSON.stringify({ code, status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

describe('refused changes in the status and the conflicts inbox', () => {
  it('two consoles create one SKU: the loser lists the refused product with its code, who and that it is gone here', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    await product(a, 'DUP-1');
    await product(b, 'DUP-1');
    await a.sync();
    await b.sync();

    const status: SyncStatus = await b.status();
    expect(status).toMatchObject({ conflicts: 1, deadLetters: 0, pendingOps: 0 });
    expect(await conflictsOf(b)).toEqual([
      expect.objectContaining({
        kind: 'op-rejected',
        command: 'catalog.product.create',
        actorName: 'Ana Pérez',
        reason: { code: 'sku-taken', message: expect.stringContaining('DUP-1') },
        // The hub's product took the SKU back on this console: B's own is no longer here.
        localCopy: 'gone',
        link: null,
        reviewable: true,
      }),
    ]);
    expect(await conflictsOf(a)).toEqual([]);

    // Another business on console B, with a refusal of its own: not listed nor counted here.
    const other = await addBusiness(b.deps, 'Otra tienda');
    await refusedOp(b, other, b.deps.newId(), 'Secreto de otra tienda');
    expect((await b.status()).conflicts).toBe(1);
    expect(JSON.stringify(await conflictsOf(b))).not.toContain('Secreto de otra tienda');
  });

  it('a refused change marked reviewed leaves the inbox and the count, keeps who and when, and only for its own business', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    await product(a, 'DUP-2');
    await product(b, 'DUP-2');
    await a.sync();
    await b.sync();
    const [refused] = await conflictsOf(b);
    expect(refused).toMatchObject({ kind: 'op-rejected', reason: { code: 'sku-taken' } });
    const opId = (refused as SyncConflictView).id;

    // STAFF see the status, but reviewing is for OWNER and ADMIN.
    await addMember(b.deps, hub.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const staff = await signedInAgent(b.app, 'staff@example.com');
    await staff.post(`/api/sync/conflicts/${opId}/review`).expect(403);
    // Another business's refused change on this console is not found from this one.
    const other = await addBusiness(b.deps, 'Otra tienda');
    const foreign = b.deps.newId();
    await refusedOp(b, other, foreign, 'Otra tienda');
    const notHers = await b.agent.post(`/api/sync/conflicts/${foreign}/review`).expect(404);
    expect(notHers.body).toMatchObject({ code: 'conflict-not-found', field: 'opId' });
    // Nor is a change the hub accepted.
    await product(b, 'OK-2');
    await b.sync();
    const pushed = await b.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('push_state', '=', 'pushed')
      .executeTakeFirstOrThrow();
    await b.agent.post(`/api/sync/conflicts/${pushed.op_id}/review`).expect(404);

    const status = await b.agent.post(`/api/sync/conflicts/${opId}/review`).expect(200);
    expect(status.body).toMatchObject({ conflicts: 0 });
    expect(await conflictsOf(b)).toEqual([]);
    const again = await b.agent.post(`/api/sync/conflicts/${opId}/review`).expect(409);
    expect(again.body.code).toBe('conflict-already-reviewed');
    const row = await b.deps.db
      .selectFrom('ops')
      .select(['reviewed_at', 'reviewed_by', 'push_state'])
      .where('op_id', '=', opId)
      .executeTakeFirstOrThrow();
    const ana = await b.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'ana@example.com')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reviewed_at: expect.any(String), reviewed_by: ana.id, push_state: 'rejected' });
    const audit = await b.deps.db
      .selectFrom('audit_entries')
      .select(['actor_id', 'entity_id'])
      .where('command', '=', 'sync.conflict.review')
      .execute();
    expect(audit).toEqual([{ actor_id: ana.id, entity_id: opId }]);
    // The other business's refusal was left as it was.
    const untouched = await b.deps.db
      .selectFrom('ops')
      .select('reviewed_at')
      .where('op_id', '=', foreign)
      .executeTakeFirstOrThrow();
    expect(untouched.reviewed_at).toBeNull();
  });

  it('a refused product that is still here says it exists only on this console and links to it', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    await product(a, 'CAFE-A', ['8410000000017']);
    const mine = await product(b, 'CAFE-B', ['8410000000017']);
    await a.sync();
    await b.sync();

    const [refused] = await conflictsOf(b);
    expect(refused).toMatchObject({
      kind: 'op-rejected',
      command: 'catalog.product.create',
      reason: { code: 'barcode-taken' },
      localCopy: 'local-only',
      link: `/catalog/products/${mine}`,
    });
    const onHub = await hub.db.selectFrom('products').select('id').where('id', '=', mine).execute();
    expect(onHub).toEqual([]);
  });

  it('a refused edit of a product the hub has does not claim the product exists only on this console', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    const shared = await product(a, 'PAN-1');
    await a.sync();
    await b.sync();
    // Both offline: A gives a new product the barcode first, B puts the same barcode on the shared one.
    await product(a, 'PAN-2', ['8410000000024']);
    await b.agent
      .patch(`/api/catalog/products/${shared}`)
      .send({ barcodes: ['8410000000024'] })
      .expect(200);
    await a.sync();
    await b.sync();

    const [refused] = await conflictsOf(b);
    expect(refused).toMatchObject({
      kind: 'op-rejected',
      command: 'catalog.product.update',
      reason: { code: 'barcode-taken' },
      localCopy: 'unknown',
      link: `/catalog/products/${shared}`,
    });
    const onHub = await hub.db.selectFrom('products').select('id').where('id', '=', shared).execute();
    expect(onHub).toEqual([{ id: shared }]);
  });

  it('an op the hub quarantines (a newer schema) is a dead letter with its code and who made it', async () => {
    const hub = await startHub();
    // Pushed only when the test says (a change pushed before it is marked newer would not be held back).
    const a = await linkedConsole(hub, 'Caja A', { debounceMs: 3_600_000 });
    await product(a, 'FUTURO-1');
    await writtenByNewerSchema(a, 'catalog.product.create');
    await a.sync();

    expect(await a.status()).toMatchObject({ state: 'error', deadLetters: 1, conflicts: 0 });
    // No round failed and none retries it: it stays until someone presses Retry (Settings → Sync
    // explains an 'error' with no last error as exactly that, SyncScreen.test.ts).
    await a.sync();
    expect(await a.status()).toMatchObject({
      state: 'error',
      deadLetters: 1,
      pendingOps: 0,
      lastError: null,
    });
    const letters = (await a.agent.get('/api/sync/dead-letters').expect(200)).body as DeadLetterView[];
    expect(letters).toEqual([
      expect.objectContaining({
        command: 'catalog.product.create',
        state: 'quarantined',
        reasonCode: 'schema-too-new',
        actorName: 'Ana Pérez',
      }),
    ]);
  });

  it('once the hub is updated, one "retry all" sends every change it held back, in the order they were made', async () => {
    const hub = await startHub();
    // Pushed only when the test says (a change pushed before it is marked newer would not be held back).
    const a = await linkedConsole(hub, 'Caja A', { debounceMs: 3_600_000 });
    const skus = ['FUTURO-1', 'FUTURO-2', 'FUTURO-3'];
    for (const sku of skus) await product(a, sku);
    await writtenByNewerSchema(a, 'catalog.product.create');
    await a.sync();
    expect(await a.status()).toMatchObject({ deadLetters: 3 });

    await writtenByNewerSchema(a, 'catalog.product.create', false);
    await a.agent.post('/api/sync/dead-letters/retry-all').send({}).expect(200);
    await a.sync();
    expect(await a.status()).toMatchObject({ deadLetters: 0, pendingOps: 0 });
    const onHub = await hub.db.selectFrom('products').select('sku').orderBy('created_at').execute();
    expect(onHub.map((p) => p.sku)).toEqual(skus);
    // Who retried what stays in the audit log; with nothing left, a second retry says so.
    const audit = await a.deps.db
      .selectFrom('audit_entries')
      .select(['entity_id', 'actor_id'])
      .where('command', '=', 'sync.dead-letter.retry-all')
      .execute();
    expect(audit).toEqual([{ entity_id: hub.tenantId, actor_id: hub.ownerId }]);
    const again = await a.agent.post('/api/sync/dead-letters/retry-all').send({}).expect(409);
    expect(again.body.code).toBe('nothing-to-retry');
  });
});

describe('the last error carries a stable code', () => {
  it('hub stopped: hub-unreachable, with the raw words as the detail; cleared once it is back', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await hub.stop();
    await product(a, 'SIN-RED');
    await a.sync();
    const status: SyncStatus = await a.status();
    expect(status.state).toBe('offline');
    expect(status.lastError).toMatchObject({
      code: 'hub-unreachable',
      message: expect.stringContaining(hub.url),
    });
    await hub.restart();
    await a.sync();
    expect((await a.status()).lastError).toBeNull();
  });

  it('no answer in time: hub-timeout', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = () => Promise.reject(new DOMException('The operation timed out', 'TimeoutError'));
    await product(a, 'LENTO-1');
    await a.sync();
    expect((await a.status()).lastError?.code).toBe('hub-timeout');
  });

  it('the hub failing (HTTP 500): server-error', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = problem(500, 'internal', 'Boom');
    await product(a, 'FALLO-1');
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'error', lastError: { code: 'server-error' } });
  });

  it('a change the hub keeps refusing: hub-refused, then op-blocked for the changes behind it', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = problem(400, 'payload-refused', 'This op is refused');
    await product(a, 'NO-1');
    await a.sync();
    expect((await a.status()).lastError).toMatchObject({
      code: 'hub-refused',
      message: expect.stringContaining('This op is refused'),
    });
    for (let i = 1; i < MAX_ATTEMPTS; i++) await a.sync();
    a.net.state.intercept = null;
    await product(a, 'DETRAS-1');
    await a.sync();
    expect(await a.status()).toMatchObject({
      pendingOps: 1,
      deadLetters: 1,
      lastError: { code: 'op-blocked' },
    });
  });

  it('the device token lost from this console: no-device-token', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.deps.syncTokens?.clear(hub.tenantId);
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'error', lastError: { code: 'no-device-token' } });
  });

  it('revoked: device-revoked; too old: console-too-old', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    const b = await linkedConsole(hub, 'Caja B');
    await hub.db
      .updateTable('hub_devices')
      .set({ revoked_at: '2026-11-25T10:00:00.000Z' })
      .where('id', '=', a.deps.deviceId)
      .execute();
    await product(a, 'REV-1');
    await a.sync();
    expect((await a.status()).lastError?.code).toBe('device-revoked');

    b.net.state.intercept = problem(426, 'console-too-old', 'Update the console');
    await product(b, 'VIEJA-1');
    await b.sync();
    expect((await b.status()).lastError).toMatchObject({
      code: 'console-too-old',
      message: 'Update the console',
    });
  });
});
