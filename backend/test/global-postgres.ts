import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/** One real Postgres cluster for the whole run; each test file makes its own databases. */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(path.join(tmpdir(), 'mostrador-pg-'));
  const pg = await startEmbeddedPostgres({ dir: path.join(root, 'cluster'), persistent: false });
  project.provide('pgUrl', pg.url);
  return async () => {
    await pg.stop();
    rmSync(root, { recursive: true, force: true });
  };
}
