/** Waiting for the backend started in a utilityProcess; no electron imports so it runs under vitest. */

/** The slice of Electron's UtilityProcess the wait needs; tests pass an EventEmitter. */
export interface BackendChild {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'exit', listener: (code: number) => void): unknown;
}

export type BackendStartFailure = 'backend-exited' | 'backend-timeout' | 'backend-unhealthy';

export class BackendStartError extends Error {
  override readonly name = 'BackendStartError';
  constructor(
    readonly code: BackendStartFailure,
    message: string,
  ) {
    super(message);
  }
}

export function isReadyMessage(message: unknown): message is { type: 'ready'; port: number } {
  if (typeof message !== 'object' || message === null) return false;
  const { type, port } = message as { type?: unknown; port?: unknown };
  return type === 'ready' && Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536;
}

/** Resolves with the port from the backend's `{ type: 'ready', port }` message; rejects if it exits first or is too slow. */
export function waitForReady(child: BackendChild, timeoutMs: number): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      if (!isReadyMessage(message)) return;
      cleanup();
      resolve({ port: message.port });
    };
    const onExit = (code: number) => {
      cleanup();
      reject(
        new BackendStartError('backend-exited', `The backend exited with code ${code} before it was ready.`),
      );
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new BackendStartError('backend-timeout', `The backend did not report ready within ${timeoutMs} ms.`),
      );
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export interface WaitForHealthOptions {
  timeoutMs: number;
  intervalMs: number;
  fetch?: typeof globalThis.fetch;
}

async function isHealthy(
  url: string,
  fetchImpl: typeof globalThis.fetch,
  timeoutMs: number,
): Promise<boolean> {
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) return false;
  const body = (await response.json()) as { status?: unknown };
  return body.status === 'ok';
}

/** Polls `url` until it answers 2xx with JSON `{ status: 'ok' }`, or rejects once `timeoutMs` has passed. */
export async function waitForHealth(url: string, options: WaitForHealthOptions): Promise<void> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    try {
      if (await isHealthy(url, fetchImpl, remaining)) return;
      lastProblem = 'it answered but did not report status ok';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    const pause = Math.min(options.intervalMs, deadline - Date.now());
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  throw new BackendStartError(
    'backend-unhealthy',
    `The backend at ${url} was not healthy within ${options.timeoutMs} ms (${lastProblem}).`,
  );
}
