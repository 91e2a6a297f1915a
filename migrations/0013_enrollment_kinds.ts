import type { Kysely } from 'kysely';

/** Reserved for the enrollment work (new-business codes); filled in by that change. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
