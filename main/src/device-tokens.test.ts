import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopTokenStore } from '../../backend/src/domains/sync/client/desktop-tokens';
import { fileTokenStore } from '../../backend/src/domains/sync/client/link';
import {
  DEVICE_TOKENS_KEY,
  deviceTokensEnv,
  isSyncTokenMessage,
  keepDeviceTokens,
  SYNC_TOKENS_ENV,
} from './device-tokens';
import { createSecureStore, type SafeStorageLike } from './secure-store';

/** Reversible but not plaintext, so the file can be checked for leaks. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  isEncryptionAvailable() {
    return this.available;
  }
  encryptString(plainText: string) {
    return Buffer.from(`enc:${Buffer.from(plainText).toString('hex')}`);
  }
  decryptString(encrypted: Buffer) {
    return Buffer.from(encrypted.toString().slice(4), 'hex').toString();
  }
  getSelectedStorageBackend() {
    return 'gnome_libsecret';
  }
}

let dir: string;
let safeStorage: FakeSafeStorage;
const storeFile = () => join(dir, 'device-tokens.json');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mostrador-device-tokens-'));
  safeStorage = new FakeSafeStorage();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The utility process as both sides see it: main listens on the child, the backend posts to its parent port. */
function utilityChannel() {
  const child = new EventEmitter();
  return { child, parentPort: { postMessage: (message: unknown) => child.emit('message', message) } };
}

describe('device tokens between the backend and main', () => {
  it('keeps a token the backend gets in secure storage, and hands it back at the next start', async () => {
    const store = createSecureStore({ safeStorage, filePath: storeFile() });
    const first = utilityChannel();
    const env1: NodeJS.ProcessEnv = { ...(await deviceTokensEnv(store)) };
    expect(env1).toEqual({ [SYNC_TOKENS_ENV]: '{}' });
    const kept = keepDeviceTokens(first.child, store, (m) => {
      throw new Error(m);
    });
    const backend1 = desktopTokenStore(env1, first.parentPort);
    expect(backend1).not.toBeNull();
    // Read once and dropped from the backend's environment.
    expect(env1[SYNC_TOKENS_ENV]).toBeUndefined();
    backend1?.write('tenant-a', 'token-a-0123456789abcdefghij');
    backend1?.write('tenant-b', 'token-b-0123456789abcdefghij');
    expect(backend1?.read('tenant-a')).toBe('token-a-0123456789abcdefghij');
    await kept.done();
    // Encrypted at rest.
    expect(await readFile(storeFile(), 'utf8')).not.toContain('token-a');

    // The next start: the backend has the tokens from the first read, no file of its own.
    const second = utilityChannel();
    const env2: NodeJS.ProcessEnv = { ...(await deviceTokensEnv(store)) };
    const kept2 = keepDeviceTokens(second.child, store, () => {});
    const backend2 = desktopTokenStore(env2, second.parentPort, fileTokenStore(dir));
    expect(backend2?.read('tenant-a')).toBe('token-a-0123456789abcdefghij');
    backend2?.clear('tenant-a');
    await kept2.done();
    const stored = await store.get(DEVICE_TOKENS_KEY);
    expect(stored.ok && JSON.parse(stored.value as string)).toEqual({
      'tenant-b': 'token-b-0123456789abcdefghij',
    });
    expect(existsSync(join(dir, 'sync-token-tenant-a'))).toBe(false);
  });

  it('moves a token from the older 0600 file into secure storage on first read', async () => {
    const store = createSecureStore({ safeStorage, filePath: storeFile() });
    writeFileSync(join(dir, 'sync-token-tenant-a'), 'old-file-token-0123456789', { mode: 0o600 });
    const { child, parentPort } = utilityChannel();
    const kept = keepDeviceTokens(child, store, () => {});
    const backend = desktopTokenStore({ ...(await deviceTokensEnv(store)) }, parentPort, fileTokenStore(dir));
    expect(backend?.read('tenant-a')).toBe('old-file-token-0123456789');
    await kept.done();
    expect(existsSync(join(dir, 'sync-token-tenant-a'))).toBe(false);
    const stored = await store.get(DEVICE_TOKENS_KEY);
    expect(stored.ok && JSON.parse(stored.value as string)).toEqual({
      'tenant-a': 'old-file-token-0123456789',
    });
  });

  it('without real secure storage, hands nothing over: the backend keeps its 0600 file', async () => {
    safeStorage.available = false;
    const store = createSecureStore({ safeStorage, filePath: storeFile() });
    const env = await deviceTokensEnv(store);
    expect(env).toEqual({});
    expect(desktopTokenStore({ ...env }, utilityChannel().parentPort)).toBeNull();
    // Served mode (no parent port) also keeps the file, even if a variable is set.
    expect(desktopTokenStore({ [SYNC_TOKENS_ENV]: '{}' }, undefined)).toBeNull();
    const file = fileTokenStore(dir);
    file.write('tenant-a', 'served-token-0123456789');
    expect(readFileSync(join(dir, 'sync-token-tenant-a'), 'utf8')).toBe('served-token-0123456789');
  });

  it('ignores other messages and malformed ones, and survives an unreadable handoff', async () => {
    expect(isSyncTokenMessage({ type: 'ready', port: 1 })).toBe(false);
    expect(isSyncTokenMessage({ type: 'sync-token', tenantId: '../x', token: 't' })).toBe(false);
    expect(isSyncTokenMessage({ type: 'sync-token', tenantId: 'a', token: 42 })).toBe(false);
    expect(isSyncTokenMessage({ type: 'sync-token', tenantId: 'a', token: null })).toBe(true);
    const store = createSecureStore({ safeStorage, filePath: storeFile() });
    const { child } = utilityChannel();
    const kept = keepDeviceTokens(child, store, () => {});
    child.emit('message', { type: 'ready', port: 4000 });
    child.emit('message', { type: 'sync-token', tenantId: '../etc', token: 'x' });
    await kept.done();
    expect((await store.get(DEVICE_TOKENS_KEY)).ok && (await store.get(DEVICE_TOKENS_KEY))).toEqual({
      ok: true,
      value: null,
    });
    const backend = desktopTokenStore({ [SYNC_TOKENS_ENV]: 'not json' }, utilityChannel().parentPort);
    expect(backend?.read('tenant-a')).toBeNull();
  });
});
