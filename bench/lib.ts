/**
 * Shared helpers for benchmarks: the figure shape and its JSON line, percentiles,
 * temp dirs, free ports and a cleanup stack. Benchmarks measure and print; they
 * never assert timings.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { createApp } from '../backend/src/app.js';
import { loadConfig } from '../backend/src/config.js';
import type { DB } from '../backend/src/db/schema.js';
import { openSqlite } from '../backend/src/db/sqlite.js';
import { SESSION_COOKIE } from '../backend/src/domains/auth/sessions.js';
import { openLocal } from '../backend/src/local.js';
import { startServer } from '../backend/src/server.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One measured number; `baseline`/`ratio` only when a raw baseline applies (ratio = value / baseline). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: number | null;
  ratio?: number | null;
}

export interface BenchContext {
  /** Prints one figure as a JSON line on stdout (filtered by the CLI prefix). */
  emit(figure: Figure): void;
  /** Progress and diagnostics, on stderr. */
  log(message: string): void;
}

export interface Benchmark {
  /** Dotted name; every figure it emits starts with it (e.g. `pipeline.command.http.p50`). */
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Identity helper so a benchmark file reads `export default defineBenchmark({ ... })`. */
export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Rounds to a precision that keeps the JSON readable without hiding differences. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 1 : abs >= 1 ? 2 : 4;
  return Number(value.toFixed(digits));
}

export function formatFigure(figure: Figure): string {
  const line: Figure = { name: figure.name, value: round(figure.value), unit: figure.unit };
  if (figure.baseline != null) {
    line.baseline = round(figure.baseline);
    line.ratio = round(figure.ratio ?? figure.value / figure.baseline);
  }
  return JSON.stringify(line);
}

/** A figure with its baseline and ratio = value / baseline. */
export function withBaseline(name: string, unit: string, value: number, baseline: number): Figure {
  return { name, unit, value, baseline, ratio: value / baseline };
}

/** Percentile with linear interpolation between closest ranks; p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function makeTempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `mostrador-bench-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/** A port that was free a moment ago on 127.0.0.1 (bound to 0, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Last-in-first-out cleanup: register teardown as resources are acquired,
 * run it in `finally`. Every step runs even if an earlier one fails.
 */
export class Cleanup {
  private readonly steps: { label: string; fn: () => unknown }[] = [];

  add(label: string, fn: () => unknown): void {
    this.steps.push({ label, fn });
  }

