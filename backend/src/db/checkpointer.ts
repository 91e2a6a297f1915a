/**
 * WAL checkpoints off the request path (docs/decisions.md "Checkpoints run
 * beside the console, not inside a sale").
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses its
 * threshold: that one sale or booking copies a thousand pages into the
 * database file and fsyncs it, ten to forty times its usual cost, once every
 * few dozen commits — which is exactly what a p99 sees. Here a worker thread
 * with its own connection runs a PASSIVE checkpoint every INTERVAL_MS (it
 * never blocks the writer, which keeps appending to the WAL meanwhile), and
 * the console's connection only checkpoints by itself past a far larger
 * safety threshold, should the worker ever fall behind or die.
 * Once the WAL holds RESTART_AT_FRAMES frames, after the worker's next
 * checkpoint the console's own connection runs one more PASSIVE checkpoint
 * between two of its transactions: it copies
 * only the frames committed since (few) and leaves the WAL fully copied, so
 * the next transaction starts the WAL over from its beginning. Without it a
 * console that never pauses (the worker always races a commit) appends to a
 * WAL that only grows, up to the safety threshold, and every commit's fsync
 * then also waits for the file's growth (measured: commit mean 0.85 → 0.48
 * ms, p99 4.2 → 2.0 ms on the bookings.create bench).
 * Durability does not change: a commit is durable once its WAL frames are
 * synced; a checkpoint only moves them into the main file.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type Kysely, sql } from 'kysely';

const INTERVAL_MS = 200;
/**
 * Passes a checkpoint makes at most to catch up with frames committed while the previous pass
 * ran. A pass that leaves the WAL fully copied lets the writer restart it from the beginning
 * (reusing the file's blocks); while it never does, every commit appends to a growing file, and
 * extending a file makes its fsync wait for the filesystem's journal as well.
 */
const CATCH_UP_PASSES = 4;
/**
 * Frames (4 KiB pages) the WAL holds before the console's own connection finishes a checkpoint
 * so that the WAL starts over. That last step costs the console a pause of 1–2 ms (two fsyncs),
 * so it runs once per this many frames (about a hundred sales or two hundred bookings), not
 * after every round of the worker: after each round it fell on ~2% of requests, which is what
 * a p99 sees. The WAL file keeps the size it reached, so later rounds reuse its blocks.
 */
export const RESTART_AT_FRAMES = 4_096;
/** Pages (4 KiB) the console's own connection lets the WAL reach before checkpointing by itself. */
export const SAFETY_AUTOCHECKPOINT_PAGES = 20_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
let busy = false;
const timer = setInterval(() => {
  if (busy) return;
  busy = true;
  try {
    // Frames committed while a pass ran are left for the next pass, which is short; once a
    // pass leaves none, the writer's next transaction starts the WAL over from its beginning.
    let result;
    for (let pass = 0; pass < workerData.passes; pass++) {
      [result] = db.pragma('wal_checkpoint(PASSIVE)');
      if (result.busy || result.log === result.checkpointed) break;
    }
    parentPort.postMessage({ type: 'checkpoint', ...result });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  } finally {
    busy = false;
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  /** 1 when the checkpoint could not run (another one held the lock). */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames already copied into the database file. */
  checkpointed: number;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  /** See RESTART_AT_FRAMES. */
  restartAtFrames?: number;
  onCheckpoint?: (result: CheckpointResult) => void;
  /** Called each time the console's own connection ran its checkpoint (the WAL can start over). */
  onConsoleCheckpoint?: () => void;
  onError?: (message: string) => void;
}

/** Starts checkpointing `file` beside `db` (the console's connection to the same file). */
export async function startCheckpointer<Schema>(
  db: Kysely<Schema>,
  file: string,
  options: CheckpointerOptions = {},
): Promise<Checkpointer> {
  await sql`pragma wal_autocheckpoint = ${sql.raw(String(SAFETY_AUTOCHECKPOINT_PAGES))}`.execute(db);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      intervalMs: options.intervalMs ?? INTERVAL_MS,
      passes: CATCH_UP_PASSES,
    },
  });
  worker.unref();
  const restartAtFrames = options.restartAtFrames ?? RESTART_AT_FRAMES;
  let stopped = false;
  let finishing: Promise<void> | null = null;
  /** The WAL's frame count at the previous round: unchanged, nothing was committed meanwhile. */
  let lastLog = -1;
  worker.on('message', (message: { type: string; message?: string } & CheckpointResult) => {
    if (message.type !== 'checkpoint') {
      options.onError?.(message.message ?? 'unknown error');
      return;
    }
    options.onCheckpoint?.(message);
    // An idle console (nothing committed since the last round) has nothing left to copy.
    const idle = message.log === lastLog;
    lastLog = message.log;
    const short = message.log < restartAtFrames;
    if (stopped || finishing || message.busy || idle || short) return;
    // The last few frames, copied by the console's own connection between two of its
    // transactions: the next one then finds the WAL fully copied and starts it over.
    finishing = sql`pragma wal_checkpoint(PASSIVE)`
      .execute(db)
      .then(
        () => options.onConsoleCheckpoint?.(),
        (error: unknown) => options.onError?.(String((error as Error)?.message ?? error)),
      )
      .finally(() => {
        finishing = null;
      });
  });
  worker.on('error', (error) => options.onError?.(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      stopped = true;
      worker.postMessage('stop');
      await exited;
      // The console's own last checkpoint, if one is queued, ends before its connection closes.
      await finishing;
    },
  };
}
