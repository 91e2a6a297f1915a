/**
 * The hub and the served console as child processes (under tsx), for fault
 * tests that kill them with SIGKILL and start them again on the same
 * database: Postgres for the hub, the data dir's SQLite file for a console.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const ENTRIES = ['backend/src/serve.ts', 'backend/src/hub.ts'] as const;
type Entry = (typeof ENTRIES)[number];

let bundles: Promise<string> | null = null;

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/**
 * The hub and console entries bundled once per test process (dependencies
 * left as imports, resolved from the repository's node_modules): a restart
 * then loads one file instead of transforming every module under tsx, which
 * halves the seconds each kill -9 costs the test.
 */
function bundled(script: Entry): Promise<string> {
  bundles ??= (async () => {
    const root = path.join(REPO_ROOT, 'node_modules/.cache/mostrador-fault-tests');
    const outdir = path.join(root, `run-${process.pid}`);
    // A worker that was stopped without its exit handler leaves its bundle: remove those of dead pids.
    for (const name of existsSync(root) ? readdirSync(root) : []) {
      const pid = Number(name.replace(/^run-/, ''));
      if (pid !== process.pid && !isRunning(pid))
        rmSync(path.join(root, name), { recursive: true, force: true });
    }
    process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
    await build({
      entryPoints: ENTRIES.map((e) => path.join(REPO_ROOT, e)),
      outdir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
    });
    return outdir;
  })();
  return bundles.then((dir) => path.join(dir, `${path.basename(script, '.ts')}.mjs`));
}

export interface Running {
  child: ChildProcess;
  port: number;
  url: string;
}

/** Starts `script` on a free port; resolves once it prints where it listens. */
async function spawnScript(script: Entry, env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [await bundled(script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, MOSTRADOR_PORT: '0', MOSTRADOR_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stdout);
      if (match?.[1] && match[2]) resolve({ child, port: Number(match[2]), url: match[1] });
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`${script} exited (${code ?? signal}): ${stderr}`)),
    );
  });
}

/** backend/src/hub.ts on the given database. */
export function spawnHub(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Running> {
  return spawnScript('backend/src/hub.ts', {
    DATABASE_URL: databaseUrl,
    MOSTRADOR_DATA_DIR: dataDir,
    ...env,
  });
}

/** backend/src/serve.ts (a served console with its sync client) on the data dir's SQLite file. */
export function spawnConsole(dataDir: string): Promise<Running> {
  return spawnScript('backend/src/serve.ts', { MOSTRADOR_DATA_DIR: dataDir });
}

export const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

export const exited = (child: ChildProcess) =>
  alive(child) ? new Promise<void>((resolve) => child.once('exit', () => resolve())) : Promise.resolve();

/** SIGKILL (no shutdown of any kind) and wait for the exit. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (alive(child)) child.kill('SIGKILL');
  await exited(child);
}
