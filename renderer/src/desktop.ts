import { desktopApi } from '../../main/src/contract';

/** Prints the current page through the desktop shell, or the browser's own dialog in the served console. */
export async function printPage(): Promise<void> {
  const desktop = desktopApi(window);
  if (!desktop) {
    window.print();
    return;
  }
  const result = await desktop.print();
  if (!result.ok && result.error.code !== 'print-cancelled') window.print();
}
