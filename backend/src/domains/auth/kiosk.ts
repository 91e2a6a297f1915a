import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { pin } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import type { TenantPrincipal } from '../../core/http.js';
import type { DB } from '../../db/schema.js';
import { findMemberByPin, findUserById } from './auth.queries.js';
import { verifyPassword } from './password.js';
import { pinHmac } from './pin.js';

/**
 * Everything a session in kiosk mode may ask (docs/decisions.md, "The check-in kiosk locks its
 * session"): what the console reads to draw itself, a check-in by code, and leaving with a staff
 * PIN or password. Anything else, a crafted URL included, is refused, so a member at the kiosk
 * cannot reach the staff member's sales, customers or members even from the browser's tools.
 */
const KIOSK_REQUESTS: ReadonlySet<string> = new Set([
  'GET /api/setup',
  'GET /api/session',
  'POST /api/bookings/check-in-by-code',
  'POST /api/session/kiosk/leave',
]);

/** Express routes ignore case and one trailing slash; so does this check, else it only refuses more. */
export function kioskAllows(method: string, path: string): boolean {
  const normalized = path.toLowerCase().replace(/(.)\/$/, '$1');
  return KIOSK_REQUESTS.has(`${method.toUpperCase()} ${normalized}`);
}

/** Run on every API request once its session is known: a kiosk session gets only the kiosk. */
export function assertKioskAllows(req: Request): void {
  if (!req.auth?.kioskMode || kioskAllows(req.method, req.baseUrl + req.path)) return;
  throw new DomainError(
    'kiosk-mode',
    403,
    'This console is a check-in kiosk: a staff PIN or password ends kiosk mode first',
  );
}

/**
 * Who ends kiosk mode with `secret`: a PIN-shaped secret is an active member's staff PIN of this
 * business, anything else the signed-in account's password (so a business without PINs is not
 * locked out). undefined when it is neither.
 */
export async function kioskUnlocker(
  deps: AppDeps,
  auth: TenantPrincipal,
  secret: string,
): Promise<string | undefined> {
  if (isPinShaped(secret)) {
    const member = await findMemberByPin(deps.db, auth.tenantId, pinHmac(deps.pinKey, auth.tenantId, secret));
    return member?.id;
  }
  const user = await findUserById(deps.db, auth.userId);
  return user && (await verifyPassword(user.password_hash, secret)) ? user.id : undefined;
}

/**
 * Wrong unlocks a kiosk session allows before a PIN no longer ends it, only the signed-in
 * account's password (docs/decisions.md, "A kiosk's wrong unlocks outlive a restart"). Counted on
 * the session row, not in memory like the PIN limits: closing and opening the console app again
 * starts those over but keeps the session, so five guesses per restart would find a 4-digit PIN.
 */
export const KIOSK_PIN_TRIES = 5;

/** Whether `secret` is PIN-shaped, i.e. would be looked up among the staff PINs. */
export const isPinShaped = (secret: string): boolean => pin.safeParse(secret).success;

/** The session's wrong unlocks so far. */
export async function kioskUnlockFailures(db: Kysely<DB>, sessionId: string): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select('kiosk_unlock_failures')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row?.kiosk_unlock_failures ?? 0;
}

/**
 * Counts one more wrong unlock, before the PIN is looked up: a PIN try is only made when this
 * took one of the session's KIOSK_PIN_TRIES (false when none is left), so requests sent side by
 * side cannot all slip under the cap. A right unlock sets the count back (endKioskMode). A wrong
 * password is counted with no cap (`capped` false): it only ever leaves fewer PIN tries.
 */
export async function countKioskUnlockTry(
  db: Kysely<DB>,
  sessionId: string,
  capped: boolean,
): Promise<boolean> {
  let query = db
    .updateTable('sessions')
    .set((eb) => ({ kiosk_unlock_failures: eb('kiosk_unlock_failures', '+', 1) }))
    .where('id', '=', sessionId);
  if (capped) query = query.where('kiosk_unlock_failures', '<', KIOSK_PIN_TRIES);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Leaves kiosk mode, `actingUserId` acting here (null: the signed-in account), and forgets the wrong unlocks. */
export async function endKioskMode(
  db: Kysely<DB>,
  sessionId: string,
  actingUserId: string | null,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ kiosk_mode: 0, acting_user_id: actingUserId, kiosk_unlock_failures: 0 })
    .where('id', '=', sessionId)
    .execute();
}

/** 403 `kiosk-pin-locked`: this kiosk had KIOSK_PIN_TRIES wrong unlocks, only the password ends it now. */
export const kioskPinLocked = (): DomainError =>
  new DomainError(
    'kiosk-pin-locked',
    403,
    'Too many wrong unlocks on this console: only the password of the account signed in here ends kiosk mode now',
    'secret',
  );
