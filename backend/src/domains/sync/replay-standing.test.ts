/**
 * The hub judges a pushed op by what its author and the business could do when it was made
 * (docs/decisions.md "2026-12-07 (session 11) — Offline work is judged by when it was made"):
 * a register that lost the hub keeps selling, and the office meanwhile lets a cashier go or the
 * platform suspends the business. Real hub (Postgres, HTTP) and consoles (SQLite files).
 */
import { describe, expect, it } from 'vitest';
import { addMember, addSuperadmin, type fixedClock, signedInAgent } from '../../../test/helpers.js';
import type { Clock } from '../../core/deps.js';
import { registeredCommands } from '../../core/pipeline.js';
import { type LinkedConsole, linkedConsole, sellOne, startHub } from './client/sync-harness.js';
import { COUNTER_FACTS } from './push-batch.js';

/** Moves a test install's clock (testDeps' fixed clock) on. */
function laterBy(clock: Clock, ms: number) {
  (clock as ReturnType<typeof fixedClock>).advance(ms);
}

/** The op of this command (made by `actorId` when given: the owner's own setup ops aside). */
async function opOf(c: LinkedConsole, command: string, actorId?: string) {
  let q = c.deps.db
    .selectFrom('ops')
    .select(['op_id', 'push_state', 'push_error'])
    .where('command', '=', command);
  if (actorId !== undefined) q = q.where('actor_id', '=', actorId);
  return q.executeTakeFirstOrThrow();
}

async function productOn(c: LinkedConsole, sku: string, price = 500) {
  const res = await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price, taxRateBp: 1000 })
    .expect(201);
  return res.body.id as string;
}

