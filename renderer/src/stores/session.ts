import { create } from 'zustand';
import { ApiError, api, problemOf, setUnauthenticatedListener } from '../api/client';
import type { Business, Problem, SessionInfo } from '../contract';

export type SessionStatus = 'loading' | 'unavailable' | 'needs-setup' | 'signed-out' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  session: SessionInfo | null;
  /** Why the backend could not be reached (status 'unavailable'). */
  problem: Problem | null;
  /** True when the user was signed out because the session ended, not by choice. */
  expired: boolean;
  /** Asks the backend whether setup is needed, then who is signed in. */
  load(): Promise<void>;
  /** A new session, or the same one changed: PIN switch, another business, support mode. */
  signedIn(session: SessionInfo): void;
  signOut(): Promise<void>;
  businessUpdated(business: Business): void;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: 'loading',
  session: null,
  problem: null,
  expired: false,

  async load() {
    set({ status: 'loading', problem: null });
    try {
      const { needsSetup } = await api.setupStatus();
      if (needsSetup) {
        set({ status: 'needs-setup', session: null });
        return;
      }
      const session = await api.session();
      set(session ? { status: 'signed-in', session } : { status: 'signed-out', session: null });
    } catch (error) {
      set({ status: 'unavailable', session: null, problem: problemOf(error) });
    }
  },

  signedIn(session) {
    set({ status: 'signed-in', session, expired: false, problem: null });
  },

  async signOut() {
    try {
      await api.logout();
    } catch (error) {
      // The cookie may already be gone; any other failure still ends the session here.
      if (!(error instanceof ApiError)) throw error;
    }
    set({ status: 'signed-out', session: null, expired: false });
  },

  businessUpdated(business) {
    const { session } = get();
    if (session) set({ session: { ...session, tenant: business } });
  },
}));

setUnauthenticatedListener(() => {
  if (useSession.getState().status === 'signed-in') {
    useSession.setState({ status: 'signed-out', session: null, expired: true });
  }
});

/** The signed-in session; only for components rendered behind the signed-in guard. */
export function useSignedInSession(): SessionInfo {
  const session = useSession((s) => s.session);
  if (!session) throw new Error('useSignedInSession used outside the signed-in area');
  return session;
}

export type TenantSession = SessionInfo & { tenant: Business };

/** The session inside a business; the guards send a super-admin without one to the platform console first. */
export function useTenantSession(): TenantSession {
  const session = useSignedInSession();
  if (!session.tenant) throw new Error('useTenantSession used without an open business');
  return session as TenantSession;
}
