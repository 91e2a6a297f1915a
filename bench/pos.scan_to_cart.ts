/**
 * pos.scan_to_cart — ms from a scanner's Enter in the sale screen's scan field until the cart
 * line is in the page (measured inside the page: the Enter keydown's timestamp to the mutation
 * that adds the row). A served console with a business, SCANS products with barcodes and an
 * open shift, set up through the API; each scan is a new product so each adds a new line.
 * Prints the p95 (and .p50) over SCANS scans.
 */
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServedConsole } from '../e2e/fixtures.js';
import { Cleanup, defineBenchmark, percentile } from './lib.js';

const SCANS = 50;
const WARMUP = 5;

function chromiumPath(): string {
  if (process.env.MOSTRADOR_CHROMIUM) return process.env.MOSTRADOR_CHROMIUM;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).trim();
}

/**
 * Runs in the page: resolves `window.__scan` with ms from the next Enter keydown to the cart
 * holding `expected` lines. A string, because the bundler's helpers do not exist in the page.
 */
const ARM_SCAN = `(expected) => {
  window.__scan = new Promise((resolve) => {
    let enterAt = 0;
    const onKey = (event) => {
      if (event.key === 'Enter') enterAt = event.timeStamp;
    };
    document.addEventListener('keydown', onKey, { capture: true });
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('tr[data-line-id]').length < expected) return;
      observer.disconnect();
      document.removeEventListener('keydown', onKey, { capture: true });
      resolve(performance.now() - enterAt);
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}`;

/** `promise`, or an error with `why()`'s text when it takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, why: () => Promise<string>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => why().then((text) => reject(new Error(text)), reject), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const barcodeOf = (i: number) => `84100000${String(i).padStart(5, '0')}`;

export default defineBenchmark({
  name: 'pos.scan_to_cart',
  async run({ emit, log }) {
    const cleanup = new Cleanup();
    try {
      const served = await startServedConsole();
      cleanup.add('stop the served console', () => served.stop());
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      cleanup.add('close the browser', () => browser.close());
      const context = await browser.newContext({ baseURL: served.url, locale: 'es-ES' });
      const api = context.request;

      const ok = async (
        what: string,
        response: { ok(): boolean; status(): number; text(): Promise<string> },
      ) => {
        if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
      };
      await ok(
        'setup',
        await api.post('/api/setup', {
          data: {
            business: {
              name: 'Banco de pruebas',
              currency: 'EUR',
              timeZone: 'Europe/Madrid',
              locale: 'es-ES',
            },
            owner: { name: 'Bench', email: 'bench@example.com', password: 'bench-password-1' },
          },
        }),
      );
      const total = WARMUP + SCANS;
      for (let i = 0; i < total; i++) {
        await ok(
          `product ${i}`,
          await api.post('/api/catalog/products', {
            data: {
              sku: `BENCH-${i}`,
              name: `Producto ${i}`,
              unit: 'unit',
              price: 100 + i,
              cost: 50,
              taxRateBp: 2100,
              tracked: true,
              active: true,
              reorderPoint: 0,
              reorderQty: 0,
              barcodes: [barcodeOf(i)],
              suppliers: [],
            },
          }),
        );
      }
      await ok(
        'open shift',
        await api.post('/api/shifts', { data: { denominations: [{ value: 1000, count: 5 }] } }),
      );

      const page = await context.newPage();
      await page.goto('/sales');
      const scan = page.getByRole('combobox', { name: 'Escanear o buscar' });
      await scan.waitFor();
      await scan.focus();

      const samples: number[] = [];
      for (let i = 0; i < total; i++) {
        // Arm the measurement in the page, then let the "scanner" type the code and Enter.
        await page.evaluate(`(${ARM_SCAN})(${i + 1})`);
        await page.keyboard.type(barcodeOf(i));
        await page.keyboard.press('Enter');
        const ms = await withTimeout(page.evaluate('window.__scan') as Promise<number>, 10_000, async () => {
          const alert = await page.getByRole('alert').first().textContent();
          return `scan ${i} added no line in 10 s (alert: ${alert || 'none'})`;
        });
        if (i >= WARMUP) samples.push(ms);
      }
      const p50 = percentile(samples, 50);
      const p95 = percentile(samples, 95);
      log(
        `${SCANS} scans: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`,
      );
      emit({ name: 'pos.scan_to_cart', value: p95, unit: 'ms' });
      emit({ name: 'pos.scan_to_cart.p50', value: p50, unit: 'ms' });
    } finally {
      await cleanup.run();
    }
  },
});
