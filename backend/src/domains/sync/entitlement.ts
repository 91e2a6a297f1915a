/**
 * Signed entitlements (ARCHITECTURE §5 "Arbitration"): the hub tells a device
 * what its business may do — its status and plan — signed with the hub's
 * Ed25519 key and valid for a time-to-live. A console keeps the last one it
 * got; while the hub is unreachable it keeps working until the entitlement
 * expires, and then degrades to read-only (never to data loss: reads, the
 * outbox and sync go on, and the next successful fetch lifts it).
 *
 * Why signed: the console's database is on the shop's own machine; the
 * signature makes an edited expiry or plan worthless without the hub's
 * private key, which never leaves the hub.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../../core/canonical-json.js';
import { DomainError } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { type HubFetch, hubRequest } from './client/hub-http.js';
import type { SyncLink } from './client/link.js';

/** Seven days without reaching the hub before a console turns read-only (hub setting). */
export const DEFAULT_ENTITLEMENT_TTL_HOURS = 24 * 7;

export interface EntitlementPayload {
  tenantId: string;
  deviceId: string;
  /** A cancelled business is signed as such (consoles before 2026-12-07 read it as active). */
  status: 'active' | 'suspended' | 'cancelled';
  plan: string;
  issuedAt: string;
  expiresAt: string;
}

export interface SignedEntitlement {
  payload: EntitlementPayload;
  /** Ed25519 over canonicalJson(payload), base64url. */
  signature: string;
}

/** What GET /sync/entitlement answers: the entitlement and the key that verifies it. */
export interface EntitlementResponse extends SignedEntitlement {
  publicKey: string;
}

interface SigningKey {
  publicKey: string;
  privateKey: string;
}

const KEY_ID = 'entitlements';

/** The hub's key pair, made once; every hub process on the same Postgres reads the same row. */
export async function hubSigningKey(db: Kysely<DB>, now: Date): Promise<SigningKey> {
  const existing = await db
    .selectFrom('hub_signing_keys')
    .select(['public_key', 'private_key'])
    .where('id', '=', KEY_ID)
    .executeTakeFirst();
  if (existing) return { publicKey: existing.public_key, privateKey: existing.private_key };
  const pair = generateKeyPairSync('ed25519');
  await db
    .insertInto('hub_signing_keys')
    .values({
      id: KEY_ID,
      public_key: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      private_key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      created_at: now.toISOString(),
    })
    // Two hub processes racing to make the first key: one row wins, both use it.
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return hubSigningKey(db, now);
}

export function signEntitlement(payload: EntitlementPayload, privateKeyPem: string): SignedEntitlement {
  const signature = sign(null, Buffer.from(canonicalJson(payload)), createPrivateKey(privateKeyPem));
  return { payload, signature: signature.toString('base64url') };
}

export function verifyEntitlement(signed: SignedEntitlement, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(signed.payload)),
      createPublicKey(publicKeyPem),
      Buffer.from(signed.signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

/** The hub's side: an entitlement for a device of a tenant, valid for ttlHours from now. */
export async function issueEntitlement(
  db: Kysely<DB>,
  device: { tenantId: string; deviceId: string },
  now: Date,
  ttlHours: number,
): Promise<EntitlementResponse> {
  const tenant = await db
    .selectFrom('tenants')
    .select(['status', 'plan'])
    .where('id', '=', device.tenantId)
    .executeTakeFirstOrThrow();
  const key = await hubSigningKey(db, now);
  const payload: EntitlementPayload = {
    tenantId: device.tenantId,
    deviceId: device.deviceId,
    // The permit carries what makes a console read-only, so that it is not one UPDATE of the
    // console's own tenants row away: suspended and cancelled both.
    status: tenant.status === 'suspended' || tenant.status === 'cancelled' ? tenant.status : 'active',
    plan: tenant.plan,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlHours * 3_600_000).toISOString(),
  };
  return { ...signEntitlement(payload, key.privateKey), publicKey: key.publicKey };
}

/**
 * The console's side: keeps an entitlement the hub sent if it verifies with
 * the pinned key (the first one pins it) and names this tenant. A bad one is
 * refused and the previous one stays; so does a newer one than the one received.
 */
export async function storeEntitlement(
  db: Kysely<DB>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_public_key'>,
  received: EntitlementResponse,
): Promise<void> {
  const publicKey = link.hub_public_key ?? received.publicKey;
  const signed: SignedEntitlement = { payload: received.payload, signature: received.signature };
  if (received.payload.tenantId !== link.tenant_id || !verifyEntitlement(signed, publicKey)) {
    throw new DomainError(
      'entitlement-invalid',
      502,
      'The hub sent an entitlement that does not verify with its known key',
    );
  }
  // Never back to an older permit (an answer delayed behind a newer one, or one kept and sent
  // again): an older "active" would undo a newer "suspended" until it expired.
  const stored = await db
    .selectFrom('sync_link')
    .select('entitlement')
    .where('tenant_id', '=', link.tenant_id)
    .executeTakeFirst();
  if (stored?.entitlement) {
    const current = JSON.parse(stored.entitlement) as SignedEntitlement;
    if (current.payload.issuedAt > received.payload.issuedAt) return;
  }
  await db
    .updateTable('sync_link')
    .set({ entitlement: JSON.stringify(signed), hub_public_key: publicKey })
    .where('tenant_id', '=', link.tenant_id)
    .execute();
}

