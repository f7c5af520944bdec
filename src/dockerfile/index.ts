// Public surface of the dockerfile stage: plan a build from a validated CogConfig, then render
// Dockerfiles from the plan. See docs/dockerfile.md.
export type {
  BaseImage,
  BuildPlan,
  SdkInstall,
  SeparateWeights,
  StagedFile,
} from './build-plan.ts';
export {
  planBuild,
  DEFAULT_NODE_IMAGE,
  DEFAULT_PYTHON_VERSION,
  UV_IMAGE,
  type PlanBuildInput,
} from './plan-build.ts';
export {
  generateDockerfile,
  COGLET_PATH,
  NODE_SDK_DIR,
  runtimeFiles,
} from './generate-dockerfile.ts';
export { nodeReader, memoryReader, type PlanReader, type EntryKind } from './plan-reader.ts';
export { resolveCuda, DEFAULT_CUDA, type CudaRequest, type ResolvedCuda } from './resolve-cuda.ts';
export { cogBaseImageName, DEFAULT_REGISTRY_HOST } from './cog-base-image.ts';
export { quoteEnvValue } from './dockerfile-quote.ts';
export type { WeightPath } from './build-plan.ts';
export {
  findWeightPaths,
  listProjectFiles,
  generateWeightsDockerfiles,
  WEIGHT_SIZE_THRESHOLD,
  type ProjectFile,
  type WeightsDockerfiles,
} from './separate-weights.ts';
export { debugOutput } from './debug-output.ts';
