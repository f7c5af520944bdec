// weights.md §10: before `cog build` / `push` / `run` / `predict` / `serve` / `train` build
// anything, cog.yaml's weights and weights.lock must agree (no network). Projects without
// weights never load the weights stage.
import type { LoadedConfig } from '../../config/index.ts';

export async function checkWeightsDrift(project: LoadedConfig): Promise<void> {
  if ((project.config.weights ?? []).length === 0) return;
  const drift = await import('../../weights/weights-drift.ts');
  await drift.checkWeightsDrift(project.projectDir, project.config);
}

/**
 * The drift check, then the `.cog/weights.json` every build of a project with weights writes
 * (weights.md §5.4); undefined without weights.
 */
export async function weightsForBuild(project: LoadedConfig): Promise<string | undefined> {
  if ((project.config.weights ?? []).length === 0) return undefined;
  await checkWeightsDrift(project);
  const projection = await import('../../weights/weights-projection.ts');
  return projection.readWeightsProjection(project.projectDir);
}
