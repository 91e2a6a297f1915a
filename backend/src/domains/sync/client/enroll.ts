/**
 * Enrolling this console with a hub (Settings → Sync, or first run). The
 * code decides the mode (docs/decisions.md "Enrollment: join or upload, and
 * accounts on devices"):
 *
 * - join: the code belongs to a business on the hub; the console starts from
 *   that business's data (C's client pulls it). A business this console
 *   started on its own stays behind: its pending ops are marked 'local'
 *   (never pushed, their device_seq released so the hub's sequence for this
 *   device starts clean) and it becomes read-only here (status 'cancelled'
 *   with the reason), since its new ops would interleave with the joined
 *   business's in this device's one gap-free sequence. The user must confirm.
 * - upload: a SUPER-ADMIN's new-business code; the console's own business
 *   becomes a business on the hub with the same id. The hub applies its first
 *   op in the enrollment; the outbox is then pushed normally.
 */
import type { Kysely } from 'kysely';
import type {
  ConsoleEnrollPreview,
  ConsoleEnrollPreviewRequest,
  ConsoleEnrollRequest,
  ConsoleEnrollResult,
  EnrollPreviewResponse,
  EnrollResponse,
  LeftBehindPreview,
  MovedAccount,
  PushedOp,
  UploadedMember,
} from '../../../contract/index.js';
import type { AppDeps } from '../../../core/deps.js';
import { conflict, DomainError } from '../../../core/errors.js';
import type { DB } from '../../../db/schema.js';
import { createBusiness } from '../../tenancy/tenancy.commands.js';
import { applyAccountsInTransaction, leftBehindEmail } from './accounts.js';
import { hubRequest } from './hub-client.js';
import { listSyncLinks, saveSyncLink, updateSyncLink } from './link.js';

/** The business signed in on this console, and who is enrolling it (null: first run, none yet). */
type LocalSession = { tenantId: string; userId: string } | null;

interface Plan {
  preview: ConsoleEnrollPreview;
  hub: EnrollPreviewResponse;
  firstOp?: PushedOp;
  members?: UploadedMember[];
}

/** What enrolling with this code would do here, asked of the hub without spending the code. */
export async function previewConsoleEnrollment(
  deps: AppDeps,
  local: LocalSession,
  request: ConsoleEnrollPreviewRequest,
): Promise<ConsoleEnrollPreview> {
  return (await plan(deps, local, request)).preview;
}

async function plan(deps: AppDeps, local: LocalSession, request: ConsoleEnrollPreviewRequest): Promise<Plan> {
  const localTenantId = local?.tenantId ?? null;
  await assertNotEnrolled(deps.db, ANY_BUSINESS);
  const hub = await hubRequest<EnrollPreviewResponse>(request.hubUrl, '/sync/enroll/preview', {
    method: 'POST',
    body: { code: request.code },
    accepts: isPreview,
  });
  await assertNotEnrolled(deps.db, hub.mode === 'join' ? hub.tenantId : null);
  if (hub.mode === 'upload') {
    if (!localTenantId) {
      throw conflict(
        'nothing-to-upload',
        'This code uploads a business started on a console, and this console has none yet: ask for a code of the business to join',
        'code',
      );
    }
    return {
      hub,
      firstOp: await firstOpOf(deps.db, localTenantId),
      members: await membersOf(deps.db, localTenantId),
      preview: {
        mode: 'upload',
        businessName: await localBusinessName(deps.db, localTenantId),
        leftBehind: null,
      },
    };
  }
  const leftBehind = local && local.tenantId !== hub.tenantId ? await leftBehindOf(deps.db, local) : null;
  return {
    hub,
    preview: { mode: 'join', businessName: hub.businessName ?? '', leftBehind },
  };
}

/**
 * Enrolls: spends the code on the hub, keeps the device token, links the
 * business, applies its accounts, then lets the sync client run its first
 * round (bootstrap pull, push).
 */
