import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * A SKU is unique among a business's live products only: a deleted product
 * (a tombstone the ledger and history still point at) frees its SKU for a
 * new one, as it already freed its barcodes. The unique constraint of 0003
 * becomes a partial unique index `where deleted_at is null`, same name, on
 * both dialects.
 *
 * SQLite cannot drop a table's UNIQUE constraint, so the table is rebuilt
 * (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off, a
 * copy keeping every rowid (the FTS index of counter search is keyed by
 * them) under the same ids, the old table dropped, the copy renamed, its
 * indexes and search triggers made again. The rows that reference products
 * keep pointing at the same ids. No foreign-key check at the end: a
 * console between two pulls may hold a child whose parent arrives later
 * (pull applies pages with foreign keys off), and this copy breaks nothing.
 * The sync triggers are recreated after every migration run.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table products drop constraint products_sku_unique`.execute(db);
    await sql`create unique index products_sku_unique on products (tenant_id, sku) where deleted_at is null`.execute(
      db,
    );
    return;
  }
  const columns = sql.raw(
    [
      'id',
      'tenant_id',
      'sku',
      'name',
      'search_text',
      'description',
      'category_id',
      'unit',
      'price',
      'cost',
      'average_cost',
      'tax_rate_bp',
      'tracked',
      'active',
      'reorder_point_milli',
      'reorder_qty_milli',
      'image',
      'created_at',
      'updated_at',
      'deleted_at',
    ]
      .map((c) => `"${c}"`)
      .join(', '),
  );
  // Not inside a transaction here (Kysely runs SQLite migrations on a plain connection).
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await sql`create table "products_rebuilt" ("id" text primary key, "tenant_id" text not null references "tenants" ("id"), "sku" text not null, "name" text not null, "search_text" text not null, "description" text, "category_id" text references "categories" ("id"), "unit" text not null, "price" bigint not null, "cost" bigint not null, "average_cost" bigint not null, "tax_rate_bp" integer not null, "tracked" integer not null, "active" integer not null, "reorder_point_milli" bigint default 0 not null, "reorder_qty_milli" bigint default 0 not null, "image" text, "created_at" text not null, "updated_at" text not null, "deleted_at" text)`.execute(
        db,
      );
      await sql`insert into products_rebuilt (rowid, ${columns}) select rowid, ${columns} from products`.execute(
        db,
      );
      await sql`drop table products`.execute(db);
      await sql`alter table products_rebuilt rename to products`.execute(db);
      await sql`create index "products_tenant_name_idx" on "products" ("tenant_id", "search_text")`.execute(
        db,
      );
      await sql`create index "products_tenant_category_idx" on "products" ("tenant_id", "category_id")`.execute(
        db,
      );
      await sql`create unique index "products_sku_unique" on "products" ("tenant_id", "sku") where deleted_at is null`.execute(
        db,
      );
      await sql`create trigger products_fts_ai after insert on products begin insert into products_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(
        db,
      );
      await sql`create trigger products_fts_ad after delete on products begin insert into products_fts(products_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(
        db,
      );
      await sql`create trigger products_fts_au after update of search_text on products begin insert into products_fts(products_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); insert into products_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(
        db,
      );
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
