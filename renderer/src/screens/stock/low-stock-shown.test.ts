import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { LowStockShown } from './LowStockScreen';

const shown = (lang: 'es' | 'en', s: number, total: number) =>
  renderToStaticMarkup(createElement(LowStockShown, { shown: s, total, t: createTranslator(lang) }));

describe('the low-stock list says when it is cut', () => {
  it('100 of 150 listed: "Mostrando 100 de 150" / "Showing 100 of 150"', () => {
    expect(shown('es', 100, 150)).toContain('Mostrando 100 de 150 productos con stock bajo.');
    expect(shown('en', 100, 150)).toContain('Showing 100 of 150 low products.');
  });

  it('every low product listed: no notice', () => {
    expect(shown('es', 12, 12)).toBe('');
  });

  it('the confirmation names how many products the button orders', () => {
    expect(createTranslator('es').plural('low.confirmBody', 150)).toContain(
      'los 150 productos con stock bajo',
    );
    expect(createTranslator('en').plural('low.confirmBody', 150)).toContain('all 150 low products');
  });
});
