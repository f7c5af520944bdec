// `weights` (§1.4, §1.6 h): managed weights need `model:`; each entry has an OCI-tag-safe
// unique name, an absolute target that is not `/` and shares no subtree with another target,
// and a source whose include/exclude patterns are plain forward-slash globs.
import { posix } from 'node:path';
import { report, type CheckContext } from './check-context.ts';
import type { PathSegment } from './yaml-source.ts';

export const WEIGHT_NAME_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*$/;

export function checkWeights(ctx: CheckContext): void {
  const weights = ctx.config.weights;
  if (weights === undefined) return;
  checkModelIsSet(ctx);
  const names = new Set<string>();
  const targets: string[] = [];
  weights.forEach((weight, i) => {
    checkName(ctx, i, weight.name, names);
    checkTarget(ctx, i, weight.target, targets);
    checkSource(ctx, i);
  });
}

function checkModelIsSet(ctx: CheckContext): void {
  if (ctx.config.model !== undefined) return;
  if (ctx.config.image !== undefined) {
    report(ctx, {
      code: 'CONFIG_WEIGHTS',
      field: 'image',
      message: "weights require 'model', not 'image' — rename 'image' to 'model'",
      path: ['image'],
      atKey: true,
    });
  } else {
    report(ctx, {
      code: 'CONFIG_WEIGHTS',
      field: 'model',
      message: "weights require 'model' in cog.yaml — rename 'image' to 'model'",
      path: ['weights'],
      atKey: true,
    });
  }
}

function checkName(ctx: CheckContext, i: number, name: string, names: Set<string>): void {
  const field = `weights[${i}].name`;
  const path = ['weights', i, 'name'];
  const problem =
    name === ''
      ? 'name is required'
      : !WEIGHT_NAME_PATTERN.test(name)
        ? 'must contain only lowercase alphanumeric characters, hyphens, dots, or underscores (e.g. "my-model-weights")'
        : names.has(name)
          ? 'duplicate weight name'
          : undefined;
  names.add(name);
  if (problem === undefined) return;
  report(ctx, {
    code: 'CONFIG_WEIGHTS',
    field,
    value: name === '' ? undefined : name,
    message: problem,
    path,
    atKey: name === '',
  });
}

/** Targets compare after normalisation, so `/w/` and `/w` are the same place. */
function checkTarget(ctx: CheckContext, i: number, target: string, targets: string[]): void {
  const field = `weights[${i}].target`;
  const path = ['weights', i, 'target'];
  const fail = (message: string) =>
    report(ctx, {
      code: 'CONFIG_WEIGHTS',
      field,
      value: target === '' ? undefined : target,
      message,
      path,
      atKey: target === '',
    });
  if (target === '') return fail('target is required');
  if (!target.startsWith('/')) return fail('target must be an absolute path');
  const clean = posix.normalize(target).replace(/(.)\/+$/, '$1');
  if (clean === '/') return fail('target must not be the container root "/"');
  for (const other of targets) {
    if (other === clean) return fail('duplicate weight target');
    if (clean.startsWith(other + '/') || other.startsWith(clean + '/')) {
      return fail(`target overlaps with "${other}"; weight targets must be disjoint`);
    }
  }
  targets.push(clean);
}

function checkSource(ctx: CheckContext, i: number): void {
  const entries = Array.isArray(ctx.raw.weights) ? (ctx.raw.weights as unknown[]) : [];
  const rawSource = (entries[i] as Record<string, unknown> | undefined)?.source;
  const sources = ctx.config.weights?.[i]?.source ?? [];
  if (
    rawSource === undefined ||
    rawSource === null ||
    (Array.isArray(rawSource) && rawSource.length === 0)
  ) {
    report(ctx, {
      code: 'CONFIG_WEIGHTS',
      field: `weights[${i}].source`,
      message: 'source is required',
      path: ['weights', i],
      atKey: true,
    });
    return;
  }
  // The field name says how the source was written: `source.include[0]` vs `source[1].include[0]`.
  const isList = Array.isArray(rawSource);
  sources.forEach((source, k) => {
    for (const kind of ['include', 'exclude'] as const) {
      (source[kind] ?? []).forEach((pattern, j) => {
        const sourcePath: PathSegment[] = isList
          ? ['weights', i, 'source', k]
          : ['weights', i, 'source'];
        const field = `weights[${i}].source${isList ? `[${k}]` : ''}.${kind}[${j}]`;
        checkPattern(ctx, field, [...sourcePath, kind, j], pattern);
      });
    }
  });
}

function checkPattern(
  ctx: CheckContext,
  field: string,
  path: PathSegment[],
  pattern: string,
): void {
  const problem =
    pattern.trim() === ''
      ? 'pattern must not be empty'
      : pattern.startsWith('!')
        ? "negation patterns (starting with '!') are not supported"
        : pattern.includes('\\')
          ? 'patterns must use forward slashes, not backslashes'
          : undefined;
  if (problem === undefined) return;
  report(ctx, {
    code: 'CONFIG_WEIGHTS',
    field,
    value: pattern.trim() === '' ? undefined : pattern,
    message: problem,
    path,
  });
}
