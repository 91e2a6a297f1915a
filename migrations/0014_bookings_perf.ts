import type { Kysely } from 'kysely';

/** Reserved for the bookings performance work; filled in by that change. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