export type EntitlementState =
  | { kind: 'not-enrolled' }
  | { kind: 'valid'; expiresAt: string; status: EntitlementPayload['status'] }
  | { kind: 'expired'; expiresAt: string }
  | { kind: 'invalid' };

/** Verified signatures by entitlement text: a console checks on every command, verifying once per entitlement. */
const verified = new Map<string, EntitlementPayload | null>();

/**
 * A console's standing for a tenant at `now`. Enrolled but not fetched yet:
 * the enrollment itself counts as the first grant (enrolled_at + the default
 * TTL), so a console that enrolls and goes offline at once is not locked.
 */
export function entitlementState(
  link: Pick<SyncLink, 'tenant_id' | 'enrolled_at' | 'entitlement' | 'hub_public_key'> | undefined,
  now: string,
): EntitlementState {
  if (!link) return { kind: 'not-enrolled' };
  if (!link.entitlement || !link.hub_public_key) {
    const expiresAt = new Date(
      Date.parse(link.enrolled_at) + DEFAULT_ENTITLEMENT_TTL_HOURS * 3_600_000,
    ).toISOString();
    return expiresAt > now ? { kind: 'valid', expiresAt, status: 'active' } : { kind: 'expired', expiresAt };
  }
  const cacheKey = `${link.hub_public_key}\n${link.entitlement}`;
  let payload = verified.get(cacheKey);
  if (payload === undefined) {
    const signed = JSON.parse(link.entitlement) as SignedEntitlement;
    payload =
      verifyEntitlement(signed, link.hub_public_key) && signed.payload.tenantId === link.tenant_id
        ? signed.payload
        : null;
    if (verified.size > 100) verified.clear();
    verified.set(cacheKey, payload);
  }
  if (!payload) return { kind: 'invalid' };
  if (payload.expiresAt <= now) return { kind: 'expired', expiresAt: payload.expiresAt };
  return { kind: 'valid', expiresAt: payload.expiresAt, status: payload.status };
}

/** The pipeline's check before a command writes: read-only once the entitlement lapsed or is forged. */
export function assertEntitled(state: EntitlementState): void {
  if (state.kind === 'expired') {
    throw new DomainError(
      'entitlement-expired',
      403,
      `This console has not reached the hub since its permit ran out (${state.expiresAt}); it is read-only until it reconnects`,
    );
  }
  if (state.kind === 'invalid') {
    throw new DomainError(
      'entitlement-invalid',
      403,
      "This console's permit from the hub does not verify; it is read-only until it syncs again",
    );
  }
  if (state.kind === 'valid' && state.status === 'suspended') {
    throw new DomainError(
      'tenant-suspended',
      403,
      'This business is suspended: you can read but not change data',
    );
  }
  if (state.kind === 'valid' && state.status === 'cancelled') {
    throw new DomainError(
      'tenant-cancelled',
      403,
      'This business is cancelled: you can read and export its data but not change it',
    );
  }
}

/**
 * Whether the stored permit's status is the one the console's copy of the business has: a
 * suspension or reactivation just pulled from the hub should not wait for the permit's next
 * renewal (the pipeline obeys the permit first: a reactivated business would stay read-only).
 */
export async function permitFollowsBusiness(db: Kysely<DB>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sync_link')
    .innerJoin('tenants', 'tenants.id', 'sync_link.tenant_id')
    .select(['sync_link.entitlement', 'tenants.status'])
    .where('sync_link.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row?.entitlement) return true;
  const signed = JSON.parse(row.entitlement) as SignedEntitlement;
  const expected = row.status === 'suspended' || row.status === 'cancelled' ? row.status : 'active';
  return signed.payload.status === expected;
}

/**
 * The console's side of GET /sync/entitlement, run by the sync client's
 * rounds: asks the hub and keeps what verifies. Failures are left to the
 * round (the previous entitlement stays; it is only a problem once it lapses).
 */
export async function refreshEntitlement(
  db: Kysely<DB>,
  link: Pick<SyncLink, 'tenant_id' | 'hub_url' | 'hub_public_key'>,
  token: string,
  fetchImpl: HubFetch,
): Promise<void> {
  const answer = await hubRequest(fetchImpl, link.hub_url, '/sync/entitlement', token);
  if (!answer.ok) throw new DomainError('entitlement-unavailable', 502, answer.message);
  await storeEntitlement(db, link, answer.body as EntitlementResponse);
}
