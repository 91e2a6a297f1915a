/**
 * Calls to the point-of-sale, shifts and refunds API (routes under /api/pos and /api/shifts).
 */
import type { z } from 'zod';
import {
  type CashMovementView,
  cashMovementRequest,
  emailReceiptRequest,
  type ParkedCartView,
  type PosSettings,
  parkedCartRequest,
  posSettingsUpdateRequest,
  type ReceiptView,
  type RefundView,
  refundRequest,
  type SaleListQuery,
  type SaleSummary,
  type SaleView,
  type ShiftListQuery,
  type ShiftReport,
  type ShiftView,
  saleRequest,
  shiftCloseRequest,
  shiftOpenRequest,
} from '../contract';
import { id, query, request, validate } from './client';

export const posApi = {
  settings: () => request<PosSettings>('GET', '/api/pos/settings'),

  updateSettings: async (input: z.input<typeof posSettingsUpdateRequest>) =>
    request<PosSettings>('PUT', '/api/pos/settings', { body: validate(posSettingsUpdateRequest, input) }),

  /** `idempotencyKey`: the same for a sale sent again after its answer was lost (SubmitAttempt). */
  recordSale: async (input: z.input<typeof saleRequest>, idempotencyKey?: string) =>
    request<SaleView>('POST', '/api/pos/sales', { body: validate(saleRequest, input), idempotencyKey }),

  sales: (params: Omit<SaleListQuery, 'limit' | 'offset'> & { limit?: number; offset?: number }) =>
    request<{ sales: SaleSummary[]; total?: number }>(
      'GET',
      `/api/pos/sales${query({ ...params, limit: params.limit?.toString(), offset: params.offset?.toString() })}`,
    ),

  sale: (saleId: string) => request<SaleView>('GET', `/api/pos/sales/${id(saleId)}`),

  receipt: (saleId: string) => request<ReceiptView>('GET', `/api/pos/sales/${id(saleId)}/receipt`),

  /** A scanned or typed receipt number. */
  receiptByNumber: (number: string) => request<ReceiptView>('GET', `/api/pos/receipts/${id(number)}`),

  /** Records the reprint (audited) and answers the receipt marked as a copy. */
  reprint: (saleId: string) => request<ReceiptView>('POST', `/api/pos/sales/${id(saleId)}/reprint`),

  emailReceipt: async (saleId: string, input: z.input<typeof emailReceiptRequest>) =>
    request<{ sentTo: string }>('POST', `/api/pos/sales/${id(saleId)}/email`, {
      body: validate(emailReceiptRequest, input),
    }),

  refund: async (input: z.input<typeof refundRequest>, idempotencyKey?: string) =>
    request<RefundView>('POST', '/api/pos/refunds', { body: validate(refundRequest, input), idempotencyKey }),

  parked: () => request<{ carts: ParkedCartView[] }>('GET', '/api/pos/parked'),

  park: async (input: z.input<typeof parkedCartRequest>) =>
    request<{ id: string }>('POST', '/api/pos/parked', { body: validate(parkedCartRequest, input) }),

  /** Takes a parked cart back to the counter (it is gone from the list afterwards). */
  resume: (parkedId: string) => request<unknown>('POST', `/api/pos/parked/${id(parkedId)}/resume`),

  /** Throws a parked cart away without resuming it. */
  discardParked: (parkedId: string) => request<void>('DELETE', `/api/pos/parked/${id(parkedId)}`),
};

export const shiftsApi = {
  /** Newest first; STAFF only ever get this register's shifts. */
  list: (params: Omit<ShiftListQuery, 'limit'>) =>
    request<{ shifts: ShiftView[] }>('GET', `/api/shifts${query({ ...params })}`),

  /** This register's open shift, or null. */
  current: async () => (await request<{ shift: ShiftView | null }>('GET', '/api/shifts/current')).shift,

  open: async (input: z.input<typeof shiftOpenRequest>) =>
    request<ShiftView>('POST', '/api/shifts', { body: validate(shiftOpenRequest, input) }),

  cashMovement: async (
    shiftId: string,
    kind: 'paid-in' | 'paid-out',
    input: z.input<typeof cashMovementRequest>,
  ) =>
    request<CashMovementView>('POST', `/api/shifts/${id(shiftId)}/${kind}`, {
      body: validate(cashMovementRequest, input),
    }),

  report: (shiftId: string) => request<ShiftReport>('GET', `/api/shifts/${id(shiftId)}/report`),

  close: async (shiftId: string, input: z.input<typeof shiftCloseRequest>) =>
    request<ShiftReport>('POST', `/api/shifts/${id(shiftId)}/close`, {
      body: validate(shiftCloseRequest, input),
    }),
};
