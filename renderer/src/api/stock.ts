/** Calls to the stock API (docs/api/catalog-stock.md, "Stock"). */
import {
  type AdjustmentReason,
  adjustmentRequest,
  type CountDetail,
  type CountLineView,
  type CountView,
  countLineRequest,
  type LocationView,
  type LowStockList,
  locationRequest,
  type MovementPage,
  type MovementView,
  type OversellView,
  oversellResolveRequest,
  type TransferView,
  transferRequest,
} from '../contract';
import { id, query, request, validate } from './client';

type Params = Record<string, string | undefined>;

export interface AdjustmentInput {
  id?: string;
  productId: string;
  locationId: string;
  qty: number;
  reason: AdjustmentReason;
  note?: string;
}

export interface TransferInput {
  id?: string;
  productId: string;
  fromLocationId: string;
  toLocationId: string;
  qty: number;
  note?: string;
}

export const stockApi = {
  locations: () => request<{ locations: LocationView[] }>('GET', '/api/stock/locations'),

  createLocation: (input: { id?: string; name: string }) =>
    request<LocationView>('POST', '/api/stock/locations', { body: validate(locationRequest, input) }),

  renameLocation: (locationId: string, name: string) =>
    request<LocationView>('PATCH', `/api/stock/locations/${id(locationId)}`, { body: { name } }),

  movements: (params: Params) => request<MovementPage>('GET', `/api/stock/movements${query(params)}`),

  adjust: (input: AdjustmentInput) =>
    request<MovementView>('POST', '/api/stock/adjustments', { body: validate(adjustmentRequest, input) }),

  transfer: (input: TransferInput) =>
    request<TransferView>('POST', '/api/stock/transfers', { body: validate(transferRequest, input) }),

  counts: (status?: string) =>
    request<{ counts: CountView[] }>('GET', `/api/stock/counts${query({ status })}`),

  count: (countId: string) => request<CountDetail>('GET', `/api/stock/counts/${id(countId)}`),

  startCount: (input: { id?: string; locationId: string; categoryId?: string }) =>
    request<CountView>('POST', '/api/stock/counts', { body: input }),

  setCounted: (countId: string, productId: string, counted: number) =>
    request<CountLineView>('PUT', `/api/stock/counts/${id(countId)}/lines/${id(productId)}`, {
      body: validate(countLineRequest, { counted }),
    }),

  scan: (countId: string, barcode: string) =>
    request<CountLineView>('POST', `/api/stock/counts/${id(countId)}/scan`, { body: { barcode, qty: 1 } }),

  postCount: (countId: string) =>
    request<{ movements: MovementView[] }>('POST', `/api/stock/counts/${id(countId)}/post`),

  cancelCount: (countId: string) => request<CountView>('POST', `/api/stock/counts/${id(countId)}/cancel`),

  lowStock: (limit?: number) =>
    request<LowStockList>('GET', `/api/stock/low${query({ limit: limit?.toString() })}`),

  oversells: (status: 'open' | 'resolved') =>
    request<{ exceptions: OversellView[] }>('GET', `/api/stock/oversells${query({ status })}`),

  resolveOversell: (exceptionId: string, note: string) =>
    request<OversellView>('POST', `/api/stock/oversells/${id(exceptionId)}/resolve`, {
      body: validate(oversellResolveRequest, { note }),
    }),
};
