import { createHmac } from 'node:crypto';

/**
 * A 4–6 digit PIN has at most a million values, so a slow hash adds little;
 * what protects it is a key the database does not hold. HMAC keyed with the
 * install secret and scoped to the tenant also gives a stable value for the
 * per-tenant uniqueness check and a one-lookup switch at the counter.
 */
export function pinHmac(key: string, tenantId: string, pin: string): string {
  return createHmac('sha256', key).update(`${tenantId}:${pin}`).digest('hex');
}
