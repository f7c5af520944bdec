// The one error type the CLI stages throw. Each error has a stable `code` (searchable, and the
// source of the exit code), a one-line `message` saying what is wrong, an optional `hint`
// saying what to do, and a source position when it comes from a file (cog.yaml).
// The CLI renders it in one place (src/cli/render-error.ts); the runtime has its own errors.
// Every code is in COG_ERROR_CODES, grouped by the stage that raises it, so `code` is a union
// the compiler checks at every `new CogError(...)` and every `error.code === '...'`.

export const COG_ERROR_CODES = {
  /** Commands and their arguments, predictions, remote runs, login, doctor. */
  cli: [
    'CONTAINER_EXIT',
    'DOCTOR_FIX',
    'DOCTOR_ISSUES',
    'INIT_WRITE_FAILED',
    'INPUT_FILE_UNREADABLE',
    'INVALID_INPUT',
    'LOGIN_FAILED',
    'NO_TRAINER',
    'PLAYGROUND_BIND',
    'PREDICTION_FAILED',
    'PUSH_FAILED',
    'REMOTE_NO_EXECUTOR',
    'REMOTE_REFUSED',
    'REMOTE_UNREACHABLE',
    'USAGE',
    'WEIGHTS_LOCK',
  ],
  /** cog.yaml (src/config; CONFIG_INVALID: several errors at once). */
  config: [
    'CONFIG_NOT_FOUND',
    'CONFIG_READ',
    'CONFIG_YAML',
    'CONFIG_LIMIT',
    'CONFIG_SCHEMA',
    'CONFIG_RUN',
    'CONFIG_TRAIN',
    'CONFIG_PYTHON_VERSION',
    'CONFIG_PYTHON_PACKAGES',
    'CONFIG_SYSTEM_PACKAGES',
    'CONFIG_SDK_VERSION',
    'CONFIG_IMAGE',
    'CONFIG_REQUIREMENTS_MISSING',
    'CONFIG_CUDA',
    'CONFIG_BUILD_RUN',
    'CONFIG_ENVIRONMENT',
    'CONFIG_CONCURRENCY',
    'CONFIG_MODEL',
    'CONFIG_WEIGHTS',
    'CONFIG_INVALID',
    'MODEL_REF',
  ],
  /** The build plan: CUDA/framework resolution, SDK wheel, unsafe values. */
  dockerfile: [
    'CA_CERT_INVALID',
    'COG_BASE_IMAGE_UNAVAILABLE',
    'COG_BASE_UNSUPPORTED',
    'CONCURRENCY_PYTHON',
    'CUDA_BASE_IMAGE_MISSING',
    'CUDA_CUDNN_INCOMPATIBLE',
    'CUDA_INVALID',
    'CUDA_UNSUPPORTED',
    'DOCKERFILE_UNSAFE_VALUE',
    'ENV_VALUE_NEWLINE',
    'FRAMEWORK_CUDA_UNKNOWN',
    'LOCAL_ARTIFACT_INVALID',
    'NODE_DEPENDENCIES_NEED_NODE_BASE',
    'NODE_RUNNER_PYTHON_FIELD',
    'REQUIREMENTS_UNREADABLE',
    'RUN_COMMAND_NEWLINE',
    'SDK_VERSION_TOO_OLD',
    'SDK_WHEEL_AMBIGUOUS',
    'SDK_WHEEL_NOT_FOUND',
    'TENSORFLOW_CUDA_INCOMPATIBLE',
    'TENSORFLOW_CUDNN_INCOMPATIBLE',
    'TORCH_VERSION_REQUIRED',
  ],
  /** Docker, registries, builds, containers, schemas, prediction outputs. */
  image: [
    'BUILD_FAILED',
    'CONTAINER_EXITED',
    'CONTAINER_INSPECT_FAILED',
    'CONTAINER_OOM',
    'CONTAINER_PORT_UNKNOWN',
    'CONTAINER_START_FAILED',
    'CONTAINER_WAIT_FAILED',
    'CREDENTIALS_SAVE_FAILED',
    'DOCKERFILE_UNREADABLE',
    'DOCKER_CONFIG_INVALID',
    'DOCKER_CONFLICT',
    'DOCKER_ERROR',
    'DOCKER_NOT_FOUND',
    'DOCKER_PERMISSION_DENIED',
    'DOCKER_UNREACHABLE',
    'GPU_DRIVER_MISSING',
    'IMAGE_NOT_FOUND',
    'IMAGE_PULL_FAILED',
    'INTERRUPTED',
    'INVALID_GPUS',
    'INVALID_PROGRESS',
    'INVALID_SECRET',
    'LABEL_FAILED',
    'NOT_A_COG_MODEL',
    'NO_PREDICTOR',
    'OUTPUT_DECODE',
    'OUTPUT_DOWNLOAD',
    'OUTPUT_INVALID',
    'OUTPUT_NOT_WRITABLE',
    'OUTPUT_WRITE_FAILED',
    'PIP_FREEZE_FAILED',
    'PYTHON_PACKAGE_NOT_FOUND',
    'REGISTRY_AUTH',
    'REGISTRY_ERROR',
    'REGISTRY_UNREACHABLE',
    'RUNTIME_MISSING',
    'SCHEMA_EXTRACT_FAILED',
    'SCHEMA_INVALID',
    'SCHEMA_MISSING',
    'SETUP_FAILED',
    'SETUP_TIMEOUT',
    'STAGING_PATH',
    'WEIGHT_VERIFY',
  ],
  /** Managed weights (src/weights). */
  weights: [
    'PROJECT_LOCK',
    'WEIGHTS_DRIFT',
    'WEIGHTS_NOT_CACHED',
    'WEIGHTS_NOT_READY',
    'WEIGHT_BUILD',
    'WEIGHT_MISSING',
    'WEIGHT_PULL',
    'WEIGHT_PUSH',
    'WEIGHT_SOURCE',
  ],
  /** The OpenAPI schema of a TypeScript predictor (src/ts-schema). */
  tsSchema: [
    'TS_COMPILER_LIB_MISSING',
    'TS_PREDICTOR_NOT_FOUND',
    'TS_PREDICTOR_COMPILE',
    'TS_PREDICTOR_EXPORT',
    'TS_PREDICTOR_METHOD',
    'TS_SCHEMA_INPUT',
    'TS_SCHEMA_OUTPUT',
  ],
} as const;

export type CogErrorCode = (typeof COG_ERROR_CODES)[keyof typeof COG_ERROR_CODES][number];

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface CogErrorOptions {
  hint?: string;
  position?: SourcePosition;
  cause?: unknown;
  /** Process exit code when this error ends the CLI; 1 unless a command passes something through. */
  exitCode?: number;
}

export class CogError extends Error {
  readonly code: CogErrorCode;
  readonly hint: string | undefined;
  readonly position: SourcePosition | undefined;
  readonly exitCode: number;

  constructor(code: CogErrorCode, message: string, options: CogErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CogError';
    this.code = code;
    this.hint = options.hint;
    this.position = options.position;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Formats `file:line:col` the way TypeScript diagnostics do. */
export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}
