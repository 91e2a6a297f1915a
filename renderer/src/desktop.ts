import { desktopApi, type FileFilter } from '../../main/src/contract';

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

/**
 * Saves a downloaded file: through the desktop's save dialog in the Electron shell (a cancel is
 * not an error), else as a browser download.
 */
export async function saveDownload(
  fileName: string,
  blob: Blob,
  filter: FileFilter,
): Promise<{ ok: true } | { ok: false; code: string }> {
  const desktop = desktopApi(window);
  if (desktop) {
    const data = new Uint8Array(await blob.arrayBuffer());
    const result = await desktop.saveFile({ suggestedName: fileName, data, filters: [filter] });
    return result.ok ? { ok: true } : { ok: false, code: result.error.code };
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
  return { ok: true };
}

/**
 * Prints a page the server renders (an invoice's A4 HTML). In the desktop shell it loads in a
 * hidden frame and prints from there, since the shell's own print takes the current screen; in
 * the served console it opens in a new tab, where the browser's print and "save as PDF" are.
 */
export function printDocument(url: string): void {
  if (!desktopApi(window)) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  const frame = document.createElement('iframe');
  frame.className = 'print-frame';
  frame.setAttribute('aria-hidden', 'true');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.src = url;
  frame.onload = () => {
    frame.contentWindow?.print();
    setTimeout(() => frame.remove(), 60_000);
  };
  document.body.append(frame);
}
