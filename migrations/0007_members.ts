import type { Kysely } from 'kysely';

/** members: filled in by the coworking issue. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
