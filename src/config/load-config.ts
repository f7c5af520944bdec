// The filesystem edge of the config stage: find the project, read the file, parse it (with the
// requirements-file check resolved against the project root), and turn any errors into one
// CogError (a ConfigLoadError that still lists them one by one).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import { toCogError, type ConfigError, type ConfigWarning } from './config-diagnostics.ts';
import type { CogConfig } from './config-types.ts';
import { DEFAULT_CONFIG_FILE, findProjectRoot } from './find-project-root.ts';
import { parseConfig } from './parse-config.ts';
import { MAX_CONFIG_BYTES, sizeMessage } from './yaml-limits.ts';

function tooLarge(fileName: string, size: number): ConfigError {
  const detail = sizeMessage(size);
  return {
    code: 'CONFIG_LIMIT',
    message: `failed to parse ${fileName}: ${detail}`,
    detail,
    position: { file: fileName, line: 1, column: 1 },
  };
}

export interface LoadConfigOptions {
  /** Where the search starts; usually `process.cwd()`. */
  cwd: string;
  /** The `-f/--file` value; default `cog.yaml`. */
  file?: string;
}

export interface LoadedConfig {
  /** The project root: every relative path in cog.yaml is relative to it. */
  projectDir: string;
  /** Absolute path of the config file that was read. */
  configPath: string;
  /**
   * The config file relative to the project root, `/`-separated (e.g. `configs/prod.yaml`), for
   * copying it to `/src/cog.yaml` in the image: the original copies only the base name, which is
   * the wrong file when `-f` names a sub-folder.
   */
  configFile: string;
  config: CogConfig;
  /** Deprecation warnings, for the caller to print (the config stage prints nothing). */
  warnings: ConfigWarning[];
}

function fileExistsUnder(projectDir: string): (p: string) => boolean {
  return (p) => {
    try {
      statSync(path.resolve(projectDir, p));
      return true;
    } catch {
      return false;
    }
  };
}

/** The OS reason in the words the original prints (Go's), not Node's `EACCES: …, open '…'`. */
const OS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  EPERM: 'operation not permitted',
};

export function osReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && OS_REASONS[code] !== undefined) return OS_REASONS[code];
  return err instanceof Error ? err.message : String(err);
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const fileName = options.file ?? DEFAULT_CONFIG_FILE;
  const { projectDir, configPath } = findProjectRoot(options.cwd, fileName);
  let text: string;
  try {
    // A file far over the size cap is refused without reading it into memory.
    const size = statSync(configPath).size;
    if (size > MAX_CONFIG_BYTES) throw toCogError([tooLarge(fileName, size)]);
    text = readFileSync(configPath, 'utf8');
  } catch (err) {
    if (err instanceof CogError) throw err;
    throw new CogError(
      'CONFIG_READ',
      `failed to parse ${fileName}: open ${configPath}: ${osReason(err)}`,
      { cause: err },
    );
  }
  const result = parseConfig(text, fileName, { fileExists: fileExistsUnder(projectDir) });
  if (!result.ok) throw toCogError(result.errors);
  const configFile = path.relative(projectDir, configPath).split(path.sep).join('/');
  return { projectDir, configPath, configFile, config: result.config, warnings: result.warnings };
}
