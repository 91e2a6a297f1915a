import type { ReactNode } from 'react';
import { LanguageSwitcher } from './LanguageSwitcher';
import { MAIN_ID, SkipLink } from './SkipLink';

/** Frame for screens before sign-in: first run, sign-in, loading and connection problems. */
export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <>
      <SkipLink />
      <header className="public-header">
        <LanguageSwitcher />
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="public-main">
        <div className="card">{children}</div>
      </main>
    </>
  );
}
