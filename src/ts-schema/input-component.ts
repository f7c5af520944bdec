// The `Input` (or `TrainingInput`) component and the enum components of choices inputs, from
// the input specs: a port of `cog._inputs.input_component` and `_property`, so a TypeScript
// predictor's properties have the same keys, in the same order, as the equivalent Python one's.
import { elementOf, inputFragment, type InputType, type JsonObject } from './input-type.ts';
import type { InputMetadata } from './jsdoc-metadata.ts';

export interface InputSpec {
  name: string;
  order: number;
  type: InputType;
  field: InputMetadata;
}

export function isNullable(spec: InputSpec): boolean {
  // `token: Secret` with `@default null` is the one non-optional type for which null is a default.
  return spec.type.nullable || (spec.type.kind === 'secret' && spec.field.default?.value === null);
}

/** A default that is given and not null (null is no default, as Python's `None`). */
export function realDefault(spec: InputSpec): { value: unknown } | undefined {
  const given = spec.field.default;
  return given === undefined || given.value === null ? undefined : given;
}

export function isRequired(spec: InputSpec): boolean {
  return !isNullable(spec) && realDefault(spec) === undefined;
}

/** `@choices`, or the values of a literal union type. */
export function choicesOf(spec: InputSpec): unknown[] | undefined {
  if (spec.field.choices !== undefined) return spec.field.choices;
  return elementOf(spec.type).choices;
}

/** Top-level choices are a named enum component; array items carry an inline `enum`. */
export function hasEnumComponent(spec: InputSpec): boolean {
  return choicesOf(spec) !== undefined && spec.type.kind !== 'list';
}

export function inputComponent(
  specs: readonly InputSpec[],
  componentTitle: string,
): { component: JsonObject; enums: Record<string, JsonObject> } {
  const properties: JsonObject = {};
  const enums: Record<string, JsonObject> = {};
  for (const spec of specs) {
    properties[spec.name] = inputProperty(spec);
    if (hasEnumComponent(spec)) {
      enums[spec.name] = {
        title: spec.name,
        description: 'An enumeration.',
        enum: [...(choicesOf(spec) ?? [])],
        type: spec.type.kind === 'str' ? 'string' : 'integer',
      };
    }
  }
  const component: JsonObject = { type: 'object', title: componentTitle };
  const required = specs.filter(isRequired).map((spec) => spec.name);
  if (required.length > 0) component.required = required;
  component.properties = properties;
  return { component, enums };
}

function inputProperty(spec: InputSpec): JsonObject {
  const f = spec.field;
  let prop: JsonObject = { 'x-order': spec.order };
  if (hasEnumComponent(spec)) {
    prop.allOf = [{ $ref: `#/components/schemas/${spec.name}` }];
  } else {
    prop.title = title(spec.name);
    prop = { ...prop, ...inputFragment(spec.type) };
  }
  if (isNullable(spec)) prop.nullable = true;
  const given = realDefault(spec);
  if (given !== undefined && spec.type.kind !== 'secret') prop.default = given.value;
  // As the Python SDK (and the original): an optional secret with a None default says so.
  else if (spec.type.kind === 'secret' && isNullable(spec) && spec.field.default?.value === null)
    prop.default = null;
  if (f.description !== undefined) prop.description = f.description;
  // Constraints of array inputs apply to each element, where JSON Schema checks them.
  const target =
    spec.type.kind === 'list' && typeof prop.items === 'object' && prop.items !== null
      ? (prop.items as JsonObject)
      : prop;
  if (f.ge !== undefined) target.minimum = f.ge;
  if (f.le !== undefined) target.maximum = f.le;
  if (f.minLength !== undefined) target.minLength = f.minLength;
  if (f.maxLength !== undefined) target.maxLength = f.maxLength;
  if (f.regex !== undefined) target.pattern = f.regex;
  if (f.deprecated) prop.deprecated = true;
  if (f.accept !== undefined) prop['x-cog-accept'] = f.accept;
  return prop;
}

/** `num_inference_steps` → `Num Inference Steps` (only the first letter of each part changes). */
export function title(name: string): string {
  return name
    .split('_')
    .map((part) => part.slice(0, 1).toUpperCase() + part.slice(1))
    .join(' ');
}
