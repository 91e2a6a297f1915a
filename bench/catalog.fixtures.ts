/**
 * Shared data for the catalog benchmarks: realistic shop product names in
 * Spanish and English (accents included), SKUs and EAN-13-like barcodes,
 * generated deterministically so runs compare.
 */
const NOUNS = [
  'Café',
  'Té verde',
  'Leche',
  'Azúcar',
  'Jamón serrano',
  'Queso manchego',
  'Pan de molde',
  'Galletas',
  'Aceite de oliva',
  'Agua mineral',
  'Zumo de naranja',
  'Cerveza',
  'Vino tinto',
  'Chocolate',
  'Piña',
  'Limón',
  'Plátano',
  'Melocotón en almíbar',
  'Atún en aceite',
  'Garbanzos',
  'Coffee beans',
  'Green tea',
  'Whole milk',
  'Sourdough bread',
  'Cheddar cheese',
  'Butter',
  'Apple juice',
  'Orange marmalade',
  'Peanut butter',
  'Crème brûlée',
];
const QUALIFIERS = [
  'ecológico',
  'integral',
  'desnatada',
  'con leche',
  'sin gluten',
  'light',
  'premium',
  'natural',
  'tostado',
  'molido',
  'entera',
  'fresh',
  'organic',
  'extra virgen',
  'descafeinado',
  'año',
];
const BRANDS = ['La Española', 'Hacendado', 'Nestlé', 'Pascual', 'Marcilla', 'Saimaza', 'Kellogg’s', 'Colón'];
const SIZES = ['250 g', '1 kg', '500 ml', '1 l', '6x33 cl', '400 g', '75 cl'];

/** A small deterministic PRNG (mulberry32), so every run builds the same catalog. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

export interface FixtureProduct {
  sku: string;
  name: string;
  price: number;
  cost: number;
  barcode: string;
}

export function fixtureProduct(i: number, rand: () => number): FixtureProduct {
  const name = `${pick(rand, NOUNS)} ${pick(rand, QUALIFIERS)} ${pick(rand, BRANDS)} ${pick(rand, SIZES)}`;
  const price = 50 + Math.floor(rand() * 5000);
  return {
    sku: `SKU-${String(i).padStart(6, '0')}`,
    name,
    price,
    cost: Math.floor(price * 0.6),
    barcode: String(8_400_000_000_000 + i * 7),
  };
}

/** What people type at the counter: name-word prefixes (with and without accents), SKU prefixes, scans. */
export function fixtureQueries(count: number, products: number, rand: () => number): string[] {
  const words = [
    'caf',
    'cafe',
    'CAFÉ',
    'leche des',
    'jamon',
    'jamón serr',
    'queso man',
    'piña',
    'pina',
    'azucar',
    'choc',
    'oliva',
    'aceite oliva virg',
    'agua',
    'zumo nar',
    'cerv',
    'vino tin',
    'limon',
    'platano',
    'melocoton',
    'atun',
    'garb',
    'coffee',
    'green tea',
    'milk',
    'bread',
    'cheddar',
    'butter',
    'creme brulee',
    'nestle',
    'colon',
    'hacendado 1 kg',
    'ecologico',
    'sin glut',
    'descaf',
    'ano',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    const n = Math.floor(rand() * products);
    if (kind === 3)
      out.push(
        `SKU-${String(n)
          .padStart(6, '0')
          .slice(0, 4 + Math.floor(rand() * 3))}`,
      );
    else if (kind === 4) out.push(String(8_400_000_000_000 + n * 7));
    else out.push(pick(rand, words));
  }
  return out;
}
