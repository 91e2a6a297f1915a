/**
 * Typed calls to the local backend. Request bodies are validated with the
 * contract's zod schemas before sending, so a form shows field errors at once,
 * in the same Problem shape the server would answer with.
 */
import type { z } from 'zod';
import {
  type AuditEntryView,
  type AuditVerifyResult,
  type Business,
  businessUpdateRequest,
  loginRequest,
  type Problem,
  type SessionInfo,
  type SetupStatus,
  type SyncStatus,
  setupRequest,
} from '../contract';

export type ProblemIssue = NonNullable<Problem['errors']>[number];

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }
}

/** Any thrown value as a Problem, so screens only ever deal with codes. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { type: 'about:blank', title: 'Unexpected error', status: 0, code: 'unexpected-response' };
}

/** Field path → first error code for that field (the problem's `field` counts too). */
export function fieldErrors(problem: Problem): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of problem.errors ?? []) {
    if (!(issue.field in result)) result[issue.field] = issue.code;
  }
  if (problem.field && !(problem.field in result)) result[problem.field] = problem.code;
  return result;
}

const KEBAB = /^[a-z]+(-[a-z0-9]+)+$/;

/** Same mapping as the server: a kebab-case custom message is the code, else zod's code in kebab case. */
export function issuesOf(error: z.ZodError): ProblemIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    code: KEBAB.test(issue.message) ? issue.message : issue.code.replaceAll('_', '-'),
    message: issue.message,
  }));
}

export function validate<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = issuesOf(parsed.error);
  throw new ApiError({
    type: 'about:blank',
    title: 'Validation failed',
    status: 400,
    code: 'validation-failed',
    field: errors[0]?.field,
    errors,
  });
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener | null = null;

/** Called when a signed-in call answers 401, i.e. the session expired or was revoked. */
export function setUnauthenticatedListener(listener: UnauthenticatedListener | null): void {
  onUnauthenticated = listener;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}

async function readProblem(response: Response): Promise<Problem> {
  const body: unknown = await response.json().catch(() => null);
  if (isProblem(body)) return { ...body, status: body.status ?? response.status };
  return {
    type: 'about:blank',
    title: response.statusText || 'Unexpected response',
    status: response.status,
    code: response.status === 429 ? 'rate-limited' : 'unexpected-response',
  };
}

interface RequestOptions {
  body?: unknown;
  /** Whether a 401 here means "the session ended" (false for sign-in and the session probe). */
  sessionRequired?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network-error' });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && (options.sessionRequired ?? true)) onUnauthenticated?.();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  setupStatus: () => request<SetupStatus>('GET', '/api/setup', { sessionRequired: false }),

  setup: async (input: z.input<typeof setupRequest>) =>
    request<SessionInfo>('POST', '/api/setup', {
      body: validate(setupRequest, input),
      sessionRequired: false,
    }),

  login: async (input: z.input<typeof loginRequest>) =>
    request<SessionInfo>('POST', '/api/auth/login', {
      body: validate(loginRequest, input),
      sessionRequired: false,
    }),

  logout: () => request<void>('POST', '/api/auth/logout', { sessionRequired: false }),

  /** The current session, or null when nobody is signed in. */
  async session(): Promise<SessionInfo | null> {
    try {
      return await request<SessionInfo>('GET', '/api/session', { sessionRequired: false });
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 401) return null;
      throw error;
    }
  },

  updateTenant: async (input: z.input<typeof businessUpdateRequest>) =>
    request<Business>('PATCH', '/api/tenant', { body: validate(businessUpdateRequest, input) }),

  syncStatus: () => request<SyncStatus>('GET', '/api/sync/status'),

  auditEntries: (limit = 50) =>
    request<{ entries: AuditEntryView[] }>('GET', `/api/audit?limit=${encodeURIComponent(limit)}`),

  verifyAudit: () => request<AuditVerifyResult>('POST', '/api/audit/verify'),
};
