/**
 * Calls to the bookings API (coworking): resources, booking settings, bookings, availability,
 * recurring series and check-in. Routes under /api/resources and /api/bookings.
 */
import type { z } from 'zod';
import {
  type AvailabilityQuery,
  type AvailabilityResult,
  type BookingConflictProblem,
  type BookingListPage,
  type BookingQuote,
  type BookingSettings,
  type BookingStatus,
  type BookingView,
  bookingCancelRequest,
  bookingCheckInByCodeRequest,
  bookingCreateRequest,
  bookingExtendRequest,
  bookingMoveRequest,
  bookingQuoteRequest,
  bookingRejectRequest,
  bookingSettingsRequest,
  type NoShowReleaseResult,
  type Problem,
  type ResourceType,
  type ResourceView,
  resourceCreateRequest,
  resourceUpdateRequest,
  type SeriesPreview,
  type SeriesView,
  seriesCancelRequest,
  seriesCreateRequest,
  seriesEditRequest,
  seriesPreviewRequest,
} from '../contract';
import { id, query, request, validate } from './client';

export interface ResourceFilters {
  locationId?: string;
  type?: ResourceType;
  active?: 'true' | 'false';
  q?: string;
}

export interface BookingFilters {
  from?: string;
  to?: string;
  resourceId?: string;
  locationId?: string;
  status?: BookingStatus | BookingStatus[];
  memberId?: string;
  customerId?: string;
  seriesId?: string;
}

export interface BookingPageFilters extends BookingFilters {
  /** The `next` of the page before. */
  after?: string;
  /** Bookings per page (the server's default is 1,000). */
  limit?: number;
}

/** The 409 `booking-conflict` body (the client keeps a problem's extra members). */
export function conflictOf(problem: Problem): BookingConflictProblem | null {
  if (problem.code !== 'booking-conflict') return null;
  const body = problem as Partial<BookingConflictProblem>;
  return {
    ...(problem as BookingConflictProblem),
    conflicts: body.conflicts ?? [],
    freeSlots: body.freeSlots ?? [],
  };
}

export const resourcesApi = {
  list: (filters: ResourceFilters = {}) =>
    request<{ resources: ResourceView[] }>('GET', `/api/resources${query({ ...filters })}`),

  get: (resourceId: string) => request<ResourceView>('GET', `/api/resources/${id(resourceId)}`),

  create: async (input: z.input<typeof resourceCreateRequest>) =>
    request<ResourceView>('POST', '/api/resources', { body: validate(resourceCreateRequest, input) }),

  update: async (resourceId: string, input: z.input<typeof resourceUpdateRequest>) =>
    request<ResourceView>('PATCH', `/api/resources/${id(resourceId)}`, {
      body: validate(resourceUpdateRequest, input),
    }),

  remove: (resourceId: string) => request<void>('DELETE', `/api/resources/${id(resourceId)}`),
};

export const bookingSettingsApi = {
  get: () => request<BookingSettings>('GET', '/api/bookings/settings'),

  put: async (input: z.input<typeof bookingSettingsRequest>) =>
    request<BookingSettings>('PUT', '/api/bookings/settings', {
      body: validate(bookingSettingsRequest, input),
    }),
};

export const bookingsApi = {
  /** One page in (start, id) order: its bookings, the cursor of the next page (null on the last), the total. */
  page: ({ status, limit, ...filters }: BookingPageFilters = {}) =>
    request<BookingListPage>(
      'GET',
      `/api/bookings${query({
        ...filters,
        status: Array.isArray(status) ? status.join(',') : status,
        limit: limit === undefined ? undefined : String(limit),
      })}`,
    ),

  get: (bookingId: string) => request<BookingView>('GET', `/api/bookings/${id(bookingId)}`),

  /** `idempotencyKey`: the same when Save is pressed again after a lost answer (SubmitAttempt). */
  create: async (input: z.input<typeof bookingCreateRequest>, idempotencyKey?: string) =>
    request<BookingView>('POST', '/api/bookings', {
      body: validate(bookingCreateRequest, input),
      idempotencyKey,
    }),

  quote: async (input: z.input<typeof bookingQuoteRequest>) =>
    request<BookingQuote>('POST', '/api/bookings/quote', { body: validate(bookingQuoteRequest, input) }),

  move: async (bookingId: string, input: z.input<typeof bookingMoveRequest>) =>
    request<BookingView>('POST', `/api/bookings/${id(bookingId)}/move`, {
      body: validate(bookingMoveRequest, input),
    }),

  extend: async (bookingId: string, input: z.input<typeof bookingExtendRequest>) =>
    request<BookingView>('POST', `/api/bookings/${id(bookingId)}/extend`, {
      body: validate(bookingExtendRequest, input),
    }),

  cancel: async (bookingId: string, input: z.input<typeof bookingCancelRequest>) =>
    request<BookingView>('POST', `/api/bookings/${id(bookingId)}/cancel`, {
      body: validate(bookingCancelRequest, input),
    }),

  approve: (bookingId: string) => request<BookingView>('POST', `/api/bookings/${id(bookingId)}/approve`),

  reject: async (bookingId: string, input: z.input<typeof bookingRejectRequest>) =>
    request<BookingView>('POST', `/api/bookings/${id(bookingId)}/reject`, {
      body: validate(bookingRejectRequest, input),
    }),

  checkIn: (bookingId: string) => request<BookingView>('POST', `/api/bookings/${id(bookingId)}/check-in`),

  checkOut: (bookingId: string) => request<BookingView>('POST', `/api/bookings/${id(bookingId)}/check-out`),

  checkInByCode: async (input: z.input<typeof bookingCheckInByCodeRequest>) =>
    request<BookingView>('POST', '/api/bookings/check-in-by-code', {
      body: validate(bookingCheckInByCodeRequest, input),
    }),

  releaseNoShows: () => request<NoShowReleaseResult>('POST', '/api/bookings/no-shows/release'),

  availability: ({ amenities, ...params }: Omit<AvailabilityQuery, 'amenities'> & { amenities?: string[] }) =>
    request<AvailabilityResult>(
      'GET',
      `/api/bookings/availability${query({
        ...Object.fromEntries(
          Object.entries(params).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
        ),
        amenities: amenities?.length ? amenities.join(',') : undefined,
      })}`,
    ),
};

export const seriesApi = {
  preview: async (input: z.input<typeof seriesPreviewRequest>) =>
    request<SeriesPreview>('POST', '/api/bookings/series/preview', {
      body: validate(seriesPreviewRequest, input),
    }),

  create: async (input: z.input<typeof seriesCreateRequest>, idempotencyKey?: string) =>
    request<SeriesView>('POST', '/api/bookings/series', {
      body: validate(seriesCreateRequest, input),
      idempotencyKey,
    }),

  get: (seriesId: string) => request<SeriesView>('GET', `/api/bookings/series/${id(seriesId)}`),

  edit: async (seriesId: string, input: z.input<typeof seriesEditRequest>) =>
    request<SeriesView>('POST', `/api/bookings/series/${id(seriesId)}/edit`, {
      body: validate(seriesEditRequest, input),
    }),

  cancel: async (seriesId: string, input: z.input<typeof seriesCancelRequest>) =>
    request<SeriesView>('POST', `/api/bookings/series/${id(seriesId)}/cancel`, {
      body: validate(seriesCancelRequest, input),
    }),
};
