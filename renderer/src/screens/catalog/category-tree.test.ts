import { describe, expect, it } from 'vitest';
import { categoryTree, descendantsOf } from './category-tree';

const cat = (id: string, name: string, parentId: string | null = null) => ({
  id,
  name,
  parentId,
  path: name,
});

describe('category tree', () => {
  const categories = [cat('t', 'Té', 'b'), cat('b', 'Bebidas'), cat('c', 'Café', 'b'), cat('a', 'Alimentos')];

  it('orders parents before children, siblings by name, with their depth', () => {
    expect(categoryTree(categories).map((c) => [c.name, c.depth])).toEqual([
      ['Alimentos', 0],
      ['Bebidas', 0],
      ['Café', 1],
      ['Té', 1],
    ]);
  });

  it('finds a category and everything below it', () => {
    expect([...descendantsOf([...categories, cat('e', 'Espresso', 'c')], 'b')].sort()).toEqual([
      'b',
      'c',
      'e',
      't',
    ]);
  });
});