  tempDir(label: string): string {
    const dir = makeTempDir(label);
    this.add(`remove ${dir}`, () => removeDir(dir));
    return dir;
  }

  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      if (!step) break;
      try {
        await step.fn();
      } catch (err) {
        log(`cleanup "${step.label}" failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight and
 * returns each call's duration in ms plus the wall time of the whole batch.
 */
export async function runConcurrent(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ elapsedMs: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      latenciesMs[i] = performance.now() - t0;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { elapsedMs: performance.now() - start, latenciesMs };
}

/** First-run setup through the API of a served console; returns the owner's session `Cookie` header value. */
export async function firstRunCookie(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      business: { name: 'Bench', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
      owner: { name: 'Bench Owner', email: 'owner@bench.test', password: 'bench-password-123' },
    }),
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`POST /api/setup answered ${res.status}: ${body}`);
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? '';
    if (pair.startsWith(`${SESSION_COOKIE}=`)) return pair;
  }
  throw new Error(`POST /api/setup set no ${SESSION_COOKIE} cookie`);
}

/** A real local console on a fresh data dir, listening on 127.0.0.1, set up, with the owner signed in. */
export async function startBenchConsole(cleanup: Cleanup, name: string) {
  const deps = await openLocal(
    loadConfig({ MOSTRADOR_DATA_DIR: cleanup.tempDir(name), MOSTRADOR_LOG_LEVEL: 'silent' }),
  );
  cleanup.add('destroy db', () => deps.db.destroy());
  const server = await startServer(createApp(deps), 0);
  cleanup.add('close server', () => server.close());
  return { deps, server, cookie: await firstRunCookie(server.url) };
}

export interface JsonClient {
  /** Sends a JSON request with the session cookie; throws unless the status is `expected`. */
  call<T = Record<string, unknown>>(method: string, url: string, body: unknown, expected: number): Promise<T>;
  close(): void;
}

/**
 * A keep-alive node:http client: what the renderer's fetch costs the server
 * (one connection, reused), without undici's per-request cost in the bench
 * process, which would otherwise be counted against the server it measures.
 */
export function jsonClient(baseUrl: string, auth: string | Record<string, string>): JsonClient {
  const authHeaders = typeof auth === 'string' ? { cookie: auth } : auth;
  // Idle sockets close after 4 s, before the server's 5 s keep-alive timeout can race a reuse.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 4_000 });
  const { hostname, port } = new URL(baseUrl);
  return {
    call<T>(method: string, url: string, body: unknown, expected: number) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise<T>((resolve, reject) => {
        const req = http.request(
          {
            agent,
            hostname,
            port,
            path: url,
            method,
            headers: {
              ...authHeaders,
              ...(payload === undefined
                ? {}
                : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (res.statusCode !== expected) {
                reject(new Error(`${method} ${url} answered ${res.statusCode}: ${text}`));
                return;
              }
              resolve((text ? JSON.parse(text) : null) as T);
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/**
 * A served console in its own process (`backend/src/serve.ts` under tsx) on a
 * fresh data dir, set up, with the owner signed in: the server gets its own
 * thread, as it does beside the renderer in the desktop app, so the bench's
 * client work is not counted against it. `db` is a second connection to the
 * same SQLite file (WAL) for set-up and for checking what was recorded.
 */
export async function startConsoleProcess(cleanup: Cleanup, name: string) {
  const dataDir = cleanup.tempDir(name);
  const url = await spawnServer(cleanup, 'backend/src/serve.ts', { MOSTRADOR_DATA_DIR: dataDir });
  const db = openSqlite(path.join(dataDir, 'mostrador.db'));
  cleanup.add('close bench db connection', () => db.destroy());
  const cookie = await firstRunCookie(url);
  const client = jsonClient(url, cookie);
  cleanup.add('close bench client', () => client.close());
  return { url, db, cookie, client };
}

/** A hub in its own process (`backend/src/hub.ts`) over the Postgres at `databaseUrl`, set up, owner signed in. */
export async function startHubProcess(cleanup: Cleanup, name: string, databaseUrl: string) {
  const url = await spawnServer(cleanup, 'backend/src/hub.ts', {
    MOSTRADOR_DATA_DIR: cleanup.tempDir(name),
    DATABASE_URL: databaseUrl,
  });
  const cookie = await firstRunCookie(url);
  const client = jsonClient(url, cookie);
  cleanup.add('close hub client', () => client.close());
  return { url, cookie, client };
}

/**
 * Starts `script` under tsx in a child process on a free port and resolves
 * with the URL it prints. MOSTRADOR_BENCH_NODE_OPTIONS profiles the server
 * alone, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'.
 */
async function spawnServer(cleanup: Cleanup, script: string, env: Record<string, string>): Promise<string> {
  const nodeOptions = process.env.MOSTRADOR_BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', path.join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, MOSTRADOR_PORT: '0', MOSTRADOR_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.add(`stop ${script}`, () => stopChild(child));
  // MOSTRADOR_BENCH_SERVER_LOG: a file that receives the server's stdout (e.g. with --trace-gc).
  const serverLog = process.env.MOSTRADOR_BENCH_SERVER_LOG;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (serverLog) appendFileSync(serverLog, chunk);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${stderr}`)));
  });
}

function stopChild(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A counter ready to sell: three tracked products with `openingStock` units
 * each (so no sale opens an oversell), an open shift, and `sale()` — a
 * 3-line sale paid in cash through `POST /api/pos/sales`.
 */
export async function setUpCounter(client: JsonClient, db: Kysely<DB>, openingStock: number) {
  const products: string[] = [];
  for (let i = 0; i < 3; i++) {
    const p = await client.call<{ id: string }>(
      'POST',
      '/api/catalog/products',
      { sku: `BENCH-${i}`, name: `Bench ${i}`, price: 150 + i, cost: 90, taxRateBp: 2100, tracked: true },
      201,
    );
    products.push(p.id);
  }
  const location = await db
    .selectFrom('locations')
    .select('id')
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  for (const productId of products) {
    await client.call(
      'POST',
      '/api/stock/adjustments',
      {
        productId,
        locationId: location.id,
        qty: openingStock,
        reason: 'adjustment',
        note: 'bench opening stock',
      },
      200,
    );
  }
  await client.call('POST', '/api/shifts', { denominations: [] }, 201);
  const sale = () =>
    client.call<{ id: string; total: number }>(
      'POST',
      '/api/pos/sales',
      {
        lines: products.map((productId, i) => ({ productId, qty: i + 1 })),
        payments: [{ method: 'cash', amount: 2000 }],
      },
      201,
    );
  return { products, sale };
}
