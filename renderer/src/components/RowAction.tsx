import { useState } from 'react';
import { problemOf } from '../api/client';
import { useT } from '../i18n';

/**
 * An immediate action on a table row (resend, reactivate): its failure is remembered for that
 * row only, and cleared when any row's action runs again.
 */
export function useRowAction() {
  const [failed, setFailed] = useState<{ row: string; code: string } | null>(null);

  async function run(row: string, action: () => Promise<void>) {
    setFailed(null);
    try {
      await action();
    } catch (error) {
      setFailed({ row, code: problemOf(error).code });
    }
  }

  const errorOf = (row: string) => (failed?.row === row ? failed.code : null);
  return { run, errorOf };
}

/** A row action's error, inside the row's cell. */
export function RowError({ code }: { code: string | null }) {
  const t = useT();
  if (!code) return null;
  return (
    <p role="alert" className="field-error">
      {t.error(code)}
    </p>
  );
}