describe('an offline cashier let go at the office meanwhile', () => {
  for (const how of ['remove', 'deactivate'] as const) {
    it(`keeps the cash sale on the hub when the cashier was ${how}d there before it arrived`, async () => {
      const hub = await startHub();
      const staffId = await addMember(hub.deps, hub.tenantId, {
        email: 'caja@example.com',
        role: 'STAFF',
        name: 'Cajera',
      });
      const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0 });
      const product = await productOn(a, 'CAF-1', 150);
      await a.sync();
      const cashier = await signedInAgent(a.app, 'caja@example.com');
      await cashier.post('/api/shifts').send({ denominations: [] }).expect(201);
      await a.sync();

      a.net.state.down = true;
      const sale = await cashier
        .post('/api/pos/sales')
        .send({ lines: [{ productId: product, qty: 1 }], payments: [{ method: 'cash', amount: 150 }] });
      expect(sale.status, JSON.stringify(sale.body)).toBe(201);
      if (how === 'remove') await hub.owner.agent.delete(`/api/users/${staffId}`).expect(204);
      else await hub.owner.agent.post(`/api/users/${staffId}/deactivate`).expect(200);
      a.net.state.down = false;
      await a.sync();

      expect(await opOf(a, 'pos.sale.record')).toMatchObject({ push_state: 'pushed', push_error: null });
      const onHub = await hub.db
        .selectFrom('sales')
        .select(['id', 'total'])
        .where('id', '=', sale.body.id)
        .executeTakeFirst();
      expect(onHub).toEqual({ id: sale.body.id, total: 150 });
      // Recorded as hers, and she stays out of the business.
      const audit = await hub.db
        .selectFrom('audit_entries')
        .select('actor_id')
        .where('command', '=', 'pos.sale.record')
        .executeTakeFirstOrThrow();
      expect(audit.actor_id).toBe(staffId);
      const member = await hub.db
        .selectFrom('memberships')
        .select('status')
        .where('user_id', '=', staffId)
        .executeTakeFirstOrThrow();
      expect(member.status).toBe(how === 'remove' ? 'removed' : 'deactivated');
    });
  }

  it('refuses what a removed member did after she was let go, except money at the counter', async () => {
    const hub = await startHub();
    const adminId = await addMember(hub.deps, hub.tenantId, { email: 'enc@example.com', role: 'ADMIN' });
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0 });
    const existing = await productOn(a, 'EX-1', 500);
    await a.sync();
    const admin = await signedInAgent(a.app, 'enc@example.com');
    await admin.post('/api/shifts').send({ denominations: [] }).expect(201);
    await a.sync();

    a.net.state.down = true;
    await hub.owner.agent.delete(`/api/users/${adminId}`).expect(204);
    // Ten minutes after the office let her go, her register (offline, not told) still lets her in.
    laterBy(a.deps.clock, 10 * 60_000);
    const created = await admin
      .post('/api/catalog/products')
      .send({ sku: 'NEW-1', name: 'Nuevo', price: 300, taxRateBp: 1000 })
      .expect(201);
    await admin.patch(`/api/catalog/products/${existing}`).send({ price: 900 }).expect(200);
    const sale = await admin
      .post('/api/pos/sales')
      .send({ lines: [{ productId: existing, qty: 1 }], payments: [{ method: 'cash', amount: 900 }] })
      .expect(201);
    a.net.state.down = false;
    await a.sync();

    for (const command of ['catalog.product.create', 'catalog.product.update']) {
      expect(await opOf(a, command, adminId)).toMatchObject({
        push_state: 'rejected',
        push_error: expect.stringContaining('actor-unknown'),
      });
    }
    expect(await opOf(a, 'pos.sale.record')).toMatchObject({ push_state: 'pushed', push_error: null });
    const rows = await hub.db
      .selectFrom('products')
      .select(['id', 'price'])
      .where('id', 'in', [created.body.id, existing])
      .execute();
    expect(rows).toEqual([{ id: existing, price: 500 }]);
    const onHub = await hub.db
      .selectFrom('sales')
      .select('id')
      .where('id', '=', sale.body.id)
      .executeTakeFirst();
    expect(onHub?.id).toBe(sale.body.id);
  });

  it('applies, with her last role, what a member changed offline before she was removed', async () => {
    const hub = await startHub();
    const adminId = await addMember(hub.deps, hub.tenantId, { email: 'enc@example.com', role: 'ADMIN' });
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0 });
    const existing = await productOn(a, 'EX-1', 500);
    await a.sync();
    const admin = await signedInAgent(a.app, 'enc@example.com');

    a.net.state.down = true;
    const created = await admin
      .post('/api/catalog/products')
      .send({ sku: 'NEW-1', name: 'Nuevo', price: 300, taxRateBp: 1000 })
      .expect(201);
    await admin.patch(`/api/catalog/products/${existing}`).send({ price: 900 }).expect(200);
    // The office lets her go five minutes later; the register pushes after that.
    laterBy(hub.deps.clock, 5 * 60_000);
    await hub.owner.agent.delete(`/api/users/${adminId}`).expect(204);
    a.net.state.down = false;
    await a.sync();

    for (const command of ['catalog.product.create', 'catalog.product.update']) {
      expect(await opOf(a, command, adminId)).toMatchObject({ push_state: 'pushed', push_error: null });
    }
    const rows = await hub.db
      .selectFrom('products')
      .select(['id', 'price'])
      .where('id', 'in', [created.body.id, existing])
      .orderBy('sku')
      .execute();
    expect(rows).toEqual([
      { id: existing, price: 900 },
      { id: created.body.id, price: 300 },
    ]);
    const audit = await hub.db
      .selectFrom('audit_entries')
      .select('actor_id')
      .where('command', '=', 'catalog.product.update')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(adminId);
    const member = await hub.db
      .selectFrom('memberships')
      .select('status')
      .where('user_id', '=', adminId)
      .executeTakeFirstOrThrow();
    expect(member.status).toBe('removed');
  });

  it('keeps for a former member only commands the hub always accepts', () => {
    for (const name of COUNTER_FACTS) {
      const cmd = registeredCommands().get(name);
      expect(cmd?.sync, name).toEqual({ arbitration: 'accept' });
    }
  });

  it('still refuses a sale by someone who never was a member of the business', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0 });
    const product = await productOn(a, 'CAF-1');
    await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
    await a.sync();
    // A person only this console knows (as a console's own invitation made them): never on the hub.
    await addMember(a.deps, hub.tenantId, { email: 'x@example.com', role: 'STAFF' });
    const stranger = await signedInAgent(a.app, 'x@example.com');
    await stranger
      .post('/api/pos/sales')
      .send({ lines: [{ productId: product, qty: 1 }], payments: [{ method: 'cash', amount: 500 }] })
      .expect(201);
    await a.sync();
    const op = await opOf(a, 'pos.sale.record');
    expect(op.push_state).toBe('rejected');
    expect(op.push_error).toContain('actor-unknown');
  });
});

