/**
 * The desktop bridge contract: what the preload exposes as `window.mostrador`.
 *
 * Shared by main, preload and renderer, so it imports nothing (no electron, no node):
 * the renderer imports it by relative path, e.g. `../../main/src/contract`.
 */

export type IpcError = { code: string; message: string };

/** Errors never cross IPC as exceptions; every call resolves to one of these. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type PageSize = 'A4' | { width: number; height: number };

export interface PrintOptions {
  silent?: boolean;
  /** 'A4' or a custom size in microns (as Electron's webContents.print expects). */
  pageSize?: PageSize;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveFileArgs {
  suggestedName: string;
  data: string | Uint8Array;
  filters?: FileFilter[];
}

export interface SecureStorageApi {
  get(key: string): Promise<IpcResult<string | null>>;
  set(key: string, value: string): Promise<IpcResult<void>>;
  delete(key: string): Promise<IpcResult<void>>;
}

export interface MostradorDesktopApi {
  readonly isDesktop: true;
  print(options?: PrintOptions): Promise<IpcResult<void>>;
  /** Resolves to `{ ok: true, value: null }` when the user cancels the dialog. */
  saveFile(args: SaveFileArgs): Promise<IpcResult<{ path: string } | null>>;
  readonly secureStorage: SecureStorageApi;
}

export const IPC_CHANNELS = {
  print: 'mostrador:print',
  saveFile: 'mostrador:save-file',
  secureStorageGet: 'mostrador:secure-storage:get',
  secureStorageSet: 'mostrador:secure-storage:set',
  secureStorageDelete: 'mostrador:secure-storage:delete',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** The name of the global the preload defines in the renderer's main world. */
export const DESKTOP_API_GLOBAL = 'mostrador';

export const EXPOSED_KEYS = [
  'isDesktop',
  'print',
  'saveFile',
  'secureStorage',
] as const satisfies readonly (keyof MostradorDesktopApi)[];

export const SECURE_STORAGE_KEYS = [
  'get',
  'set',
  'delete',
] as const satisfies readonly (keyof SecureStorageApi)[];

/** Stable error codes produced by the desktop shell. */
export const IPC_ERROR_CODES = {
  invalidArguments: 'invalid-arguments',
  forbiddenSender: 'forbidden-sender',
  internal: 'internal-error',
  ipcFailed: 'ipc-failed',
  printFailed: 'print-failed',
  printCancelled: 'print-cancelled',
  noWindow: 'no-window',
  saveFailed: 'save-failed',
  secureStorageUnavailable: 'secure-storage-unavailable',
  secureStorageFailed: 'secure-storage-failed',
} as const;

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): IpcResult<T> {
  return { ok: false, error: { code, message } };
}

/** The desktop API when running inside the Electron shell, `null` in a plain browser (served console). */
export function desktopApi(global: object): MostradorDesktopApi | null {
  const candidate = (global as { [DESKTOP_API_GLOBAL]?: MostradorDesktopApi })[DESKTOP_API_GLOBAL];
  return candidate?.isDesktop === true ? candidate : null;
}
