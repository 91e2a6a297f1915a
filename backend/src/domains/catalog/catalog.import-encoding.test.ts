/**
 * Excel on a Spanish Windows saves "CSV (delimitado por punto y coma)" in
 * Windows-1252, not UTF-8, and the browser sends the file's bytes with no
 * charset. The import reads such a file with its accents (and €), and a UTF-8
 * file, with or without a BOM, as before.
 */
import { describe, expect, it } from 'vitest';
import { ownerAgent } from '../../../test/helpers.js';

/** The bytes Excel writes for this text in Windows-1252 (latin1 plus € at 0x80). */
function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      if (ch === '€') return 0x80;
      const code = ch.charCodeAt(0);
      if (code > 0xff) throw new Error(`not in the test's Windows-1252: ${ch}`);
      return code;
    }),
  );
}

const FILE =
  'sku;name;description;price\r\nCAF-1;Café molido;Tueste ñ, 2 €;1,50\r\nPAN-1;Pan de año;;0,90\r\n';

async function importOf(bytes: Buffer, contentType = 'text/csv') {
  const s = await ownerAgent();
  const preview = await s.agent
    .post('/api/catalog/import/preview')
    .set('content-type', contentType)
    .send(bytes);
  const run = await s.agent.post('/api/catalog/import').set('content-type', contentType).send(bytes);
  const products = (await s.agent.get('/api/catalog/products?sort=sku').expect(200)).body.products as {
    sku: string;
    name: string;
    description: string | null;
  }[];
  return { preview, run, products };
}

describe('CSV import encodings', () => {
  it('a Windows-1252 file from Excel is read with its accents and €', async () => {
    const { preview, run, products } = await importOf(windows1252(FILE));
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.sample.map((d: { name: string }) => d.name)).toEqual(['Café molido', 'Pan de año']);
    expect(run.status).toBe(200);
    expect(run.text).toContain('"type":"done","imported":2');
    expect(products.map((p) => [p.sku, p.name, p.description])).toEqual([
      ['CAF-1', 'Café molido', 'Tueste ñ, 2 €'],
      ['PAN-1', 'Pan de año', null],
    ]);
  });

  it('a UTF-8 file with a BOM (Excel "CSV UTF-8") keeps its header and accents', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FILE, 'utf8')]);
    const { preview, products } = await importOf(bytes, 'text/plain');
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.columns).toContain('sku');
    expect(products.map((p) => p.name)).toEqual(['Café molido', 'Pan de año']);
  });

  it('a UTF-8 file without a BOM is read as UTF-8, not as Windows-1252', async () => {
    const { products } = await importOf(Buffer.from(FILE, 'utf8'), 'text/csv; charset=utf-8');
    expect(products.map((p) => [p.name, p.description])).toEqual([
      ['Café molido', 'Tueste ñ, 2 €'],
      ['Pan de año', null],
    ]);
  });
});
