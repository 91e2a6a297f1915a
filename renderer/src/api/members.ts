/** Calls to the coworking members API (/api/members, /api/membership-plans, /api/memberships). */
import type { z } from 'zod';
import {
  type ChangePlanResult,
  creditAdjustmentRequest,
  type InvoiceView,
  type MemberDetail,
  type MemberListPage,
  type MemberListQuery,
  type MemberProfile,
  type MembershipStartPreview,
  type MembershipView,
  memberCreateRequest,
  membershipChangePlanRequest,
  membershipStartRequest,
  memberUpdateRequest,
  type PlanView,
  planCreateRequest,
  planUpdateRequest,
} from '../contract';
import { id, query, request, validate } from './client';

export type MemberListParams = Omit<MemberListQuery, 'limit' | 'after'>;

export const membersApi = {
  /**
   * The first page of the members the filters find, by name, asking for as many as the list
   * answered before it was paged (200): the booking form's member picker reads only this page
   * and says when more match.
   * `total` says how many match in all.
   */
  list: (params: MemberListParams = {}) => membersApi.page({ ...params, limit: 200 }),

  /** One page by name: its members, the cursor of the next (null on the last), how many match. */
  page: ({ q, status, kind, limit, after }: MemberListParams & { limit?: number; after?: string }) =>
    request<MemberListPage>(
      'GET',
      `/api/members${query({
        q: q?.trim() || undefined,
        status,
        kind,
        limit: limit ? String(limit) : undefined,
        after,
      })}`,
    ),

  get: (memberId: string) => request<MemberDetail>('GET', `/api/members/${id(memberId)}`),

  create: async (input: z.input<typeof memberCreateRequest>) =>
    request<MemberProfile>('POST', '/api/members', { body: validate(memberCreateRequest, input) }),

  update: async (memberId: string, input: z.input<typeof memberUpdateRequest>) =>
    request<MemberProfile>('PATCH', `/api/members/${id(memberId)}`, {
      body: validate(memberUpdateRequest, input),
    }),

  startMembership: async (memberId: string, input: z.input<typeof membershipStartRequest>) =>
    request<MembershipView>('POST', `/api/members/${id(memberId)}/memberships`, {
      body: validate(membershipStartRequest, input),
    }),

  /** What starting on `planId` on `startsOn` charges at once (every period since a past start). */
  previewStart: (memberId: string, params: { planId: string; startsOn: string }) =>
    request<MembershipStartPreview>(
      'GET',
      `/api/members/${id(memberId)}/membership-preview${query({ planId: params.planId, startsOn: params.startsOn })}`,
    ),

  adjustCredits: async (memberId: string, input: z.input<typeof creditAdjustmentRequest>) =>
    request<MemberDetail>('POST', `/api/members/${id(memberId)}/credit-adjustments`, {
      body: validate(creditAdjustmentRequest, input),
    }),

  chargeNow: (memberId: string) =>
    request<InvoiceView>('POST', `/api/members/${id(memberId)}/charge-now`, {
      body: { invoiceId: crypto.randomUUID() },
    }),
};

export const plansApi = {
  list: () => request<{ plans: PlanView[] }>('GET', '/api/membership-plans'),

  get: (planId: string) => request<PlanView>('GET', `/api/membership-plans/${id(planId)}`),

  create: async (input: z.input<typeof planCreateRequest>) =>
    request<PlanView>('POST', '/api/membership-plans', { body: validate(planCreateRequest, input) }),

  update: async (planId: string, input: z.input<typeof planUpdateRequest>) =>
    request<PlanView>('PATCH', `/api/membership-plans/${id(planId)}`, {
      body: validate(planUpdateRequest, input),
    }),
};

/** `undo-cancel` takes back a cancellation at period end that has not taken effect yet. */
export type MembershipAction = 'pause' | 'resume' | 'cancel' | 'undo-cancel' | 'renew';

export const membershipsApi = {
  act: (membershipId: string, action: MembershipAction) =>
    request<MembershipView>('POST', `/api/memberships/${id(membershipId)}/${action}`, { body: {} }),

  changePlan: async (membershipId: string, input: z.input<typeof membershipChangePlanRequest>) =>
    request<ChangePlanResult>('POST', `/api/memberships/${id(membershipId)}/change-plan`, {
      body: validate(membershipChangePlanRequest, input),
    }),

  invoicePeriod: (membershipId: string) =>
    request<InvoiceView>('POST', `/api/memberships/${id(membershipId)}/invoice-period`, {
      body: { invoiceId: crypto.randomUUID() },
    }),
};
