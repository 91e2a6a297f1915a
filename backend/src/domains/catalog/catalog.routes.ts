import express, { type Request, type Response, Router } from 'express';
import {
  createCategoryRequest,
  createProductRequest,
  type ImportProgressLine,
  type ProductDetail,
  productListQuery,
  productSearchQuery,
  updateCategoryRequest,
  updateProductRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, sendProblem, tenantPrincipal } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import {
  createCategory,
  createProduct,
  deleteCategory,
  deleteProduct,
  importProducts,
  importProgress,
  updateCategoryCommand,
  updateProduct,
} from './catalog.commands.js';
import { decodeCsvBytes } from './catalog.csv.js';
import { exportCsv, validateImport } from './catalog.import.js';
import {
  findByBarcode,
  listCategories,
  listProducts,
  priceHistory,
  productView,
  refreshProductStatistics,
  searchProducts,
} from './catalog.queries.js';

/**
 * CSV bodies as bytes, on the import routes only (the app's JSON limit stays at 1 MB):
 * the file is decoded here (`decodeCsvBytes`: UTF-8, else Windows-1252), not by its
 * declared charset, which a browser never sends for a file Excel saved.
 */
const csvBody = express.raw({ type: ['text/csv', 'text/plain'], limit: '10mb' });

function csvText(req: Request): string {
  if (!Buffer.isBuffer(req.body)) {
    throw new DomainError('unsupported-media-type', 415, 'Send the file as text/csv', '(body)');
  }
  return decodeCsvBytes(req.body);
}

/** Every signed-in member reads the catalog (the counter searches it); writes need `catalog.manage`. */
const readCatalog = (req: Request) => tenantPrincipal(req);

export function catalogRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/catalog/products', async (req, res) => {
    const auth = readCatalog(req);
    res.json(await listProducts(deps.db, auth.tenantId, parseOrThrow(productListQuery, req.query)));
  });

  router.get('/api/catalog/search', async (req, res) => {
    const auth = readCatalog(req);
    const { q, limit } = parseOrThrow(productSearchQuery, req.query);
    res.json({ results: await searchProducts(deps.db, auth.tenantId, q, limit) });
  });

  router.get('/api/catalog/barcode/:code', async (req, res) => {
    const auth = readCatalog(req);
    const product = await findByBarcode(deps.db, auth.tenantId, req.params.code);
    if (!product) throw new DomainError('barcode-unknown', 404, 'No product has this barcode', 'code');
    res.json(product);
  });

  router.get('/api/catalog/products/:id', async (req, res) => {
    const auth = readCatalog(req);
    const view = await productView(deps.db, auth.tenantId, req.params.id);
    if (!view) throw notFound('Product');
    const detail: ProductDetail = {
      ...view,
      priceHistory: await priceHistory(deps.db, auth.tenantId, view.id),
    };
    res.json(detail);
  });

  router.post('/api/catalog/products', async (req, res) => {
    const { id, ...fields } = parseOrThrow(createProductRequest, req.body);
    const input = { ...fields, productId: id ?? deps.newId() };
    res.status(201).json(await execute(deps, commandContext(deps, req), createProduct, input));
  });

  router.patch('/api/catalog/products/:id', async (req, res) => {
    const body = parseOrThrow(updateProductRequest, req.body);
    const input = { ...body, productId: req.params.id };
    res.json(await execute(deps, commandContext(deps, req), updateProduct, input));
  });

  router.delete('/api/catalog/products/:id', async (req, res) => {
    await execute(deps, commandContext(deps, req), deleteProduct, { productId: req.params.id });
    res.status(204).end();
  });

  router.get('/api/catalog/categories', async (req, res) => {
    const auth = readCatalog(req);
    res.json({ categories: await listCategories(deps.db, auth.tenantId) });
  });

  router.post('/api/catalog/categories', async (req, res) => {
    const { id, ...fields } = parseOrThrow(createCategoryRequest, req.body);
    const input = { ...fields, categoryId: id ?? deps.newId() };
    res.status(201).json(await execute(deps, commandContext(deps, req), createCategory, input));
  });

  router.patch('/api/catalog/categories/:id', async (req, res) => {
    const body = parseOrThrow(updateCategoryRequest, req.body);
    const input = { ...body, categoryId: req.params.id };
    res.json(await execute(deps, commandContext(deps, req), updateCategoryCommand, input));
  });

  router.delete('/api/catalog/categories/:id', async (req, res) => {
    await execute(deps, commandContext(deps, req), deleteCategory, { categoryId: req.params.id });
    res.status(204).end();
  });

  router.post('/api/catalog/import/preview', csvBody, async (req, res) => {
    const auth = authorizeRead(req, 'catalog.manage');
    const { preview } = await validateImport(deps.db, auth.tenantId, csvText(req));
    res.json(preview);
  });

  router.post('/api/catalog/import', csvBody, async (req, res) => {
    const auth = authorizeRead(req, 'catalog.manage');
    const ctx = commandContext(deps, req);
    const { preview, drafts } = await validateImport(deps.db, auth.tenantId, csvText(req));
    if (preview.errors.length > 0 || drafts.length === 0) {
      return sendProblem(res, {
        code: 'import-invalid',
        status: 400,
        title: 'The file has errors',
        detail:
          preview.errors.length > 0
            ? `${preview.errors.length} problem(s) in the file; nothing was imported`
            : 'The file has no rows',
        field: preview.errors[0]?.field,
        errors: preview.errors,
      });
    }
    const products = drafts.map(({ categoryPath: _path, ...draft }) => ({
      ...draft,
      productId: deps.newId(),
    }));
    const stream = new NdjsonStream(res);
    try {
      const result = await importProgress.run(
        (done, total) => stream.line({ type: 'progress', done, total }),
        () => execute(deps, ctx, importProducts, { products }),
      );
      stream.line({ type: 'done', imported: result.imported });
      res.end();
      // Thousands of new rows make the planner's statistics stale; refresh them now
      // rather than at the next start, so the counter's search keeps its index plans.
      await refreshProductStatistics(deps.db).catch((err) => req.log.warn({ err }, 'analyze failed'));
    } catch (err) {
      if (!stream.started) throw err;
      // The transaction rolled back: nothing was written. The status is already sent, so say it in the stream.
      const { code, message } =
        err instanceof DomainError
          ? err
          : { code: 'internal-error', message: 'The import failed; nothing was saved' };
      if (!(err instanceof DomainError)) req.log.error({ err }, 'import failed');
      stream.line({ type: 'error', code, message });
      res.end();
    }
  });

  router.get('/api/catalog/export', async (req, res) => {
    const auth = readCatalog(req);
    const filters = parseOrThrow(productListQuery, req.query);
    const csv = await exportCsv(deps.db, auth.tenantId, filters);
    res.status(200).type('text/csv; charset=utf-8').attachment('products.csv').send(csv);
  });

  return router;
}

/** Newline-delimited JSON, the 200 status sent with the first line. */
class NdjsonStream {
  started = false;

  constructor(private readonly res: Response) {}

  line(value: ImportProgressLine) {
    if (!this.started) {
      this.started = true;
      this.res.status(200).type('application/x-ndjson');
    }
    this.res.write(`${JSON.stringify(value)}\n`);
  }
}
