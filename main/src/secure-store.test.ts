import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecureStore, type SafeStorageLike } from './secure-store';

/** Reversible but non-plaintext "encryption", so the file contents can be checked for leaks. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend: string | undefined;

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plainText: string): Buffer {
    return Buffer.from(`enc:${Buffer.from(plainText).toString('hex')}`);
  }
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
    return Buffer.from(text.slice(4), 'hex').toString();
  }
  getSelectedStorageBackend(): string {
    return this.backend ?? 'gnome_libsecret';
  }
}

let dir: string;
let filePath: string;
let safeStorage: FakeSafeStorage;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mostrador-secure-store-'));
  filePath = join(dir, 'nested', 'secure-storage.json');
  safeStorage = new FakeSafeStorage();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createSecureStore', () => {
  it('returns what was stored, also from a fresh store on the same file', async () => {
    await expect(
      createSecureStore({ safeStorage, filePath }).set('device-token', 'tok-123'),
    ).resolves.toEqual({
      ok: true,
      value: undefined,
    });
    const reopened = createSecureStore({ safeStorage, filePath });
    await expect(reopened.get('device-token')).resolves.toEqual({ ok: true, value: 'tok-123' });
  });

  it('returns null for a key that was never stored', async () => {
    await expect(createSecureStore({ safeStorage, filePath }).get('missing')).resolves.toEqual({
      ok: true,
      value: null,
    });
  });

  it('forgets a deleted key', async () => {
    const store = createSecureStore({ safeStorage, filePath });
    await store.set('device-token', 'tok-123');
    await expect(store.delete('device-token')).resolves.toEqual({ ok: true, value: undefined });
    await expect(store.get('device-token')).resolves.toEqual({ ok: true, value: null });
  });

  it('never writes the plaintext value to disk', async () => {
    const store = createSecureStore({ safeStorage, filePath });
    await store.set('device-token', 'plain-secret-value');
    const onDisk = await readFile(filePath, 'utf8');
    expect(onDisk).not.toContain('plain-secret-value');
    expect(onDisk).not.toContain(Buffer.from('plain-secret-value').toString('base64'));
  });

  it('keeps the file readable by the owner only', async () => {
    if (process.platform === 'win32') return;
    await createSecureStore({ safeStorage, filePath }).set('device-token', 'tok-123');
    expect((await stat(filePath)).mode & 0o077).toBe(0);
  });

  it('keeps every entry when sets run concurrently', async () => {
    const store = createSecureStore({ safeStorage, filePath });
    await Promise.all(['a', 'b', 'c', 'd'].map((key) => store.set(key, `value-${key}`)));
    const values = await Promise.all(['a', 'b', 'c', 'd'].map((key) => store.get(key)));
    expect(values.map((result) => (result.ok ? result.value : null))).toEqual([
      'value-a',
      'value-b',
      'value-c',
      'value-d',
    ]);
  });

  it('refuses to store anything when encryption is unavailable', async () => {
    safeStorage.available = false;
    const store = createSecureStore({ safeStorage, filePath });
    const result = await store.set('device-token', 'tok-123');
    expect(result).toMatchObject({ ok: false, error: { code: 'secure-storage-unavailable' } });
    await expect(readFile(filePath)).rejects.toThrow(/ENOENT/);
    await expect(store.get('device-token')).resolves.toMatchObject({
      ok: false,
      error: { code: 'secure-storage-unavailable' },
    });
  });

  it("treats Linux's hard-coded-key backend as unavailable", async () => {
    safeStorage.backend = 'basic_text';
    const result = await createSecureStore({ safeStorage, filePath }).set('device-token', 'tok-123');
    expect(result).toMatchObject({ ok: false, error: { code: 'secure-storage-unavailable' } });
  });

  it('reports a value that cannot be decrypted as an error result', async () => {
    const store = createSecureStore({ safeStorage, filePath });
    await store.set('device-token', 'tok-123');
    safeStorage.decryptString = () => {
      throw new Error('Error while decrypting the ciphertext');
    };
    await expect(store.get('device-token')).resolves.toMatchObject({
      ok: false,
      error: { code: 'secure-storage-failed' },
    });
  });
});
