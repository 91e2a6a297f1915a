import { create } from 'zustand';
import { api } from '../api/client';
import type { SyncStatus } from '../contract';

export const SYNC_POLL_MS = 5000;

interface SyncState {
  status: SyncStatus | null;
  /** The last poll failed: the badge must not keep showing an old, reassuring state. */
  failed: boolean;
  start(): void;
  stop(): void;
}

let timer: ReturnType<typeof setInterval> | null = null;
let inFlight = false;

export const useSync = create<SyncState>()((set) => {
  async function poll() {
    if (inFlight) return;
    inFlight = true;
    try {
      set({ status: await api.syncStatus(), failed: false });
    } catch {
      set({ failed: true });
    } finally {
      inFlight = false;
    }
  }

  return {
    status: null,
    failed: false,
    start() {
      if (timer) return;
      void poll();
      timer = setInterval(poll, SYNC_POLL_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      set({ status: null, failed: false });
    },
  };
});
