/** Calls to the catalog API (docs/api/catalog-stock.md, "Catalog"). */
import type { z } from 'zod';
import {
  type CategoryView,
  createCategoryRequest,
  createProductRequest,
  type ImportPreview,
  type ImportProgressLine,
  type ProductDetail,
  type ProductLite,
  type ProductView,
  updateCategoryRequest,
  updateProductRequest,
} from '../contract';
import { type Download, fileNameOf, id, query, request, send, validate } from './client';
import { readNdjson } from './ndjson';

type Params = Record<string, string | undefined>;

const csv = (file: Blob) => ({ contentType: 'text/csv', data: file });

export const catalogApi = {
  products: (params: Params) =>
    request<{ products: ProductView[]; total: number }>('GET', `/api/catalog/products${query(params)}`),

  search: (q: string, limit = 10) =>
    request<{ results: ProductLite[] }>('GET', `/api/catalog/search${query({ q, limit: String(limit) })}`),

  byBarcode: (code: string) => request<ProductLite>('GET', `/api/catalog/barcode/${id(code)}`),

  product: (productId: string) => request<ProductDetail>('GET', `/api/catalog/products/${id(productId)}`),

  createProduct: async (input: z.input<typeof createProductRequest>) =>
    request<ProductView>('POST', '/api/catalog/products', { body: validate(createProductRequest, input) }),

  updateProduct: async (productId: string, input: z.input<typeof updateProductRequest>) =>
    request<ProductView>('PATCH', `/api/catalog/products/${id(productId)}`, {
      body: validate(updateProductRequest, input),
    }),

  deleteProduct: (productId: string) => request<void>('DELETE', `/api/catalog/products/${id(productId)}`),

  categories: () => request<{ categories: CategoryView[] }>('GET', '/api/catalog/categories'),

  createCategory: async (input: z.input<typeof createCategoryRequest>) =>
    request<CategoryView>('POST', '/api/catalog/categories', {
      body: validate(createCategoryRequest, input),
    }),

  updateCategory: async (categoryId: string, input: z.input<typeof updateCategoryRequest>) =>
    request<CategoryView>('PATCH', `/api/catalog/categories/${id(categoryId)}`, {
      body: validate(updateCategoryRequest, input),
    }),

  deleteCategory: (categoryId: string) =>
    request<void>('DELETE', `/api/catalog/categories/${id(categoryId)}`),

  previewImport: (file: Blob) =>
    request<ImportPreview>('POST', '/api/catalog/import/preview', { raw: csv(file) }),

  /** Streams the import; `onLine` sees every progress line, and the promise answers the done line. */
  async runImport(file: Blob, onLine: (line: ImportProgressLine) => void): Promise<number> {
    const response = await send('POST', '/api/catalog/import', { raw: csv(file) });
    if (!response.body) throw new TypeError('The import answered without a body');
    let imported: number | null = null;
    let failure: { code: string; message: string } | null = null;
    await readNdjson(response.body, (value) => {
      const line = value as ImportProgressLine;
      onLine(line);
      if (line.type === 'done') imported = line.imported;
      if (line.type === 'error') failure = line;
    });
    if (failure !== null) {
      const { code, message } = failure;
      throw Object.assign(new Error(message), { code });
    }
    if (imported === null) throw new TypeError('The import stream ended without a done line');
    return imported;
  },

  async exportCsv(params: Params): Promise<Download> {
    const response = await send('GET', `/api/catalog/export${query(params)}`, {});
    return { fileName: fileNameOf(response), blob: await response.blob() };
  },
};
