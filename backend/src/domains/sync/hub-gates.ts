/**
 * Admission on a hub process, so a busy business cannot take the pool from
 * everyone else (issue 7, "200 devices against one hub"):
 *
 * - `KeyedQueue`: one push per business at a time in this process. A pushed
 *   batch locks its business's change counter for its whole transaction, so
 *   a second push of the same business could only wait on that lock — while
 *   holding a pool connection. Queued here instead, it waits holding nothing;
 *   with 200 counters of one business pushing at once, the other businesses'
 *   pushes and every pull still find connections. Hub processes stay
 *   stateless: across processes the counter lock still orders the pushes.
 * - `Semaphore`: at most N pull pages built at once in this process. A page
 *   is a repeatable-read transaction and a JSON body of up to `limit` rows;
 *   past N, pulls wait their turn without a connection, and the round trips
 *   of the pushes in flight are not queued behind hundreds of row images.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier `work` of the same key has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work queued or running (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` never dips below the queue.
      if (next) next();
      else this.active--;
    }
  }

  /** Work waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }
}
