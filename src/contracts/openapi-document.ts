// The OpenAPI document every Cog model serves (spec runtime.md §8.2): the skeleton around a
// predictor's Input/Output components — the same paths, component names and key order as the
// Python SDK's `cog._schema.build_document` and `merge_documents` — and the document type the
// CLI, the schema readers and the runtime share. Pure: no I/O (`version` comes from the caller,
// the Cog version as the SDK and the original 0.22 write it).

import { PREDICTION_STATUSES, WEBHOOK_EVENTS } from './prediction-envelope.ts';

export type OpenApiDocument = { [key: string]: unknown };
export type PredictionMode = 'predict' | 'train';
type JsonObject = OpenApiDocument;

const JSON_TYPE = 'application/json';

interface ModeNames {
  input: string;
  output: string;
  request: string;
  response: string;
  path: string;
  id: string;
  idTitle: string;
  verb: string;
  summary: string;
  what: string;
}

const NAMES: Readonly<Record<PredictionMode, ModeNames>> = {
  predict: {
    input: 'Input',
    output: 'Output',
    request: 'PredictionRequest',
    response: 'PredictionResponse',
    path: '/predictions',
    id: 'prediction_id',
    idTitle: 'Prediction Id',
    verb: 'predict',
    summary: 'Predict',
    what: 'prediction',
  },
  train: {
    input: 'TrainingInput',
    output: 'TrainingOutput',
    request: 'TrainingRequest',
    response: 'TrainingResponse',
    path: '/trainings',
    id: 'training_id',
    idTitle: 'Training Id',
    verb: 'train',
    summary: 'Train',
    what: 'training',
  },
};

export function componentNames(mode: PredictionMode): { input: string; output: string } {
  return { input: NAMES[mode].input, output: NAMES[mode].output };
}

export class ComponentClashError extends Error {
  readonly input: string;
  constructor(input: string) {
    super(
      `input '${input}' with choices clashes with the schema component of that name; rename it`,
    );
    this.input = input;
  }
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: JsonObject): JsonObject => ({
  description: 'Successful Response',
  content: { [JSON_TYPE]: { schema } },
});
const responses = (schema: JsonObject): JsonObject => ({
  '200': ok(schema),
  '422': {
    description: 'Validation Error',
    content: { [JSON_TYPE]: { schema: ref('HTTPValidationError') } },
  },
});
const prefer = (): JsonObject => ({
  required: false,
  schema: { title: 'Prefer', type: 'string' },
  name: 'prefer',
  in: 'header',
});

export interface BuildDocumentOptions {
  mode: PredictionMode;
  /** The finished Input/TrainingInput component. */
  inputSchema: JsonObject;
  /** The finished Output/TrainingOutput component. */
  outputSchema: JsonObject;
  /** Enum components of choices inputs, named after the input. */
  enums: Record<string, unknown>;
  streaming?: boolean;
  /** `info.version`: the Cog version. */
  version: string;
}

/** Throws ComponentClashError when a choices input is named like a fixed component. */
export function buildDocument(options: BuildDocumentOptions): OpenApiDocument {
  const n = NAMES[options.mode];
  const fixed = fixedComponents();
  const reserved = new Set([n.input, n.output, n.request, n.response, ...Object.keys(fixed)]);
  const clashes = Object.keys(options.enums)
    .filter((name) => reserved.has(name))
    .sort();
  if (clashes[0] !== undefined) throw new ComponentClashError(clashes[0]);
  const paths: JsonObject = {
    '/': {
      get: {
        summary: 'Root',
        operationId: 'root__get',
        responses: { '200': ok({ title: 'Response Root  Get' }) },
      },
    },
    '/health-check': {
      get: {
        summary: 'Healthcheck',
        operationId: 'healthcheck_health_check_get',
        responses: { '200': ok({ title: 'Response Healthcheck Health Check Get' }) },
      },
    },
    ...runPaths(n, options.streaming === true && options.mode === 'predict'),
    '/shutdown': {
      post: {
        summary: 'Start Shutdown',
        operationId: 'start_shutdown_shutdown_post',
        responses: { '200': ok({ title: 'Response Start Shutdown Shutdown Post' }) },
      },
    },
  };
  const schemas: JsonObject = {
    [n.input]: options.inputSchema,
    [n.output]: options.outputSchema,
    ...options.enums,
  };
  schemas[n.request] = requestComponent(n);
  schemas[n.response] = responseComponent(n);
  Object.assign(schemas, fixed);
  return {
    openapi: '3.0.2',
    info: { title: 'Cog', version: options.version },
    paths,
    components: { schemas },
  };
}

