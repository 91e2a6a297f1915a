/** HTTP contract of the hub's device endpoints (enrollment, devices, pull). */
import { z } from 'zod';
import { newPassword } from './identity.js';

export interface EnrollmentCodeView {
  /** Shown once to the OWNER, typed into the console's Settings → Sync; only its hash is stored. */
  code: string;
  expiresAt: string;
}

/**
 * The most document numbers one op may take in one series, which the hub accepts with it. The
 * largest taker is "Create orders from low stock" (one purchase order number per supplier): its
 * command takes at most this many orders, so no op a console records is ever refused for its numbers.
 */
export const MAX_OP_NUMBERS_PER_SERIES = 500;

/** One op from a console's outbox, as the console recorded it. */
export const pushedOp = z.object({
  opId: z.uuid(),
  deviceSeq: z.number().int().min(1),
  command: z.string().min(1).max(100),
  input: z.unknown(),
  schemaVersion: z.number().int().min(1),
  actorId: z.string().max(64).nullable(),
  createdAt: z.iso.datetime(),
  /** The document numbers the op took on the console, by series (core/numbering.ts); the hub takes them again. */
  numbers: z
    .record(
      z.string().regex(/^[A-Z]{1,4}$/),
      z.array(z.number().int().min(1).max(999_999_999)).min(1).max(MAX_OP_NUMBERS_PER_SERIES),
    )
    .refine((numbers) => Object.keys(numbers).length <= 8, 'At most 8 series')
    .optional(),
});
export type PushedOp = z.infer<typeof pushedOp>;

/**
 * Every request of a console's sync client names the console's version in this header; the hub
 * keeps it on the device (the owner's device list shows which register runs which build).
 */
export const APP_VERSION_HEADER = 'x-mostrador-version';
/** What the hub takes as a version, in the header as at enrollment. */
export const appVersion = z.string().trim().min(1).max(40);

/** Hub: POST /api/sync/enrollment-codes. `newBusiness` (super-admin only): a code that uploads a console's business. */
export const enrollmentCodeRequest = z.object({ newBusiness: z.boolean().default(false) });
export type EnrollmentCodeRequest = z.infer<typeof enrollmentCodeRequest>;

/** Hub: POST /sync/enroll/preview — what a code would do, without spending it. */
export const enrollPreviewRequest = z.object({ code: z.string().trim().min(1).max(64) });

export interface EnrollPreviewResponse {
  /** 'join': the code belongs to an existing business; 'upload': a new-business code. */
  mode: 'join' | 'upload';
  /** The business a join code belongs to; null for a new-business code (the console names it). */
  tenantId: string | null;
  businessName: string | null;
  expiresAt: string;
}

/** A console changes the password of one of its business's members on the hub (POST /sync/accounts/password). */
export const accountPasswordRequest = z.object({
  userId: z.uuid(),
  currentPassword: z.string().min(1).max(256),
  newPassword,
});
export type AccountPasswordRequest = z.infer<typeof accountPasswordRequest>;
/** The hash the hub stored: the console keeps the same, so the next accounts refresh changes nothing. */
export interface AccountPasswordResponse {
  passwordHash: string;
}

/** A member of a console's business, uploaded with it (their account as the console holds it). */
export const uploadedMember = z.object({
  userId: z.uuid(),
  email: z.string().trim().min(3).max(254),
  name: z.string().trim().min(1).max(120),
  passwordHash: z.string().min(20).max(512),
  userStatus: z.enum(['active', 'deactivated']),
  role: z.enum(['OWNER', 'ADMIN', 'STAFF']),
  membershipStatus: z.enum(['active', 'deactivated', 'removed']),
  createdAt: z.iso.datetime(),
});
export type UploadedMember = z.infer<typeof uploadedMember>;

