import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, ok } from './contract';
import { type DesktopServices, type InvokeEventLike, type IpcMainLike, registerIpcHandlers } from './ipc';

const ORIGIN = 'http://127.0.0.1:43210';
type Listener = (event: InvokeEventLike<string>, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike<string> = { handle: (channel, listener) => listeners.set(channel, listener) };
  const services = {
    print: vi.fn(async () => ok(undefined)),
    saveFile: vi.fn(async () => ok({ path: '/home/ana/z-report.csv' })),
    secureStore: {
      get: vi.fn(async () => ok('tok-123')),
      set: vi.fn(async () => ok(undefined)),
      delete: vi.fn(async () => ok(undefined)),
    },
  } satisfies DesktopServices<string>;
  registerIpcHandlers(ipcMain, ORIGIN, services);
  const invoke = (channel: string, frameUrl: string | null, ...args: unknown[]) => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener(
      { sender: 'main-window', senderFrame: frameUrl === null ? null : { url: frameUrl } },
      ...args,
    );
  };
  return { listeners, services, invoke };
}

describe('registerIpcHandlers', () => {
  it('handles every contract channel', () => {
    expect([...setup().listeners.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('passes validated calls from the app to the services', async () => {
    const { services, invoke } = setup();
    await expect(
      invoke(IPC_CHANNELS.secureStorageGet, `${ORIGIN}/settings`, 'device-token'),
    ).resolves.toEqual(ok('tok-123'));
    await invoke(IPC_CHANNELS.print, `${ORIGIN}/`, { pageSize: { width: 80_000, height: 200_000 } });
    expect(services.print).toHaveBeenCalledWith('main-window', {
      pageSize: { width: 80_000, height: 200_000 },
    });
  });

  it('refuses calls from a frame of another origin', async () => {
    const { services, invoke } = setup();
    const result = await invoke(IPC_CHANNELS.secureStorageGet, 'https://evil.test/', 'device-token');
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(services.secureStore.get).not.toHaveBeenCalled();
  });

  it('refuses calls from a destroyed frame', async () => {
    const { invoke } = setup();
    await expect(invoke(IPC_CHANNELS.print, null, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
  });

  it.each([
    ['a print option outside the contract', IPC_CHANNELS.print, [{ silent: true, deviceName: 'x' }]],
    ['a save without data', IPC_CHANNELS.saveFile, [{ suggestedName: 'a.csv' }]],
    ['a non-string secret', IPC_CHANNELS.secureStorageSet, ['device-token', 42]],
    ['an unsafe key', IPC_CHANNELS.secureStorageGet, ['../../etc']],
  ])('rejects %s as invalid arguments', async (_label, channel, args) => {
    const { services, invoke } = setup();
    await expect(invoke(channel, `${ORIGIN}/`, ...args)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
    expect(services.print).not.toHaveBeenCalled();
    expect(services.saveFile).not.toHaveBeenCalled();
    expect(services.secureStore.set).not.toHaveBeenCalled();
    expect(services.secureStore.get).not.toHaveBeenCalled();
  });

  it('returns a thrown error as an error result', async () => {
    const { services, invoke } = setup();
    services.saveFile.mockRejectedValueOnce(new Error('disk full'));
    const result = await invoke(IPC_CHANNELS.saveFile, `${ORIGIN}/`, { suggestedName: 'a.csv', data: 'x' });
    expect(result).toEqual({ ok: false, error: { code: 'internal-error', message: 'disk full' } });
  });
});
