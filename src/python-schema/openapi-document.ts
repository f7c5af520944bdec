// The OpenAPI document around statically derived `Input`/`Output` components: the same skeleton,
// key order and names as the Python SDK's `build_document`/`merge_documents`
// (python/cog/_schema.py), so a static document equals the container's key for key.
import { SchemaError } from './input-schema.ts';

type Json = Record<string, unknown>;
export type PredictionMode = 'predict' | 'train';

const JSON_TYPE = 'application/json';

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: Json): Json => ({
  description: 'Successful Response',
  content: { [JSON_TYPE]: { schema } },
});
const responses = (schema: Json): Json => ({
  '200': ok(schema),
  '422': {
    description: 'Validation Error',
    content: { [JSON_TYPE]: { schema: ref('HTTPValidationError') } },
  },
});
const prefer = (): Json => ({
  required: false,
  schema: { title: 'Prefer', type: 'string' },
  name: 'prefer',
  in: 'header',
});

interface Names {
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

const NAMES: Record<PredictionMode, Names> = {
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

export interface DocumentParts {
  mode: PredictionMode;
  inputSchema: Json;
  outputSchema: Json;
  enums: Record<string, unknown>;
  streaming: boolean;
  sdkVersion: string;
}

export function buildDocument(parts: DocumentParts): Json {
  const n = NAMES[parts.mode];
  const fixed = fixedComponents();
  const reserved = new Set([n.input, n.output, n.request, n.response, ...Object.keys(fixed)]);
  const clashes = Object.keys(parts.enums)
    .filter((name) => reserved.has(name))
    .sort();
  if (clashes.length > 0)
    throw new SchemaError(
      `input '${clashes[0]}' with choices clashes with the schema component of that name; rename it`,
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
    ...runPaths(n, parts.streaming && parts.mode === 'predict'),
    '/shutdown': {
      post: {
        summary: 'Start Shutdown',
        operationId: 'start_shutdown_shutdown_post',
        responses: { '200': ok({ title: 'Response Start Shutdown Shutdown Post' }) },
      },
    },
  };
  const schemas: Json = {
    [n.input]: parts.inputSchema,
    [n.output]: parts.outputSchema,
    ...parts.enums,
  };
  schemas[n.request] = requestComponent(n);
  schemas[n.response] = responseComponent(n);
  Object.assign(schemas, fixed);
  return {
    openapi: '3.0.2',
    info: { title: 'Cog', version: parts.sdkVersion },
    paths,
    components: { schemas },
  };
}

function runPaths(n: Names, streaming: boolean): Json {
  const slug = n.path.replace(/^\/+|\/+$/g, '');
  const idParam = {
    required: true,
    schema: { title: n.idTitle, type: 'string' },
    name: n.id,
    in: 'path',
  };
  const create: Json = {
    summary: n.summary,
    description: `Run a single ${n.what} on the model`,
    operationId: `${n.verb}_${slug}_post`,
    parameters: [prefer()],
    requestBody: { content: { [JSON_TYPE]: { schema: ref(n.request) } } },
    responses: responses(ref(n.response)),
  };
  if (streaming) create['x-cog-streaming'] = true;
  const slugTitle = slug.slice(0, 1).toUpperCase() + slug.slice(1).toLowerCase();
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
        parameters: [idParam],
        responses: responses({ title: `Response Cancel ${slugTitle}  ${n.idTitle}  Cancel Post` }),
      },
    },
  };
}

function requestComponent(n: Names): Json {
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

function responseComponent(n: Names): Json {
  const nullableString = (title: string, format?: string): Json => ({
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

function fixedComponents(): Json {
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

/** The predict document plus the train document's paths and components that it lacks. */
export function mergeDocuments(predict: Json, train: Json): Json {
  const merged = structuredClone(predict) as { paths: Json; components: { schemas: Json } };
  const other = train as { paths?: Json; components: { schemas: Json } };
  for (const [p, item] of Object.entries(other.paths ?? {}))
    if (!(p in merged.paths)) merged.paths[p] = structuredClone(item);
  for (const [name, component] of Object.entries(other.components.schemas))
    if (!(name in merged.components.schemas))
      merged.components.schemas[name] = structuredClone(component);
  return merged;
}
