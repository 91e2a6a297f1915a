import { SCHEMA_VERSION } from '../../../../../migrations/index.js';

import { APP_VERSION_HEADER } from '../../../contract/index.js';
import { SCHEMA_HEADER } from '../schema-gate.js';

/** Every sync request names this console's schema; an older one is answered 426 console-too-old. */
export { SCHEMA_HEADER };
/**
 * How many of this console's changes have not reached the hub (waiting, dead or set aside:
 * sync.queries.ts notOnHubCount), sent on pulls; the hub lists it per device.
 */
export const PENDING_HEADER = 'x-mostrador-pending';

/**
 * How the console's sync loops talk to the hub: one JSON request with the
 * device token, classified into what the loops act on.
 */

/** The loops take a fetch so tests can put a failing or crafted hub in between. */
export type HubFetch = typeof fetch;

/**
 * `fetchImpl` with this console's version on every request (the hub keeps it on the device). Read
 * at each request: an updated console names its new version without enrolling again.
 */
export function withAppVersion(fetchImpl: HubFetch, version: () => string): HubFetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set(APP_VERSION_HEADER, version());
    return fetchImpl(input, { ...init, headers });
  };
}

export type HubAnswer =
  | { ok: true; status: number; body: unknown }
  | {
      ok: false;
      /**
       * offline: the hub could not be reached (network, DNS, timeout).
       * offline also: a 2xx that is not JSON (a Wi-Fi sign-in page, a website at the hub's
       *   address): whatever answered is not the hub.
       * revoked: 401 with the hub's own problem code device-revoked or device-unknown.
       * too-old: the hub needs a newer console.
       * server: 5xx, a proxy's error page, or a 401 that is not the hub's revocation (a proxy's
       *   sign-in page): transient, retried.
       * refused: any other 4xx: the hub answered and said no.
       */
      kind: 'offline' | 'revoked' | 'too-old' | 'server' | 'refused';
      status: number | null;
      code: string | null;
      message: string;
      body: unknown;
    };

const TIMEOUT_MS = 20_000;

export async function hubRequest(
  fetchImpl: HubFetch,
  hubUrl: string,
  path: string,
  token: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; pendingOps?: number } = {},
): Promise<HubAnswer> {
  const url = `${hubUrl.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        [SCHEMA_HEADER]: String(SCHEMA_VERSION),
        ...(init.pendingOps === undefined ? {} : { [PENDING_HEADER]: String(init.pendingOps) }),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return {
      ok: false,
      kind: 'offline',
      status: null,
      code: null,
      message: `Cannot reach the hub at ${hubUrl} (${plainCause(err)})`,
      body: null,
    };
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return {
      ok: false,
      kind: 'offline',
      status: res.status,
      code: null,
      message: `Cannot reach the hub at ${hubUrl} (${plainCause(err)})`,
      body: null,
    };
  }
  let body: unknown = null;
  let json = false;
  try {
    body = text ? JSON.parse(text) : null;
    json = text !== '';
  } catch {
    body = null;
  }
  if (res.ok) {
    if (json) return { ok: true, status: res.status, body };
    // Every answer of the hub's sync API is JSON: something else answered at its address.
    return notTheHub(hubUrl, res.status);
  }
  const problem = (body ?? {}) as { code?: unknown; detail?: unknown; title?: unknown };
  const code = typeof problem.code === 'string' ? problem.code : null;
  const detail = typeof problem.detail === 'string' ? problem.detail : null;
  if (res.status === 401 && (code === 'device-revoked' || code === 'device-unknown')) {
    return {
      ok: false,
      kind: 'revoked',
      status: 401,
      code,
      message:
        detail ??
        (code === 'device-unknown'
          ? 'The hub does not know this device (it is not enrolled there)'
          : 'The hub has revoked this device'),
      body,
    };
  }
  if (res.status === 401) {
    // Not the hub turning this device away (a proxy's sign-in page, a hub that lost the token's
    // header on the way): nothing to stop for good; retried like any failing answer.
    return {
      ok: false,
      kind: 'server',
      status: 401,
      code,
      message: `The hub failed to answer (HTTP 401${detail ? `: ${detail}` : ': something in front of the hub asked for a sign-in'})`,
      body,
    };
  }
  if (res.status === 426 || code === 'console-too-old' || code === 'schema-too-old') {
    return {
      ok: false,
      kind: 'too-old',
      status: res.status,
      code,
      message: detail ?? 'The hub needs a newer version of this console',
      body,
    };
  }
  if (res.status >= 500 || res.status === 408 || res.status === 429 || body === null) {
    return {
      ok: false,
      kind: 'server',
      status: res.status,
      code,
      message: `The hub failed to answer (HTTP ${res.status}${detail ? `: ${detail}` : ''})`,
      body,
    };
  }
  return {
    ok: false,
    kind: 'refused',
    status: res.status,
    code,
    message: detail ?? `The hub refused the request (HTTP ${res.status})`,
    body,
  };
}

/**
 * A 2xx that is not the hub's answer (a Wi-Fi sign-in page, a website, another service's JSON):
 * the hub was not reached. Said as an unreachable hub (status 'offline', code hub-unreachable);
 * whoever asked changes nothing and tries again later.
 */
export function notTheHub(hubUrl: string, status: number | null): HubAnswer & { ok: false } {
  return {
    ok: false,
    kind: 'offline',
    status,
    code: null,
    message: `Cannot reach the hub at ${hubUrl} (something else answered there, not the hub: a Wi-Fi sign-in page or another website?)`,
    body: null,
  };
}

function plainCause(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'no answer in time';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'address not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return e?.cause?.message ?? e?.message ?? 'network error';
}
