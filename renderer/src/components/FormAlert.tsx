import type { ReactNode } from 'react';

/**
 * Form-level error region. It is always rendered so screen readers announce
 * the message the moment it appears.
 */
export function FormAlert({ children }: { children?: ReactNode }) {
  return (
    <div role="alert" className="form-alert">
      {children}
    </div>
  );
}
