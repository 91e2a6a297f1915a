/**
 * The console's requests to the hub for enrollment and accounts, with the
 * hub's refusals turned into the console's own problem codes (the renderer
 * shows them on the field they concern).
 */
import { DomainError } from '../../../core/errors.js';

const TIMEOUT_MS = 15_000;

/** The hub's codes for a refused enrollment code, as the console names them. */
const CODE_PROBLEMS: Record<string, string> = {
  'enrollment-code-invalid': 'code-invalid',
  'enrollment-code-used': 'code-used',
  'enrollment-code-expired': 'code-expired',
};

export class HubRequestError extends DomainError {
  constructor(
    code: string,
    status: number,
    message: string,
    field: string | undefined,
    /** What the hub answered (its status and problem code), when it answered. */
    readonly hub: { status: number; code: string | null } | null,
  ) {
    super(code, status, message, field);
    this.name = 'HubRequestError';
  }
}

export function hubEndpoint(hubUrl: string, path: string): string {
  return `${hubUrl.replace(/\/+$/, '')}${path}`;
}

export async function hubRequest<T>(
  hubUrl: string,
  path: string,
  options: {
    method: 'GET' | 'POST';
    body?: unknown;
    token?: string;
    fetch?: typeof fetch;
    /** Whether a 2xx body is the hub's answer; else whatever answered is not the hub (hub-unreachable). */
    accepts?: (body: unknown) => boolean;
  },
): Promise<T> {
  const fetchImpl = options.fetch ?? fetch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let res: Response;
  try {
    res = await fetchImpl(hubEndpoint(hubUrl, path), {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new HubRequestError(
      'hub-unreachable',
      502,
      `The hub at ${hubUrl} could not be reached (${cause}); check the address and the connection`,
      'hubUrl',
      null,
    );
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) {
    if (body === null || (options.accepts && !options.accepts(body))) throw notAHub(hubUrl, res.status, null);
    return body as T;
  }
  const problem = body as { code?: unknown; detail?: unknown; field?: unknown } | null;
  const hubCode = typeof problem?.code === 'string' ? problem.code : null;
  const detail = typeof problem?.detail === 'string' ? problem.detail : `The hub answered ${res.status}`;
  const hub = { status: res.status, code: hubCode };
  if (hubCode === null || (res.status === 404 && hubCode === 'not-found'))
    throw notAHub(hubUrl, res.status, hubCode);
  const mapped = CODE_PROBLEMS[hubCode];
  if (mapped) throw new HubRequestError(mapped, res.status, detail, 'code', hub);
  if (hubCode === 'rate-limited') throw new HubRequestError('rate-limited', 429, detail, 'code', hub);
  if (res.status >= 500) {
    throw new HubRequestError('hub-error', 502, `The hub could not answer: ${detail}`, undefined, hub);
  }
  // The hub's own refusal (business-exists, email-taken, device-enrolled-elsewhere, …), never
  // a 401 on the console: the console's session is not what the hub refused.
  const field = typeof problem?.field === 'string' ? problem.field : undefined;
  throw new HubRequestError(hubCode, res.status === 401 ? 409 : res.status, detail, field, hub);
}

function notAHub(hubUrl: string, status: number, code: string | null) {
  return new HubRequestError(
    'hub-unreachable',
    502,
    `${hubUrl} answered, but not as a Mostrador hub (status ${status}); check the address`,
    'hubUrl',
    { status, code },
  );
}
