import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { type CheckpointResult, SAFETY_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer.js';
import { openSqlite } from './sqlite.js';

describe('WAL checkpoints beside the console', () => {
  it('copies committed pages into the database file from its own thread while the console only keeps a safety threshold', async () => {
    const file = path.join(tempDir(), 'console.db');
    const db = openSqlite(file);
    const results: CheckpointResult[] = [];
    const checkpointer = await startCheckpointer(db, file, {
      intervalMs: 20,
      onCheckpoint: (r) => results.push(r),
    });
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      expect(rows[0]?.wal_autocheckpoint).toBe(SAFETY_AUTOCHECKPOINT_PAGES);

      await sql`create table notes (id integer primary key, body text not null)`.execute(db);
      for (let i = 0; i < 200; i++) {
        await sql`insert into notes (body) values (${'x'.repeat(2000)})`.execute(db);
      }
      // The worker catches up: a checkpoint that found every frame of the WAL already copied.
      await expect
        .poll(() => results.some((r) => r.busy === 0 && r.log > 100 && r.checkpointed === r.log), {
          timeout: 10_000,
        })
        .toBe(true);
    } finally {
      await checkpointer.stop();
      await db.destroy();
    }
    // Everything committed is in the file after the console closes.
    const reopened = openSqlite(file);
    try {
      const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(reopened);
      expect(Number(rows[0]?.n)).toBe(200);
    } finally {
      await reopened.destroy();
    }
  });

  it('keeps the WAL starting over while the console writes without a pause', async () => {
    const file = path.join(tempDir(), 'busy.db');
    const db = openSqlite(file);
    const results: CheckpointResult[] = [];
    const checkpointer = await startCheckpointer(db, file, {
      intervalMs: 20,
      onCheckpoint: (r) => results.push(r),
    });
    try {
      await sql`create table notes (id integer primary key, body text not null)`.execute(db);
      const body = 'x'.repeat(2000);
      // Back to back, as a busy counter: the worker never finds the console between transactions
      // (the event loop turns between "requests", as a server's does).
      const started = Date.now();
      while (Date.now() - started < 3_000) {
        await sql`insert into notes (body) values (${body})`.execute(db);
        await new Promise((resolve) => setImmediate(resolve));
      }
      // The WAL started over: a later checkpoint found fewer frames in it than an earlier one.
      const restarted = results.some((r, i) => i > 0 && r.log < (results[i - 1] as CheckpointResult).log);
      expect(restarted, JSON.stringify(results.map((r) => r.log))).toBe(true);
    } finally {
      await checkpointer.stop();
      await db.destroy();
    }
  });

  it('stops cleanly when the console stops, even with nothing to checkpoint', async () => {
    const file = path.join(tempDir(), 'idle.db');
    const db = openSqlite(file);
    const errors: string[] = [];
    const checkpointer = await startCheckpointer(db, file, {
      intervalMs: 10,
      onError: (m) => errors.push(m),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await checkpointer.stop();
    await db.destroy();
    expect(errors).toEqual([]);
  });
});
