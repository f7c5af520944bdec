// The catalogue entries an executor registers (addfunctionmsg): `predict`, and `train` when the
// model has a training schema, with flat arg descriptors from the Input schema (what
// `colonies function ls` shows) and the whole OpenAPI document for Cog clients.
import type { OpenApiDocument } from '../../contracts/openapi-document.ts';
import { describeFunction } from '../../colonies/cog-function.ts';
import type { FunctionEntry } from '../../colonies/colonies-types.ts';
import { componentSchemas } from '../prediction/input-validator.ts';

type Arg = NonNullable<FunctionEntry['args']>[number];
type Entry = Pick<FunctionEntry, 'funcname' | 'description' | 'args'>;

interface PropertySchema {
  type?: unknown;
  format?: unknown;
  description?: unknown;
  enum?: unknown;
  allOf?: unknown;
}

function argsOf(component: unknown): Arg[] {
  const c = (component ?? {}) as {
    properties?: Record<string, PropertySchema>;
    required?: unknown;
  };
  const required = new Set(Array.isArray(c.required) ? (c.required as string[]) : []);
  return Object.entries(c.properties ?? {}).map(([name, p]) => {
    const type =
      p.format === 'uri'
        ? 'file'
        : typeof p.type === 'string'
          ? p.type
          : Array.isArray(p.allOf)
            ? 'enum'
            : 'any';
    return {
      name,
      type,
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      required: required.has(name),
      ...(Array.isArray(p.enum) ? { enum: p.enum as unknown[] } : {}),
    };
  });
}

export function functionsFor(
  schema: OpenApiDocument,
  options: { hasTraining: boolean; version: string },
): Entry[] {
  const components = componentSchemas(schema);
  const description = describeFunction(schema, options.version);
  const out: Entry[] = [];
  if ('Input' in components)
    out.push({ funcname: 'predict', description, args: argsOf(components.Input) });
  if (options.hasTraining)
    out.push({ funcname: 'train', description, args: argsOf(components.TrainingInput) });
  return out;
}
