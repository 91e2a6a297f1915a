/**
 * The member form's company select lists a page of the companies a search finds: it must say when
 * more match than it lists (type to find them) and keep the chosen company while a search does
 * not find it.
 */
import { describe, expect, it } from 'vitest';
import { companyChoices } from './MemberFormScreen';

const company = (n: number) => ({ id: `c${n}`, name: `Empresa ${String(n).padStart(3, '0')}` });
const page = Array.from({ length: 50 }, (_, n) => company(n));

describe('company choices on the member form', () => {
  it('says how many are listed of how many match when the page does not hold them all', () => {
    const r = companyChoices({ members: page, total: 312 }, null);
    expect(r.options).toHaveLength(50);
    expect(r.more).toEqual({ shown: 50, total: 312 });
  });

  it('says nothing more when every match is listed', () => {
    expect(companyChoices({ members: page.slice(0, 3), total: 3 }, null).more).toBeNull();
  });

  it('keeps the chosen company listed, first, when the search does not find it', () => {
    const chosen = company(280);
    const r = companyChoices({ members: page, total: 312 }, chosen);
    expect(r.options[0]).toEqual(chosen);
    expect(r.options).toHaveLength(51);
    expect(companyChoices({ members: [chosen], total: 1 }, chosen).options).toEqual([chosen]);
  });
});
