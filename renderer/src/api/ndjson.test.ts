import { describe, expect, it } from 'vitest';
import { createNdjsonParser, readNdjson } from './ndjson';

describe('NDJSON parser', () => {
  it('answers each complete line and keeps a split line until its end arrives', () => {
    const parser = createNdjsonParser();
    expect(parser.push('{"type":"progress","done":1,')).toEqual([]);
    expect(parser.push('"total":2}\n{"type":"progress"')).toEqual([{ type: 'progress', done: 1, total: 2 }]);
    expect(parser.push(',"done":2,"total":2}\n')).toEqual([{ type: 'progress', done: 2, total: 2 }]);
    expect(parser.end()).toEqual([]);
  });

  it('skips blank lines, accepts CRLF and reads a last line without a newline', () => {
    const parser = createNdjsonParser();
    expect(parser.push('\n{"a":1}\r\n\n')).toEqual([{ a: 1 }]);
    expect(parser.push('{"type":"done","imported":3}')).toEqual([]);
    expect(parser.end()).toEqual([{ type: 'done', imported: 3 }]);
  });

  it('throws on a line that is not JSON', () => {
    expect(() => createNdjsonParser().push('nope\n')).toThrow(SyntaxError);
  });

  it('reads a byte stream whose chunks split a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('{"name":"Café"}\n{"n":2}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const seen: unknown[] = [];
    await readNdjson(stream, (value) => seen.push(value));
    expect(seen).toEqual([{ name: 'Café' }, { n: 2 }]);
  });
});
