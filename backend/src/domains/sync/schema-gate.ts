/**
 * Schema versions between a console and the hub (ARCHITECTURE §5, issue #7):
 * every sync request names the console's schema in `x-mostrador-schema`.
 * The hub serves consoles of its own schema and of the one before it (their
 * ops are applied; an op whose input no longer validates is quarantined by
 * push.ts). An older console is refused with 426 `console-too-old`: it keeps
 * working locally, its outbox waits, and it says so until it is updated.
 * A request without the header (an older client, tests of the raw protocol)
 * is served: push still checks each op's own schema version.
 */
import type { NextFunction, Request, Response } from 'express';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import { DomainError } from '../../core/errors.js';

export const SCHEMA_HEADER = 'x-mostrador-schema';

/** The oldest console schema this hub still syncs with. */
export const OLDEST_SYNCED_SCHEMA = SCHEMA_VERSION - 1;

export function schemaGate(req: Request, _res: Response, next: NextFunction): void {
  next(schemaRefusal(req.get(SCHEMA_HEADER)));
}

/** Why a console of this schema may not sync, or undefined when it may. */
export function schemaRefusal(sent: string | undefined): DomainError | undefined {
  if (sent === undefined) return undefined;
  const version = Number(sent);
  if (!Number.isInteger(version) || version < 1) {
    return new DomainError(
      'schema-header-invalid',
      400,
      `${SCHEMA_HEADER} must be a whole number`,
      SCHEMA_HEADER,
    );
  }
  if (version < OLDEST_SYNCED_SCHEMA) {
    return new DomainError(
      'console-too-old',
      426,
      `This console runs schema ${version}; the hub syncs schema ${OLDEST_SYNCED_SCHEMA} and later. Update the console: it keeps working locally meanwhile`,
      SCHEMA_HEADER,
    );
  }
  return undefined;
}
