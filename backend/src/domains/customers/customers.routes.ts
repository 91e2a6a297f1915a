import { type Request, Router } from 'express';
import {
  type CustomerHistory,
  type CustomerListPage,
  cursorAfter,
  customerCreateRequest,
  customerListQuery,
  customerUpdateRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { authorizeRead, commandContext } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { listInvoices } from '../invoicing/invoicing.queries.js';
import { toInvoiceSummary } from '../invoicing/invoicing.views.js';
import { salesOfCustomer } from '../invoicing/sale-source.js';
import { createCustomer, deleteCustomer, updateCustomerCommand } from './customers.commands.js';
import { countCustomers, findCustomer, listCustomers, toCustomerView } from './customers.queries.js';

export function customersRoutes(deps: AppDeps): Router {
  const router = Router();
  /** 403 and 404 before the body is validated, so another business's id never answers 400. */
  const ownCustomer = async (req: Request) => {
    const auth = authorizeRead(req, 'sales.record');
    const row = await findCustomer(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Customer');
    return { auth, row };
  };

  router.get('/api/customers', async (req, res) => {
    const auth = authorizeRead(req, 'sales.record');
    const filter = parseOrThrow(customerListQuery, req.query);
    // One more than the page: whether a following page exists, without a cursor to an empty one.
    const rows = await listCustomers(deps.db, auth.tenantId, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const body: CustomerListPage = {
      customers: page.map(toCustomerView),
      next: rows.length > filter.limit && last ? cursorAfter(last.name, last.id) : null,
      total: await countCustomers(deps.db, auth.tenantId, filter.q),
    };
    res.json(body);
  });

  router.post('/api/customers', async (req, res) => {
    const body = parseOrThrow(customerCreateRequest, req.body);
    const view = await execute(deps, commandContext(deps, req), createCustomer, {
      ...body,
      id: body.id ?? deps.newId(),
    });
    res.status(201).json(view);
  });

  router.get('/api/customers/:id', async (req, res) => {
    res.json(toCustomerView((await ownCustomer(req)).row));
  });

  router.patch('/api/customers/:id', async (req, res) => {
    await ownCustomer(req);
    const changes = parseOrThrow(customerUpdateRequest, req.body);
    res.json(
      await execute(deps, commandContext(deps, req), updateCustomerCommand, {
        customerId: req.params.id,
        changes,
      }),
    );
  });

  router.delete('/api/customers/:id', async (req, res) => {
    await execute(deps, commandContext(deps, req), deleteCustomer, { customerId: req.params.id });
    res.status(204).end();
  });

  /** Invoices (and credit notes) and counter sales of the customer, newest first. */
  router.get('/api/customers/:id/history', async (req, res) => {
    const { auth, row } = await ownCustomer(req);
    const invoices = await listInvoices(deps.db, auth.tenantId, { customerId: row.id, limit: 200 });
    const history: CustomerHistory = {
      customer: toCustomerView(row),
      invoices: invoices.map((i) => {
        const s = toInvoiceSummary(i);
        return {
          id: s.id,
          kind: s.kind,
          number: s.number,
          status: s.status,
          issueDate: s.issueDate,
          total: s.total,
          currency: s.currency,
        };
      }),
      sales: await salesOfCustomer(deps.db, auth.tenantId, row.id),
    };
    res.json(history);
  });

  return router;
}
