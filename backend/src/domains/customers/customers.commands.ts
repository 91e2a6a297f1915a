/**
 * Customer records: optional on a sale, required on an invoice or a quote.
 * Counter staff create and edit them (a sale needs one on the spot); removing
 * one is a manager's tombstone, and past invoices keep their buyer snapshot.
 */
import { z } from 'zod';
import { customerFields, customerUpdateRequest } from '../../contract/index.js';
import { conflict, notFound } from '../../core/errors.js';
import { command } from '../../core/pipeline.js';
import {
  customerIdTaken,
  findCustomer,
  insertCustomer,
  toCustomerView,
  updateCustomer,
} from './customers.queries.js';

/** Any string: an id that is not a UUID is as unknown as another business's, both answer 404. */
const rowId = z.string().min(1).max(64);

export const createCustomer = command({
  name: 'customers.customer.create',
  permission: 'sales.record',
  input: customerFields.extend({ id: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await customerIdTaken(tx, input.id)) {
      throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
    }
    await insertCustomer(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      name: input.name,
      tax_id: input.taxId,
      email: input.email,
      phone: input.phone,
      address: input.address,
      notes: input.notes,
      created_at: ctx.now,
      updated_at: ctx.now,
      deleted_at: null,
    });
    const view = toCustomerView({
      id: input.id,
      name: input.name,
      tax_id: input.taxId,
      email: input.email,
      phone: input.phone,
      address: input.address,
      notes: input.notes,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    return { result: view, entity: { type: 'customer', id: view.id }, after: view };
  },
});

export const updateCustomerCommand = command({
  name: 'customers.customer.update',
  permission: 'sales.record',
  input: z.object({ customerId: rowId, changes: customerUpdateRequest }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const row = await findCustomer(tx, ctx.tenantId, input.customerId);
    if (!row) throw notFound('Customer');
    const before = toCustomerView(row);
    const c = input.changes;
    await updateCustomer(tx, ctx.tenantId, row.id, {
      name: c.name,
      tax_id: c.taxId,
      email: c.email,
      phone: c.phone,
      address: c.address,
      notes: c.notes,
      updated_at: ctx.now,
    });
    const after = toCustomerView((await findCustomer(tx, ctx.tenantId, row.id)) as NonNullable<typeof row>);
    return { result: after, entity: { type: 'customer', id: row.id }, before, after };
  },
});

/** A tombstone: issued invoices keep the buyer as it was; new documents cannot name the customer. */
export const deleteCustomer = command({
  name: 'customers.customer.delete',
  permission: 'invoices.manage',
  input: z.object({ customerId: rowId }),
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const row = await findCustomer(tx, ctx.tenantId, input.customerId);
    if (!row) throw notFound('Customer');
    await updateCustomer(tx, ctx.tenantId, row.id, { deleted_at: ctx.now, updated_at: ctx.now });
    return {
      result: null,
      entity: { type: 'customer', id: row.id },
      before: toCustomerView(row),
      after: { deletedAt: ctx.now },
    };
  },
});
