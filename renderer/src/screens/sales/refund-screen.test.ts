import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, problemOf, validate } from '../../api/client';
import { type Problem, type RefundView, refundRequest, type UiLanguage } from '../../contract';
import { RefundDone } from './RefundScreen';
import { refundFailure } from './refund-screen';

// The refund screen reads the open business and the UI language from the app's stores; here they
// are a Spanish shop and whichever language a test picks.
const ui = vi.hoisted(() => ({ lang: 'es' as UiLanguage }));
vi.mock('../../stores/language', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/language')>()),
  useLanguage: <T>(select: (s: { lang: UiLanguage }) => T) => select({ lang: ui.lang }),
}));
vi.mock('../../stores/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../stores/session')>()),
  useTenantSession: () => ({
    tenant: { name: 'Tienda Ana', currency: 'EUR', locale: 'es-ES', timeZone: 'Europe/Madrid' },
  }),
}));

beforeEach(() => {
  ui.lang = 'es';
});

function refund(payments: RefundView['payments']): RefundView {
  const total = payments.reduce((sum, p) => sum + p.amount, 0);
  return {
    id: 'r1',
    number: 'R-AB12-000001',
    saleId: 's1',
    saleNumber: 'T-AB12-000001',
    base: total,
    tax: 0,
    total,
    reason: null,
    actorId: null,
    approvedBy: null,
    createdAt: '2026-12-07T10:00:00.000Z',
    lines: [],
    payments,
    taxes: [],
    creditNoteNumber: null,
  };
}

/** The done message as a cashier reads it, and the text inside its role=status region. */
function doneText(view: RefundView) {
  const html = renderToStaticMarkup(createElement(RefundDone, { refund: view }));
  const status = /<div role="status"[^>]*>(.*)<\/div>/s.exec(html)?.[1] ?? '';
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return { all: text(html), status: text(status) };
}

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');

describe('refund done message', () => {
  it('says how much goes back by each method and how much cash to hand over, in Spanish', () => {
    const { status } = doneText(
      refund([
        { method: 'card', amount: 600 },
        { method: 'cash', amount: 400 },
      ]),
    );
    expect(nbsp(status)).toContain('Devolución R-AB12-000001 registrada: 10,00 €.');
    expect(nbsp(status)).toContain('Efectivo 4,00 € · Tarjeta 6,00 €');
    expect(nbsp(status)).toContain('Devuelve en efectivo: 4,00 €');
  });

  it('uses the English labels with the business’s money format', () => {
    ui.lang = 'en';
    const { status } = doneText(
      refund([
        { method: 'card', amount: 600 },
        { method: 'cash', amount: 400 },
      ]),
    );
    expect(nbsp(status)).toContain('Cash 4,00 € · Card 6,00 €');
    expect(nbsp(status)).toContain('Give back in cash: 4,00 €');
  });

  it('names a business’s own method as configured and asks for no cash when none goes back in cash', () => {
    const { status } = doneText(
      refund([
        { method: 'Bizum', amount: 250 },
        { method: 'card', amount: 750 },
      ]),
    );
    expect(nbsp(status)).toContain('Bizum 2,50 € · Tarjeta 7,50 €');
    expect(status).not.toContain('efectivo');
  });
});

const lineIds = ['line-a', 'line-b'];

function problem(code: string, status: number, field?: string): Problem {
  return { type: 'about:blank', title: code, status, code, ...(field ? { field } : {}) };
}

/** The problem the client's own validation gives for a body, as the screen sees it. */
function validationProblem(body: unknown): Problem {
  try {
    validate(refundRequest, body);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return problemOf(e);
  }
  throw new Error('expected the body to fail validation');
}

describe('refund problems while the approval PIN dialog is open', () => {
  const body = {
    saleId: 's1',
    lines: [{ saleLineId: 'line-a', qty: 1, disposition: 'return' as const }],
    method: 'original' as const,
    reason: null,
  };

  it('keeps problems with the PIN in the dialog', () => {
    expect(refundFailure(problem('approval-pin-invalid', 403, 'approvalPin'), lineIds, true)).toEqual({
      show: 'pin',
      code: 'approval-pin-invalid',
    });
    expect(refundFailure(problem('rate-limited', 429), lineIds, true)).toEqual({
      show: 'pin',
      code: 'rate-limited',
    });
    expect(refundFailure(validationProblem({ ...body, approvalPin: '123' }), lineIds, true)).toEqual({
      show: 'pin',
      code: 'pin-format',
    });
    expect(refundFailure(validationProblem({ ...body, approvalPin: '' }), lineIds, true)).toEqual({
      show: 'pin',
      code: 'pin-format',
    });
  });

  it('sends other problems to the form: the line another register refunded meanwhile, or its alert', () => {
    expect(refundFailure(problem('refund-exceeds-sold', 409, 'lines.1.qty'), lineIds, true)).toEqual({
      show: 'form',
      at: 'line-b',
      code: 'refund-exceeds-sold',
      closeDialog: true,
    });
    expect(refundFailure(problem('shift-not-open', 409), lineIds, true)).toEqual({
      show: 'form',
      at: 'form',
      code: 'shift-not-open',
      closeDialog: true,
    });
  });

  it('asks for the PIN when the refund is over the limit, and leaves problems without the dialog on the form', () => {
    expect(refundFailure(problem('approval-required', 403, 'approvalPin'), lineIds, false)).toEqual({
      show: 'ask-pin',
    });
    expect(refundFailure(problem('refund-exceeds-sold', 409, 'lines.0.qty'), lineIds, false)).toEqual({
      show: 'form',
      at: 'line-a',
      code: 'refund-exceeds-sold',
      closeDialog: false,
    });
  });
});
