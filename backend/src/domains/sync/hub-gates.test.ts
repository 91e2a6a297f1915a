import { describe, expect, it } from 'vitest';
import { KeyedQueue, Semaphore } from './hub-gates.js';

/** A promise resolved from outside, to hold work open while the test looks. */
function latch() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue (one push per business at a time)', () => {
  it('runs work of one key in arrival order, one at a time, while another key runs beside it', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = latch();
    const a1 = queue.run('a', async () => {
      log.push('a1 start');
      await first.opened;
      log.push('a1 end');
    });
    const a2 = queue.run('a', async () => {
      log.push('a2');
    });
    const b1 = queue.run('b', async () => {
      log.push('b1');
    });
    await b1;
    await tick();
    expect(log).toEqual(['a1 start', 'b1']);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    expect(queue.size).toBe(0);
  });

  it('lets the next work of the key run after one fails, and passes the failure to its caller', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('database down');
    });
    const next = queue.run('a', async () => 'applied');
    await expect(failed).rejects.toThrow('database down');
    await expect(next).resolves.toBe('applied');
    expect(queue.size).toBe(0);
  });
});

describe('Semaphore (a few pull pages at once)', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const pages = new Semaphore(3);
    let running = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pages.run(async () => {
          running++;
          most = Math.max(most, running);
          await tick();
          running--;
          return i;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(3);
    expect(pages.queued).toBe(0);
  });

  it('frees the slot of work that failed', async () => {
    const pages = new Semaphore(1);
    await expect(
      pages.run(async () => {
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    await expect(pages.run(async () => 'next page')).resolves.toBe('next page');
  });
});
