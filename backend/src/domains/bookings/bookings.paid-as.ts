/**
 * A booking command's op carries who paid (`paidAs`), as a sale's op carries how the register
 * priced it (`soldAs`): whose ledgers the booked person's credits came from (their own, then
 * their company's) and who is charged the rest. The command decides it where the person acts
 * (console or hub API) and writes it into its op; the hub's replay follows the decision carried,
 * so a person removed from their company on the hub while a console booked them offline is
 * still paid for by the company on both sides (docs/decisions.md, session 15). A `paidAs` in a
 * live request is ignored. Ops without one (older consoles) replay as before: decided on the hub.
 *
 * One decision per command (a series books, moves or cancels many bookings of one member, at
 * one time), kept for the command's context the way `awaitsHub` keeps what it read.
 */
import { z } from 'zod';
import type { CommandContext } from '../../core/pipeline.js';
import { isReplay } from '../../core/pipeline.js';
import type { PayerDecision } from '../members/booking-credits.js';

const memberRef = z.string().min(1).max(64);

/** The op's `paidAs` (members/booking-credits.ts `PayerDecision`). */
export const paidAs = z.object({
  memberId: memberRef,
  companyId: memberRef.nullable(),
  billTo: memberRef,
});

/** The field booking commands' op inputs add. */
export const paidAsField = { paidAs: paidAs.optional() };

interface Decisions {
  /** What the replayed op carried (never set for a live command). */
  carried: PayerDecision | null;
  /** What this command decided or followed, for its op. */
  made: PayerDecision | null;
}

const byContext = new WeakMap<CommandContext, Decisions>();

function decisionsOf(ctx: CommandContext): Decisions {
  let d = byContext.get(ctx);
  if (!d) {
    d = { carried: null, made: null };
    byContext.set(ctx, d);
  }
  return d;
}

/**
 * At the start of a booking command's handler (each time it runs: a retried transaction starts
 * afresh): the decision its op carries, followed only when the hub replays a pushed op (where
 * the person acts, the command decides by what it reads now).
 */
export function takeCarriedPayer(ctx: CommandContext, input: { paidAs?: PayerDecision | undefined }): void {
  byContext.set(ctx, { carried: isReplay(ctx) && input.paidAs ? input.paidAs : null, made: null });
}

/**
 * The decision to follow for a booking of `memberId` in this command: the one its op carried
 * (checked by the caller against the business), or the one an earlier booking of the same
 * command made; undefined to decide now.
 */
export function payerToFollow(ctx: CommandContext, memberId: string): PayerDecision | undefined {
  const d = decisionsOf(ctx);
  if (d.carried) return d.carried;
  return d.made?.memberId === memberId ? d.made : undefined;
}

/** Keeps the decision a booking of this command was settled by, for the command's op. */
export function notePayer(ctx: CommandContext, decision: PayerDecision): void {
  const d = decisionsOf(ctx);
  d.made ??= decision;
}

/**
 * The command's op input: the request with the decision it was settled by, if any (a booking
 * for a walk-in, or a change that moved no money, carries none). Whatever `paidAs` the request
 * itself held is dropped.
 */
export function withPaidAs<T extends { paidAs?: unknown }>(ctx: CommandContext, input: T): T {
  const { paidAs: _ignored, ...rest } = input;
  const made = byContext.get(ctx)?.made;
  return (made ? { ...rest, paidAs: made } : rest) as T;
}
