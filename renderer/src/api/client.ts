/**
 * Typed calls to the local backend. Request bodies are validated with the
 * contract's zod schemas before sending, so a form shows field errors at once,
 * in the same Problem shape the server would answer with.
 */
import type { z } from 'zod';
import {
  type AuditEntryView,
  type AuditVerifyResult,
  acceptInvitationRequest,
  type Business,
  type BusinessDetail,
  businessUpdateRequest,
  changePasswordRequest,
  changeRoleRequest,
  type InvitationPreview,
  type InvitationView,
  inviteRequest,
  kioskLeaveRequest,
  loginRequest,
  type MemberView,
  type PlatformTenantPage,
  type Problem,
  passwordResetCompleteRequest,
  passwordResetRequest,
  pinSwitchRequest,
  type SessionInfo,
  type SessionView,
  type SetupStatus,
  type SyncStatus,
  setPinRequest,
  setupRequest,
  switchTenantRequest,
  tenantDetailsUpdate,
  tenantPlanRequest,
  tenantStatusRequest,
} from '../contract';

/** PATCH /api/tenant: the business fields and the legal details, all optional. */
const tenantUpdate = businessUpdateRequest.extend(tenantDetailsUpdate.shape);

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

/** 401s that reject a password or PIN typed while signed in; the session itself is still valid. */
const WRONG_SECRET = new Set(['invalid-credentials', 'pin-invalid', 'kiosk-unlock-invalid']);

export interface RequestOptions {
  body?: unknown;
  /** A body sent as is instead of JSON, e.g. a CSV file. */
  raw?: { contentType: string; data: Blob | string };
  /** Whether a 401 here means "the session ended" (false for sign-in and the session probe). */
  sessionRequired?: boolean;
  /** Sent as `Idempotency-Key`: a retried write replays the op it already recorded (api/submit-attempt.ts). */
  idempotencyKey?: string;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextBefore: string | null;
}

export interface PlatformTenantFilters {
  q?: string;
  status?: string;
  plan?: string;
  /** Rows already shown: the next page starts after them. */
  offset?: number;
}

/** A downloaded file: its name (from Content-Disposition when given) and contents. */
export interface Download {
  fileName: string | null;
  blob: Blob;
}

/** A path segment: ids are escaped so a crafted one cannot change the route. */
export const id = (value: string) => encodeURIComponent(value);

export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function fileNameOf(response: Response): string | null {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
}

