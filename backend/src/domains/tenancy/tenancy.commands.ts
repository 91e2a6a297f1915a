import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Business } from '../../contract/index.js';
import { conflict, notFound } from '../../core/errors.js';
import { type CommandContext, type CommandOutcome, command } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { findUserByEmail, insertMembership, insertUser } from '../auth/auth.queries.js';
import { insertLocation } from '../stock/locations.queries.js';
import {
  anyBusinessExists,
  findBusiness,
  firstTableWithAmounts,
  insertBusiness,
  updateBusiness,
} from './tenancy.queries.js';
import { createBusinessInput, updateBusinessInput } from './tenancy.schemas.js';

/** First-run: the install's first business and its owner. */
export const createBusiness = command({
  name: 'tenancy.business.create',
  permission: 'bootstrap',
  input: createBusinessInput,
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    if (await anyBusinessExists(tx)) {
      throw conflict('already-set-up', 'This console already has a business');
    }
    if (await findUserByEmail(tx, input.owner.email)) {
      throw conflict('email-taken', 'This email already has an account', 'owner.email');
    }
    return insertBusinessAndOwner(tx, input, ctx);
  },
});

/**
 * The rows of `tenancy.business.create`: the business, its owner, default
 * location and membership. Shared with the hub, which applies a console's
 * uploaded first op with its own guards (sync/hub-devices.ts).
 */
export async function insertBusinessAndOwner(
  tx: Transaction<DB>,
  input: z.output<typeof createBusinessInput>,
  ctx: CommandContext,
): Promise<CommandOutcome<Business>> {
  const { business, owner } = input;
  await insertBusiness(tx, {
    id: input.tenantId,
    name: business.name,
    currency: business.currency,
    locale: business.locale,
    time_zone: business.timeZone,
    status: 'active',
    created_at: ctx.now,
    updated_at: ctx.now,
    deleted_at: null,
  });
  await insertUser(tx, {
    id: input.ownerUserId,
    email: owner.email,
    name: owner.name,
    password_hash: owner.passwordHash,
    status: 'active',
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  await insertLocation(tx, {
    id: input.defaultLocationId,
    tenant_id: input.tenantId,
    name: business.locale.startsWith('es') ? 'Tienda' : 'Shop',
    is_default: 1,
    created_at: ctx.now,
  });
  await insertMembership(tx, {
    tenant_id: input.tenantId,
    user_id: input.ownerUserId,
    role: 'OWNER',
    created_at: ctx.now,
  });
  const created = (await findBusiness(tx, input.tenantId)) as Business;
  return {
    result: created,
    entity: { type: 'tenant', id: input.tenantId },
    after: { ...business, owner: { id: input.ownerUserId, name: owner.name, email: owner.email } },
  };
}

export const updateBusinessSettings = command({
  name: 'tenancy.business.update',
  permission: 'business.manage',
  input: updateBusinessInput,
  sync: { arbitration: 'last-applied-wins' },
  async handler(tx, input, ctx) {
    const before = await findBusiness(tx, ctx.tenantId);
    if (!before) throw notFound('Business');
    // Amounts are stored as minor units of the business's currency: a new currency would make
    // every recorded price, sale and invoice mean another sum (250 = 2,50 € becomes ¥250).
    if (input.currency !== undefined && input.currency !== before.currency) {
      const holding = await firstTableWithAmounts(tx, ctx.tenantId);
      if (holding) {
        throw conflict(
          'currency-locked',
          `The currency cannot change once the business has recorded amounts (${holding})`,
          'currency',
        );
      }
    }
    await updateBusiness(tx, ctx.tenantId, {
      name: input.name,
      currency: input.currency,
      locale: input.locale,
      time_zone: input.timeZone,
      legal_name: input.legalName,
      tax_id: input.taxId,
      address: input.address,
      logo: input.logo,
      updated_at: ctx.now,
    });
    const after = (await findBusiness(tx, ctx.tenantId)) as Business;
    const changed = (Object.keys(input) as (keyof typeof input)[]).filter((k) => input[k] !== undefined);
    // The audit summary says that the logo changed, not the image itself.
    const summarise = (b: Business, k: keyof typeof input) => (k === 'logo' ? (b.logo ? 'set' : null) : b[k]);
    return {
      result: after,
      entity: { type: 'tenant', id: ctx.tenantId },
      before: Object.fromEntries(changed.map((k) => [k, summarise(before, k)])),
      after: Object.fromEntries(changed.map((k) => [k, summarise(after, k)])),
    };
  },
});
