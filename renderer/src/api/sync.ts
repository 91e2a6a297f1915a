/** Calls to the console's sync API (/api/sync/*) and joining a business on the hub at first run. */
import type { z } from 'zod';
import {
  type ConsoleEnrollPreview,
  type ConsoleEnrollResult,
  consoleEnrollPreviewRequest,
  consoleEnrollRequest,
  type DeadLetterView,
  type SyncConflictView,
  type SyncStatus,
  setupJoinRequest,
} from '../contract';
import { id, request, validate } from './client';

/** A list answered either bare or wrapped as `{ <key>: [...] }`. */
export function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null) {
    const inner = (body as Record<string, unknown>)[key];
    if (Array.isArray(inner)) return inner as T[];
  }
  return [];
}

export const syncApi = {
  status: () => request<SyncStatus>('GET', '/api/sync/status'),

  /** What enrolling with this code would do; the code is not spent. */
  enrollPreview: async (input: z.input<typeof consoleEnrollPreviewRequest>) =>
    request<ConsoleEnrollPreview>('POST', '/api/sync/enroll/preview', {
      body: validate(consoleEnrollPreviewRequest, input),
    }),

  enroll: async (input: z.input<typeof consoleEnrollRequest>) =>
    request<ConsoleEnrollResult>('POST', '/api/sync/enroll', { body: validate(consoleEnrollRequest, input) }),

  /** Push then pull now; answers when that round is over, with the status it left. */
  syncNow: () => request<SyncStatus>('POST', '/api/sync/now'),

  deadLetters: async () =>
    listOf<DeadLetterView>(await request<unknown>('GET', '/api/sync/dead-letters'), 'deadLetters'),

  retryDeadLetter: (opId: string) => request<unknown>('POST', `/api/sync/dead-letters/${id(opId)}/retry`),
  retryAllDeadLetters: () => request<unknown>('POST', '/api/sync/dead-letters/retry-all', { body: {} }),

  conflicts: async () =>
    listOf<SyncConflictView>(await request<unknown>('GET', '/api/sync/conflicts'), 'conflicts'),

  /** A refused change someone has dealt with leaves the inbox (oversells are resolved in stock). */
  reviewConflict: (opId: string) => request<unknown>('POST', `/api/sync/conflicts/${id(opId)}/review`),

  /** A console with no business yet joins one on the hub; then its members sign in with their hub accounts. */
  setupJoin: async (input: z.input<typeof setupJoinRequest>) =>
    request<ConsoleEnrollResult>('POST', '/api/setup/join', {
      body: validate(setupJoinRequest, input),
      sessionRequired: false,
    }),
};
