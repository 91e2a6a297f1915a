import { expect } from 'vitest';
import type { IsolationB, IsolationFixture } from './fixtures.js';

let deadOp = '';

async function deadLetterOfB(b: IsolationB) {
  return b.deps.db
    .selectFrom('ops')
    .select(['op_id', 'push_state', 'push_attempts', 'push_error'])
    .where('op_id', '=', deadOp)
    .executeTakeFirstOrThrow();
}

/** Business B's dead letter (an op its console could not deliver), which A must not retry. */
export const syncIsolation: IsolationFixture = {
  async seed(b) {
    await b.postB('/api/catalog/categories', { name: 'Secreto sync' });
    const op = await b.deps.db
      .selectFrom('ops')
      .select('op_id')
      .where('tenant_id', '=', b.tenantB)
      .where('command', '=', 'catalog.category.create')
      .executeTakeFirstOrThrow();
    deadOp = op.op_id;
    await b.deps.db
      .updateTable('ops')
      .set({
        push_state: 'dead',
        push_attempts: 8,
        push_error: JSON.stringify({ code: 'push-failed', message: 'Secreto refused' }),
      })
      .where('op_id', '=', deadOp)
      .execute();
    return { '/api/sync/dead-letters/': deadOp };
  },
  async verifyUnchanged(b) {
    expect(await deadLetterOfB(b)).toEqual({
      op_id: deadOp,
      push_state: 'dead',
      push_attempts: 8,
      push_error: JSON.stringify({ code: 'push-failed', message: 'Secreto refused' }),
    });
    // B itself still sees it, A's probes aside.
    const letters = (await b.agentB.get('/api/sync/dead-letters').expect(200)).body as { opId: string }[];
    expect(letters.map((l) => l.opId)).toContain(deadOp);
  },
};
