// The runtime's configuration from its command line (the flags of `python -m cog.server.http`),
// the environment the build baked into the image, and `cog.yaml` in the working directory as a
// fallback for the predictor reference (spec §11). Pure: the caller reads the files.
import type { PredictionMode } from '../contracts/openapi-document.ts';
import { parse as parseYaml } from 'yaml';

export interface RuntimeConfig {
  host: string;
  port: number;
  mode: PredictionMode;
  predictorRef: string;
  /** The `train:` reference while serving predictions: `--dump-schema` merges both documents. */
  trainRef: string | null;
  uploadUrl: string | null;
  awaitExplicitShutdown: boolean;
  dumpSchema: boolean;
  /** `--dump-schema` gives up on a predictor import that takes longer (COG_DUMP_SCHEMA_TIMEOUT). */
  dumpSchemaTimeoutSeconds: number;
  maxConcurrency: number | null;
  setupTimeoutSeconds: number | null;
  throttleMs: number;
  historyCapacity: number;
  /** Request-body bytes held at once (COG_MAX_BODY_BYTES_IN_FLIGHT); null: the HTTP default. */
  bodyBudgetBytes: number | null;
  /** COG_QUEUE_SIZE: predictions that may wait for a busy slot; 0 (default) = 409 at once. */
  queueSize: number;
  /** COG_QUEUE_TIMEOUT: seconds one may wait there; null (default) = no limit. */
  queueTimeoutSeconds: number | null;
  /** COG_WATCH (set by `cog serve --watch`): reload the predictor when the project changes. */
  watch: WatchMode;
  /** GET /metrics (Prometheus); COG_METRICS=0 (or false/no/off) turns it off. */
  metrics: boolean;
  python: string;
  warnings: string[];
}

export class ConfigError extends Error {}

export type WatchMode = 'off' | 'graceful' | 'force';

/** COG_WATCH: unset/0/false = off, 1/true/graceful = graceful, force = force. */
export function watchModeFromEnv(value: string | undefined): WatchMode {
  const word = (value ?? '').trim().toLowerCase();
  if (word === 'force') return 'force';
  if (['1', 'true', 'yes', 'on', 'graceful'].includes(word)) return 'graceful';
  return 'off';
}

interface CogYaml {
  run?: unknown;
  predict?: unknown;
  train?: unknown;
  concurrency?: { max?: unknown };
}

const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);

function positiveInt(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** 0 is allowed: the system picks a free port (tests, and hosts that read the log line). */
function portNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return n <= 65535 ? n : null;
}

function positiveNumber(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
}

function parseCogYaml(text: string | null): CogYaml {
  if (text === null) return {};
  try {
    const doc = parseYaml(text) as unknown;
    return typeof doc === 'object' && doc !== null ? (doc as CogYaml) : {};
  } catch {
    return {};
  }
}

export function parseRuntimeConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cogYamlText: string | null,
): RuntimeConfig {
  const flags = parseFlags(argv);
  const yaml = parseCogYaml(cogYamlText);
  const mode = flags.mode ?? 'predict';
  const yamlRef = mode === 'train' ? yaml.train : (yaml.run ?? yaml.predict);
  const envName = mode === 'train' ? 'COG_TRAIN_TYPE_STUB' : 'COG_PREDICT_TYPE_STUB';
  const predictorRef = env[envName] || (typeof yamlRef === 'string' ? yamlRef : '');
  if (!predictorRef) throw new ConfigError(`ERROR: ${envName} environment variable is not set.`);
  const trainRef =
    mode === 'train'
      ? null
      : env.COG_TRAIN_TYPE_STUB || (typeof yaml.train === 'string' ? yaml.train : null);
  const yamlMax =
    typeof yaml.concurrency?.max === 'number' ? positiveInt(String(yaml.concurrency.max)) : null;
  const throttleSeconds = Number(env.COG_THROTTLE_RESPONSE_INTERVAL);
  const history = Number(env.COG_STREAM_HISTORY_CAPACITY);
  return {
    host: flags.host ?? '0.0.0.0',
    port: portNumber(flags.port ?? env.PORT) ?? 5000,
    mode,
    predictorRef,
    trainRef,
    uploadUrl: flags.uploadUrl ?? null,
    awaitExplicitShutdown: flags.awaitExplicitShutdown,
    dumpSchema: flags.dumpSchema,
    dumpSchemaTimeoutSeconds: positiveNumber(env.COG_DUMP_SCHEMA_TIMEOUT) ?? 120,
    maxConcurrency: positiveInt(env.COG_MAX_CONCURRENCY) ?? yamlMax,
    setupTimeoutSeconds: positiveNumber(env.COG_SETUP_TIMEOUT),
    throttleMs:
      env.COG_THROTTLE_RESPONSE_INTERVAL && throttleSeconds >= 0 ? throttleSeconds * 1000 : 500,
    historyCapacity: env.COG_STREAM_HISTORY_CAPACITY && history >= 0 ? Math.floor(history) : 1024,
    bodyBudgetBytes: positiveInt(env.COG_MAX_BODY_BYTES_IN_FLIGHT),
    queueSize: positiveInt(env.COG_QUEUE_SIZE) ?? 0,
    queueTimeoutSeconds: positiveNumber(env.COG_QUEUE_TIMEOUT),
    watch: watchModeFromEnv(env.COG_WATCH),
    metrics: env.COG_METRICS === undefined || !FALSE_WORDS.has(env.COG_METRICS.toLowerCase()),
    python: env.COG_PYTHON || 'python3',
    warnings: flags.warnings,
  };
}

interface Flags {
  host?: string;
  port?: string;
  uploadUrl?: string;
  mode?: PredictionMode;
  awaitExplicitShutdown: boolean;
  dumpSchema: boolean;
  warnings: string[];
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { awaitExplicitShutdown: false, dumpSchema: false, warnings: [] };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = splitFlag(argv[i] ?? '');
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const value = argv[++i];
      if (value === undefined) throw new ConfigError(`ERROR: ${name} needs a value.`);
      return value;
    };
    switch (name) {
      case '--host':
        flags.host = takeValue();
        break;
      case '--port':
        flags.port = takeValue();
        break;
      case '--upload-url':
        flags.uploadUrl = takeValue();
        break;
      case '--x-mode': {
        const mode = takeValue();
        if (mode !== 'predict' && mode !== 'train')
          throw new ConfigError(`ERROR: --x-mode must be predict or train, not ${mode}.`);
        flags.mode = mode;
        break;
      }
      case '--await-explicit-shutdown': {
        // The original takes a value (argparse type=bool); a bare flag also means true here.
        const next = inline ?? argv[i + 1];
        const isValue = inline !== undefined || (next !== undefined && !next.startsWith('-'));
        if (isValue && inline === undefined) i++;
        flags.awaitExplicitShutdown = isValue ? !FALSE_WORDS.has((next ?? '').toLowerCase()) : true;
        break;
      }
      case '--dump-schema':
        flags.dumpSchema = true;
        break;
      case '--threads':
        takeValue();
        break;
      case '-v':
      case '--verbose':
        break;
      default:
        flags.warnings.push(`ignoring unknown argument ${argv[i]}`);
    }
  }
  return flags;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
