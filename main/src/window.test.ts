import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  contentSecurityPolicy,
  denyAllPermissionChecks,
  denyAllPermissionRequests,
  type HardenableWebContents,
  hardenWebContents,
  isAllowedNavigation,
  shouldOpenExternally,
  windowOptions,
  withContentSecurityPolicy,
} from './window';

const ORIGIN = 'http://127.0.0.1:43210';

class FakeWebContents extends EventEmitter implements HardenableWebContents {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Emits like Electron does and reports whether a listener called preventDefault(). */
  attempt(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url?: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function hardened() {
  const contents = new FakeWebContents();
  const openExternal = vi.fn();
  hardenWebContents(contents, ORIGIN, openExternal);
  return { contents, openExternal };
}

describe('windowOptions', () => {
  it('isolates and sandboxes the renderer with no node access', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });
});

describe('isAllowedNavigation', () => {
  it('allows paths on the app origin', () => {
    expect(isAllowedNavigation(`${ORIGIN}/bookings?day=2025-01-01`, ORIGIN)).toBe(true);
  });

  it.each([
    ['another port', 'http://127.0.0.1:9999/'],
    ['localhost instead of the loopback address', 'http://localhost:43210/'],
    ['https on the same port', 'https://127.0.0.1:43210/'],
    ['a remote site', 'https://example.com/'],
    ['a file url', 'file:///etc/passwd'],
    ['a javascript url', 'javascript:alert(1)'],
    ['garbage', 'not a url'],
  ])('denies navigation to %s', (_label, url) => {
    expect(isAllowedNavigation(url, ORIGIN)).toBe(false);
  });

  it('denies everything when the app origin is not a loopback http origin', () => {
    expect(isAllowedNavigation('https://example.com/', 'https://example.com')).toBe(false);
  });
});

describe('shouldOpenExternally', () => {
  it('sends https links to the system browser', () => {
    expect(shouldOpenExternally('https://mostrador.app/help')).toBe(true);
  });

  it.each([
    'http://example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://host/share',
    'javascript:alert(1)',
    'https://user:secret@example.com/',
    'nonsense',
  ])('refuses to open %s', (url) => {
    expect(shouldOpenExternally(url)).toBe(false);
  });
});

describe('hardenWebContents', () => {
  it('lets the window navigate within the app origin', () => {
    const { contents, openExternal } = hardened();
    expect(contents.attempt('will-navigate', `${ORIGIN}/pos`)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies navigation to another origin', () => {
    const { contents, openExternal } = hardened();
    expect(contents.attempt('will-navigate', 'http://evil.test/')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('opens an https navigation in the system browser instead of the window', () => {
    const { contents, openExternal } = hardened();
    expect(contents.attempt('will-navigate', 'https://mostrador.app/help')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://mostrador.app/help');
  });

  it('denies redirects away from the app origin', () => {
    const { contents } = hardened();
    expect(contents.attempt('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
  });

  it('denies every new window and hands https links to the system browser', () => {
    const { contents, openExternal } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://mostrador.app/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: `${ORIGIN}/popup` })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://mostrador.app/']]);
  });

  it('prevents attaching webviews', () => {
    const { contents } = hardened();
    expect(contents.attempt('will-attach-webview')).toBe(true);
  });
});

describe('permissions', () => {
  it('denies every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      denyAllPermissionRequests({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('denies every permission check', () => {
    expect(denyAllPermissionChecks()).toBe(false);
  });
});

describe('content security policy', () => {
  const directives = () =>
    new Map(
      contentSecurityPolicy()
        .split(';')
        .map((directive) => {
          const [name = '', ...values] = directive.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
    );

  it('allows scripts, connections and forms only from the app itself', () => {
    const csp = directives();
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('img-src')).toBe("'self' data: blob:");
    expect(csp.get('font-src')).toBe("'self' data:");
  });

  it('forbids plugins, base rewriting and framing', () => {
    const csp = directives();
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
  });

  it('never allows inline or eval scripts', () => {
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('replaces a CSP sent by the backend and keeps other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy()],
    });
  });
});
