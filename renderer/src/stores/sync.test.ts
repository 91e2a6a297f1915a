import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../contract';
import { nextPollDelay, SYNC_POLL_BUSY_MS, SYNC_POLL_MS } from './sync';

describe('nextPollDelay', () => {
  it('follows a push or pull in flight closely and otherwise polls every 5 s', () => {
    const at = (state: SyncStatus['state']) => ({ state }) as SyncStatus;
    expect(nextPollDelay(at('syncing'))).toBe(SYNC_POLL_BUSY_MS);
    expect(SYNC_POLL_BUSY_MS).toBeLessThan(SYNC_POLL_MS);
    for (const state of ['local-only', 'synced', 'pending', 'offline', 'error'] as const)
      expect(nextPollDelay(at(state))).toBe(5000);
    expect(nextPollDelay(null)).toBe(5000);
  });
});