export async function enrollConsole(
  deps: AppDeps,
  local: LocalSession,
  request: Omit<ConsoleEnrollRequest, 'confirmLeaveBehind'> & { confirmLeaveBehind?: boolean },
): Promise<ConsoleEnrollResult> {
  const tokens = deps.syncTokens;
  if (!tokens) throw new DomainError('sync-unavailable', 503, 'This console cannot keep a device token');
  const { preview, firstOp, members } = await plan(deps, local, request);
  if (preview.leftBehind && request.confirmLeaveBehind !== true) {
    throw conflict(
      'leave-behind-unconfirmed',
      `Joining ${preview.businessName} leaves ${preview.leftBehind.businessName} behind on this console (read-only, never uploaded): confirm to go on`,
      'confirmLeaveBehind',
    );
  }
  const enrolled = await hubRequest<EnrollResponse>(request.hubUrl, '/sync/enroll', {
    method: 'POST',
    body: {
      code: request.code,
      deviceId: deps.deviceId,
      name: request.deviceName,
      appVersion: deps.version,
      ...(firstOp ? { firstOp, members } : {}),
    },
    accepts: isEnrolled,
  });
  const now = deps.clock.now().toISOString();
  tokens.write(enrolled.tenantId, enrolled.token);
  let movedAccounts: MovedAccount[] = [];
  try {
    await deps.db.transaction().execute(async (tx) => {
      const readmitted = await assertNotEnrolled(tx, enrolled.tenantId);
      const before = preview.leftBehind && local ? await accountsOf(tx, local.tenantId) : [];
      await applyAccountsInTransaction(tx, enrolled.tenantId, enrolled.accounts);
      if (preview.leftBehind && local) {
        await leaveBehind(tx, local.tenantId, preview.businessName, now);
        movedAccounts = await movedSince(tx, before);
      }
      const link = {
        tenant_id: enrolled.tenantId,
        hub_url: request.hubUrl.replace(/\/+$/, ''),
        device_name: request.deviceName,
        enrolled_at: now,
      };
      // Let back in: the same link goes on (its pull cursor kept, its pending ops pushed next).
      if (readmitted) await updateSyncLink(tx, enrolled.tenantId, { ...link, ...READMIT_CLEARS });
      else await saveSyncLink(tx, link);
    });
  } catch (err) {
    tokens.clear(enrolled.tenantId);
    throw err;
  }
  await deps.syncClient?.syncNow(enrolled.tenantId);
  return {
    mode: enrolled.mode,
    tenantId: enrolled.tenantId,
    businessName: preview.businessName,
    hubUrl: request.hubUrl.replace(/\/+$/, ''),
    deviceName: request.deviceName,
    enrolledAt: now,
    leftBehind: preview.leftBehind && { ...preview.leftBehind, movedAccounts },
  };
}

/** The hub's preview of a code (else another service answered: nothing is planned on it). */
function isPreview(body: unknown): boolean {
  const b = body as Partial<EnrollPreviewResponse>;
  return (b.mode === 'join' && typeof b.tenantId === 'string') || b.mode === 'upload';
}

/** The hub's enrollment (else another service answered: nothing is linked, no token kept). */
function isEnrolled(body: unknown): boolean {
  const b = body as Partial<EnrollResponse>;
  return (
    typeof b.tenantId === 'string' &&
    typeof b.token === 'string' &&
    (b.mode === 'join' || b.mode === 'upload') &&
    Array.isArray(b.accounts?.accounts)
  );
}

/** First run on a fresh console: join a hub business instead of creating one. */
export async function joinOnFirstRun(
  deps: AppDeps,
  request: { hubUrl: string; code: string; deviceName: string },
): Promise<ConsoleEnrollResult> {
  const any = await deps.db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  if (any) throw conflict('already-set-up', 'This console already has a business');
  return enrollConsole(deps, null, request);
}

/** `assertNotEnrolled` before the code's business is known: a revoked link may still be let back in. */
const ANY_BUSINESS = Symbol('any business');
const READMIT_CLEARS = { revoked_at: null, last_error: null, last_error_at: null } as const;

/**
 * Enrolling needs a console that is not enrolled, with one exception
 * (docs/decisions.md "A revoked console is let back into its own business"):
 * a console the hub revoked may enroll again with a new code of the same
 * business. Its device id and device_seq stay, so the hub (which keeps its
 * ops and re-admits the same device row) expects exactly its next op.
 * Returns true when that is the case.
 */
