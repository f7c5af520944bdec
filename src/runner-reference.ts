// A predictor reference from cog.yaml (`run:`/`predict:`/`train:`): `<file>:<export>`, and the
// language of the worker that runs it, from the file's extension. Shared by the config checks,
// the build plan and the in-image runtime, so the three agree on what `run.ts:Runner` means.

export type RunnerLanguage = 'python' | 'node';

export interface RunnerReference {
  /** Project-relative file, e.g. `run.py`, `src/run.ts`. */
  file: string;
  /** The exported class or function, e.g. `Runner`, `run`. */
  name: string;
  language: RunnerLanguage;
}

const NODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

/** Extensions of JavaScript/TypeScript predictors, in module resolution order. */
export const NODE_PREDICTOR_EXTENSIONS: readonly string[] = NODE_EXTENSIONS;

/**
 * `file.py:Name` as the original splits it (on ".py:", exactly two parts), or `file.ts:Name`
 * (also `.mts`, `.js`, `.mjs`) for a Node predictor; null for anything else.
 */
export function parseRunnerReference(ref: string): RunnerReference | null {
  const python = ref.split('.py:');
  if (python.length === 2) {
    const [stem = '', name = ''] = python;
    return { file: `${stem}.py`, name, language: 'python' };
  }
  const colon = ref.lastIndexOf(':');
  if (colon <= 0) return null;
  const file = ref.slice(0, colon);
  const name = ref.slice(colon + 1);
  if (!NODE_EXTENSIONS.some((ext) => file.endsWith(ext) && file.length > ext.length)) return null;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return null;
  return { file, name, language: 'node' };
}

/** The worker language of a reference; Python unless it names a JavaScript/TypeScript file. */
export function runnerLanguageOf(ref: string | undefined): RunnerLanguage {
  return ref !== undefined && parseRunnerReference(ref)?.language === 'node' ? 'node' : 'python';
}
