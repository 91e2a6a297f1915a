import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the installed Electron executable without importing `electron`: its index.js starts a
 * download when the binary is missing, which must never happen from `npm start` or a test run.
 * Imported by scripts/start.ts and e2e, so it uses node modules only.
 */

function resolveElectronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function readExecutableName(packageDir: string): string | null {
  try {
    return readFileSync(join(packageDir, 'path.txt'), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

export interface ElectronRuntimeOptions {
  /** The electron package directory; `null` means not installed. Defaults to resolving `electron/package.json`. */
  packageDir?: string | null;
  env?: NodeJS.ProcessEnv;
}

/** The Electron executable's absolute path when a runtime binary is installed, otherwise `null`. */
export function electronRuntimePath(options: ElectronRuntimeOptions = {}): string | null {
  const packageDir = options.packageDir === undefined ? resolveElectronPackageDir() : options.packageDir;
  const env = options.env ?? process.env;
  const executableName = packageDir ? readExecutableName(packageDir) : null;
  const overrideDir = env.ELECTRON_OVERRIDE_DIST_PATH;

  // Same rule as electron/index.js: an override dir wins and defaults the executable name to 'electron'.
  let candidate: string | null = null;
  if (overrideDir) candidate = join(overrideDir, executableName ?? 'electron');
  else if (packageDir && executableName) candidate = join(packageDir, 'dist', executableName);

  return candidate && existsSync(candidate) ? candidate : null;
}