async function assertNotEnrolled(
  db: Kysely<DB>,
  business: string | null | typeof ANY_BUSINESS,
): Promise<boolean> {
  const [link] = await listSyncLinks(db);
  if (!link) return false;
  if (link.revoked_at && (business === ANY_BUSINESS || business === link.tenant_id)) return true;
  if (link.revoked_at) {
    throw conflict(
      'readmit-other-business',
      `This console was revoked from its business on ${link.hub_url}; it can only be let back into that business, with a new code of it`,
      'code',
    );
  }
  throw conflict(
    'already-enrolled',
    `This console already syncs with ${link.hub_url} as "${link.device_name}"`,
    'hubUrl',
  );
}

async function localBusinessName(db: Kysely<DB>, tenantId: string): Promise<string> {
  const row = await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  return row?.name ?? '';
}

/** The op that created this console's business, as its outbox holds it (device_seq 1, not yet pushed). */
async function firstOpOf(db: Kysely<DB>, tenantId: string): Promise<PushedOp> {
  const op = await db
    .selectFrom('ops')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('command', '=', createBusiness.name)
    .executeTakeFirst();
  if (op?.device_seq !== 1 || op.push_state !== 'pending') {
    throw conflict(
      'upload-unavailable',
      "This console's business cannot be uploaded: the op that created it is not the first of this console's outbox",
      'code',
    );
  }
  return {
    opId: op.op_id,
    deviceSeq: op.device_seq,
    command: op.command,
    input: JSON.parse(op.input) as unknown,
    schemaVersion: op.schema_version,
    actorId: op.actor_id,
    createdAt: op.created_at,
  };
}

/** The business's accounts on this console, for an upload (invitations do not sync, so the hub lacks them). */
async function membersOf(db: Kysely<DB>, tenantId: string): Promise<UploadedMember[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.password_hash',
      'users.status as user_status',
      'memberships.role',
      'memberships.status as membership_status',
      'memberships.created_at',
    ])
    .where('memberships.tenant_id', '=', tenantId)
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    userStatus: r.user_status,
    role: r.role,
    membershipStatus: r.membership_status,
    createdAt: r.created_at,
  }));
}

/** The accounts of a business on this console, with their addresses. */
async function accountsOf(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('memberships.tenant_id', '=', tenantId)
    .execute();
}

/**
 * The accounts whose address changed since `before` was read: the joined business's account took
 * it (accounts.ts `leftBehindEmail`), and they open the business left behind with the new one.
 */
async function movedSince(
  db: Kysely<DB>,
  before: { id: string; email: string; name: string }[],
): Promise<MovedAccount[]> {
  if (before.length === 0) return [];
  const now = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where(
      'id',
      'in',
      before.map((a) => a.id),
    )
    .execute();
  const emailNow = new Map(now.map((u) => [u.id, u.email]));
  return before.flatMap((a) => {
    const to = emailNow.get(a.id);
    return to !== undefined && to !== a.email ? [{ from: a.email, to, name: a.name }] : [];
  });
}

async function leftBehindOf(db: Kysely<DB>, local: NonNullable<LocalSession>): Promise<LeftBehindPreview> {
  const tenantId = local.tenantId;
  const count = async (query: Promise<{ n: number | string | bigint } | undefined>) =>
    Number((await query)?.n ?? 0);
  const [ops, sales, products, bookings] = await Promise.all([
    count(
      db
        .selectFrom('ops')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('push_state', '=', 'pending')
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst(),
    ),
  ]);
  const me = await db.selectFrom('users').select('email').where('id', '=', local.userId).executeTakeFirst();
  return {
    businessName: await localBusinessName(db, tenantId),
    ops,
    sales,
    products,
    bookings,
    signIn: me ? { email: me.email, ifTaken: leftBehindEmail(me.email, local.userId) } : null,
  };
}

/**
 * The local business stays on this console, never uploaded: its pending ops
 * become 'local' with their device_seq released, and it turns read-only.
 */
async function leaveBehind(db: Kysely<DB>, tenantId: string, joined: string, now: string) {
  await db
    .updateTable('ops')
    .set({ push_state: 'local', device_seq: null })
    .where('tenant_id', '=', tenantId)
    .where('push_state', '=', 'pending')
    .execute();
  await db
    .updateTable('tenants')
    .set({
      status: 'cancelled',
      status_reason: `Left behind on this console when it joined ${joined}; read-only, never uploaded`,
      updated_at: now,
    })
    .where('id', '=', tenantId)
    .execute();
}
