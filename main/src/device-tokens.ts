/**
 * The backend's device tokens for the hub, kept with safeStorage by main
 * (backend side: backend/src/domains/sync/client/desktop-tokens.ts).
 *
 * - At spawn: the tokens go to the backend in MOSTRADOR_SYNC_TOKENS (it reads
 *   and drops the variable at start). Without real secure storage main sets
 *   nothing and the backend keeps its 0600 file, as in served mode.
 * - While running: the backend posts `{ type: 'sync-token', tenantId, token }`
 *   (token null to forget) and main stores it.
 *
 * They live in their own secure store file, not the renderer's: the renderer's
 * secure-storage IPC can never read a device token.
 */
import type { SecureStore } from './secure-store';

export const SYNC_TOKENS_ENV = 'MOSTRADOR_SYNC_TOKENS';
export const DEVICE_TOKENS_KEY = 'sync-device-tokens';

type Tokens = Record<string, string>;

export interface SyncTokenMessage {
  type: 'sync-token';
  tenantId: string;
  token: string | null;
}

export function isSyncTokenMessage(message: unknown): message is SyncTokenMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, tenantId, token } = message as Record<string, unknown>;
  return (
    type === 'sync-token' &&
    typeof tenantId === 'string' &&
    /^[\w-]{1,64}$/.test(tenantId) &&
    (token === null || (typeof token === 'string' && token.length > 0 && token.length <= 512))
  );
}

async function readTokens(store: SecureStore): Promise<Tokens | null> {
  const stored = await store.get(DEVICE_TOKENS_KEY);
  if (!stored.ok) return null;
  if (stored.value === null) return {};
  try {
    const parsed = JSON.parse(stored.value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Tokens) : {};
  } catch {
    return {};
  }
}

/** The variables to add to the backend's environment: none when secure storage is unavailable. */
export async function deviceTokensEnv(store: SecureStore): Promise<Record<string, string>> {
  const tokens = await readTokens(store);
  return tokens === null ? {} : { [SYNC_TOKENS_ENV]: JSON.stringify(tokens) };
}

/** The slice of UtilityProcess this needs; tests pass an EventEmitter. */
export interface MessagingChild {
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * Keeps what the backend says about its tokens. Writes are serialised so two
 * messages in a row cannot lose each other's token. `done` resolves when all
 * messages seen so far are stored (tests; quitting).
 */
export function keepDeviceTokens(
  child: MessagingChild,
  store: SecureStore,
  onError: (message: string) => void,
): { done(): Promise<void> } {
  let queue: Promise<void> = Promise.resolve();
  child.on('message', (message) => {
    if (!isSyncTokenMessage(message)) return;
    queue = queue.then(async () => {
      const tokens = await readTokens(store);
      if (tokens === null) {
        onError('Secure storage is unavailable: the device token could not be kept');
        return;
      }
      if (message.token === null) delete tokens[message.tenantId];
      else tokens[message.tenantId] = message.token;
      const saved = await store.set(DEVICE_TOKENS_KEY, JSON.stringify(tokens));
      if (!saved.ok) onError(saved.error.message);
    });
  });
  return { done: () => queue };
}
