// The text `cog debug` prints (build.md §9): the generated Dockerfile, or with
// `--separate-weights` three blocks — weights Dockerfile, runner Dockerfile, exclude patterns.
import type { BuildPlan } from './build-plan.ts';
import { generateDockerfile } from './generate-dockerfile.ts';
import { generateWeightsDockerfiles } from './separate-weights.ts';

export function debugOutput(plan: BuildPlan): string {
  if (!plan.separateWeights) return generateDockerfile(plan);
  const files = generateWeightsDockerfiles(plan);
  return [
    '=== Weights Dockerfile contents:',
    files.weights,
    '===',
    '=== Runner Dockerfile contents:',
    files.runner,
    '===',
    '=== Weights exclude patterns:',
    files.excludePatterns.join('\n'),
    '===',
  ].join('\n');
}
