import { type Request, Router } from 'express';
import {
  countLineRequest,
  countScanRequest,
  countsQuery,
  type LowStockList,
  locationRequest,
  lowStockQuery,
  movementsQuery,
  onHandQuery,
  oversellResolveRequest,
  oversellsQuery,
  stockSettingsRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError, notFound } from '../../core/errors.js';
import { commandContext, tenantPrincipal } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { findLocation, listLocations } from './locations.queries.js';
import {
  cancelCount,
  createLocation,
  postCount,
  recordAdjustment,
  recordTransfer,
  renameLocationCommand,
  resolveOversellCommand,
  scanCountLine,
  setCountLine,
  startCount,
  updateStockSettings,
} from './stock.commands.js';
import {
  costMethod,
  countDetail,
  findCountRow,
  findOversell,
  listBalances,
  listCounts,
  listMovements,
  listOversells,
  lowStock,
  lowStockTotal,
} from './stock.queries.js';

/** Every member of the business reads stock; the permission table decides who changes it. */
const reader = (req: Request) => tenantPrincipal(req);

const body = (req: Request): Record<string, unknown> =>
  typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {};

/**
 * Another business's id (or an unknown one) answers 404 before the body is
 * read, so a probe learns nothing from validation messages.
 */
async function assertExists(found: Promise<unknown>, what: string) {
  if (!(await found)) throw notFound(what);
}

export function stockRoutes(deps: AppDeps): Router {
  const router = Router();
  /** The body with a server-made id when the client sent none, so the op carries every id it writes. */
  const withId = (req: Request) => ({ ...body(req), id: body(req).id ?? deps.newId() });

  router.get('/api/stock/locations', async (req, res) => {
    res.json({ locations: await listLocations(deps.db, reader(req).tenantId) });
  });

  router.post('/api/stock/locations', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), createLocation, withId(req)));
  });

  router.patch('/api/stock/locations/:id', async (req, res) => {
    await assertExists(findLocation(deps.db, reader(req).tenantId, req.params.id), 'Location');
    const { name } = parseOrThrow(locationRequest.pick({ name: true }), req.body);
    res.json(
      await execute(deps, commandContext(deps, req), renameLocationCommand, { id: req.params.id, name }),
    );
  });

  router.get('/api/stock/on-hand', async (req, res) => {
    const filter = parseOrThrow(onHandQuery, req.query);
    res.json({ balances: await listBalances(deps.db, reader(req).tenantId, filter) });
  });

  router.get('/api/stock/movements', async (req, res) => {
    const query = parseOrThrow(movementsQuery, req.query);
    const page = await listMovements(deps.db, reader(req).tenantId, query);
    if (page === 'bad-cursor')
      throw new DomainError('cursor-invalid', 400, 'The paging cursor is not valid', 'before');
    res.json(page);
  });

  router.post('/api/stock/adjustments', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), recordAdjustment, withId(req)));
  });

  router.post('/api/stock/transfers', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), recordTransfer, withId(req)));
  });

  router.post('/api/stock/counts', async (req, res) => {
    res.status(201).json(await execute(deps, commandContext(deps, req), startCount, withId(req)));
  });

  router.get('/api/stock/counts', async (req, res) => {
    const { status } = parseOrThrow(countsQuery, req.query);
    res.json({ counts: await listCounts(deps.db, reader(req).tenantId, status) });
  });

  router.get('/api/stock/counts/:id', async (req, res) => {
    const detail = await countDetail(deps.db, reader(req).tenantId, req.params.id);
    if (!detail) throw notFound('Count');
    res.json(detail);
  });

  router.put('/api/stock/counts/:id/lines/:productId', async (req, res) => {
    await assertExists(findCountRow(deps.db, reader(req).tenantId, req.params.id), 'Count');
    const { counted } = parseOrThrow(countLineRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), setCountLine, {
        countId: req.params.id,
        productId: req.params.productId,
        counted,
      }),
    );
  });

  router.post('/api/stock/counts/:id/scan', async (req, res) => {
    await assertExists(findCountRow(deps.db, reader(req).tenantId, req.params.id), 'Count');
    const scan = parseOrThrow(countScanRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), scanCountLine, { ...scan, countId: req.params.id }),
    );
  });

  router.post('/api/stock/counts/:id/post', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), postCount, { countId: req.params.id }));
  });

  router.post('/api/stock/counts/:id/cancel', async (req, res) => {
    res.json(await execute(deps, commandContext(deps, req), cancelCount, { countId: req.params.id }));
  });

  router.get('/api/stock/low', async (req, res) => {
    const { limit } = parseOrThrow(lowStockQuery, req.query);
    const { tenantId } = reader(req);
    const list: LowStockList = {
      items: await lowStock(deps.db, tenantId, limit),
      total: await lowStockTotal(deps.db, tenantId),
    };
    res.json(list);
  });

  router.get('/api/stock/oversells', async (req, res) => {
    const { status } = parseOrThrow(oversellsQuery, req.query);
    res.json({ exceptions: await listOversells(deps.db, reader(req).tenantId, status) });
  });

  router.post('/api/stock/oversells/:id/resolve', async (req, res) => {
    await assertExists(findOversell(deps.db, reader(req).tenantId, req.params.id), 'Oversell exception');
    const { note } = parseOrThrow(oversellResolveRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), resolveOversellCommand, { id: req.params.id, note }),
    );
  });

  router.get('/api/stock/settings', async (req, res) => {
    res.json({ costMethod: await costMethod(deps.db, reader(req).tenantId) });
  });

  router.put('/api/stock/settings', async (req, res) => {
    const settings = parseOrThrow(stockSettingsRequest, req.body);
    res.json(await execute(deps, commandContext(deps, req), updateStockSettings, settings));
  });

  return router;
}
