import { z } from 'zod';
import { businessFields, businessUpdateRequest, email, tenantDetailsUpdate } from '../../contract/index.js';

/**
 * Command inputs carry the ids of the rows they create, so a replay anywhere
 * creates the same rows, and a password hash (never the password itself).
 */
export const createBusinessInput = z.object({
  tenantId: z.uuid(),
  ownerUserId: z.uuid(),
  defaultLocationId: z.uuid(),
  business: businessFields,
  owner: z.object({ name: z.string().trim().min(1).max(120), email, passwordHash: z.string().min(20) }),
});

export const updateBusinessInput = businessUpdateRequest.extend(tenantDetailsUpdate.shape);