export async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.raw) headers['Content-Type'] = options.raw.contentType;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw?.data ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network-error' });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && (options.sessionRequired ?? true) && !WRONG_SECRET.has(problem.code)) {
      onUnauthenticated?.();
    }
    throw new ApiError(problem);
  }
  return response;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  // 204 and the 202 of a password-reset request carry no body.
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
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

  /** The business with whether its currency is fixed (Settings). */
  tenant: () => request<BusinessDetail>('GET', '/api/tenant'),

  updateTenant: async (input: z.input<typeof tenantUpdate>) =>
    request<Business>('PATCH', '/api/tenant', { body: validate(tenantUpdate, input) }),

  syncStatus: () => request<SyncStatus>('GET', '/api/sync/status'),

  /** The whole business as a JSON file; allowed for cancelled businesses too. */
  async exportTenant(): Promise<Download> {
    const response = await send('GET', '/api/tenant/export', {});
    return { fileName: fileNameOf(response), blob: await response.blob() };
  },

  /** `params` from `auditSearchParams`: filters, limit and the `before` cursor. */
  auditEntries: (params: URLSearchParams) => request<AuditPage>('GET', `/api/audit?${params.toString()}`),

  verifyAudit: () => request<AuditVerifyResult>('POST', '/api/audit/verify'),

  members: () => request<{ members: MemberView[] }>('GET', '/api/users'),

  changeRole: async (userId: string, input: z.input<typeof changeRoleRequest>) =>
    request<MemberView>('PATCH', `/api/users/${id(userId)}/role`, {
      body: validate(changeRoleRequest, input),
    }),

  deactivateMember: (userId: string) => request<MemberView>('POST', `/api/users/${id(userId)}/deactivate`),

  reactivateMember: (userId: string) => request<MemberView>('POST', `/api/users/${id(userId)}/reactivate`),

  removeMember: (userId: string) => request<void>('DELETE', `/api/users/${id(userId)}`),

  invitations: () => request<{ invitations: InvitationView[] }>('GET', '/api/invitations'),

  invite: async (input: z.input<typeof inviteRequest>) =>
    request<InvitationView>('POST', '/api/invitations', { body: validate(inviteRequest, input) }),

  resendInvitation: (invitationId: string) =>
    request<InvitationView>('POST', `/api/invitations/${id(invitationId)}/resend`),

  revokeInvitation: (invitationId: string) =>
    request<InvitationView>('POST', `/api/invitations/${id(invitationId)}/revoke`),

  invitationPreview: (token: string) =>
    request<InvitationPreview>('GET', `/api/invitations/accept/${id(token)}`, { sessionRequired: false }),

  acceptInvitation: async (input: z.input<typeof acceptInvitationRequest>) =>
    request<SessionInfo>('POST', '/api/invitations/accept', {
      body: validate(acceptInvitationRequest, input),
      sessionRequired: false,
    }),

  changePassword: async (input: z.input<typeof changePasswordRequest>) =>
    request<void>('POST', '/api/auth/password', { body: validate(changePasswordRequest, input) }),

  requestPasswordReset: async (input: z.input<typeof passwordResetRequest>) =>
    request<void>('POST', '/api/auth/password-reset', {
      body: validate(passwordResetRequest, input),
      sessionRequired: false,
    }),

  completePasswordReset: async (input: z.input<typeof passwordResetCompleteRequest>) =>
    request<void>('POST', '/api/auth/password-reset/complete', {
      body: validate(passwordResetCompleteRequest, input),
      sessionRequired: false,
    }),

  setPin: async (input: z.input<typeof setPinRequest>) =>
    request<void>('PUT', '/api/me/pin', { body: validate(setPinRequest, input) }),

  switchUser: async (input: z.input<typeof pinSwitchRequest>) =>
    request<SessionInfo>('POST', '/api/session/pin', { body: validate(pinSwitchRequest, input) }),

  switchBack: () => request<SessionInfo>('DELETE', '/api/session/pin'),

  /** This console becomes the members' check-in kiosk until staff end it. */
  startKiosk: () => request<SessionInfo>('POST', '/api/session/kiosk', { body: {} }),

  leaveKiosk: async (input: z.input<typeof kioskLeaveRequest>) =>
    request<SessionInfo>('POST', '/api/session/kiosk/leave', { body: validate(kioskLeaveRequest, input) }),

  switchTenant: async (input: z.input<typeof switchTenantRequest>) =>
    request<SessionInfo>('POST', '/api/session/tenant', { body: validate(switchTenantRequest, input) }),

  sessions: () => request<{ sessions: SessionView[] }>('GET', '/api/sessions'),

  revokeSession: (sessionId: string) => request<void>('POST', `/api/sessions/${id(sessionId)}/revoke`),

  revokeOtherSessions: () => request<void>('POST', '/api/sessions/revoke-others'),

  platformTenants: (filters: PlatformTenantFilters) =>
    request<PlatformTenantPage>(
      'GET',
      `/api/platform/tenants${query({ ...filters, offset: filters.offset?.toString() })}`,
    ),

  platformTenant: (tenantId: string) =>
    request<{ tenant: Business; entries: AuditEntryView[] }>('GET', `/api/platform/tenants/${id(tenantId)}`),

  changeTenantStatus: async (tenantId: string, input: z.input<typeof tenantStatusRequest>) =>
    request<Business>('POST', `/api/platform/tenants/${id(tenantId)}/status`, {
      body: validate(tenantStatusRequest, input),
    }),

  changeTenantPlan: async (tenantId: string, input: z.input<typeof tenantPlanRequest>) =>
    request<Business>('POST', `/api/platform/tenants/${id(tenantId)}/plan`, {
      body: validate(tenantPlanRequest, input),
    }),

  openSupport: (tenantId: string) =>
    request<SessionInfo>('POST', `/api/platform/tenants/${id(tenantId)}/support`),

  exitSupport: () => request<SessionInfo>('POST', '/api/platform/exit-support'),
};
