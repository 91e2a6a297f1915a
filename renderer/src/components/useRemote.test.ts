import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { type Remote, useRemote } from './useRemote';

/**
 * The hooks useRemote uses, run the way React runs them for one component (no DOM here): state
 * that re-renders when set, refs, callbacks kept while their dependencies are, and effects whose
 * cleanup runs before the next run and on unmount.
 */
const host = vi.hoisted(() => {
  type Slot = { value?: unknown; deps?: readonly unknown[]; cleanup?: (() => void) | undefined };
  const same = (a?: readonly unknown[], b?: readonly unknown[]) =>
    !!a && !!b && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
  const h = {
    slots: [] as Slot[],
    cursor: 0,
    pending: [] as (() => void)[],
    render: null as null | (() => void),
    mounted: false,
    setsAfterUnmount: 0,
    slot(): Slot {
      h.slots[h.cursor] ??= {};
      return h.slots[h.cursor++] as Slot;
    },
    /** Renders, then runs the effects whose dependencies changed. */
    run(render: () => void) {
      h.render = render;
      h.cursor = 0;
      render();
      const effects = h.pending.splice(0);
      for (const effect of effects) effect();
    },
    unmount() {
      h.mounted = false;
      for (const s of h.slots) s.cleanup?.();
    },
  };
  const react = {
    useState<T>(initial: T) {
      const s = h.slot();
      if (!('value' in s)) s.value = initial;
      const set = (next: T) => {
        if (!h.mounted) h.setsAfterUnmount++;
        s.value = next;
        if (h.mounted && h.render) h.run(h.render);
      };
      return [s.value as T, set] as const;
    },
    useRef<T>(initial: T) {
      const s = h.slot();
      if (!('value' in s)) s.value = { current: initial };
      return s.value as { current: T };
    },
    useCallback<F>(fn: F, deps: readonly unknown[]) {
      const s = h.slot();
      if (!same(s.deps, deps)) {
        s.value = fn;
        s.deps = deps;
      }
      return s.value as F;
    },
    useEffect(effect: () => undefined | (() => void), deps: readonly unknown[]) {
      const s = h.slot();
      if (same(s.deps, deps)) return;
      s.deps = deps;
      h.pending.push(() => {
        s.cleanup?.();
        s.cleanup = effect() ?? undefined;
      });
    },
  };
  return { h, react };
});
vi.mock('react', () => host.react);

/** A request whose answer the test gives, when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The calendar's bookings of `day`: each request for a day stays open until the test answers it. */
function calendar() {
  const asked: { day: string; answer: ReturnType<typeof deferred<string[]>> }[] = [];
  const loaders = new Map<string, () => Promise<string[]>>();
  // What useCallback gives a screen: one stable `load` per day.
  const loadFor = (day: string) => {
    if (!loaders.has(day))
      loaders.set(day, () => {
        const answer = deferred<string[]>();
        asked.push({ day, answer });
        return answer.promise;
      });
    return loaders.get(day) as () => Promise<string[]>;
  };
  let shown: Remote<string[]> = { state: 'loading' };
  let reload = () => {};
  const show = (day: string) =>
    host.h.run(() => {
      [shown, reload] = useRemote(loadFor(day));
    });
  const answer = async (n: number, bookings: string[]) => {
    asked[n]?.answer.resolve(bookings);
    await Promise.resolve();
    await Promise.resolve();
  };
  const fail = async (n: number, code: string) => {
    asked[n]?.answer.reject(new ApiError({ type: 'about:blank', title: code, status: 500, code }));
    await Promise.resolve();
    await Promise.resolve();
  };
  return { asked, show, answer, fail, shown: () => shown, reload: () => reload() };
}

afterEach(() => {
  host.h.slots = [];
  host.h.pending = [];
  host.h.render = null;
  host.h.setsAfterUnmount = 0;
});

describe('useRemote', () => {
  it("shows the later request's answer when the earlier, slower one arrives after it", async () => {
    host.h.mounted = true;
    const c = calendar();
    c.show('2026-12-07');
    c.show('2026-12-08');
    expect(c.asked.map((a) => a.day)).toEqual(['2026-12-07', '2026-12-08']);
    await c.answer(1, ['Sala 1 · 8 Dec']);
    await c.answer(0, ['Sala 2 · 7 Dec']);
    expect(c.shown()).toEqual({ state: 'loaded', value: ['Sala 1 · 8 Dec'] });
  });

  it("ignores a superseded request's failure", async () => {
    host.h.mounted = true;
    const c = calendar();
    c.show('2026-12-07');
    c.show('2026-12-08');
    await c.answer(1, ['Sala 1 · 8 Dec']);
    await c.fail(0, 'internal-error');
    expect(c.shown()).toEqual({ state: 'loaded', value: ['Sala 1 · 8 Dec'] });
  });

  it('shows the answer of the last reload when an earlier reload answers last', async () => {
    host.h.mounted = true;
    const c = calendar();
    c.show('2026-12-07');
    await c.answer(0, ['before']);
    c.reload();
    c.reload();
    await c.answer(2, ['newest']);
    await c.answer(1, ['older']);
    expect(c.shown()).toEqual({ state: 'loaded', value: ['newest'] });
  });

  it('still shows an answer that is the latest, and its failure', async () => {
    host.h.mounted = true;
    const c = calendar();
    c.show('2026-12-07');
    await c.fail(0, 'forbidden');
    expect(c.shown()).toEqual({ state: 'failed', code: 'forbidden' });
  });

  it('sets nothing once the screen has gone', async () => {
    host.h.mounted = true;
    const c = calendar();
    c.show('2026-12-07');
    host.h.unmount();
    await c.answer(0, ['late']);
    expect(host.h.setsAfterUnmount).toBe(0);
  });
});
