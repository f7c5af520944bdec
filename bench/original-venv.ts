// The original runtime for the side-by-side bench: PyPI `cog==0.22.0` with `coglet==0.22.0` (the
// Rust server) in a scratch venv under the temp dir, installed once and reused. Returns null
// with the reason when it cannot be had (no PyPI), so the bench can skip with a clear message.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { python } from './runtime-entry.ts';

export const ORIGINAL_PACKAGES = ['cog==0.22.0', 'coglet==0.22.0'];

export interface OriginalVenv {
  /** The venv's directory; its `bin/` goes first on PATH (coglet starts its worker as `python`). */
  dir: string;
  python: string;
}

export function originalVenv(): OriginalVenv | { skipped: string } {
  const dir = path.join(os.tmpdir(), 'cog-bench-original-0.22.0');
  const venvPython = path.join(dir, 'bin', 'python');
  const marker = path.join(dir, '.installed');
  if (existsSync(marker)) return { dir, python: venvPython };
  rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(python, ['-m', 'venv', dir], { stdio: 'pipe' });
    execFileSync(
      venvPython,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...ORIGINAL_PACKAGES],
      { stdio: 'pipe', timeout: 300_000 },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').at(-1);
    return {
      skipped: `cannot install ${ORIGINAL_PACKAGES.join(' ')} from PyPI (${stderr || String(error)}); is PyPI reachable?`,
    };
  }
  writeFileSync(marker, `${ORIGINAL_PACKAGES.join('\n')}\n`);
  return { dir, python: venvPython };
}
