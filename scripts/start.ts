/**
 * npm start [-- --demo]   desktop window when an Electron runtime is installed, else the served console
 * npm run serve           always the served console on http://127.0.0.1:<port>
 * npm run demo            either of the above on a throwaway data dir with a demo business
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronRuntimePath } from '../main/src/runtime.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const serveOnly = args.has('--serve');
const demo = args.has('--demo');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when it was never built or its sources changed since. */
function ensureRendererBuilt() {
  const index = path.join(root, 'renderer/dist/index.html');
  const sources = [path.join(root, 'renderer/src'), path.join(root, 'backend/src/contract')];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  console.log('Building the console UI (first start or changed sources)…');
  run('npm', ['run', '--silent', 'build:renderer']);
}

function run(cmd: string, cmdArgs: string[]) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (demo) {
  process.env.MOSTRADOR_DEMO = '1';
  if (!process.env.MOSTRADOR_DATA_DIR) {
    const dir = mkdtempSync(path.join(tmpdir(), 'mostrador-demo-'));
    process.env.MOSTRADOR_DATA_DIR = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
}

ensureRendererBuilt();
const electron = serveOnly ? null : electronRuntimePath();
if (electron) {
  run('npm', ['run', '--silent', 'build:main']);
  const child = spawn(electron, [root, ...(demo ? ['--demo'] : [])], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!serveOnly) {
    console.log(
      'No Electron runtime is installed (run `npx install-electron` for the desktop window), so Mostrador is served to your browser instead.',
    );
  }
  await import('../backend/src/serve.js');
}
