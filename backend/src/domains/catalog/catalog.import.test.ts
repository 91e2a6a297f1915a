import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';
import { parseCsv } from './catalog.csv.js';
import { parseDecimal } from './catalog.import.js';

const HEADER =
  'sku,name,description,category,unit,price,cost,tax_rate,tracked,active,reorder_point,reorder_qty,barcodes';

async function shopWithCategories() {
  const shop = await ownerAgent();
  const drinks = (await shop.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201))
    .body;
  await shop.agent.post('/api/catalog/categories').send({ name: 'Café', parentId: drinks.id }).expect(201);
  return shop;
}

const preview = (agent: TestAgent, csv: string) =>
  agent.post('/api/catalog/import/preview').type('text/csv').send(csv).expect(200);

async function productCount(agent: TestAgent) {
  return (await agent.get('/api/catalog/products').expect(200)).body.total as number;
}

describe('the CSV reader', () => {
  it('handles quotes, escaped quotes, quoted newlines, CRLF, a BOM and ; as delimiter', () => {
    const table = parseCsv(
      '\uFEFFsku;name;price\r\nA;"Café ""solo""; corto";1,50\r\nB;"two\r\nlines";2\r\n\r\n',
    );
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['sku', 'name', 'price']);
    expect(table.records).toEqual([
      { row: 1, fields: ['A', 'Café "solo"; corto', '1,50'] },
      { row: 2, fields: ['B', 'two\r\nlines', '2'] },
    ]);
  });

  it('refuses a file whose header is one column or whose quote never closes', () => {
    expect(() => parseCsv('sku\tname\tprice\nA\tB\t1\n')).toThrow(/single column/);
    expect(() => parseCsv('sku,name\n"A,B\n')).toThrow(/never closed/);
  });

  it('reads amounts with . or , and at most the currency decimals', () => {
    expect(parseDecimal('1.50', 2)).toBe(150);
    expect(parseDecimal('1,5', 2)).toBe(150);
    expect(parseDecimal('12', 2)).toBe(1200);
    expect(parseDecimal('1.505', 2)).toBeNull();
    expect(parseDecimal('abc', 2)).toBeNull();
    expect(parseDecimal('1.234,50', 2)).toBeNull();
  });
});

describe('catalog CSV import', () => {
  it('previews a ; file with a BOM and a quoted newline, resolving category paths', async () => {
    const { agent } = await shopWithCategories();
    const csv = `\uFEFFsku;name;description;category;price;tax_rate;barcodes\r\nA-1;Café molido;"Tueste natural\r\n250 g";Bebidas > Café;4,95;10;841|842\r\n`;
    const res = await preview(agent, csv);
    expect(res.body).toMatchObject({ rows: 1, valid: 1, errors: [] });
    expect(res.body.sample[0]).toMatchObject({
      sku: 'A-1',
      description: 'Tueste natural\r\n250 g',
      categoryPath: 'Bebidas > Café',
      price: 495,
      taxRateBp: 1000,
      barcodes: ['841', '842'],
    });
  });

  it('reports each bad row with its row and field and writes nothing', async () => {
    const { agent } = await shopWithCategories();
    await agent
      .post('/api/catalog/products')
      .send({ sku: 'EXISTS', name: 'Ya está', price: 100, barcodes: ['555'] })
      .expect(201);
    const csv = [
      'sku,name,category,price,barcodes',
      'A,Agua,Bebidas,1.00,',
      'B,Bollo,Panadería,2.00,',
      'A,Agua otra vez,,1.00,',
      'C,Cerveza,,uno,',
      'D,Donut,,-1,',
      'EXISTS,Repetido,,1,',
      'E,Ensaimada,,1,555',
      'F,Flan,,1,900|900',
    ].join('\n');
    const res = await preview(agent, csv);
    expect(res.body.rows).toBe(8);
    expect(res.body.valid).toBe(1);
    expect(
      res.body.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]),
    ).toEqual([
      [2, 'category', 'category-unknown'],
      [3, 'sku', 'sku-taken'],
      [4, 'price', 'amount-invalid'],
      [5, 'price', 'amount-negative'],
      [6, 'sku', 'sku-taken'],
      [7, 'barcodes.0', 'barcode-taken'],
      [8, 'barcodes.1', 'barcode-taken'],
    ]);
    const refused = await agent.post('/api/catalog/import').type('text/csv').send(csv).expect(400);
    expect(refused.body.code).toBe('import-invalid');
    expect(refused.body.errors).toHaveLength(7);
    expect(await productCount(agent)).toBe(1);
  });

  it('names missing columns and refuses an unreadable file', async () => {
    const { agent } = await ownerAgent();
    const res = await preview(agent, 'sku;nombre\nA;Agua\n');
    expect(res.body.errors).toEqual([
      { row: 0, field: 'name', code: 'column-missing', message: 'The file has no "name" column' },
      { row: 0, field: 'price', code: 'column-missing', message: 'The file has no "price" column' },
    ]);
    const tabs = await agent.post('/api/catalog/import/preview').type('text/csv').send('sku\tname\tprice\n');
    expect(tabs.status).toBe(400);
    expect(tabs.body.code).toBe('csv-malformed');
    const mixed = await preview(agent, 'sku;name;price\nA,Agua,1\n');
    expect(mixed.body.errors[0]).toMatchObject({ row: 1, field: '(row)', code: 'csv-malformed' });
  });

  it('refuses a file over 10 MB', async () => {
    const { agent } = await ownerAgent();
    const big = `sku,name,price\n${'X,'.repeat(5_300_000)}`;
    const res = await agent.post('/api/catalog/import/preview').type('text/csv').send(big);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload-too-large');
  });

  it('imports a valid file in one command, streaming progress lines, and the export reads back with no errors', async () => {
    const { agent } = await shopWithCategories();
    const rows = Array.from(
      { length: 2_500 },
      (_, i) =>
        `SKU-${String(i).padStart(5, '0')},"Producto ${i}, ñandú",,Bebidas > Café,kg,${i}.25,1,21,yes,${i % 2 ? 'sí' : 'no'},1.5,10,${8_400_000 + i}`,
    );
    const csv = [HEADER, ...rows].join('\r\n');
    const res = await agent
      .post('/api/catalog/import')
      .type('text/csv')
      .send(csv)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { type: 'progress', done: 1000, total: 2500 },
      { type: 'progress', done: 2000, total: 2500 },
      { type: 'progress', done: 2500, total: 2500 },
      { type: 'done', imported: 2500 },
    ]);
    expect(await productCount(agent)).toBe(2500);
    const one = (await agent.get('/api/catalog/search').query({ q: 'nandu 7' }).expect(200)).body.results[0];
    expect(one).toMatchObject({
      name: 'Producto 7, ñandú',
      unit: 'kg',
      price: 725,
      taxRateBp: 2100,
      active: true,
    });
    const audit = await agent.get('/api/audit').expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      command: 'catalog.products.import',
      summary: { after: { imported: 2500 } },
    });

    const exported = await agent.get('/api/catalog/export').expect(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename="?products\.csv"?/);
    expect(exported.text.split('\r\n')[0]).toBe(`\uFEFF${HEADER}`);
    expect(exported.text).toContain(
      'SKU-00007,"Producto 7, ñandú",,Bebidas > Café,kg,7.25,1.00,21,yes,yes,1.5,10,8400007',
    );

    // Against an empty catalog (the same file would now collide with itself), the export is a clean import file.
    const fresh = await shopWithCategories();
    const roundTrip = await preview(fresh.agent, exported.text);
    expect(roundTrip.body).toMatchObject({ rows: 2500, valid: 2500, errors: [] });
  });
});
