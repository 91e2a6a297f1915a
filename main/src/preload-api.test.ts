import { describe, expect, it, vi } from 'vitest';
import { EXPOSED_KEYS, IPC_CHANNELS, type IpcResult, ok, SECURE_STORAGE_KEYS } from './contract';
import { buildPreloadApi, type Invoke } from './preload-api';

function apiWith(
  answer: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ok(undefined),
) {
  const invoke = vi.fn<Invoke>(answer);
  return { api: buildPreloadApi(invoke), invoke };
}

describe('buildPreloadApi', () => {
  it('exposes exactly the contract keys', () => {
    const { api } = apiWith();
    expect(Object.keys(api).sort()).toEqual([...EXPOSED_KEYS].sort());
    expect(Object.keys(api.secureStorage).sort()).toEqual([...SECURE_STORAGE_KEYS].sort());
    expect(api.isDesktop).toBe(true);
  });

  it('exposes only functions and the isDesktop flag, never an IPC object', () => {
    const { api } = apiWith();
    for (const [key, value] of Object.entries(api)) {
      if (key === 'isDesktop' || key === 'secureStorage') continue;
      expect(typeof value).toBe('function');
    }
  });

  it('cannot be modified by page scripts', () => {
    const { api } = apiWith();
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.secureStorage)).toBe(true);
  });

  it('forwards each call to its channel with its arguments', async () => {
    const { api, invoke } = apiWith();
    const data = new Uint8Array([1, 2, 3]);
    await api.print({ silent: true, pageSize: 'A4' });
    await api.print();
    await api.saveFile({ suggestedName: 'z-report.csv', data });
    await api.secureStorage.get('device-token');
    await api.secureStorage.set('device-token', 's3cret');
    await api.secureStorage.delete('device-token');
    expect(invoke.mock.calls).toEqual([
      [IPC_CHANNELS.print, { silent: true, pageSize: 'A4' }],
      [IPC_CHANNELS.print, {}],
      [IPC_CHANNELS.saveFile, { suggestedName: 'z-report.csv', data }],
      [IPC_CHANNELS.secureStorageGet, 'device-token'],
      [IPC_CHANNELS.secureStorageSet, 'device-token', 's3cret'],
      [IPC_CHANNELS.secureStorageDelete, 'device-token'],
    ]);
  });

  it('returns the result main sent', async () => {
    const { api } = apiWith(async () => ok('s3cret'));
    await expect(api.secureStorage.get('device-token')).resolves.toEqual(ok('s3cret'));
  });

  it('turns a rejected invoke into an error result instead of throwing', async () => {
    const { api } = apiWith(async () => {
      throw new Error('No handler registered');
    });
    const result: IpcResult<void> = await api.print();
    expect(result).toEqual({ ok: false, error: { code: 'ipc-failed', message: 'No handler registered' } });
  });
});