function runPaths(n: ModeNames, streaming: boolean): JsonObject {
  const slug = n.path.replace(/^\/+|\/+$/g, '');
  const idParam = {
    required: true,
    schema: { title: n.idTitle, type: 'string' },
    name: n.id,
    in: 'path',
  };
  const create: JsonObject = {
    summary: n.summary,
    description: `Run a single ${n.what} on the model`,
    operationId: `${n.verb}_${slug}_post`,
    parameters: [prefer()],
    requestBody: { content: { [JSON_TYPE]: { schema: ref(n.request) } } },
    responses: responses(ref(n.response)),
  };
  if (streaming) create['x-cog-streaming'] = true;
  return {
    [n.path]: { post: create },
    [`${n.path}/{${n.id}}`]: {
      put: {
        summary: `${n.summary} Idempotent`,
        description: `Run a single ${n.what} on the model (idempotent creation).`,
        operationId: `${n.verb}_idempotent_${slug}__${n.id}__put`,
        parameters: [idParam, prefer()],
        requestBody: {
          content: { [JSON_TYPE]: { schema: { allOf: [ref(n.request)] } } },
          required: true,
        },
        responses: responses(ref(n.response)),
      },
    },
    [`${n.path}/{${n.id}}/cancel`]: {
      post: {
        summary: 'Cancel',
        description: `Cancel a running ${n.what}`,
        operationId: `cancel_${slug}__${n.id}__cancel_post`,
        parameters: [{ ...idParam, schema: { ...idParam.schema } }],
        responses: responses({
          title: `Response Cancel ${pythonTitle(slug)}  ${n.idTitle}  Cancel Post`,
        }),
      },
    },
  };
}

// Python's str.title() of a lower-case slug: "predictions" → "Predictions".
function pythonTitle(slug: string): string {
  return slug.replace(/[a-z]+/gi, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase());
}

function requestComponent(n: ModeNames): JsonObject {
  return {
    title: n.request,
    type: 'object',
    properties: {
      id: { title: 'Id', type: 'string', nullable: true },
      input: { allOf: [ref(n.input)], nullable: true },
      context: {
        title: 'Context',
        type: 'object',
        additionalProperties: { type: 'string' },
        nullable: true,
      },
      created_at: { title: 'Created At', type: 'string', format: 'date-time', nullable: true },
      output_file_prefix: { title: 'Output File Prefix', type: 'string', nullable: true },
      webhook: {
        title: 'Webhook',
        type: 'string',
        format: 'uri',
        minLength: 1,
        maxLength: 65536,
        nullable: true,
      },
      webhook_events_filter: {
        title: 'Webhook Events Filter',
        type: 'array',
        items: ref('WebhookEvent'),
        default: [...WEBHOOK_EVENTS],
        nullable: true,
      },
    },
  };
}

function responseComponent(n: ModeNames): JsonObject {
  const nullableString = (titleText: string, format = ''): JsonObject => {
    const fragment: JsonObject = { title: titleText, type: 'string' };
    if (format !== '') fragment.format = format;
    fragment.nullable = true;
    return fragment;
  };
  return {
    title: n.response,
    type: 'object',
    properties: {
      input: { allOf: [ref(n.input)], nullable: true },
      output: ref(n.output),
      id: nullableString('Id'),
      version: nullableString('Version'),
      created_at: nullableString('Created At', 'date-time'),
      started_at: nullableString('Started At', 'date-time'),
      completed_at: nullableString('Completed At', 'date-time'),
      logs: { title: 'Logs', type: 'string', default: '' },
      error: nullableString('Error'),
      status: { allOf: [ref('Status')], nullable: true },
      metrics: { title: 'Metrics', type: 'object', additionalProperties: true, nullable: true },
    },
  };
}

function fixedComponents(): Record<string, JsonObject> {
  return {
    Status: {
      title: 'Status',
      description: 'An enumeration.',
      enum: [...PREDICTION_STATUSES],
      type: 'string',
    },
    WebhookEvent: {
      title: 'WebhookEvent',
      description: 'An enumeration.',
      enum: [...WEBHOOK_EVENTS],
      type: 'string',
    },
    HTTPValidationError: {
      title: 'HTTPValidationError',
      type: 'object',
      properties: { detail: { title: 'Detail', type: 'array', items: ref('ValidationError') } },
    },
    ValidationError: {
      title: 'ValidationError',
      required: ['loc', 'msg', 'type'],
      type: 'object',
      properties: {
        loc: {
          title: 'Location',
          type: 'array',
          items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        },
        msg: { title: 'Message', type: 'string' },
        type: { title: 'Error Type', type: 'string' },
      },
    },
  };
}

/** The predict document plus the train document's paths and components that it lacks. */
export function mergeDocuments(predict: OpenApiDocument, train: OpenApiDocument): OpenApiDocument {
  const merged = structuredClone(predict);
  const paths = objectAt(merged, 'paths');
  for (const [name, item] of Object.entries(readObject(train, 'paths'))) {
    if (!(name in paths)) paths[name] = structuredClone(item);
  }
  const schemas = objectAt(objectAt(merged, 'components'), 'schemas');
  for (const [name, component] of Object.entries(
    readObject(readObject(train, 'components'), 'schemas'),
  )) {
    if (!(name in schemas)) schemas[name] = structuredClone(component);
  }
  return merged;
}

function objectAt(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as JsonObject;
  const fresh: JsonObject = {};
  parent[key] = fresh;
  return fresh;
}

function readObject(parent: JsonObject, key: string): JsonObject {
  const value = parent[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}
