// The typed, validated cog.yaml. `run:` and the deprecated `predict:` share the `predict`
// slot, as in the original, so everything downstream reads one field.

export interface SecretMount {
  type: 'secret';
  id: string;
  target: string;
}

export interface RunCommand {
  command: string;
  mounts?: SecretMount[];
}

export interface BuildConfig {
  gpu?: boolean;
  /** Literal text as written: an unquoted `3.10` stays "3.10". */
  python_version?: string;
  python_requirements?: string;
  python_packages?: string[];
  system_packages?: string[];
  /** `build.run`, string items normalised to `{ command }`. */
  run?: RunCommand[];
  pre_install?: string[];
  cuda?: string;
  cudnn?: string;
  sdk_version?: string;
}

export interface WeightSource {
  uri: string;
  include?: string[];
  exclude?: string[];
}

export interface WeightEntry {
  name: string;
  target: string;
  /** Always a list here; a single object in cog.yaml becomes a one-element list. */
  source: WeightSource[];
}

export interface CogConfig {
  build?: BuildConfig;
  /** The runner reference from `run:` (or the deprecated `predict:`), e.g. "run.py:Runner". */
  predict?: string;
  train?: string;
  image?: string;
  model?: string;
  concurrency?: { max: number };
  environment?: string[];
  weights?: WeightEntry[];
}
