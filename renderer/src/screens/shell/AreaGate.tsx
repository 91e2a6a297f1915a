import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { type Area, canSeeArea } from '../../nav';
import { useSignedInSession } from '../../stores/session';

/** Areas hidden from the role in the navigation are not reachable by typing the address either. */
export function AreaGate({ area, children }: { area: Area; children: ReactNode }) {
  const session = useSignedInSession();
  return canSeeArea(session, area) ? children : <Navigate to="/" replace />;
}
