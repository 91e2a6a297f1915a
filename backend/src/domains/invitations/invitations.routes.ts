import { type Request, Router } from 'express';
import {
  acceptInvitationRequest,
  type InvitationPreview,
  type InvitationView,
  inviteRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { authorizeRead, commandContext } from '../../core/http.js';
import { linkOrigin, sendRenderedMail } from '../../core/mail/deliver.js';
import { invitationMail, mailLanguage } from '../../core/mail/templates.js';
import { type CommandContext, execute } from '../../core/pipeline.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { parseOrThrow } from '../../core/validation.js';
import { findUserByEmail } from '../auth/auth.queries.js';
import { sessionInfo, signIn } from '../auth/auth.routes.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { hashToken, newToken } from '../auth/sessions.js';
import {
  acceptInvitation,
  createInvitation,
  resendInvitation,
  revokeInvitation,
  usableInvitation,
} from './invitations.commands.js';
import {
  businessMailSettings,
  findInvitationByTokenHash,
  listInvitations,
  toInvitationView,
} from './invitations.queries.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Commands that mint a token ignore `Idempotency-Key`: a replay would return
 * the first result but email a fresh token that was never stored. A retried
 * invite answers `invitation-pending`, and Resend is the way to mail again.
 */
function mintingContext(deps: AppDeps, req: Request): CommandContext {
  return { ...commandContext(deps, req), opId: deps.newId() };
}

/**
 * Sent after the command committed, never inside its transaction: a slow or
 * failing SMTP server must not hold a write transaction open nor roll back a
 * recorded invitation. When sending fails the invitation stays (pending, so
 * Resend works with a new token) and the client gets 502 `mail-failed`.
 */
async function mailInvitation(
  deps: AppDeps,
  req: Request,
  tenantId: string,
  view: InvitationView,
  token: string,
) {
  const business = await businessMailSettings(deps.db, tenantId);
  const mail = invitationMail({
    language: mailLanguage(business.locale),
    locale: business.locale,
    timeZone: business.time_zone,
    businessName: business.name,
    inviterName: view.invitedBy,
    role: view.role,
    link: `${linkOrigin(deps, req)}/invite/${token}`,
    expiresAt: view.expiresAt,
  });
  await sendRenderedMail(
    deps,
    view.email,
    mail,
    `The invitation for ${view.email} was saved but its email could not be sent; use Resend to try again`,
  );
}

export function invitationRoutes(deps: AppDeps): Router {
  const router = Router();
  const perInvitation = new RateLimiter(5, FIFTEEN_MINUTES);

  router.get('/api/invitations', async (req, res) => {
    const auth = authorizeRead(req, 'users.manage');
    const now = deps.clock.now().toISOString();
    const rows = await listInvitations(deps.db, auth.tenantId);
    res.json({ invitations: rows.map((row) => toInvitationView(row, now)) });
  });

  router.post('/api/invitations', async (req, res) => {
    const body = parseOrThrow(inviteRequest, req.body);
    const ctx = mintingContext(deps, req);
    const token = newToken();
    const view = await execute(deps, ctx, createInvitation, {
      ...body,
      invitationId: deps.newId(),
      tokenHash: hashToken(token),
    });
    await mailInvitation(deps, req, ctx.tenantId, view, token);
    res.status(201).json(view);
  });

  router.post('/api/invitations/:id/resend', async (req, res) => {
    const ctx = mintingContext(deps, req);
    const token = newToken();
    const view = await execute(deps, ctx, resendInvitation, {
      invitationId: req.params.id,
      tokenHash: hashToken(token),
    });
    await mailInvitation(deps, req, ctx.tenantId, view, token);
    res.json(view);
  });

  router.post('/api/invitations/:id/revoke', async (req, res) => {
    res.json(
      await execute(deps, commandContext(deps, req), revokeInvitation, { invitationId: req.params.id }),
    );
  });

  router.get('/api/invitations/accept/:token', async (req, res) => {
    const now = deps.clock.now().toISOString();
    const invitation = usableInvitation(
      await findInvitationByTokenHash(deps.db, hashToken(req.params.token)),
      now,
    );
    const preview: InvitationPreview = {
      email: invitation.email,
      businessName: invitation.business_name,
      role: invitation.role,
      expiresAt: invitation.expires_at,
      existingAccount: (await findUserByEmail(deps.db, invitation.email)) !== undefined,
    };
    res.json(preview);
  });

  router.post('/api/invitations/accept', async (req, res) => {
    const body = parseOrThrow(acceptInvitationRequest, req.body);
    const now = deps.clock.now();
    const tokenHash = hashToken(body.token);
    const invitation = usableInvitation(
      await findInvitationByTokenHash(deps.db, tokenHash),
      now.toISOString(),
    );
    const existing = await findUserByEmail(deps.db, invitation.email);
    let userId: string;
    let newAccount: { name: string; passwordHash: string } | null = null;
    if (existing) {
      // The invited email has an account: joining proves it is theirs with its password.
      const key = `accept:${invitation.id}`;
      perInvitation.check(key, now);
      if (existing.status !== 'active' || !(await verifyPassword(existing.password_hash, body.password))) {
        perInvitation.fail(key, now);
        throw new DomainError(
          'invalid-credentials',
          401,
          'The password of this account is not correct',
          'password',
        );
      }
      userId = existing.id;
    } else {
      assertStrongPassword(body.password, 'password');
      userId = deps.newId();
      newAccount = { name: body.name, passwordHash: await hashPassword(body.password) };
    }
    await execute(
      deps,
      {
        tenantId: invitation.tenant_id,
        actor: { userId, role: invitation.role },
        deviceId: deps.deviceId,
        now: now.toISOString(),
        // Never an Idempotency-Key: replaying an accept must not sign anyone in again.
        opId: deps.newId(),
        runsOn: deps.mode === 'local' ? 'console' : 'hub',
      },
      acceptInvitation,
      { tokenHash, userId, newAccount },
    );
    res.json(await sessionInfo(deps, await signIn(deps, req, res, userId, invitation.tenant_id)));
  });

  return router;
}
