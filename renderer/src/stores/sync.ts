import { create } from 'zustand';
import { api } from '../api/client';
import type { SyncStatus } from '../contract';

export const SYNC_POLL_MS = 5000;
/** While a push or pull is in flight the badge follows it closely, so "Sincronizado" shows soon after. */
export const SYNC_POLL_BUSY_MS = 1000;

/** How long to wait before asking again, given what the last answer said. */
export function nextPollDelay(status: SyncStatus | null): number {
  return status?.state === 'syncing' ? SYNC_POLL_BUSY_MS : SYNC_POLL_MS;
}

interface SyncState {
  status: SyncStatus | null;
  /** The last poll failed: the badge must not keep showing an old, reassuring state. */
  failed: boolean;
  /** When the last answer arrived (ms since epoch), to say "hace 3 min" against. */
  checkedAt: number | null;
  start(): void;
  stop(): void;
  /** Asks now (after enrolling, "Sync now" or a retry) and goes on polling from there. */
  refresh(): Promise<void>;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let running = false;
let inFlight: Promise<void> | null = null;

export const useSync = create<SyncState>()((set, get) => {
  function schedule() {
    if (timer) clearTimeout(timer);
    timer = running ? setTimeout(() => void poll(), nextPollDelay(get().status)) : null;
  }

  function poll(): Promise<void> {
    if (inFlight) return inFlight;
    inFlight = (async () => {
      try {
        const status = await api.syncStatus();
        if (running) set({ status, failed: false, checkedAt: Date.now() });
      } catch {
        if (running) set({ failed: true, checkedAt: Date.now() });
      } finally {
        inFlight = null;
        schedule();
      }
    })();
    return inFlight;
  }

  return {
    status: null,
    failed: false,
    checkedAt: null,
    start() {
      if (running) return;
      running = true;
      void poll();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      set({ status: null, failed: false, checkedAt: null });
    },
    async refresh() {
      // A poll already under way may have started before the change; ask again after it.
      if (inFlight) await inFlight;
      await poll();
    },
  };
});

interface JoinNoticeState {
  /**
   * Set after this console joined a business on the hub (first run, or Settings → Sync over a
   * business of its own): the login screen says to sign in with the hub account. '' when the
   * business's name is not known.
   */
  joinedBusiness: string | null;
  setJoined(businessName: string | null): void;
}

export const useJoinNotice = create<JoinNoticeState>()((set) => ({
  joinedBusiness: null,
  setJoined: (joinedBusiness) => set({ joinedBusiness }),
}));
