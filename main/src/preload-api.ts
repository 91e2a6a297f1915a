import {
  fail,
  IPC_CHANNELS,
  IPC_ERROR_CODES,
  type IpcChannel,
  type IpcResult,
  type MostradorDesktopApi,
  type SecureStorageApi,
} from './contract';

export type Invoke = (channel: IpcChannel, ...args: unknown[]) => Promise<unknown>;

/**
 * Builds the object exposed as `window.mostrador`. Each function forwards to one IPC channel;
 * `ipcRenderer` itself never reaches the renderer. A rejected invoke (no handler, a destroyed
 * frame) becomes an error result so callers only ever handle `IpcResult`.
 */
export function buildPreloadApi(invoke: Invoke): MostradorDesktopApi {
  const call = async <T>(channel: IpcChannel, ...args: unknown[]): Promise<IpcResult<T>> => {
    try {
      return (await invoke(channel, ...args)) as IpcResult<T>;
    } catch (error) {
      return fail(IPC_ERROR_CODES.ipcFailed, error instanceof Error ? error.message : String(error));
    }
  };

  const secureStorage: SecureStorageApi = {
    get: (key) => call(IPC_CHANNELS.secureStorageGet, key),
    set: (key, value) => call(IPC_CHANNELS.secureStorageSet, key, value),
    delete: (key) => call(IPC_CHANNELS.secureStorageDelete, key),
  };
  const api: MostradorDesktopApi = {
    isDesktop: true,
    print: (options) => call(IPC_CHANNELS.print, options ?? {}),
    saveFile: (args) => call(IPC_CHANNELS.saveFile, args),
    secureStorage: Object.freeze(secureStorage),
  };
  return Object.freeze(api);
}