export const enrollRequest = z.object({
  code: z.string().trim().min(1).max(64),
  /** The console's own device id (its ops and document series carry it). */
  deviceId: z.uuid(),
  name: z.string().trim().min(1).max(80),
  appVersion,
  /**
   * New-business codes only: the console's first op (`tenancy.business.create`,
   * device_seq 1, as its outbox holds it). The hub applies it in the enrollment
   * transaction, so the business exists on the hub with the console's ids.
   */
  firstOp: pushedOp.optional(),
  /**
   * New-business codes only: the business's other members on the console
   * (invitations do not sync), so their ops apply on the hub under their names.
   */
  members: z.array(uploadedMember).max(500).optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

/** A member of the device's business as the hub knows them (GET /sync/accounts). */
export interface SyncAccount {
  userId: string;
  email: string;
  name: string;
  /** Only for active members of active accounts (offline sign-in needs it); null otherwise. */
  passwordHash: string | null;
  userStatus: 'active' | 'deactivated';
  role: 'OWNER' | 'ADMIN' | 'STAFF';
  membershipStatus: 'active' | 'deactivated' | 'removed';
  membershipCreatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface SyncAccounts {
  /** The business's `tenants` row, as the hub holds it (a console needs it before its first pull). */
  tenant: Record<string, unknown>;
  accounts: SyncAccount[];
}

export interface EnrollResponse {
  tenantId: string;
  deviceId: string;
  /** Bearer token for /sync/*; only its hash is stored on the hub. */
  token: string;
  mode: 'join' | 'upload';
  /** The business's members, so the console can sign them in before its first pull. */
  accounts: SyncAccounts;
}

export interface HubDeviceView {
  id: string;
  name: string;
  appVersion: string;
  enrolledAt: string;
  lastSeenAt: string;
  revokedAt: string | null;
  /** Ops the device said it still had to push, at its last report (null: it never reported). */
  pendingOps: number;
  pendingReportedAt: string | null;
}

export const pullQuery = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Only this table's changes (the divergence check pulls a drifted table again from 0). */
  table: z.string().max(64).optional(),
});

export interface PullResponse {
  changes: { table: string; key: unknown[]; serverSeq: number; row: Record<string, unknown> | null }[];
  cursor: number;
  more: boolean;
  /**
   * The rows' timestamps are ISO-8601 UTC text already (`…T10:00:00.000Z`), formatted from the
   * column types: the console stores every string as sent. Absent from older hubs, whose rows
   * carry Postgres's own form (`…+00:00`) and are converted by their look.
   */
  isoTimestamps?: boolean;
}

export const pushRequest = z.object({ ops: z.array(pushedOp).min(1).max(500) });

export type PushStatus = 'applied' | 'rejected' | 'quarantined';

export interface PushResult {
  opId: string;
  deviceSeq: number;
  status: PushStatus;
  /** True when the hub had already applied this op: its stored outcome is returned again. */
  duplicate: boolean;
  result?: unknown;
  /** Why the op was rejected (a domain refusal) or quarantined (this hub cannot apply it). */
  error?: { code: string; message: string };
}

export interface PushResponse {
  results: PushResult[];
  /** The device_seq the hub expects next from this device. */
  nextDeviceSeq: number;
}

// ---------------------------------------------------------------------------
// The console's side (Settings → Sync). Routes under /api/sync on a console.

/** Enrolling: the hub's address and the one-time code the OWNER got on the hub. */
export const consoleEnrollRequest = z.object({
  hubUrl: z.url({ protocol: /^https?$/ }).max(300),
  code: z.string().trim().min(1).max(64),
  deviceName: z.string().trim().min(1).max(80),
  /** Required (true) when the preview said local data would be left behind. */
  confirmLeaveBehind: z.boolean().default(false),
});
export type ConsoleEnrollRequest = z.infer<typeof consoleEnrollRequest>;

export const consoleEnrollPreviewRequest = consoleEnrollRequest.pick({ hubUrl: true, code: true });
export type ConsoleEnrollPreviewRequest = z.infer<typeof consoleEnrollPreviewRequest>;

/** What enrolling with this code would do, asked before the code is spent. */
export interface ConsoleEnrollPreview {
  /** 'join': the code belongs to an existing business on the hub, whose data this console will pull.
   *  'upload': a new-business code: this console's business is uploaded as a new business on the hub. */
  mode: 'join' | 'upload';
  businessName: string;
  /** 'join' with local data of another business: what stays behind (never uploaded). */
  leftBehind: LeftBehindPreview | null;
}

/** A business this console started on its own, left behind by a join: read-only here, never uploaded. */
export interface LeftBehindPreview {
  businessName: string;
  ops: number;
  sales: number;
  products: number;
  bookings: number;
  /**
   * How the signed-in account opens it afterwards. An address is unique on a console: when the
   * joined business has an account with the same address (`email`), the account here moves to
   * `ifTaken` (same password as here), which then opens the business left behind.
   */
  signIn: { email: string; ifTaken: string } | null;
}

/** An account of the business left behind whose address the joined business's account took. */
export interface MovedAccount {
  /** The address it had here (now the joined business's account). */
  from: string;
  /** The address it signs in with now, with its password from this console. */
  to: string;
  name: string;
}

/** The console's enrollment once made (POST /api/sync/enroll, POST /api/setup/join). */
export interface ConsoleEnrollResult {
  mode: 'join' | 'upload';
  /** The business this console now syncs (in 'upload' mode, its own business). */
  tenantId: string;
  businessName: string;
  hubUrl: string;
  deviceName: string;
  enrolledAt: string;
  /**
   * 'join' over a business of this console: what stayed behind (read-only here, never uploaded),
   * and the accounts of it that now sign in with another address.
   */
  leftBehind: (LeftBehindPreview & { movedAccounts: MovedAccount[] }) | null;
}

/** First run on a fresh console: join a hub business instead of creating one (POST /api/setup/join). */
export const setupJoinRequest = consoleEnrollRequest.pick({ hubUrl: true, code: true, deviceName: true });
export type SetupJoinRequest = z.infer<typeof setupJoinRequest>;

/** An op the console could not deliver (kept failing) or the hub quarantined: never dropped. */
export interface DeadLetterView {
  opId: string;
  deviceSeq: number;
  command: string;
  createdAt: string;
  attempts: number;
  state: 'dead' | 'quarantined';
  /** The hub's (or the push loop's) words, in English: shown as a detail under the translated code. */
  reason: string;
  /** Stable code of the reason (the hub's, e.g. 'schema-too-new', 'row-security-violation'; 'push-failed'). */
  reasonCode: string;
  /** Who made the change on this console (null: an automatic change or an unknown account). */
  actorName: string | null;
  /** The document numbers the change printed here (a refund, an invoice…), which it keeps on the hub. */
  documents: string[];
}

/**
 * Why the last sync attempt failed, as a stable code the console translates;
 * the raw message (English, from the hub or the network) is its detail.
 */
export type SyncErrorCode =
  | 'hub-unreachable'
  | 'hub-timeout'
  | 'device-revoked'
  | 'console-too-old'
  | 'server-error'
  | 'hub-refused'
  | 'seq-gap'
  | 'op-blocked'
  | 'pull-failed'
  | 'snapshot-interrupted'
  | 'no-device-token'
  | 'console-failure';

export interface SyncLastError {
  code: SyncErrorCode;
  message: string;
  at: string;
}

/** Something the hub refused or flagged that staff should look at, with where to go. */
export interface SyncConflictView {
  id: string;
  /**
   * 'booking-rejected': a booking the hub gave to someone else; 'oversell': a sale below zero
   * stock; 'op-rejected': any other change the hub refused (a SKU it already has, a refund it
   * would not take…): it is not on the hub, nor on the other consoles; 'invoice-overpaid': an
   * invoice that holds more money than it bills (two registers took its payment offline, or one
   * took it for an invoice voided meanwhile, or it was voided after being paid): the excess is owed
   * back to the customer (`refundDue`) until it is recorded as given back on the invoice;
   * 'invoice-overgiven': an invoice whose customer was given back more than was owed (two registers
   * each gave back the same money offline): the customer should return the excess (`overGiven`),
   * listed until it is recorded as a payment of the invoice.
   */
  kind: 'booking-rejected' | 'oversell' | 'op-rejected' | 'invoice-overpaid' | 'invoice-overgiven';
  createdAt: string;
  /** In English, for logs and as a fallback: the renderer builds its own words from the fields below. */
  summary: string;
  /** Renderer route of the record (e.g. '/bookings?date=…', '/stock/oversells', '/invoices/:id'); null when there is none. */
  link: string | null;
  /** Booking rejected by the hub: the free slots it suggested. */
  suggestedSlots?: { resourceId: string; startsAt: string; endsAt: string }[];
  /** Rejected ops: the command (the renderer names it, e.g. "Alta de producto"). */
  command?: string;
  /** Rejected ops: who made the change on this console. */
  actorName?: string | null;
  /** Rejected ops: the hub's reason — a stable code to translate and its words as a detail. */
  reason?: { code: string; message: string };
  /**
   * Rejected ops: what this console still holds of the refused change, checked when listed.
   * 'local-only': the refused change made the record, which exists on this console only; 'gone': it
   * is no longer here (the hub's data took its place); 'unknown': this kind of change names no single
   * record, or it changed a record that was here before it (the hub has the record, not the change).
   */
  localCopy?: 'local-only' | 'gone' | 'unknown';
  /**
   * Rejected ops: the document numbers the change gave out on this console (a receipt or refund
   * printed at the counter), which the hub does not hold; empty when it numbered none.
   */
  documents?: string[];
  /** Oversells: the product and the stock it was left with. */
  oversell?: { productName: string; onHand: number };
  /**
   * Over-paid invoices (`id` is the invoice's): its number, its customer, what it owes back in
   * minor units of its currency (the business's), and whether it is void.
   */
  invoiceOverpaid?: {
    number: string | null;
    customerName: string | null;
    refundDue: number;
    currency: string;
    voided: boolean;
  };
  /**
   * Invoices given too much back (`id` is the invoice's): its number, its customer, what the
   * customer was given beyond what was owed back, in minor units of its currency, and whether it
   * is void.
   */
  invoiceOvergiven?: {
    number: string | null;
    customerName: string | null;
    overGiven: number;
    currency: string;
    voided: boolean;
  };
  /**
   * Whether "mark reviewed" applies (POST /api/sync/conflicts/:id/review): a refused change, yes;
   * an oversell leaves the inbox when it is resolved in stock instead, an over-paid invoice when
   * the money is recorded as given back on it (refundDue 0), one given too much back when what the
   * customer returns is recorded as a payment on it (overGiven 0).
   */
  reviewable: boolean;
}
