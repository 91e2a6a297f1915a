import type { Business, TenantStatusAction } from '../../contract';

/** The status changes that make sense from a business's current status. */
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
      return ['reactivate'];
  }
}

/** Actions that take the business away from its people get the destructive style. */
export function isDestructive(action: TenantStatusAction): boolean {
  return action === 'suspend' || action === 'cancel';
}
