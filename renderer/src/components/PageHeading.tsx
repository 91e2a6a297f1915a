import type { ReactNode } from 'react';

/** The screen's h1; focusable so the layout can move focus to it after navigation. */
export function PageHeading({ children }: { children: ReactNode }) {
  return (
    <h1 className="page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
