import { expect } from 'vitest';
import type { IsolationB, IsolationFixture } from './fixtures.js';

let deadOp = '';
let refusedOp = '';

async function opOfB(b: IsolationB, opId: string) {
  return b.deps.db
    .selectFrom('ops')
    .select(['op_id', 'push_state', 'push_attempts', 'push_error', 'reviewed_at'])
    .where('op_id', '=', opId)
    .executeTakeFirstOrThrow();
}

/** One of B's ops, put in the state the hub's answer would leave it in. */
async function opInState(
  b: IsolationB,
  name: string,
  state: { push_state: 'dead' | 'rejected'; push_error: string },
) {
  await b.postB('/api/catalog/categories', { name });
  const op = await b.deps.db
    .selectFrom('ops')
    .select('op_id')
    .where('tenant_id', '=', b.tenantB)
    .where('command', '=', 'catalog.category.create')
    .where('push_state', '=', 'pending')
    .executeTakeFirstOrThrow();
  await b.deps.db
    .updateTable('ops')
    .set({ ...state, push_attempts: 8 })
    .where('op_id', '=', op.op_id)
    .execute();
  return op.op_id;
}

const DEAD_ERROR = JSON.stringify({ code: 'push-failed', message: 'Secreto refused' });
const REFUSED_ERROR = JSON.stringify({ code: 'name-taken', message: 'Secreto rechazado' });

/** Business B's dead letter, which A must not retry, and a change the hub refused, which A must not mark reviewed. */
export const syncIsolation: IsolationFixture = {
  async seed(b) {
    deadOp = await opInState(b, 'Secreto sync', { push_state: 'dead', push_error: DEAD_ERROR });
    refusedOp = await opInState(b, 'Secreto rechazado', {
      push_state: 'rejected',
      push_error: REFUSED_ERROR,
    });
    return { '/api/sync/dead-letters/': deadOp, '/api/sync/conflicts/': refusedOp };
  },
  async verifyUnchanged(b) {
    expect(await opOfB(b, deadOp)).toEqual({
      op_id: deadOp,
      push_state: 'dead',
      push_attempts: 8,
      push_error: DEAD_ERROR,
      reviewed_at: null,
    });
    expect(await opOfB(b, refusedOp)).toMatchObject({ push_state: 'rejected', reviewed_at: null });
    // B itself still sees them, A's probes aside.
    const letters = (await b.agentB.get('/api/sync/dead-letters').expect(200)).body as { opId: string }[];
    expect(letters.map((l) => l.opId)).toContain(deadOp);
    const conflicts = (await b.agentB.get('/api/sync/conflicts').expect(200)).body as { id: string }[];
    expect(conflicts.map((c) => c.id)).toContain(refusedOp);
  },
};
