import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { loadConfig } from '../config.js';
import { seedDemo } from '../demo.js';
import { openLocal } from '../local.js';
import { auditVerifyCli } from './audit-verify.js';

describe('npm run audit:verify', () => {
  it('reports intact chains, then the tampered entry with exit code 1', async () => {
    const dataDir = tempDir();
    const deps = await openLocal(loadConfig({ MOSTRADOR_DATA_DIR: dataDir, MOSTRADOR_LOG_LEVEL: 'silent' }));
    await seedDemo(deps);
    const lines: string[] = [];
    expect(await auditVerifyCli(['--data', dataDir], (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/: intact: 1 entries$/)]);

    const entry = await deps.db.selectFrom('audit_entries').select('id').executeTakeFirstOrThrow();
    await sql`update audit_entries set actor_id = 'intruder' where id = ${entry.id}`.execute(deps.db);
    await deps.db.destroy();
    lines.length = 0;
    expect(await auditVerifyCli(['--data', dataDir], (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toContain(`BROKEN at entry ${entry.id}`);
  });

  it('names the device whose newest entries were removed', async () => {
    const dataDir = tempDir();
    const deps = await openLocal(loadConfig({ MOSTRADOR_DATA_DIR: dataDir, MOSTRADOR_LOG_LEVEL: 'silent' }));
    await seedDemo(deps);
    const entry = await deps.db
      .selectFrom('audit_entries')
      .select(['tenant_id', 'device_id'])
      .executeTakeFirstOrThrow();
    await deps.db.deleteFrom('audit_entries').execute();
    await deps.db.destroy();
    const lines: string[] = [];
    expect(await auditVerifyCli(['--data', dataDir], (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([
      `business ${entry.tenant_id}: BROKEN: device ${entry.device_id} lost its newest entries (its chain ends at #0, it had reached #1)`,
    ]);
  });

  it('explains a missing --data or database with exit code 2', async () => {
    const lines: string[] = [];
    const saved = process.env.MOSTRADOR_DATA_DIR;
    delete process.env.MOSTRADOR_DATA_DIR;
    try {
      expect(await auditVerifyCli([], (l) => lines.push(l))).toBe(2);
      expect(await auditVerifyCli(['--data', tempDir()], (l) => lines.push(l))).toBe(2);
    } finally {
      if (saved !== undefined) process.env.MOSTRADOR_DATA_DIR = saved;
    }
    expect(lines[0]).toMatch(/--data <dir>/);
    expect(lines[1]).toMatch(/no Mostrador database/);
  });
});