describe('an offline sale across a suspension of the business', () => {
  async function suspendedSetup() {
    const hub = await startHub();
    await addSuperadmin(hub.deps);
    const root = await signedInAgent(hub.owner.app, 'root@mostrador.app', 'platform-pass-1');
    const a = await linkedConsole(hub, 'Caja A', { divergenceEveryMs: 0 });
    const product = await productOn(a, 'CAF-1');
    await a.agent.post('/api/shifts').send({ denominations: [] }).expect(201);
    await a.sync();
    return { hub, root, a, product };
  }

  it('applies a sale made before the suspension, pushed while the business is suspended', async () => {
    const { hub, root, a, product } = await suspendedSetup();
    a.net.state.down = true;
    const sale = await sellOne(a, product);
    laterBy(hub.deps.clock, 5 * 60_000);
    await root
      .post(`/api/platform/tenants/${hub.tenantId}/status`)
      .send({ action: 'suspend', reason: 'Impago' })
      .expect(200);
    a.net.state.down = false;
    await a.sync();

    expect(await opOf(a, 'pos.sale.record')).toMatchObject({ push_state: 'pushed', push_error: null });
    const onHub = await hub.db.selectFrom('sales').select('id').where('id', '=', sale.id).executeTakeFirst();
    expect(onHub?.id).toBe(sale.id);
    // The business itself stays suspended: the hub's own screens still change nothing.
    await hub.owner.agent
      .post('/api/catalog/products')
      .send({ sku: 'HUB-1', name: 'En la oficina', price: 100, taxRateBp: 1000 })
      .expect(403);
  });

  it('keeps a sale made after the suspension aside (quarantined), and applies it by itself once the business is reactivated', async () => {
    const { hub, root, a, product } = await suspendedSetup();
    await root
      .post(`/api/platform/tenants/${hub.tenantId}/status`)
      .send({ action: 'suspend', reason: 'Impago' })
      .expect(200);
    // The register has not heard of it yet (offline, its permit still valid) and sells later.
    a.net.state.down = true;
    laterBy(a.deps.clock, 5 * 60_000);
    const sale = await sellOne(a, product);
    a.net.state.down = false;
    await a.sync();

    const op = await opOf(a, 'pos.sale.record');
    expect(op.push_state).toBe('quarantined');
    expect(op.push_error).toContain('tenant-suspended');
    expect(await hub.db.selectFrom('sales').select('id').where('id', '=', sale.id).executeTakeFirst()).toBe(
      undefined,
    );

    await root
      .post(`/api/platform/tenants/${hub.tenantId}/status`)
      .send({ action: 'reactivate', reason: 'Pagado' })
      .expect(200);
    // The console pulls the business active again; its next round sends the sale again, and no
    // one has to find the retry button.
    await a.sync();
    await a.sync();

    expect(await opOf(a, 'pos.sale.record')).toMatchObject({ push_state: 'pushed', push_error: null });
    const onHub = await hub.db.selectFrom('sales').select('id').where('id', '=', sale.id).executeTakeFirst();
    expect(onHub?.id).toBe(sale.id);
  });
});
