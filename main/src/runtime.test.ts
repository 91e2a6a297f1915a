import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronRuntimePath } from './runtime';

let root: string;
let packageDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mostrador-runtime-'));
  packageDir = join(root, 'node_modules', 'electron');
  await mkdir(packageDir, { recursive: true });
  await writeFile(join(packageDir, 'package.json'), '{"name":"electron"}');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function installBinary(dir: string, name = 'electron'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const binary = join(dir, name);
  await writeFile(binary, '');
  return binary;
}

describe('electronRuntimePath', () => {
  it('finds the binary named in path.txt under dist', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    const binary = await installBinary(join(packageDir, 'dist'));
    expect(electronRuntimePath({ packageDir, env: {} })).toBe(binary);
  });

  it('returns null when the binary was never downloaded (no path.txt)', () => {
    expect(electronRuntimePath({ packageDir, env: {} })).toBeNull();
  });

  it('returns null when path.txt names a binary that is missing', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    expect(electronRuntimePath({ packageDir, env: {} })).toBeNull();
  });

  it('returns null when the electron package is not installed', () => {
    expect(electronRuntimePath({ packageDir: null, env: {} })).toBeNull();
  });

  it('prefers ELECTRON_OVERRIDE_DIST_PATH over the package dist', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    await installBinary(join(packageDir, 'dist'));
    const overrideDir = join(root, 'custom-electron');
    const binary = await installBinary(overrideDir);
    expect(electronRuntimePath({ packageDir, env: { ELECTRON_OVERRIDE_DIST_PATH: overrideDir } })).toBe(
      binary,
    );
  });

  it('returns null when the override dir holds no binary', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron');
    await installBinary(join(packageDir, 'dist'));
    const env = { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'empty') };
    expect(electronRuntimePath({ packageDir, env })).toBeNull();
  });

  it('resolves the real electron package without starting a download', () => {
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: undefined };
    expect(() => electronRuntimePath({ env })).not.toThrow();
  });
});
