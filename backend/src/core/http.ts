import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Problem } from '../contract/index.js';
import { type Action, can, type PlatformAction } from '../contract/index.js';
import type { Principal } from '../domains/auth/principal.js';
import type { AppDeps } from './deps.js';
import { DomainError, forbidden, unauthenticated, ValidationError } from './errors.js';
import type { CommandContext } from './pipeline.js';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: Principal;
  }
}

const PROBLEM_BASE = 'https://mostrador.app/problems/';

const TITLES: Record<string, string> = {
  'validation-failed': 'Invalid input',
  'invalid-json': 'Malformed JSON body',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported content type',
  'not-found': 'Not found',
  forbidden: 'Forbidden',
  unauthenticated: 'Not signed in',
  'internal-error': 'Internal error',
};

export function sendProblem(res: Response, problem: Omit<Problem, 'type' | 'title'> & { title?: string }) {
  const body: Problem = {
    type: `${PROBLEM_BASE}${problem.code}`,
    title: problem.title ?? TITLES[problem.code] ?? problem.code,
    ...problem,
    requestId: String(res.req.id ?? ''),
  };
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Body-parser failures arrive as http-errors with a `type`; map the ones a client can cause. */
function bodyParserProblem(err: { type?: string; status?: number }): { code: string; status: number } | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return { code: 'invalid-json', status: 400 };
    case 'entity.too.large':
      return { code: 'payload-too-large', status: 413 };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { code: 'unsupported-media-type', status: 415 };
    default:
      return null;
  }
}

/**
 * A client-chosen id (ARCHITECTURE: ids are made where the record is) that another row already
 * holds, caught by the database's primary key: on the hub, row-level security hides another
 * business's row from a command's own "is this id free?" look-up, so only the key sees it. The
 * transaction was rolled back; the answer is the same 409 the commands give.
 */
function isPrimaryKeyClash(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown };
  if (e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return e?.code === '23505' && typeof e.constraint === 'string' && e.constraint.endsWith('_pkey');
}

export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof ValidationError) {
    return sendProblem(res, {
      code: err.code,
      status: err.status,
      detail: err.message,
      field: err.field,
      errors: err.issues,
    });
  }
  if (err instanceof DomainError) {
    return sendProblem(res, { code: err.code, status: err.status, detail: err.message, field: err.field });
  }
  const parserProblem = bodyParserProblem(err);
  if (parserProblem) return sendProblem(res, { ...parserProblem, detail: String(err.message) });
  if (isPrimaryKeyClash(err)) {
    return sendProblem(res, {
      code: 'id-taken',
      status: 409,
      detail: 'A row with this id already exists; retry without it',
      field: 'id',
    });
  }
  // The router could not percent-decode a path parameter ("%E0%A4%A"): the address is wrong, not us.
  if (err instanceof URIError) {
    return sendProblem(res, {
      code: 'malformed-url',
      status: 400,
      detail: 'The address has a malformed % escape',
    });
  }
  req.log.error({ err }, 'unhandled error');
  sendProblem(res, {
    code: 'internal-error',
    status: 500,
    detail: 'Something went wrong; it has been logged',
  });
};

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, {
    code: 'not-found',
    status: 404,
    detail: `No route for ${req.method} ${req.originalUrl.split('?')[0]}`,
  });
};

export function principal(req: Request): Principal {
  if (!req.auth) throw unauthenticated();
  return req.auth;
}

export interface TenantPrincipal extends Principal {
  tenantId: string;
}

/** The signed-in principal inside a business (a super-admin on the platform console has none). */
export function tenantPrincipal(req: Request): TenantPrincipal {
  const auth = principal(req);
  if (auth.tenantId === null) {
    throw new DomainError('no-business-selected', 409, 'Open a business first');
  }
  return auth as TenantPrincipal;
}

/**
 * Read access by the permission table. A super-admin in support mode reads
 * everything of the tenant they opened (and changes nothing: the pipeline
 * refuses every command in support mode).
 */
export function authorizeRead(req: Request, action: Action | PlatformAction): TenantPrincipal {
  const auth = tenantPrincipal(req);
  if (!auth.supportMode && !can(auth.role, action)) throw forbidden();
  return auth;
}

export function requirePlatform(req: Request): Principal {
  const auth = principal(req);
  if (!auth.isSuperadmin || auth.supportMode) throw forbidden();
  return auth;
}

/**
 * Builds a command context from an authenticated request. The tenant comes
 * from the session, never the body; the actor is the PIN user when one is
 * acting. A client may send `Idempotency-Key` so a retried request replays
 * the same op instead of doing the work twice.
 */
export function commandContext(deps: AppDeps, req: Request): CommandContext {
  const auth = tenantPrincipal(req);
  return {
    tenantId: auth.tenantId,
    actor: { userId: auth.actorId, role: auth.role },
    deviceId: deps.deviceId,
    now: deps.clock.now().toISOString(),
    opId: opIdFrom(deps, req),
    supportMode: auth.supportMode,
    runsOn: deps.mode === 'local' ? 'console' : 'hub',
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function opIdFrom(deps: AppDeps, req: Request): string {
  const key = req.get('idempotency-key');
  if (key === undefined) return deps.newId();
  if (!UUID.test(key)) {
    throw new DomainError(
      'invalid-idempotency-key',
      400,
      'Idempotency-Key must be a UUID',
      'Idempotency-Key',
    );
  }
  return key.toLowerCase();
}
