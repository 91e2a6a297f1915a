/**
 * Newline-delimited JSON, as the catalog import streams its progress. Chunks from the network
 * split lines anywhere, so a partial line waits for the rest.
 */
export interface NdjsonParser {
  /** Feeds a chunk of text; answers the values of the lines it completed. */
  push(chunk: string): unknown[];
  /** The value of a last line that had no newline, if any. */
  end(): unknown[];
}

export function createNdjsonParser(): NdjsonParser {
  let pending = '';
  const parse = (line: string): unknown[] => {
    const trimmed = line.trim();
    return trimmed === '' ? [] : [JSON.parse(trimmed)];
  };
  return {
    push(chunk) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      return lines.flatMap(parse);
    },
    end() {
      const last = pending;
      pending = '';
      return parse(last);
    },
  };
}

/** Reads a streamed body line by line, calling `onValue` for each JSON value as it arrives. */
export async function readNdjson(body: ReadableStream<Uint8Array>, onValue: (value: unknown) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createNdjsonParser();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const item of parser.push(decoder.decode(value, { stream: true }))) onValue(item);
  }
  for (const item of [...parser.push(decoder.decode()), ...parser.end()]) onValue(item);
}
