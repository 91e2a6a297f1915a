import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fail, IPC_ERROR_CODES, type IpcResult, ok } from './contract';

/** The slice of Electron's `safeStorage` the store needs; tests pass a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

export interface SecureStore {
  get(key: string): Promise<IpcResult<string | null>>;
  set(key: string, value: string): Promise<IpcResult<void>>;
  delete(key: string): Promise<IpcResult<void>>;
}

/** On disk: `{ version: 1, entries: { [key]: base64 ciphertext } }`. Keys are not secret; values are. */
type Entries = Map<string, string>;

const UNAVAILABLE_MESSAGE =
  'The operating system offers no secure storage (no keychain, DPAPI or secret service); nothing was stored.';

function encryptionAvailable(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
}

async function readStore(filePath: string): Promise<Entries> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const parsed = JSON.parse(text) as { entries?: Record<string, string> };
  return new Map(Object.entries(parsed.entries ?? {}));
}

async function writeStore(filePath: string, entries: Entries): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ version: 1, entries: Object.fromEntries(entries) }), {
    mode: 0o600,
  });
  await rename(temporary, filePath);
}

/**
 * Values are encrypted with the OS-backed `safeStorage` and persisted as base64 in a JSON file.
 * Without real encryption the store refuses every call: it never falls back to plaintext.
 */
export function createSecureStore(deps: { safeStorage: SafeStorageLike; filePath: string }): SecureStore {
  const { safeStorage, filePath } = deps;
  // Writes are serialised so two concurrent `set`s cannot lose each other's entry.
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const guarded = async <T>(operation: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> => {
    if (!encryptionAvailable(safeStorage)) {
      return fail(IPC_ERROR_CODES.secureStorageUnavailable, UNAVAILABLE_MESSAGE);
    }
    try {
      return await operation();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return fail(IPC_ERROR_CODES.secureStorageFailed, `Secure storage failed: ${message}`);
    }
  };

  return {
    get: (key) =>
      guarded(async () => {
        const encoded = (await readStore(filePath)).get(key);
        if (encoded === undefined) return ok(null);
        return ok(safeStorage.decryptString(Buffer.from(encoded, 'base64')));
      }),
    set: (key, value) =>
      guarded(() =>
        serialised(async () => {
          const entries = await readStore(filePath);
          entries.set(key, safeStorage.encryptString(value).toString('base64'));
          await writeStore(filePath, entries);
          return ok(undefined);
        }),
      ),
    delete: (key) =>
      guarded(() =>
        serialised(async () => {
          const entries = await readStore(filePath);
          if (entries.delete(key)) await writeStore(filePath, entries);
          return ok(undefined);
        }),
      ),
  };
}
