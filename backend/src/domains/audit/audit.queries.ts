import { type Kysely, sql } from 'kysely';
import type { AuditEntryView, AuditQuery } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

/** Newest first, filtered; `before` is the (created_at, id) of the last row of the previous page. */
export async function listAuditEntries(
  db: Kysely<DB>,
  tenantId: string,
  q: AuditQuery,
): Promise<{ entries: AuditEntryView[]; nextBefore: string | null }> {
  let query = db
    .selectFrom('audit_entries as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.id',
      'a.device_id',
      'a.seq',
      'a.actor_id',
      'u.name as actor_name',
      'a.command',
      'a.entity_type',
      'a.entity_id',
      'a.summary',
      'a.created_at',
    ])
    .where('a.tenant_id', '=', tenantId);
  if (q.actorId) query = query.where('a.actor_id', '=', q.actorId);
  // SQLite has no default escape character for LIKE: without `escape`, `_` in a name matched nothing.
  if (q.command) query = query.where(sql<boolean>`a.command like ${`${escapeLike(q.command)}%`} escape '\\'`);
  if (q.entityType) query = query.where('a.entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('a.entity_id', '=', q.entityId);
  if (q.from) query = query.where('a.created_at', '>=', new Date(q.from).toISOString());
  if (q.to) query = query.where('a.created_at', '<=', new Date(q.to).toISOString());
  const cursor = q.before ? decodeCursor(q.before) : null;
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('a.created_at', '<', cursor.createdAt),
        eb.and([eb('a.created_at', '=', cursor.createdAt), eb('a.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    entries: page.map((r) => ({
      id: r.id,
      deviceId: r.device_id,
      seq: r.seq,
      actorId: r.actor_id,
      actorName: r.actor_name,
      command: r.command,
      entityType: r.entity_type,
      entityId: r.entity_id,
      summary: JSON.parse(r.summary),
      createdAt: r.created_at,
    })),
    nextBefore: rows.length > q.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof createdAt === 'string' && typeof id === 'string' ? { createdAt, id } : null;
  } catch {
    return null;
  }
}
