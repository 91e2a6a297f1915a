/**
 * The desktop's device tokens: kept by Electron's main process with
 * safeStorage (main/src/device-tokens.ts), never in a file the backend writes.
 *
 * Handoff: when main spawns the backend it puts the tokens it holds in
 * MOSTRADOR_SYNC_TOKENS (JSON `{ [tenantId]: token }`; read once and removed
 * from this process's environment), and the backend tells main of every new
 * or cleared token over the utility process's parent port
 * (`{ type: 'sync-token', tenantId, token | null }`). Main absent, or without
 * secure storage (it then sets no variable), the console keeps the 0600 file.
 */
import type { TokenStore } from './link.js';

export const SYNC_TOKENS_ENV = 'MOSTRADOR_SYNC_TOKENS';

export interface ParentPortLike {
  postMessage(message: unknown): void;
}

export interface SyncTokenMessage {
  type: 'sync-token';
  tenantId: string;
  /** null: forget this business's token. */
  token: string | null;
}

/**
 * The desktop store, or null when this backend is not run by the desktop
 * with secure storage. A token found only in the older file store is handed
 * to main on first read and the file removed.
 */
export function desktopTokenStore(
  env: NodeJS.ProcessEnv,
  parentPort: ParentPortLike | undefined,
  legacy?: TokenStore,
): TokenStore | null {
  const handed = env[SYNC_TOKENS_ENV];
  delete env[SYNC_TOKENS_ENV];
  if (!parentPort || handed === undefined) return null;
  const tokens = new Map<string, string>();
  try {
    const parsed = JSON.parse(handed) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [tenantId, token] of Object.entries(parsed)) {
        if (typeof token === 'string' && token) tokens.set(tenantId, token);
      }
    }
  } catch {
    // Unreadable handoff: no tokens (the console says it must be enrolled again), never a crash.
  }
  const tell = (message: SyncTokenMessage) => parentPort.postMessage(message);
  const store: TokenStore = {
    read(tenantId) {
      const held = tokens.get(tenantId);
      if (held) return held;
      const old = legacy?.read(tenantId) ?? null;
      if (old) {
        store.write(tenantId, old);
        legacy?.clear(tenantId);
      }
      return old;
    },
    write(tenantId, token) {
      tokens.set(tenantId, token);
      tell({ type: 'sync-token', tenantId, token });
    },
    clear(tenantId) {
      tokens.delete(tenantId);
      legacy?.clear(tenantId);
      tell({ type: 'sync-token', tenantId, token: null });
    },
  };
  return store;
}
