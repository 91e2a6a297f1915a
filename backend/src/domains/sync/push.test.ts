import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import { addBusiness, addMember, ownerAgent } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { command } from '../../core/pipeline.js';
import { pushedOp } from './client/push-loop.js';

type Hub = Awaited<ReturnType<typeof hubWithOwner>>;

const at = (minute: number) => `2026-11-25T09:${String(minute).padStart(2, '0')}:00.000Z`;

/** An op as a console's outbox holds it: creating a category. */
function categoryOp(actorId: string, deviceSeq: number, name: string, categoryId = uuidv7()) {
  return {
    opId: uuidv7(),
    deviceSeq,
    command: 'catalog.category.create',
    input: { categoryId, name, parentId: null },
    schemaVersion: SCHEMA_VERSION,
    actorId,
    createdAt: at(deviceSeq),
  };
}

async function categoryNames(h: Hub) {
  const rows = await h.deps.db
    .selectFrom('categories')
    .select('name')
    .where('tenant_id', '=', h.tenantId)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

/** A command that writes a row naming a business that does not exist: the database refuses it. */
const violatesForeignKey = command({
  name: 'test.sync.foreign_key_violation',
  permission: 'catalog.manage',
  input: z.object({ categoryId: z.uuid(), parentId: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    // A sub-category of a category the hub does not have.
    await tx
      .insertInto('categories')
      .values({
        id: input.categoryId,
        tenant_id: ctx.tenantId,
        parent_id: input.parentId,
        name: 'Huérfana',
        created_at: ctx.now,
        updated_at: ctx.now,
        deleted_at: null,
      })
      .execute();
    return { result: null, entity: { type: 'category', id: input.categoryId } };
  },
});

/** A handler that forgets whose row it writes: row-level security refuses it on the hub. */
const writesAnotherTenant = command({
  name: 'test.sync.other_tenant_write',
  permission: 'catalog.manage',
  input: z.object({ locationId: z.uuid(), tenantId: z.string() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await tx
      .insertInto('locations')
      .values({
        id: input.locationId,
        tenant_id: input.tenantId,
        name: 'Ajena',
        is_default: 0,
        created_at: ctx.now,
        deleted_at: null,
      })
      .execute();
    return { result: null, entity: { type: 'location', id: input.locationId } };
  },
});

describe('push: applying a device’s ops on the hub', () => {
  it('applies a batch once: a repeated batch returns the stored results and creates nothing', async () => {
    const h = await hubWithOwner();
    const { token, deviceId } = await h.enroll();
    const ops = [categoryOp(h.ownerId, 1, 'Bebidas'), categoryOp(h.ownerId, 2, 'Panadería')];
    const first = await h.push(token, ops).expect(200);
    expect(
      first.body.results.map((r: { status: string; duplicate: boolean }) => [r.status, r.duplicate]),
    ).toEqual([
      ['applied', false],
      ['applied', false],
    ]);
    expect(first.body.nextDeviceSeq).toBe(3);

    const again = await h.push(token, ops).expect(200);
    expect(
      again.body.results.map((r: { status: string; duplicate: boolean }) => [r.status, r.duplicate]),
    ).toEqual([
      ['applied', true],
      ['applied', true],
    ]);
    expect(again.body.results.map((r: { result: unknown }) => r.result)).toEqual(
      first.body.results.map((r: { result: unknown }) => r.result),
    );
    expect(await categoryNames(h)).toEqual(['Bebidas', 'Panadería']);

    // Replayed with the op's time, by the op's device, into the device's own audit chain.
    const audit = await h.deps.db
      .selectFrom('audit_entries')
      .select(['device_id', 'created_at', 'command'])
      .where('device_id', '=', deviceId)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { device_id: deviceId, created_at: at(1), command: 'catalog.category.create' },
      { device_id: deviceId, created_at: at(2), command: 'catalog.category.create' },
    ]);
    const verify = await h.agent.post('/api/audit/verify').expect(200);
    expect(verify.body.intact).toBe(true);

    // And the other devices get them by pull.
    const other = await h.enroll('Caja 2');
    const pulled = await h.pull(other.token, '?cursor=0&limit=1000').expect(200);
    const names = pulled.body.changes
      .filter((c: { table: string }) => c.table === 'categories')
      .map((c: { row: { name: string } }) => c.row.name);
    expect(names).toEqual(['Bebidas', 'Panadería']);
  });

  it('keeps a domain refusal as the op’s result and applies the ops after it', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const ops = [
      categoryOp(h.ownerId, 1, 'Bebidas'),
      categoryOp(h.ownerId, 2, 'Bebidas'),
      categoryOp(h.ownerId, 3, 'Panadería'),
    ];
    const res = await h.push(token, ops).expect(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'rejected',
      'applied',
    ]);
    const refusal = res.body.results[1].error;
    expect(refusal.code).toMatch(/taken|exists|duplicate/);
    expect(await categoryNames(h)).toEqual(['Bebidas', 'Panadería']);

    const replay = await h.push(token, [ops[1] as object]).expect(200);
    expect(replay.body.results[0]).toMatchObject({ status: 'rejected', duplicate: true, error: refusal });
    const stored = await h.deps.db
      .selectFrom('ops')
      .select(['push_state', 'device_seq'])
      .where('op_id', '=', ops[1]?.opId as string)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ push_state: 'rejected', device_seq: 2 });

    // What the hub counts for Prometheus: this process's pushes and pulls.
    await h.pull(token, '?cursor=0&limit=3').expect(200);
    const metrics = (await request(h.app).get('/metrics').expect(200)).text;
    expect(metrics).toContain('mostrador_sync_ops_total{status="applied",duplicate="false"} 2');
    expect(metrics).toContain('mostrador_sync_ops_total{status="rejected",duplicate="false"} 1');
    expect(metrics).toContain('mostrador_sync_ops_total{status="rejected",duplicate="true"} 1');
    expect(metrics).toContain('mostrador_sync_push_seconds_count 2');
    expect(metrics).toContain('mostrador_sync_pull_rows_total 3');
    expect(metrics).toContain('mostrador_sync_devices_connected 0');
  });

  it('refuses a gap in device_seq with the number it expects, applying nothing', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    await h.push(token, [categoryOp(h.ownerId, 1, 'Bebidas')]).expect(200);
    const gap = await h.push(token, [categoryOp(h.ownerId, 3, 'Lácteos')]).expect(409);
    expect(gap.body).toMatchObject({ code: 'device-seq-gap', expectedDeviceSeq: 2 });
    const holes = await h
      .push(token, [categoryOp(h.ownerId, 2, 'Lácteos'), categoryOp(h.ownerId, 4, 'Frutas')])
      .expect(400);
    expect(holes.body).toMatchObject({ code: 'device-seq-not-contiguous', field: 'ops.1.deviceSeq' });
    const reused = await h.push(token, [categoryOp(h.ownerId, 1, 'Otra')]).expect(409);
    expect(reused.body.code).toBe('device-seq-reused');
    expect(await categoryNames(h)).toEqual(['Bebidas']);
    // An op id already used by another op of the hub: refused whole, nothing applied.
    const first = await h.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('device_seq', '=', 1)
      .executeTakeFirstOrThrow();
    const idReused = await h
      .push(token, [{ ...categoryOp(h.ownerId, 2, 'Lácteos'), opId: first.op_id }])
      .expect(409);
    expect(idReused.body.code).toBe('op-id-reused');
    expect(await categoryNames(h)).toEqual(['Bebidas']);
    const empty = await h.push(token, []).expect(400);
    expect(empty.body.code).toBe('validation-failed');
  });

  it('quarantines what it cannot apply, never dropping it, and goes on', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const unknown = { ...categoryOp(h.ownerId, 1, 'X'), command: 'catalog.teleport' };
    const newer = { ...categoryOp(h.ownerId, 2, 'Y'), schemaVersion: SCHEMA_VERSION + 1 };
    const setup = { ...categoryOp(h.ownerId, 3, 'Z'), command: 'tenancy.setup' };
    const fine = categoryOp(h.ownerId, 4, 'Bebidas');
    const res = await h.push(token, [unknown, newer, setup, fine]).expect(200);
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['quarantined', 'command-not-syncable'],
      ['quarantined', 'schema-too-new'],
      ['quarantined', 'command-not-syncable'],
      ['applied', undefined],
    ]);
    const kept = await h.deps.db
      .selectFrom('ops')
      .select(['command', 'push_state'])
      .where('push_state', '=', 'quarantined')
      .orderBy('device_seq')
      .execute();
    expect(kept.map((k) => k.command)).toEqual([
      'catalog.teleport',
      'catalog.category.create',
      'tenancy.setup',
    ]);
    expect(await categoryNames(h)).toEqual(['Bebidas']);
  });

  it('quarantines an op the database refuses for integrity, and applies the ones after it', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const bad = {
      ...categoryOp(h.ownerId, 1, 'X'),
      command: violatesForeignKey.name,
      input: { categoryId: uuidv7(), parentId: uuidv7() },
    };
    const res = await h.push(token, [bad, categoryOp(h.ownerId, 2, 'Bebidas')]).expect(200);
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['quarantined', 'constraint-violation'],
      ['applied', undefined],
    ]);
    expect(await categoryNames(h)).toEqual(['Bebidas']);
  });

  it("quarantines an op whose handler writes another business's row: row-level security refuses it", async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const tenantB = await addBusiness(h.deps, 'Vecina');
    const stray = {
      ...categoryOp(h.ownerId, 1, 'X'),
      command: writesAnotherTenant.name,
      input: { locationId: uuidv7(), tenantId: tenantB },
    };
    const res = await h.push(token, [stray, categoryOp(h.ownerId, 2, 'Bebidas')]).expect(200);
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['quarantined', 'row-security-violation'],
      ['applied', undefined],
    ]);
    const strays = await h.deps.db.selectFrom('locations').select('id').where('name', '=', 'Ajena').execute();
    expect(strays).toEqual([]);
  });

  it('applies ops into the token’s business only, with the role the hub knows for their author', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const tenantB = await addBusiness(h.deps, 'Secreto B');
    const ownerB = await addMember(h.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const staff = await addMember(h.deps, h.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const res = await h
      .push(token, [
        // Written by B's owner: not a member of this business, whatever the op says.
        { ...categoryOp(ownerB, 1, 'Secreto'), tenantId: tenantB },
        // STAFF may not manage the catalog: refused as on the console.
        categoryOp(staff, 2, 'Staff category'),
        categoryOp(h.ownerId, 3, 'Bebidas'),
      ])
      .expect(200);
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['rejected', 'actor-unknown'],
      ['rejected', 'forbidden'],
      ['applied', undefined],
    ]);
    const inB = await h.deps.db
      .selectFrom('categories')
      .select('name')
      .where('tenant_id', '=', tenantB)
      .execute();
    expect(inB).toEqual([]);
    expect(await categoryNames(h)).toEqual(['Bebidas']);
  });

  it("replays a real console's outbox: the same rows on the hub as on the console", async () => {
    const h = await hubWithOwner();
    const consoleApp = await ownerAgent();
    // The console's owner is the hub's (accounts reaching devices is the sync issue's next part).
    const consoleOwner = consoleApp.session.user.id;
    const now = h.deps.clock.now().toISOString();
    await h.deps.db
      .insertInto('users')
      .values({
        id: consoleOwner,
        email: 'console-owner@example.com',
        name: 'Console owner',
        password_hash: 'x',
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await h.deps.db
      .insertInto('memberships')
      .values({ tenant_id: h.tenantId, user_id: consoleOwner, role: 'OWNER', created_at: now })
      .execute();
    const { token } = await h.enroll('Caja', consoleApp.deps.deviceId);

    const category = await consoleApp.agent
      .post('/api/catalog/categories')
      .send({ name: 'Bebidas' })
      .expect(201);
    await consoleApp.agent
      .post('/api/catalog/products')
      .send({
        sku: 'AGUA-1',
        name: 'Agua 1 L',
        price: 120,
        taxRateBp: 1000,
        categoryId: category.body.id,
        barcodes: ['8410001'],
      })
      .expect(201);
    const outbox = await consoleApp.deps.db
      .selectFrom('ops')
      .selectAll()
      .where('push_state', '=', 'pending')
      .orderBy('device_seq')
      .execute();
    expect(outbox.length).toBeGreaterThanOrEqual(2);
    const res = await h.push(token, outbox.map(pushedOp)).expect(200);
    // The console's first-run op made ITS business; enrolled into an existing one, the hub keeps it
    // quarantined (never applied, never dropped) and applies the rest into the hub's business.
    expect(outbox[0]?.command).toBe('tenancy.business.create');
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual(
      outbox.map((_, i) => (i === 0 ? ['quarantined', 'command-not-syncable'] : ['applied', undefined])),
    );

    const onConsole = await consoleApp.deps.db
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'price', 'tax_rate_bp', 'category_id', 'created_at'])
      .execute();
    const onHub = await h.deps.db
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'price', 'tax_rate_bp', 'category_id', 'created_at'])
      .where('tenant_id', '=', h.tenantId)
      .execute();
    expect(onHub).toEqual(onConsole);
    const barcode = await h.deps.db
      .selectFrom('product_barcodes')
      .select('barcode')
      .where('tenant_id', '=', h.tenantId)
      .execute();
    expect(barcode).toEqual([{ barcode: '8410001' }]);
  });

  it('applies the ops around a refused and a quarantined one in one batch, each in its slot, once', async () => {
    const h = await hubWithOwner();
    const { token, deviceId } = await h.enroll();
    const orphan = {
      ...categoryOp(h.ownerId, 5, 'X'),
      command: violatesForeignKey.name,
      input: { categoryId: uuidv7(), parentId: uuidv7() },
    };
    const ops = [
      categoryOp(h.ownerId, 1, 'Bebidas'),
      categoryOp(h.ownerId, 2, 'Panadería'),
      categoryOp(h.ownerId, 3, 'Bebidas'),
      categoryOp(h.ownerId, 4, 'Lácteos'),
      orphan,
      categoryOp(h.ownerId, 6, 'Frutas'),
    ];
    const first = await h.push(token, ops).expect(200);
    const outcome = (body: { results: { status: string; duplicate: boolean; error?: { code: string } }[] }) =>
      body.results.map((r) => [r.status, r.error?.code ?? null]);
    expect(outcome(first.body)).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', first.body.results[2].error.code],
      ['applied', null],
      ['quarantined', 'constraint-violation'],
      ['applied', null],
    ]);
    expect(first.body.results[2].error.code).toMatch(/taken|exists|duplicate/);
    expect(await categoryNames(h)).toEqual(['Bebidas', 'Frutas', 'Lácteos', 'Panadería']);
    const slots = await h.deps.db
      .selectFrom('ops')
      .select(['device_seq', 'push_state', 'op_id'])
      .where('device_id', '=', deviceId)
      .orderBy('device_seq')
      .execute();
    expect(slots).toEqual(
      ops.map((op, i) => ({
        device_seq: i + 1,
        op_id: op.opId,
        push_state: ['applied', 'applied', 'rejected', 'applied', 'quarantined', 'applied'][i],
      })),
    );
    // One audit entry per applied op, in op order, in an intact chain.
    const audit = await h.deps.db
      .selectFrom('audit_entries')
      .select(['seq', 'op_id'])
      .where('device_id', '=', deviceId)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([0, 1, 3, 5].map((i, n) => ({ seq: n + 1, op_id: ops[i]?.opId })));
    expect((await h.agent.post('/api/audit/verify').expect(200)).body.intact).toBe(true);

    // The whole batch again: every stored result, nothing applied twice, the chain unchanged.
    const again = await h.push(token, ops).expect(200);
    expect(again.body.results.map((r: { duplicate: boolean }) => r.duplicate)).toEqual(ops.map(() => true));
    expect(outcome(again.body)).toEqual(outcome(first.body));
    expect(again.body.results.map((r: { result?: unknown }) => r.result)).toEqual(
      first.body.results.map((r: { result?: unknown }) => r.result),
    );
    expect(await categoryNames(h)).toEqual(['Bebidas', 'Frutas', 'Lácteos', 'Panadería']);
    const after = await h.deps.db
      .selectFrom('audit_entries')
      .select('seq')
      .where('device_id', '=', deviceId)
      .execute();
    expect(after).toHaveLength(4);

    // The next batch continues the chain where this one ended.
    await h.push(token, [categoryOp(h.ownerId, 7, 'Carnes')]).expect(200);
    expect((await h.agent.post('/api/audit/verify').expect(200)).body).toMatchObject({ intact: true });
  });

  it('authorizes each op of a batch with the role its author has at that point of the batch', async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const staff = await addMember(h.deps, h.tenantId, { email: 'staff@example.com', role: 'STAFF' });
    const admin = await addMember(h.deps, h.tenantId, { email: 'admin@example.com', role: 'ADMIN' });
    const roleChange = (deviceSeq: number, userId: string, role: string) => ({
      ...categoryOp(h.ownerId, deviceSeq, ''),
      command: 'identity.member.role.change',
      input: { userId, role },
    });
    const res = await h
      .push(token, [
        categoryOp(staff, 1, 'Antes'),
        roleChange(2, staff, 'ADMIN'),
        categoryOp(staff, 3, 'Después'),
        roleChange(4, admin, 'STAFF'),
        categoryOp(admin, 5, 'Ya no'),
      ])
      .expect(200);
    expect(
      res.body.results.map((r: { status: string; error?: { code: string } }) => [r.status, r.error?.code]),
    ).toEqual([
      ['rejected', 'forbidden'],
      ['applied', undefined],
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'forbidden'],
    ]);
    expect(await categoryNames(h)).toEqual(['Después']);
  });
});
