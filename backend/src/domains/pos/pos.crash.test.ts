/**
 * Crash safety (issue 5): SIGKILL the served console while sales are being
 * recorded; after a restart every acknowledged sale is present exactly once,
 * whole, and no half-written sale exists.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers.js';
import { openSqlite } from '../../db/sqlite.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

async function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/serve.ts'], {
    cwd: ROOT,
    env: { ...process.env, MOSTRADOR_DATA_DIR: dataDir, MOSTRADOR_PORT: '0', MOSTRADOR_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`console exited (${code}) before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`console did not start:\n${output}`)), 30_000);
  });
  return { url, child };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('crash safety', () => {
  it('keeps every acknowledged sale exactly once and none half-written across SIGKILLs', async () => {
    const dataDir = tempDir('mostrador-crash-');
    let { url, child } = await serve(dataDir);
    const setup = await fetch(`${url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        business: { name: 'Crash', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
        owner: { name: 'Ana', email: 'ana@example.com', password: 'correct-horse-9' },
      }),
    });
    expect(setup.status).toBe(201);
    const cookie = (setup.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const post = (base: string, route: string, body: unknown) =>
      fetch(`${base}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
    const products: string[] = [];
    for (const [i, price] of [120, 1999, 45].entries()) {
      const res = await post(url, '/api/catalog/products', {
        sku: `C-${i}`,
        name: `P ${i}`,
        price,
        taxRateBp: 2100,
        // The second is weighed: the sales take 0,375 kg of it.
        unit: i === 1 ? 'kg' : 'unit',
      });
      expect(res.status).toBe(201);
      products.push((await res.json()).id);
    }
    const db = openSqlite(path.join(dataDir, 'mostrador.db'));
    const device = await db
      .selectFrom('devices')
      .select('id')
      .where('kind', '=', 'self')
      .executeTakeFirstOrThrow();
    const tenant = await db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('shifts')
      .values({
        id: uuidv7(),
        tenant_id: tenant.id,
        device_id: device.id,
        opened_by: null,
        opened_at: new Date().toISOString(),
        opening_float: 0,
        opening_denominations: '[]',
        status: 'open',
        closed_by: null,
        closed_at: null,
        close_note: null,
        op_id: uuidv7(),
      })
      .execute();
    await db.destroy();

    const acknowledged: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const base = url;
      const killAfter = 150 + Math.floor(Math.random() * 500);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfter);
      const inFlight = Array.from({ length: 3 }, async () => {
        for (;;) {
          const id = uuidv7();
          try {
            const res = await post(base, '/api/pos/sales', {
              id,
              lines: products.map((productId, i) => ({ productId, qty: i === 1 ? 0.375 : i + 1 })),
              payments: [{ method: 'cash', amount: 5000 }],
            });
            if (res.status === 201) acknowledged.push(id);
            else throw new Error(`sale answered ${res.status}: ${await res.text()}`);
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('sale answered')) throw err;
            return;
          }
        }
      });
      await Promise.all(inFlight);
      clearTimeout(timer);
      await killed(child);
      ({ url, child } = await serve(dataDir));
    }
    await killed(child);
    expect(acknowledged.length).toBeGreaterThan(0);

    const check = openSqlite(path.join(dataDir, 'mostrador.db'));
    try {
      const sales = await check
        .selectFrom('sales')
        .select(['id', 'number', 'total', 'paid', 'change'])
        .execute();
      const ids = new Set(sales.map((s) => s.id));
      expect(ids.size).toBe(sales.length);
      for (const id of acknowledged) expect(ids.has(id), `acknowledged sale ${id}`).toBe(true);
      for (const sale of sales) {
        const lines = await check
          .selectFrom('sale_lines')
          .select(['total'])
          .where('sale_id', '=', sale.id)
          .execute();
        const payments = await check
          .selectFrom('sale_payments')
          .select('amount')
          .where('sale_id', '=', sale.id)
          .execute();
        const movements = await check
          .selectFrom('stock_movements')
          .select('id')
          .where('ref_id', '=', sale.id)
          .execute();
        expect([lines.length, payments.length, movements.length], sale.number).toEqual([3, 1, 3]);
        expect(lines.reduce((a, l) => a + Number(l.total), 0)).toBe(Number(sale.total));
        expect(Number(sale.paid) - Number(sale.change)).toBe(Number(sale.total));
      }
      const ops = await check
        .selectFrom('ops')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('command', '=', 'pos.sale.record')
        .executeTakeFirstOrThrow();
      expect(Number(ops.n)).toBe(sales.length);
      // Gap-free receipt numbers: 1..N with no holes or repeats.
      const numbers = sales.map((s) => Number(s.number.split('-').at(-1))).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const balances = await check.selectFrom('stock_balances').select(['on_hand_milli']).execute();
      const movementSum = await check
        .selectFrom('stock_movements')
        .select((eb) => eb.fn.sum<number>('qty_milli').as('s'))
        .executeTakeFirstOrThrow();
      expect(balances.reduce((a, b) => a + Number(b.on_hand_milli), 0)).toBe(Number(movementSum.s));
    } finally {
      await check.destroy();
    }
  }, 120_000);
});
