import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Logger, pino } from 'pino';

/**
 * Structured logs go to a file in the data dir, so the terminal shows only
 * the lines a person needs (the address); `silent` in tests.
 */
export function createLogger(level: string, dataDir?: string): Logger {
  if (!dataDir || level === 'silent') return pino({ level });
  const dir = path.join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return pino(
    { level },
    pino.destination({ dest: path.join(dir, 'mostrador.log'), sync: false, mkdir: true }),
  );
}
