/**
 * npm run superadmin -- --data <dir> --email <email> --name <name>
 * Creates (or promotes) a platform super-admin in a local data dir, or in the
 * hub's Postgres with --database-url. The password comes from
 * MOSTRADOR_SUPERADMIN_PASSWORD (never from argv, which other users can read);
 * promoting an existing account keeps its password.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { email as emailSchema } from '../contract/index.js';
import { uuidV7 } from '../core/deps.js';
import { migrateToLatest } from '../db/migrate.js';
import { openPostgres } from '../db/postgres.js';
import type { DB } from '../db/schema.js';
import { openSqlite } from '../db/sqlite.js';
import { findUserByEmail, insertUser } from '../domains/auth/auth.queries.js';
import { hashPassword } from '../domains/auth/password.js';
import { assertStrongPassword } from '../domains/auth/password-policy.js';

export async function superadminCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
): Promise<number> {
  let values: { data?: string; email?: string; name?: string; 'database-url'?: string };
  try {
    values = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        'database-url': { type: 'string' },
      },
    }).values;
  } catch (err) {
    out(`superadmin: ${(err as Error).message}`);
    return 2;
  }
  const email = emailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    out('superadmin: give a valid --email');
    return 2;
  }
  const dataDir = values.data ?? env.MOSTRADOR_DATA_DIR;
  if (!values['database-url'] && !dataDir) {
    out('superadmin: give --data <dir> (or MOSTRADOR_DATA_DIR) or --database-url');
    return 2;
  }
  const db: Kysely<DB> = values['database-url']
    ? openPostgres(values['database-url'], 1)
    : openSqlite(path.join(dataDir as string, 'mostrador.db'));
  try {
    await migrateToLatest(db);
    const now = new Date().toISOString();
    const existing = await findUserByEmail(db, email.data);
    if (existing) {
      await db
        .updateTable('users')
        .set({ is_superadmin: 1, updated_at: now })
        .where('id', '=', existing.id)
        .execute();
      out(`superadmin: ${email.data} is now a super-admin`);
      return 0;
    }
    const password = env.MOSTRADOR_SUPERADMIN_PASSWORD ?? '';
    if (password.length < 10) {
      out('superadmin: set MOSTRADOR_SUPERADMIN_PASSWORD (at least 10 characters) for a new account');
      return 2;
    }
    assertStrongPassword(password, 'MOSTRADOR_SUPERADMIN_PASSWORD');
    await insertUser(db, {
      id: uuidV7(),
      email: email.data,
      name: values.name?.trim() || email.data,
      password_hash: await hashPassword(password),
      status: 'active',
      is_superadmin: 1,
      created_at: now,
      updated_at: now,
    });
    out(`superadmin: created ${email.data}`);
    return 0;
  } catch (err) {
    out(`superadmin: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  superadminCli(process.argv.slice(2), process.env, (line) => console.log(line)).then((code) =>
    process.exit(code),
  );
}
