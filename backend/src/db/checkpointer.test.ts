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
    let consoleSteps = 0;
    const checkpointer = await startCheckpointer(db, file, {
      intervalMs: 20,
      restartAtFrames: 200,
      onCheckpoint: (r) => results.push(r),
      onConsoleCheckpoint: () => consoleSteps++,
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

  /**
   * A console writing back to back for `ms`, as a busy counter (the event loop turns between
   * "requests", but the worker never finds it between transactions), beside a checkpointer whose
   * console step runs from `restartAtFrames`: what the worker reported and how often that step ran.
   */
  async function busyConsole(name: string, restartAtFrames: number, ms: number) {
    const file = path.join(tempDir(), name);
    const db = openSqlite(file);
    const results: CheckpointResult[] = [];
    let consoleSteps = 0;
    const checkpointer = await startCheckpointer(db, file, {
      intervalMs: 20,
      restartAtFrames,
      onCheckpoint: (r) => results.push(r),
      onConsoleCheckpoint: () => consoleSteps++,
    });
    try {
      await sql`create table notes (id integer primary key, body text not null)`.execute(db);
      const body = 'x'.repeat(2000);
      const started = Date.now();
      while (Date.now() - started < ms) {
        await sql`insert into notes (body) values (${body})`.execute(db);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await checkpointer.stop();
      await db.destroy();
    }
    return { results, consoleSteps };
  }

  /** Whether a later checkpoint found fewer frames in the WAL than an earlier one. */
  const restarted = (results: CheckpointResult[]) =>
    results.some((r, i) => i > 0 && r.log < (results[i - 1] as CheckpointResult).log);

  it('keeps the WAL starting over while the console writes without a pause', async () => {
    const { results, consoleSteps } = await busyConsole('busy.db', 200, 3_000);
    expect(consoleSteps).toBeGreaterThan(0);
    expect(restarted(results), JSON.stringify(results.map((r) => r.log))).toBe(true);
  });

  it('does not pause the console for its own checkpoint while the WAL is shorter than the threshold', async () => {
    const { results, consoleSteps } = await busyConsole('short.db', 1_000_000, 1_500);
    // The worker copied frames all along; the console's connection never paused to checkpoint.
    expect(results.some((r) => r.checkpointed > 0)).toBe(true);
    expect(consoleSteps).toBe(0);
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
