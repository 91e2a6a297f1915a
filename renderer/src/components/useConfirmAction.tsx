import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

export interface ConfirmRequest {
  title: string;
  /** One paragraph explaining the consequences. */
  body: string;
  confirmLabel: string;
  danger?: boolean;
  reason?: { label: string; hint?: string };
  onConfirm(reason: string): Promise<void>;
}

/**
 * An action that asks first: `ask` opens a ConfirmDialog for the request, `dialog` renders it.
 * The texts are taken when asked; the dialog is modal, so nothing can change them meanwhile.
 */
export function useConfirmAction() {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const dialog = request && (
    <ConfirmDialog {...request} body={<p>{request.body}</p>} onClose={() => setRequest(null)} />
  );
  return { ask: setRequest, dialog };
}
