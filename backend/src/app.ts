import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { HealthResponse } from './contract/index.js';
import type { AppDeps } from './core/deps.js';
import { notFoundHandler, problemHandler } from './core/http.js';
import { auditRoutes } from './domains/audit/audit.routes.js';
import { authRoutes, sessionMiddleware } from './domains/auth/auth.routes.js';
import { passwordResetRoutes } from './domains/auth/password-reset.routes.js';
import { bookingsRoutes } from './domains/bookings/bookings.routes.js';
// Registers the console's own no-show release, so a hub replays its ops too.
import './domains/bookings/no-shows.js';
import { catalogRoutes } from './domains/catalog/catalog.routes.js';
import { customersRoutes } from './domains/customers/customers.routes.js';
import { invitationRoutes } from './domains/invitations/invitations.routes.js';
import { invoicingRoutes } from './domains/invoicing/invoicing.routes.js';
import { membersRoutes } from './domains/members/members.routes.js';
import { platformRoutes } from './domains/platform/platform.routes.js';
import { posRoutes } from './domains/pos/pos.routes.js';
import { purchasingRoutes } from './domains/purchasing/purchasing.routes.js';
import { shiftsRoutes } from './domains/shifts/shifts.routes.js';
import { stockRoutes } from './domains/stock/stock.routes.js';
import { digestRoutes } from './domains/sync/digest.routes.js';
import { enrollRoutes } from './domains/sync/enroll.routes.js';
import { entitlementRoutes } from './domains/sync/entitlement.routes.js';
import { hubRoutes } from './domains/sync/hub.routes.js';
import { schemaGate } from './domains/sync/schema-gate.js';
import { syncRoutes } from './domains/sync/sync.routes.js';
import { tenancyRoutes } from './domains/tenancy/tenancy.routes.js';
import { usersRoutes } from './domains/users/users.routes.js';

export const BODY_LIMIT = '1mb';
/** Paths that read their own body after authenticating the caller, with their own limit (hub.routes.ts PUSH_BODY_LIMIT). */
const OWN_BODY_PATHS = new Set(['/sync/push']);

/** Builds the HTTP app from injected parts, so tests run it on a real database. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Behind a load balancer: req.ip (the sign-in and enrollment limits' key) is the client's own
  // address from X-Forwarded-For, as far as the configured proxies vouch for it. Unset, the
  // header is ignored: a client cannot name another address to dodge a limit.
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = req.headers['x-request-id'];
        const requestId = typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : deps.newId();
        res.setHeader('x-request-id', requestId);
        return requestId;
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );
  const json = express.json({ limit: BODY_LIMIT });
  // Matched as Express routes match (case and one trailing slash ignored), so no spelling of such
  // a path reaches its route with a body already read.
  const ownBody = (path: string) => OWN_BODY_PATHS.has(path.toLowerCase().replace(/(.)\/$/, '$1'));
  app.use((req, res, next) => (ownBody(req.path) ? next() : json(req, res, next)));

  app.get('/health', (_req, res) => {
    const health: HealthResponse = { status: 'ok', mode: deps.mode, version: deps.version };
    res.json(health);
  });
  app.use('/api', sessionMiddleware(deps));
  app.use(tenancyRoutes(deps));
  app.use(authRoutes(deps));
  app.use(passwordResetRoutes(deps));
  app.use(invitationRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(syncRoutes(deps));
  if (deps.mode === 'hub') {
    // Before the schema gate: the signed entitlement does not depend on the schema, and a console
    // too old to sync keeps renewing it, so it keeps working locally until it is updated.
    app.use(entitlementRoutes(deps));
    app.use('/sync', schemaGate).use(hubRoutes(deps), digestRoutes(deps));
  }
  if (deps.mode === 'local') app.use(enrollRoutes(deps));
  app.use(usersRoutes(deps));
  app.use(platformRoutes(deps));
  app.use(catalogRoutes(deps));
  app.use(stockRoutes(deps));
  app.use(purchasingRoutes(deps));
  app.use(customersRoutes(deps));
  app.use(shiftsRoutes(deps));
  app.use(posRoutes(deps));
  app.use(invoicingRoutes(deps));
  app.use(membersRoutes(deps));
  app.use(bookingsRoutes(deps));
  app.use('/api', notFoundHandler);

  if (deps.staticDir && existsSync(path.join(deps.staticDir, 'index.html'))) {
    const index = path.join(deps.staticDir, 'index.html');
    app.use(express.static(deps.staticDir, { index: false, maxAge: '1h' }));
    // The renderer routes on the client: any other GET is the app shell.
    app.get('/{*path}', (_req, res) => res.sendFile(index, { maxAge: 0 }));
  }

  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
