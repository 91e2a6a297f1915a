/**
 * Resolves on the event loop's next turn (after pending I/O), so a long job
 * done in pages — a digest, an audit verification — lets the requests that
 * arrived meanwhile run between two pages instead of waiting for the whole.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
