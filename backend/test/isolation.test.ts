import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { hashToken, newToken } from '../src/domains/auth/sessions.js';
import { applyMovement } from '../src/domains/stock/stock.ledger.js';
import { ctxFor, insertCategory, insertProduct, insertSupplier } from './builders.js';
import { addBusiness, addMember, ownerAgent, signedInAgent } from './helpers.js';
import { bookingsIsolation } from './isolation/bookings.js';
import type { IsolationB } from './isolation/fixtures.js';
import { membersIsolation } from './isolation/members.js';
import { syncIsolation } from './isolation/sync.js';
import { registeredRoutes } from './routes.js';

/** Domains that bring their own fixture (backend/test/isolation/). */
const FIXTURES = [membersIsolation, bookingsIsolation, syncIsolation];

/**
 * Generated isolation check: every route that takes an id is asked, by the
 * owner of business A, for a row of business B. The answer must be 404 (or
 * 403 where the route is not for tenant users at all) and must not contain
 * B's data. A new route with an id fails here until it gets a case below.
 */
describe('tenant isolation across every route that takes an id', () => {
  it("never reads or changes another business's rows", async () => {
    const a = await ownerAgent();
    const { deps } = a;
    const tenantB = await addBusiness(deps, 'Secreto B');
    const userB = await addMember(deps, tenantB, {
      email: 'secret-b@b.example',
      role: 'OWNER',
      name: 'Secreto Usuario',
    });
    const agentB = await signedInAgent(a.app, 'secret-b@b.example');
    await agentB.get('/api/session').expect(200);
    const sessionB = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userB)
      .executeTakeFirstOrThrow();
    const now = deps.clock.now().toISOString();
    const invitationB = deps.newId();
    const inviteToken = newToken();
    await deps.db
      .insertInto('invitations')
      .values({
        id: invitationB,
        tenant_id: tenantB,
        email: 'new-b@b.example',
        role: 'STAFF',
        token_hash: hashToken(inviteToken),
        invited_by: userB,
        created_at: now,
        expires_at: '2099-01-01T00:00:00.000Z',
        accepted_at: null,
        revoked_at: null,
      })
      .execute();

    const locationB = (
      await deps.db
        .selectFrom('locations')
        .select('id')
        .where('tenant_id', '=', tenantB)
        .executeTakeFirstOrThrow()
    ).id;
    const categoryB = await insertCategory(deps.db, tenantB, 'Secreto categoría');
    const productB = await insertProduct(deps.db, tenantB, {
      name: 'Secreto producto',
      barcodes: ['7770001'],
    });
    const supplierB = await insertSupplier(deps.db, tenantB, 'Secreto proveedor');
    await applyMovement(deps.db, ctxFor(tenantB), {
      id: deps.newId(),
      productId: productB,
      locationId: locationB,
      qtyMilli: -1000,
      reason: 'sale',
    });
    const oversellB = (
      await deps.db
        .selectFrom('oversell_exceptions')
        .select('id')
        .where('tenant_id', '=', tenantB)
        .executeTakeFirstOrThrow()
    ).id;
    const countB = deps.newId();
    await deps.db
      .insertInto('stock_counts')
      .values({
        id: countB,
        tenant_id: tenantB,
        location_id: locationB,
        category_id: null,
        status: 'open',
        note: 'Secreto',
        created_by: null,
        created_at: now,
        posted_at: null,
      })
      .execute();
    const orderB = deps.newId();
    await deps.db
      .insertInto('purchase_orders')
      .values({
        id: orderB,
        tenant_id: tenantB,
        number: 'PO-SECRET-1',
        supplier_id: supplierB,
        location_id: locationB,
        status: 'draft',
        notes: 'Secreto',
        expected_at: null,
        created_at: now,
        updated_at: now,
        sent_at: null,
        closed_at: null,
      })
      .execute();

    // The point of sale, customers and invoices of B, made through B's own API.
    const postB = async (url: string, body: object) => {
      const res = await agentB.post(url).send(body);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body;
    };
    const shiftB = (await postB('/api/shifts', { denominations: [] })).id as string;
    const soldB = await insertProduct(deps.db, tenantB, { name: 'Secreto vendido', price: 500 });
    const saleB = await postB('/api/pos/sales', {
      lines: [{ productId: soldB, qty: 1 }],
      payments: [{ method: 'cash', amount: 500 }],
    });
    const refundB = (await postB('/api/pos/refunds', { saleId: saleB.id, method: 'cash' })).id as string;
    const parkedB = (
      await postB('/api/pos/parked', { label: 'Secreto', cart: { lines: [{ productId: soldB, qty: 1 }] } })
    ).id as string;
    const customerB = (await postB('/api/customers', { name: 'Secreto Cliente' })).id as string;
    const documentLine = { description: 'Secreto servicio', qty: 1, unitPrice: 1000, taxRateBp: 2100 };
    const invoiceB = (await postB('/api/invoices', { customerId: customerB, lines: [documentLine] }))
      .id as string;
    const quoteB = (await postB('/api/quotes', { customerId: customerB, lines: [documentLine] }))
      .id as string;

    const b: IsolationB = { deps, tenantB, agentB, postB };
    const domainIds: Record<string, string> = {};
    for (const fixture of FIXTURES) Object.assign(domainIds, await fixture.seed(b));

    /** Which of B's ids to put in each route; `null` marks a route whose parameter is not a tenant row id. */
    const idFor = (path: string): string | null => {
      if (path.includes(':userId')) return userB;
      if (path.startsWith('/api/sessions/:id')) return sessionB.id;
      if (path.startsWith('/api/invitations/:id')) return invitationB;
      if (path.startsWith('/api/platform/tenants/:id')) return tenantB;
      if (path.startsWith('/api/invitations/accept/:token')) return null;
      if (path.startsWith('/api/catalog/products/:id')) return productB;
      if (path.startsWith('/api/catalog/categories/:id')) return categoryB;
      if (path.startsWith('/api/catalog/barcode/:code')) return '7770001';
      if (path.startsWith('/api/stock/locations/:id')) return locationB;
      if (path.startsWith('/api/stock/counts/:id')) return countB;
      if (path.startsWith('/api/stock/oversells/:id')) return oversellB;
      if (path.startsWith('/api/suppliers/:id')) return supplierB;
      if (path.startsWith('/api/purchase-orders/:id')) return orderB;
      if (path.startsWith('/api/shifts/:id')) return shiftB;
      if (path.startsWith('/api/pos/sales/:id')) return saleB.id;
      if (path.startsWith('/api/pos/receipts/:number')) return saleB.number;
      if (path.startsWith('/api/pos/refunds/:id')) return refundB;
      if (path.startsWith('/api/pos/parked/:id')) return parkedB;
      if (path.startsWith('/api/customers/:id')) return customerB;
      if (path.startsWith('/api/invoices/from-sale/:saleId')) return saleB.id;
      if (path.startsWith('/api/invoices/:id')) return invoiceB;
      if (path.startsWith('/api/quotes/:id')) return quoteB;
      for (const [prefix, id] of Object.entries(domainIds)) if (path.startsWith(prefix)) return id;
      throw new Error(`No isolation case for ${path}: add one to backend/test/isolation.test.ts`);
    };

    const routes = registeredRoutes(createApp(deps)).filter((r) => r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(5);
    const checked: string[] = [];
    for (const route of routes) {
      const id = idFor(route.path);
      if (id === null) continue;
      // A second parameter (a count line's product) gets B's product too.
      const url = route.path.replace(/:\w+/, id).replace(/:\w+/, productB);
      const res = await a.agent[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](
        url,
      ).send({
        role: 'STAFF',
        action: 'suspend',
        plan: 'pro',
        reason: 'isolation probe',
      });
      expect([403, 404], `${route.method} ${route.path} answered ${res.status}`).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toMatch(/Secreto|secret-b|new-b@b|SECRET|7770001|T-[0-9A-F]{4}-/);
      checked.push(`${route.method} ${route.path}`);
    }
    expect(checked.length).toBeGreaterThan(5);
    // Routes without an id that act on the whole business: A's "retry all" finds nothing of B's.
    const retryAll = await a.agent.post('/api/sync/dead-letters/retry-all').send({});
    expect(retryAll.status).toBe(409);
    expect(retryAll.body.code).toBe('nothing-to-retry');
    for (const fixture of FIXTURES) await fixture.verifyUnchanged?.(b);

    const membership = await deps.db
      .selectFrom('memberships')
      .select(['role', 'status'])
      .where('user_id', '=', userB)
      .executeTakeFirstOrThrow();
    expect(membership).toEqual({ role: 'OWNER', status: 'active' });
    const tenant = await deps.db
      .selectFrom('tenants')
      .select(['status', 'plan'])
      .where('id', '=', tenantB)
      .executeTakeFirstOrThrow();
    expect(tenant).toEqual({ status: 'active', plan: 'free' });
    const invitation = await deps.db
      .selectFrom('invitations')
      .select(['revoked_at'])
      .where('id', '=', invitationB)
      .executeTakeFirstOrThrow();
    expect(invitation.revoked_at).toBeNull();
    const product = await deps.db
      .selectFrom('products')
      .select(['deleted_at', 'price'])
      .where('id', '=', productB)
      .executeTakeFirstOrThrow();
    expect(product).toEqual({ deleted_at: null, price: 100 });
    const order = await deps.db
      .selectFrom('purchase_orders')
      .select('status')
      .where('id', '=', orderB)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('draft');
    const count = await deps.db
      .selectFrom('stock_counts')
      .select('status')
      .where('id', '=', countB)
      .executeTakeFirstOrThrow();
    expect(count.status).toBe('open');
    expect((await agentB.get(`/api/shifts/${shiftB}`).expect(200)).body.status).toBe('open');
    expect((await agentB.get(`/api/invoices/${invoiceB}`).expect(200)).body.status).toBe('draft');
    expect((await agentB.get(`/api/quotes/${quoteB}`).expect(200)).body.status).not.toBe('converted');
    expect((await agentB.get('/api/pos/parked').expect(200)).body.carts).toHaveLength(1);
    expect((await agentB.get(`/api/customers/${customerB}`).expect(200)).body.name).toBe('Secreto Cliente');
    await agentB.get('/api/session').expect(200);
  });
});
