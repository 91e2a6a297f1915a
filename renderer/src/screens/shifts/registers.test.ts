/**
 * The register column of the shifts history: never a raw device id, but "this register", the name
 * the hub gave a device, or the tag its receipts carry.
 */
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../../backend/test/helpers';
import { createTranslator } from '../../i18n';
import { registerTag, registerText } from './registers';

const OTHER = '01938a6e-7c1d-7f00-8a2b-4c5d6e7fab12';
const HERE = '01938a6e-7c1d-7f00-8a2b-4c5d6e7f0001';

describe('naming a register', () => {
  it('shows this register as such, another by its enrolled name or else its receipt tag', () => {
    const es = createTranslator('es');
    const en = createTranslator('en');
    const known = { thisDevice: HERE, names: new Map([['named-device', 'Caja 1']]) };
    expect(registerText(es, HERE, known)).toBe('Esta caja');
    expect(registerText(en, HERE, known)).toBe('This register');
    expect(registerText(es, 'named-device', known)).toBe('Caja 1');
    expect(registerText(es, OTHER, known)).toBe('Caja AB12');
    expect(registerText(en, OTHER, known)).toBe('Register AB12');
    // Before this register is known, it is named by its tag too, never by its id.
    expect(registerText(es, HERE, { thisDevice: null, names: new Map() })).toBe('Caja 0001');
  });

  it("uses the tag this register's receipt numbers carry, and knows this register by its session", async () => {
    const { agent, deps } = await ownerAgent();
    const shift = (await agent.post('/api/shifts').send({ denominations: [] }).expect(201)).body;
    const product = (
      await agent
        .post('/api/catalog/products')
        .send({ sku: 'AGUA', name: 'Agua', price: 120, taxRateBp: 1000, tracked: false })
        .expect(201)
    ).body;
    const sale = (
      await agent
        .post('/api/pos/sales')
        .send({ lines: [{ productId: product.id, qty: 1 }], payments: [{ method: 'cash', amount: 120 }] })
        .expect(201)
    ).body;
    expect(sale.number).toContain(`-${registerTag(shift.deviceId)}-`);
    expect(registerTag(shift.deviceId)).toMatch(/^[0-9A-F]{4}$/);
    // The console's own sessions name the device its shifts are opened on.
    const { sessions } = (await agent.get('/api/sessions').expect(200)).body;
    const current = sessions.find((s: { current: boolean }) => s.current);
    expect(current.deviceId).toBe(shift.deviceId);
    expect(shift.deviceId).toBe(deps.deviceId);
  });
});
