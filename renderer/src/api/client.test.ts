import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, fieldErrors, setUnauthenticatedListener } from './client';

const validSetup = {
  business: { name: 'Café Luna', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' as const },
  owner: { name: 'Lucía', email: 'Lucia@Example.com ', password: 'una-clave-larga' },
};

function jsonResponse(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthenticatedListener(null);
});

describe('request validation', () => {
  it('rejects a bad setup body before sending, with field paths like the server', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const bad = {
      business: { ...validSetup.business, name: ' ', currency: 'XXX' },
      owner: { ...validSetup.owner, email: 'not-an-email', password: 'short' },
    };
    const error = await rejection(api.setup(bad));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(error.code).toBe('validation-failed');
    expect(fieldErrors(error.problem)).toEqual({
      'business.name': 'too-small',
      'business.currency': 'unknown-currency',
      'owner.email': 'invalid-format',
      'owner.password': 'password-too-short',
    });
  });

  it('sends the normalised body with the session cookie', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(201, { role: 'OWNER' }));
    vi.stubGlobal('fetch', fetchMock);
    await api.setup(validSetup);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/setup');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(JSON.parse(String(init.body)).owner.email).toBe('lucia@example.com');
  });
});

describe('problem responses', () => {
  it('throws the server problem as an ApiError', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(
        401,
        { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'invalid-credentials' },
        'application/problem+json',
      ),
    );
    const error = await rejection(api.login({ email: 'a@b.co', password: 'x' }));
    expect(error.code).toBe('invalid-credentials');
  });

  it('reports a signed-in call that answers 401, but not the session probe', async () => {
    const listener = vi.fn();
    setUnauthenticatedListener(listener);
    vi.stubGlobal('fetch', async () =>
      jsonResponse(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthenticated' }),
    );
    expect(await api.session()).toBeNull();
    expect(listener).not.toHaveBeenCalled();
    await rejection(api.syncStatus());
    expect(listener).toHaveBeenCalledOnce();
  });

  it('keeps the session when a signed-in call rejects a typed password or PIN', async () => {
    const listener = vi.fn();
    setUnauthenticatedListener(listener);
    vi.stubGlobal('fetch', async () =>
      jsonResponse(
        401,
        { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'pin-invalid', field: 'pin' },
        'application/problem+json',
      ),
    );
    const error = await rejection(api.switchUser({ pin: '1234' }));
    expect(error.code).toBe('pin-invalid');
    expect(listener).not.toHaveBeenCalled();
  });

  it('answers undefined for an empty 202 and parses the query of a platform search', async () => {
    const fetchMock = vi.fn(async (_path: string) => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await api.requestPasswordReset({ email: 'ana@example.com' })).toBeUndefined();
    vi.stubGlobal('fetch', async (path: string) => jsonResponse(200, { tenants: [], path }));
    const result = (await api.platformTenants({ q: 'café', status: '' })) as unknown as { path: string };
    expect(result.path).toBe('/api/platform/tenants?q=caf%C3%A9');
  });

  it('turns a failed connection into a network-error problem', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await rejection(api.setupStatus());
    expect(error.problem).toMatchObject({ code: 'network-error', status: 0 });
  });

  it('gives a code even when the body is not a problem', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>oops</html>', { status: 502 }));
    const error = await rejection(api.setupStatus());
    expect(error.problem).toMatchObject({ code: 'unexpected-response', status: 502 });
  });
});

describe('fieldErrors', () => {
  it('keeps the first code per field and includes the top-level field', () => {
    expect(
      fieldErrors({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'email-taken',
        field: 'owner.email',
        errors: [
          { field: 'owner.name', code: 'too-small', message: '' },
          { field: 'owner.name', code: 'too-big', message: '' },
        ],
      }),
    ).toEqual({ 'owner.name': 'too-small', 'owner.email': 'email-taken' });
  });
});
