/** Calls to the suppliers and purchase-orders API (docs/api/catalog-stock.md, "Suppliers and purchasing"). */
import type { z } from 'zod';
import {
  type FromLowStockResult,
  type PurchaseOrderListPage,
  type PurchaseOrderStatus,
  type PurchaseOrderView,
  purchaseOrderCreateRequest,
  type ReceiveResult,
  receiveRequest,
  type SupplierView,
  supplierCreateRequest,
  supplierUpdateRequest,
} from '../contract';
import { id, query, request, validate } from './client';

export const purchasingApi = {
  suppliers: (q?: string) => request<{ suppliers: SupplierView[] }>('GET', `/api/suppliers${query({ q })}`),

  createSupplier: async (input: z.input<typeof supplierCreateRequest>) =>
    request<SupplierView>('POST', '/api/suppliers', { body: validate(supplierCreateRequest, input) }),

  updateSupplier: async (supplierId: string, input: z.input<typeof supplierUpdateRequest>) =>
    request<SupplierView>('PATCH', `/api/suppliers/${id(supplierId)}`, {
      body: validate(supplierUpdateRequest, input),
    }),

  deleteSupplier: (supplierId: string) => request<void>('DELETE', `/api/suppliers/${id(supplierId)}`),

  /** One page of the orders, newest first; `after` is the previous page's `next`. */
  orders: (filters: {
    status?: PurchaseOrderStatus | '';
    supplierId?: string;
    limit?: number;
    after?: string;
  }) =>
    request<PurchaseOrderListPage>(
      'GET',
      `/api/purchase-orders${query({
        status: filters.status || undefined,
        supplierId: filters.supplierId,
        limit: filters.limit === undefined ? undefined : String(filters.limit),
        after: filters.after,
      })}`,
    ),

  order: (orderId: string) => request<PurchaseOrderView>('GET', `/api/purchase-orders/${id(orderId)}`),

  createOrder: async (input: z.input<typeof purchaseOrderCreateRequest>) =>
    request<PurchaseOrderView>('POST', '/api/purchase-orders', {
      body: validate(purchaseOrderCreateRequest, input),
    }),

  send: (orderId: string) => request<PurchaseOrderView>('POST', `/api/purchase-orders/${id(orderId)}/send`),

  receive: async (orderId: string, input: z.input<typeof receiveRequest>) =>
    request<ReceiveResult>('POST', `/api/purchase-orders/${id(orderId)}/receive`, {
      body: validate(receiveRequest, input),
    }),

  close: (orderId: string) => request<PurchaseOrderView>('POST', `/api/purchase-orders/${id(orderId)}/close`),

  cancel: (orderId: string) =>
    request<PurchaseOrderView>('POST', `/api/purchase-orders/${id(orderId)}/cancel`),

  fromLowStock: () => request<FromLowStockResult>('POST', '/api/purchase-orders/from-low-stock'),
};
