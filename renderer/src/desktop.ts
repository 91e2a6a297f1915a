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
