// The OpenAPI document around a predictor's Input/Output components, with the same skeleton,
// component names and key order as the Python SDK's `cog._schema.build_document`, for the
// documents the Node worker builds itself (plain JavaScript predictors' `inputs` metadata).
// TypeScript predictors get theirs from src/ts-schema at build time.

export type JsonObject = { [key: string]: unknown };
export type SchemaMode = 'predict' | 'train';

const JSON_TYPE = 'application/json';

const NAMES = {
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
} as const;

type Names = (typeof NAMES)[SchemaMode];

export function componentNames(mode: SchemaMode): { input: string; output: string } {
  return { input: NAMES[mode].input, output: NAMES[mode].output };
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
const PREFER = {
  required: false,
  schema: { title: 'Prefer', type: 'string' },
  name: 'prefer',
  in: 'header',
};

export function buildDocument(options: {
  mode: SchemaMode;
  input: JsonObject;
  output: JsonObject;
  enums: Record<string, JsonObject>;
  streaming: boolean;
}): JsonObject {
  const n = NAMES[options.mode];
  const fixed = fixedComponents();
  const reserved = new Set([n.input, n.output, n.request, n.response, ...Object.keys(fixed)]);
  const clash = Object.keys(options.enums)
    .sort()
    .find((name) => reserved.has(name));
  if (clash !== undefined)
    throw new Error(
      `input '${clash}' with choices clashes with the schema component of that name; rename it`,
    );
  const paths = {
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
    ...runPaths(n, options.streaming && options.mode === 'predict'),
    '/shutdown': {
      post: {
        summary: 'Start Shutdown',
        operationId: 'start_shutdown_shutdown_post',
        responses: { '200': ok({ title: 'Response Start Shutdown Shutdown Post' }) },
      },
    },
  };
  const schemas: JsonObject = {
    [n.input]: options.input,
    [n.output]: options.output,
    ...options.enums,
    [n.request]: requestComponent(n),
    [n.response]: responseComponent(n),
    ...fixed,
  };
  return {
    openapi: '3.0.2',
    info: { title: 'Cog', version: '0.1.0' },
    paths,
    components: { schemas },
  };
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function runPaths(n: Names, streaming: boolean): JsonObject {
  const slug = n.path.slice(1);
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
    parameters: [PREFER],
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
        parameters: [idParam, PREFER],
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
        parameters: [idParam],
        responses: responses({
          title: `Response Cancel ${titleCase(slug)}  ${n.idTitle}  Cancel Post`,
        }),
      },
    },
  };
}

function requestComponent(n: Names): JsonObject {
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
        default: ['start', 'output', 'logs', 'completed'],
        nullable: true,
      },
    },
  };
}

function responseComponent(n: Names): JsonObject {
  const nullableString = (title: string, format?: string): JsonObject => ({
    title,
    type: 'string',
    ...(format === undefined ? {} : { format }),
    nullable: true,
  });
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
      enum: ['starting', 'processing', 'succeeded', 'canceled', 'failed'],
      type: 'string',
    },
    WebhookEvent: {
      title: 'WebhookEvent',
      description: 'An enumeration.',
      enum: ['start', 'output', 'logs', 'completed'],
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
