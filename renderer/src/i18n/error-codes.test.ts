import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTranslator, isMessageKey } from './index';

/**
 * Every stable code the backend can answer with is read out of its source
 * (not listed by hand, so a new code cannot be forgotten): thrown domain
 * errors, conflicts, import-row failures, zod messages and problem codes.
 */
const BACKEND = fileURLToPath(new URL('../../../backend/src/', import.meta.url));
const KEBAB = '[a-z][a-z0-9]*(?:-[a-z0-9]+)+';
const PATTERNS = [
  new RegExp(`DomainError\\(\\s*'(${KEBAB})'`, 'g'),
  new RegExp(`\\bconflict\\(\\s*'(${KEBAB})'`, 'g'),
  new RegExp(`\\bbad\\(\\s*'(${KEBAB})'`, 'g'),
  new RegExp(`\\bfail\\([^,()]*,\\s*'(${KEBAB})'`, 'g'),
  new RegExp(`\\bmessage: '(${KEBAB})'`, 'g'),
  new RegExp(`\\bcode: '(${KEBAB})'`, 'g'),
  // users.commands.ts passes the refusal of acting on oneself along as an argument.
  new RegExp(`\\bassertNotSelf\\([^)]*,\\s*'(${KEBAB})'`, 'g'),
  new RegExp(`\\bstatusCommand\\(\\s*'[^']*',\\s*'[^']*',\\s*'(${KEBAB})'`, 'g'),
];

/**
 * Codes only a console's sync client or another program ever reads (the hub's protocol): the
 * console acts on them (sends again, re-enrolls) and shows its own words, never the code.
 */
const PROTOCOL_ONLY = new Set([
  'change-feed-unavailable',
  'device-seq-not-contiguous',
  'device-seq-reused',
  'device-token-required',
  'schema-header-invalid',
  'upload-op-invalid',
  'upload-op-required',
]);

function backendCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const entry of readdirSync(BACKEND, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = `${entry.parentPath}/${entry.name}`;
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        const code = match[1] as string;
        if (!codes.has(code)) codes.set(code, file.slice(BACKEND.length));
      }
    }
  }
  return codes;
}

/** How the console words a code: as an error, or as the hub's reason for refusing a change. */
const worded = (code: string) =>
  ['errors', 'sync.reason', 'sync.lastErrorCode'].some((prefix) => isMessageKey(`${prefix}.${code}`));

describe('backend error codes', () => {
  const codes = backendCodes();

  it('are found in the backend source (the scan itself works)', () => {
    expect(codes.size).toBeGreaterThan(200);
    for (const known of ['csv-malformed', 'category-name-taken', 'oversell-not-open', 'currency-locked']) {
      expect([...codes.keys()]).toContain(known);
    }
  });

  it('each have words in Spanish and English, not "something went wrong (code: …)"', () => {
    const missing = [...codes]
      .filter(([code]) => !PROTOCOL_ONLY.has(code) && !worded(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const language of ['es', 'en'] as const) {
      const t = createTranslator(language);
      for (const code of codes.keys()) {
        if (isMessageKey(`errors.${code}`)) expect(t.error(code)).not.toBe(t('errors.generic', { code }));
      }
    }
  });

  it('listed as protocol-only are still thrown by the backend', () => {
    for (const code of PROTOCOL_ONLY) expect([...codes.keys()], code).toContain(code);
  });
});
