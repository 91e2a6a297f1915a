import type { Business, TenantStatusAction } from '../../contract';

/** The status changes the platform allows from a business's current status (as the backend's table). */
export function statusActionsFor(status: Business['status']): TenantStatusAction[] {
  switch (status) {
    case 'trial':
    case 'past_due':
      return ['activate', 'suspend', 'cancel'];
    case 'active':
      return ['suspend', 'cancel'];
    case 'suspended':
      return ['reactivate', 'cancel'];
    case 'cancelled':
      // Cancellation is final; the owner can still export the data.
      return [];
  }
}

/** Actions that take the business away from its people get the destructive style. */
export function isDestructive(action: TenantStatusAction): boolean {
  return action === 'suspend' || action === 'cancel';
}
