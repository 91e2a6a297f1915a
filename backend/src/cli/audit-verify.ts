/**
 * npm run audit:verify -- --data <dir>
 * Recomputes every audit chain of a local console's database and prints, per
 * business, "intact: N entries", the first broken entry, or the device whose
 * newest entries are gone. Exit code 1 when
 * any chain is broken, 2 on bad usage.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyAllAuditChains } from '../core/audit.js';
import { openSqlite } from '../db/sqlite.js';

export async function auditVerifyCli(argv: string[], out: (line: string) => void): Promise<number> {
  let dataDir: string | undefined;
  try {
    dataDir = parseArgs({ args: argv, options: { data: { type: 'string' } } }).values.data;
  } catch (err) {
    out(`audit:verify: ${(err as Error).message}`);
    return 2;
  }
  dataDir ??= process.env.MOSTRADOR_DATA_DIR;
  if (!dataDir) {
    out('audit:verify: give the data directory with --data <dir> (or MOSTRADOR_DATA_DIR)');
    return 2;
  }
  const file = path.join(dataDir, 'mostrador.db');
  if (!existsSync(file)) {
    out(`audit:verify: no Mostrador database at ${file}`);
    return 2;
  }
  const db = openSqlite(file);
  try {
    const report = await verifyAllAuditChains(db);
    if (report.length === 0) out('intact: 0 entries');
    for (const { tenantId, result } of report) {
      out(
        result.intact
          ? `business ${tenantId}: intact: ${result.entries} entries`
          : result.tail
            ? `business ${tenantId}: BROKEN: device ${result.deviceId} lost its newest entries (its chain ends at #${result.tail.lastSeq}, it had reached #${result.tail.headSeq})`
            : `business ${tenantId}: BROKEN at entry ${result.brokenEntryId} (device ${result.deviceId}, #${result.seq}): ${result.reason}`,
      );
    }
    return report.every((r) => r.result.intact) ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  auditVerifyCli(process.argv.slice(2), (line) => console.log(line)).then((code) => process.exit(code));
}
