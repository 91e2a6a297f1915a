/**
 * `npm run bench [-- <name-prefix>...]` — runs the registered benchmarks (all,
 * or those whose name starts with a prefix) and prints one JSON line per figure
 * on stdout. Everything else goes to stderr. Exit code 1 if a benchmark failed.
 *
 * Adding a benchmark: write `bench/<name>.ts` exporting `defineBenchmark({ name, run })`
 * and add one line to BENCHMARKS below.
 */
import bookingsAvailability from './bookings.availability.js';
import bookingsCreate from './bookings.create.js';
import catalogImport from './catalog.import.js';
import catalogSearch from './catalog.search.js';
import consoleColdStart from './console.cold_start.js';
import { type Benchmark, type Figure, formatFigure, log } from './lib.js';
import pipelineCommandHttp from './pipeline.command.http.js';
import posSale from './pos.sale.js';
import posScanToCart from './pos.scan_to_cart.js';
import stockOnHand from './stock.on_hand.js';
import syncBootstrap from './sync.bootstrap.js';
import syncDevices200 from './sync.devices_200.js';
import syncOutboxOverhead from './sync.outbox.overhead.js';
import syncPropagation from './sync.propagation.js';
import syncPush from './sync.push.js';

const BENCHMARKS: Benchmark[] = [
  pipelineCommandHttp,
  consoleColdStart,
  stockOnHand,
  catalogSearch,
  catalogImport,
  posSale,
  posScanToCart,
  bookingsAvailability,
  bookingsCreate,
  syncPush,
  syncPropagation,
  syncOutboxOverhead,
  syncBootstrap,
  syncDevices200,
];

// Stdout carries only figures: anything imported code logs goes to stderr.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

/** A benchmark runs when its name starts with a prefix, or a prefix names one of its figures. */
function selected(name: string, prefixes: string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => name.startsWith(p) || p.startsWith(`${name}.`));
}

function figureWanted(figure: Figure, prefixes: string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => figure.name.startsWith(p));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
    process.stderr.write(
      `usage: npm run bench [-- <name-prefix>...]\nbenchmarks:\n${BENCHMARKS.map((b) => `  ${b.name}`).join('\n')}\n`,
    );
    return 0;
  }
  const prefixes = args.filter((a) => !a.startsWith('-'));
  const chosen = BENCHMARKS.filter((b) => selected(b.name, prefixes));
  if (chosen.length === 0) {
    log(`no benchmark matches ${prefixes.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 1;
  }

  let failed = 0;
  for (const benchmark of chosen) {
    log(`▶ ${benchmark.name}`);
    const started = performance.now();
    try {
      await benchmark.run({
        emit: (figure) => {
          if (figureWanted(figure, prefixes)) process.stdout.write(`${formatFigure(figure)}\n`);
        },
        log: (message) => log(`  ${message}`),
      });
      log(`✓ ${benchmark.name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (err) {
      failed++;
      log(`✗ ${benchmark.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

// No process.exit on success: the run must end by itself, which proves every benchmark cleaned up.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    log(`bench runner crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
