import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  safeStorage,
  session,
  shell,
  type UtilityProcess,
  utilityProcess,
  type WebContents,
} from 'electron';
import { BackendStartError, waitForHealth, waitForReady } from './backend-process';
import { fail, IPC_ERROR_CODES, type IpcResult, ok, type PrintOptions, type SaveFileArgs } from './contract';
import { deviceTokensEnv, keepDeviceTokens } from './device-tokens';
import { registerIpcHandlers } from './ipc';
import { createSecureStore } from './secure-store';
import {
  appOrigin,
  denyAllPermissionChecks,
  denyAllPermissionRequests,
  hardenWebContents,
  windowOptions,
  withContentSecurityPolicy,
} from './window';

// Bundled to main/dist/main.cjs: the backend and preload bundles sit at fixed paths next to it,
// both in the repository and inside the packaged app.asar.
const BACKEND_ENTRY = join(__dirname, '..', '..', 'backend', 'dist', 'serve.mjs');
const PRELOAD_PATH = join(__dirname, 'preload.cjs');
const READY_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 15_000;
const STDERR_TAIL_LINES = 20;

let backend: UtilityProcess | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

// An explicit data dir is the whole install's home, so Chromium's profile and the single-instance
// lock follow it too (two installs with different data dirs can run side by side, e.g. in e2e).
if (process.env.MOSTRADOR_DATA_DIR) app.setPath('userData', process.env.MOSTRADOR_DATA_DIR);
app.enableSandbox();

function backendEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  env.MOSTRADOR_DATA_DIR = process.env.MOSTRADOR_DATA_DIR ?? app.getPath('userData');
  env.MOSTRADOR_PORT = process.env.MOSTRADOR_PORT ?? '0';
  if (process.argv.includes('--demo')) env.MOSTRADOR_DEMO = '1';
  return { ...env, ...extra };
}

function startBackend(onStderr: (line: string) => void, extraEnv: Record<string, string>): UtilityProcess {
  const child = utilityProcess.fork(BACKEND_ENTRY, [], {
    env: backendEnv(extraEnv),
    stdio: 'pipe',
    serviceName: 'Mostrador backend',
  });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onStderr(line);
  });
  return child;
}

function stopBackend(): void {
  backend?.kill();
  backend = null;
}

function failAndQuit(title: string, detail: string): void {
  quitting = true;
  stopBackend();
  dialog.showErrorBox(title, detail);
  app.exit(1);
}

function print(sender: WebContents, options: PrintOptions): Promise<IpcResult<void>> {
  return new Promise((resolve) => {
    sender.print(
      { silent: options.silent ?? false, pageSize: options.pageSize, printBackground: true },
      (success, reason) => {
        if (success) resolve(ok(undefined));
        else if (/cancel/i.test(reason)) resolve(fail(IPC_ERROR_CODES.printCancelled, reason));
        else resolve(fail(IPC_ERROR_CODES.printFailed, reason || 'Printing failed.'));
      },
    );
  });
}

async function saveFile(
  sender: WebContents,
  args: SaveFileArgs,
): Promise<IpcResult<{ path: string } | null>> {
  const owner = BrowserWindow.fromWebContents(sender);
  if (!owner) return fail(IPC_ERROR_CODES.noWindow, 'The requesting window is gone.');
  const choice = await dialog.showSaveDialog(owner, {
    // basename: the renderer suggests a name, never a directory.
    defaultPath: join(app.getPath('documents'), basename(args.suggestedName)),
    filters: args.filters,
  });
  if (choice.canceled || !choice.filePath) return ok(null);
  try {
    await writeFile(choice.filePath, args.data);
    return ok({ path: choice.filePath });
  } catch (error) {
    return fail(IPC_ERROR_CODES.saveFailed, error instanceof Error ? error.message : String(error));
  }
}

function applySessionPolicy(origin: string): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler(denyAllPermissionRequests);
  defaultSession.setPermissionCheckHandler(denyAllPermissionChecks);
  defaultSession.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

function createWindow(origin: string): BrowserWindow {
  const window = new BrowserWindow(windowOptions(PRELOAD_PATH));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(`${origin}/`);
  return window;
}

async function start(): Promise<void> {
  const stderrTail: string[] = [];
  // Device tokens for the hub: their own safeStorage file, out of the renderer's reach.
  const deviceTokens = createSecureStore({
    safeStorage,
    filePath: join(app.getPath('userData'), 'device-tokens.json'),
  });
  backend = startBackend(
    (line) => {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    },
    await deviceTokensEnv(deviceTokens),
  );
  const child = backend;
  keepDeviceTokens(child, deviceTokens, (message) => console.error(`Device token not kept: ${message}`));

  let origin: string;
  try {
    const { port } = await waitForReady(child, READY_TIMEOUT_MS);
    origin = appOrigin(port);
    await waitForHealth(`${origin}/health`, { timeoutMs: HEALTH_TIMEOUT_MS, intervalMs: 100 });
  } catch (error) {
    const reason = error instanceof BackendStartError ? error.message : String(error);
    const tail = stderrTail.length ? `\n\nLast backend output:\n${stderrTail.join('\n')}` : '';
    failAndQuit('Mostrador could not start', `${reason}${tail}`);
    return;
  }

  child.on('exit', (code) => {
    if (quitting) return;
    failAndQuit(
      'Mostrador stopped',
      `The local backend exited unexpectedly (code ${code}). Your data is safe; restart Mostrador.`,
    );
  });

  applySessionPolicy(origin);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, origin, shell.openExternal),
  );
  registerIpcHandlers(ipcMain, origin, {
    print,
    saveFile,
    secureStore: createSecureStore({
      safeStorage,
      filePath: join(app.getPath('userData'), 'secure-storage.json'),
    }),
  });

  mainWindow = createWindow(origin);
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow(origin);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
    stopBackend();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => failAndQuit('Mostrador could not start', String(error)));
}
