/**
 * sync.outbox.overhead — what recording a sale costs with the console's sync
 * bookkeeping against without it (issue #7: at most 1.3×).
 *
 * Two consoles in this process, each on its own SQLite file, record the same
 * 3-line cash sales through HTTP (`POST /api/pos/sales`), one request at a
 * time, in interleaved rounds so both see the same disk and load:
 * - "with": the console as it ships — the sale's op goes to the outbox
 *   (push_state 'pending') and the dirty-row triggers note every row the sale
 *   writes (sync_dirty_keys), so a pull never overwrites it before the hub
 *   has the op;
 * - "without" (the baseline): the same console with the dirty-row triggers
 *   dropped. Its op row is still written: the op log is also what makes a
 *   retried request idempotent, so it is part of recording a command with or
 *   without sync.
 * The figure is mean ms per sale with the outbox; its ratio against the
 * baseline is the overhead factor (target ≤ 1.3).
 */
import { sql } from 'kysely';
import {
  Cleanup,
  defineBenchmark,
  jsonClient,
  runConcurrent,
  setUpCounter,
  startBenchConsole,
  withBaseline,
} from './lib.js';

const WARMUP = 200;
const PER_ROUND = 250;
const ROUNDS = 6;

export default defineBenchmark({
  name: 'sync.outbox.overhead',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const counters = [];
      for (const name of ['with', 'without'] as const) {
        const { deps, server, cookie } = await startBenchConsole(cleanup, `outbox-${name}`);
        const client = jsonClient(server.url, cookie);
        cleanup.add(`close ${name} client`, () => client.close());
        const { sale } = await setUpCounter(client, deps.db, 1_000_000);
        if (name === 'without') {
          const triggers = await sql<{ name: string }>`
            select name from sqlite_master where type = 'trigger' and name like 'mostrador_dirty_%'`.execute(
            deps.db,
          );
          for (const t of triggers.rows) await sql`drop trigger ${sql.id(t.name)}`.execute(deps.db);
          log(`without: dropped ${triggers.rows.length} dirty-row triggers`);
        }
        await runConcurrent(WARMUP, 1, async () => {
          await sale();
        });
        counters.push({ name, deps, sale, ms: 0 });
      }
      log(`${ROUNDS} interleaved rounds of ${PER_ROUND} sequential sales on each console`);
      for (let round = 0; round < ROUNDS; round++) {
        for (const counter of round % 2 === 0 ? counters : [...counters].reverse()) {
          const run = await runConcurrent(PER_ROUND, 1, async () => {
            await counter.sale();
          });
          counter.ms += run.elapsedMs;
        }
      }
      const [withOutbox, without] = counters as [(typeof counters)[0], (typeof counters)[0]];
      // Not a timing assertion: the "with" console really kept its notes and its outbox.
      const notes = await sql<{ n: number }>`select count(*) as n from sync_dirty_keys`.execute(
        withOutbox.deps.db,
      );
      const pending = await withOutbox.deps.db
        .selectFrom('ops')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('push_state', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(notes.rows[0]?.n) === 0 || Number(pending.n) < ROUNDS * PER_ROUND) {
        throw new Error(`the outbox console kept ${notes.rows[0]?.n} notes and ${pending.n} pending ops`);
      }
      const sales = ROUNDS * PER_ROUND;
      const withMs = withOutbox.ms / sales;
      const withoutMs = without.ms / sales;
      log(
        `with the outbox ${withMs.toFixed(3)} ms/sale (${notes.rows[0]?.n} dirty notes, ${pending.n} pending ops); ` +
          `without ${withoutMs.toFixed(3)} ms/sale: ${(withMs / withoutMs).toFixed(2)}×`,
      );
      emit(withBaseline('sync.outbox.overhead', 'ms/sale', withMs, withoutMs));
    } finally {
      await cleanup.run();
    }
  },
});
