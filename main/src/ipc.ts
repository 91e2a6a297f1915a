import { z } from 'zod';
import {
  fail,
  IPC_CHANNELS,
  IPC_ERROR_CODES,
  type IpcChannel,
  type IpcResult,
  type PrintOptions,
  type SaveFileArgs,
} from './contract';
import type { SecureStore } from './secure-store';

/** What a handler gets from ipcMain.handle; Electron's IpcMainInvokeEvent satisfies it. */
export interface InvokeEventLike<Sender = unknown> {
  sender: Sender;
  senderFrame: { url: string } | null;
}

export interface IpcMainLike<Sender = unknown> {
  handle(
    channel: string,
    listener: (event: InvokeEventLike<Sender>, ...args: unknown[]) => Promise<unknown>,
  ): void;
}

/** The side effects behind the contract; main.ts implements them with Electron APIs. */
export interface DesktopServices<Sender = unknown> {
  print(sender: Sender, options: PrintOptions): Promise<IpcResult<void>>;
  saveFile(sender: Sender, args: SaveFileArgs): Promise<IpcResult<{ path: string } | null>>;
  secureStore: SecureStore;
}

const printOptionsSchema = z.strictObject({
  silent: z.boolean().optional(),
  pageSize: z
    .union([
      z.literal('A4'),
      z.strictObject({ width: z.number().int().positive(), height: z.number().int().positive() }),
    ])
    .optional(),
});

const saveFileArgsSchema = z.strictObject({
  suggestedName: z.string().min(1).max(255),
  data: z.union([z.string(), z.instanceof(Uint8Array)]),
  filters: z
    .array(z.strictObject({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[\w*]+$/)) }))
    .optional(),
});

const keySchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);
const valueSchema = z.string().max(64 * 1024);

type Handler<Sender> = (sender: Sender, args: unknown[]) => Promise<IpcResult<unknown>>;

function invalid(detail: z.ZodError): IpcResult<never> {
  return fail(IPC_ERROR_CODES.invalidArguments, z.prettifyError(detail));
}

function handlersFor<Sender>(services: DesktopServices<Sender>): Record<IpcChannel, Handler<Sender>> {
  return {
    [IPC_CHANNELS.print]: async (sender, [options]) => {
      const parsed = printOptionsSchema.safeParse(options ?? {});
      return parsed.success ? services.print(sender, parsed.data) : invalid(parsed.error);
    },
    [IPC_CHANNELS.saveFile]: async (sender, [args]) => {
      const parsed = saveFileArgsSchema.safeParse(args);
      return parsed.success ? services.saveFile(sender, parsed.data) : invalid(parsed.error);
    },
    [IPC_CHANNELS.secureStorageGet]: async (_sender, [key]) => {
      const parsed = keySchema.safeParse(key);
      return parsed.success ? services.secureStore.get(parsed.data) : invalid(parsed.error);
    },
    [IPC_CHANNELS.secureStorageSet]: async (_sender, [key, value]) => {
      const parsed = z.tuple([keySchema, valueSchema]).safeParse([key, value]);
      return parsed.success ? services.secureStore.set(...parsed.data) : invalid(parsed.error);
    },
    [IPC_CHANNELS.secureStorageDelete]: async (_sender, [key]) => {
      const parsed = keySchema.safeParse(key);
      return parsed.success ? services.secureStore.delete(parsed.data) : invalid(parsed.error);
    },
  };
}

function isFromApp(event: InvokeEventLike, appOrigin: string): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

/**
 * Registers one handler per contract channel. Every handler checks that the caller is a frame of
 * the app origin, validates its arguments, and turns any thrown error into an error result.
 */
export function registerIpcHandlers<Sender>(
  ipcMain: IpcMainLike<Sender>,
  appOrigin: string,
  services: DesktopServices<Sender>,
): void {
  for (const [channel, handler] of Object.entries(handlersFor(services))) {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isFromApp(event, appOrigin)) {
        return fail(IPC_ERROR_CODES.forbiddenSender, 'Only the Mostrador console may call the desktop API.');
      }
      try {
        return await handler(event.sender, args);
      } catch (error) {
        return fail(IPC_ERROR_CODES.internal, error instanceof Error ? error.message : String(error));
      }
    });
  }
}
