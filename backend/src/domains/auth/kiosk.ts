import type { Request } from 'express';
import { pin } from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import type { TenantPrincipal } from '../../core/http.js';
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
  if (pin.safeParse(secret).success) {
    const member = await findMemberByPin(deps.db, auth.tenantId, pinHmac(deps.pinKey, auth.tenantId, secret));
    return member?.id;
  }
  const user = await findUserById(deps.db, auth.userId);
  return user && (await verifyPassword(user.password_hash, secret)) ? user.id : undefined;
}
