import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Window hardening, kept free of runtime electron imports so it is testable in plain Node.
 * The app origin is always `http://127.0.0.1:<port>` served by the local backend.
 */

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Mostrador',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

export function appOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Only the local backend's exact origin (scheme, loopback host and port) may be loaded in the window. */
export function isAllowedNavigation(targetUrl: string, origin: string): boolean {
  const target = parseUrl(targetUrl);
  const app = parseUrl(origin);
  if (!target || !app || app.protocol !== 'http:' || app.hostname !== '127.0.0.1') return false;
  return target.origin === app.origin;
}

/** https links leave the app for the system browser; every other scheme (file:, http:, javascript:, custom) is denied. */
export function shouldOpenExternally(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
}

export function denyAllPermissionRequests(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyAllPermissionChecks(): boolean {
  return false;
}

/**
 * The page is always served by the local backend, so 'self' is exactly `http://127.0.0.1:<port>`;
 * inline styles stay allowed for React's style attributes, inline scripts do not.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // Vite inlines small font files as data: URLs.
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

type ResponseHeaders = Record<string, string[] | string>;

/** Replaces any CSP the backend sent: in the desktop shell this policy is the one that applies. */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): ResponseHeaders {
  const result: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [contentSecurityPolicy()];
  return result;
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** The slice of Electron's WebContents that hardening needs; tests pass an EventEmitter-based fake. */
export interface HardenableWebContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function hardenWebContents(
  contents: HardenableWebContents,
  origin: string,
  openExternal: (url: string) => unknown,
): void {
  const guardNavigation = (event: PreventableEvent, url: string) => {
    if (isAllowedNavigation(url, origin)) return;
    event.preventDefault();
    if (shouldOpenExternally(url)) openExternal(url);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (shouldOpenExternally(url)) openExternal(url);
    return { action: 'deny' };
  });
}
