// Deprecated cog.yaml fields (§1.5). Each yields one warning line
// `deprecated field "<field>": use "<replacement>" instead`, plus the longer text `cog doctor`
// prints. Returned only when the config has no errors, as in the original.
import type { ConfigWarning } from './config-diagnostics.ts';
import type { CogConfig } from './config-types.ts';
import { positionAt, type PathSegment, type YamlSource } from './yaml-source.ts';

interface Deprecation {
  field: string;
  path: PathSegment[];
  replacement: string;
  detail: string;
  applies: (raw: Record<string, unknown>, config: CogConfig) => boolean;
}

const DEPRECATIONS: readonly Deprecation[] = [
  {
    field: 'predict',
    path: ['predict'],
    replacement: 'run',
    detail: 'use run to point at run.py:Runner',
    applies: (raw) => typeof raw.predict === 'string' && raw.predict !== '',
  },
  {
    field: 'concurrency.max',
    path: ['concurrency', 'max'],
    replacement: '@cog.concurrent(max=...)',
    detail:
      'configure prediction concurrency with @cog.concurrent on your async run() method instead',
    applies: (_raw, config) => config.concurrency !== undefined,
  },
  {
    field: 'build.python_packages',
    path: ['build', 'python_packages'],
    replacement: 'build.python_requirements',
    detail: 'use a requirements.txt file instead',
    applies: (_raw, config) => (config.build?.python_packages?.length ?? 0) > 0,
  },
  {
    field: 'build.pre_install',
    path: ['build', 'pre_install'],
    replacement: 'build.run',
    detail: 'use build.run commands instead',
    applies: (_raw, config) => (config.build?.pre_install?.length ?? 0) > 0,
  },
];

export function deprecationWarnings(
  source: YamlSource,
  raw: Record<string, unknown>,
  config: CogConfig,
): ConfigWarning[] {
  return DEPRECATIONS.filter((d) => d.applies(raw, config)).map((d) => ({
    code: 'CONFIG_DEPRECATED',
    field: d.field,
    replacement: d.replacement,
    message: `deprecated field "${d.field}": use "${d.replacement}" instead`,
    detail: d.detail,
    position: positionAt(source, d.path, 'key'),
  }));
}
