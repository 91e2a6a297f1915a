/**
 * console.cold_start — ms from spawning the served console (`node --import tsx
 * backend/src/serve.ts`, fresh data dir) until `/health` answers 200 and `GET /`
 * returns the app shell (`<div id="root"`). Median of RUNS; `.health` is the
 * median time to `/health` alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Cleanup, defineBenchmark, freePort, median, REPO_ROOT, sleep } from './lib.js';

const RUNS = 5;
const POLL_MS = 10;
const TIMEOUT_MS = 60_000;
const ROOT_MARKER = '<div id="root"';
const INDEX_HTML = path.join(REPO_ROOT, 'renderer', 'dist', 'index.html');

export default defineBenchmark({
  name: 'console.cold_start',
  async run({ emit, log }) {
    const buildError = await ensureRendererBuilt(log);
    const withIndex = buildError === null;
    const totals: number[] = [];
    const healths: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const timing = await coldStart(withIndex);
      healths.push(timing.healthMs);
      if (timing.readyMs !== null) totals.push(timing.readyMs);
      log(
        `cold start ${run}/${RUNS}: /health ${timing.healthMs.toFixed(0)} ms` +
          (timing.readyMs !== null ? `, index ${timing.readyMs.toFixed(0)} ms` : ''),
      );
    }
    if (totals.length > 0) emit({ name: 'console.cold_start', value: median(totals), unit: 'ms' });
    emit({ name: 'console.cold_start.health', value: median(healths), unit: 'ms' });
    if (buildError) {
      throw new Error(`console.cold_start not measured (only .health): ${buildError}`);
    }
  },
});

/** Builds the renderer when its index is missing; returns null when the index exists, else why not. */
async function ensureRendererBuilt(log: (message: string) => void): Promise<string | null> {
  if (existsSync(INDEX_HTML)) return null;
  log('renderer/dist/index.html missing: running `npm run build:renderer`');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Everything the build prints goes to stderr: stdout carries only JSON lines.
  const child = spawn(npm, ['run', 'build:renderer'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 2, 2],
    shell: process.platform === 'win32',
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) return `\`npm run build:renderer\` failed (exit ${code}); fix the renderer build first`;
  if (!existsSync(INDEX_HTML)) return 'the renderer build produced no renderer/dist/index.html';
  return null;
}

interface ColdStart {
  healthMs: number;
  /** Health and the served index both answered; null when the index was not awaited. */
  readyMs: number | null;
}

async function coldStart(withIndex: boolean): Promise<ColdStart> {
  const cleanup = new Cleanup();
  try {
    const dataDir = cleanup.tempDir('cold-start');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };

    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/serve.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        MOSTRADOR_DATA_DIR: dataDir,
        MOSTRADOR_PORT: String(port),
        MOSTRADOR_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup.add('stop console', () => stop(child));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const state: { exited: string | null } = { exited: null };
    child.once('exit', (code, signal) => {
      state.exited = `exited early (code ${code}, signal ${signal})`;
    });

    let healthMs: number | null = null;
    while (performance.now() - start < TIMEOUT_MS) {
      if (state.exited) throw new Error(`served console ${state.exited}:\n${output}`);
      if (healthMs === null && (await answers(`${base}/health`))) healthMs = performance.now() - start;
      if (healthMs !== null) {
        if (!withIndex) return { healthMs, readyMs: null };
        if (await answers(`${base}/`, ROOT_MARKER)) return { healthMs, readyMs: performance.now() - start };
      }
      await sleep(POLL_MS);
    }
    throw new Error(
      `served console not ready after ${TIMEOUT_MS} ms (health ${healthMs === null ? 'never answered' : 'ok'}` +
        `${healthMs !== null ? `, GET / never returned ${ROOT_MARKER}` : ''}):\n${output}`,
    );
  } finally {
    await cleanup.run();
  }
}

/** True when `url` answers 200 (and its body contains `marker`, if given); false on refusal. */
async function answers(url: string, marker?: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    const body = await res.text();
    return res.status === 200 && (marker === undefined || body.includes(marker));
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if it has not exited within a few seconds. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
