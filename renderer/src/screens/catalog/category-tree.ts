import type { CategoryView } from '../../contract';

export interface TreeCategory extends CategoryView {
  depth: number;
}

/** Categories in tree order (each parent before its children, siblings by name), with their depth. */
export function categoryTree(categories: readonly CategoryView[]): TreeCategory[] {
  const children = new Map<string | null, CategoryView[]>();
  const ids = new Set(categories.map((c) => c.id));
  for (const category of categories) {
    // A parent that is not in the list (deleted meanwhile) puts the child at the root.
    const parent = category.parentId && ids.has(category.parentId) ? category.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  const result: TreeCategory[] = [];
  const visit = (parent: string | null, depth: number) => {
    const siblings = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const category of siblings) {
      result.push({ ...category, depth });
      visit(category.id, depth + 1);
    }
  };
  visit(null, 0);
  return result;
}

/** The category and every category below it: where it cannot be moved. */
export function descendantsOf(categories: readonly CategoryView[], rootId: string): Set<string> {
  const found = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of categories) {
      if (category.parentId && found.has(category.parentId) && !found.has(category.id)) {
        found.add(category.id);
        grew = true;
      }
    }
  }
  return found;
}

/** Options for a category select, indented by depth so the tree shows. */
export function categoryOptions(categories: readonly CategoryView[]): { value: string; label: string }[] {
  return categoryTree(categories).map((c) => ({
    value: c.id,
    label: `${'\u00a0\u00a0\u00a0'.repeat(c.depth)}${c.name}`,
  }));
}
