// Definition-time checks of an input's JSDoc metadata against its type, a port of
// `cog._inputs._check_options` with the same messages (`<name>: <type>` as the subject), so a
// TypeScript predictor fails the build exactly where the equivalent Python one fails to load.
import { elementOf } from './input-type.ts';
import type { InputSpec } from './input-component.ts';

const NUMERIC = new Set(['int', 'float']);

/** Returns the first problem as a message, or undefined when the metadata fits the type. */
export function checkInputDefinition(spec: InputSpec): string | undefined {
  const where = `${spec.name}: ${spec.type.label}`;
  const f = spec.field;
  const given = f.default?.value;
  const defaults =
    given === undefined || given === null ? [] : Array.isArray(given) ? given : [given];
  const element = elementOf(spec.type);
  if (f.integer && element.kind !== 'int') {
    return `@integer applies to number properties: ${where}`;
  }
  const problem =
    checkBounds(spec, where, defaults) ??
    checkLengths(spec, where, defaults) ??
    checkRegex(spec, where, defaults);
  if (problem !== undefined) return problem;
  if (f.choices !== undefined) {
    if (element.choices !== undefined) {
      return `choices cannot be combined with a literal union type: ${where}`;
    }
    return checkChoices(spec, where);
  }
  if (element.choices !== undefined && (f.ge !== undefined || f.le !== undefined)) {
    return `choices and ge/le are mutually exclusive: ${where}`;
  }
  if (f.accept !== undefined && element.kind !== 'path' && element.kind !== 'file') {
    return `accept is only valid on Path or File inputs (parameter '${spec.name}')`;
  }
  return undefined;
}

function checkBounds(spec: InputSpec, where: string, defaults: unknown[]): string | undefined {
  const { ge, le } = spec.field;
  if (ge === undefined && le === undefined) return undefined;
  if (!NUMERIC.has(elementOf(spec.type).kind)) return `incompatible input type for ge/le: ${where}`;
  for (const value of defaults) {
    if (typeof value !== 'number') return invalidDefault(spec, where);
    if (ge !== undefined && value < ge)
      return `invalid default for ${where}: must be at minimum ${ge}`;
    if (le !== undefined && value > le)
      return `invalid default for ${where}: must be at maximum ${le}`;
  }
  return undefined;
}

function checkLengths(spec: InputSpec, where: string, defaults: unknown[]): string | undefined {
  const { minLength: low, maxLength: high } = spec.field;
  if (low === undefined && high === undefined) return undefined;
  if (elementOf(spec.type).kind !== 'str') {
    return `incompatible input type for min_length/max_length: ${where}`;
  }
  for (const value of defaults) {
    if (typeof value !== 'string') return invalidDefault(spec, where);
    // Python's len() counts code points, as JSON Schema's minLength does.
    const length = [...value].length;
    if (low !== undefined && length < low)
      return `default conflicts with min_length=${low} for input: ${where}`;
    if (high !== undefined && length > high)
      return `default conflicts with max_length=${high} for input: ${where}`;
  }
  return undefined;
}

function checkRegex(spec: InputSpec, where: string, defaults: unknown[]): string | undefined {
  const regex = spec.field.regex;
  if (regex === undefined) return undefined;
  if (elementOf(spec.type).kind !== 'str') return `incompatible input type for regex: ${where}`;
  let anchored: RegExp;
  try {
    new RegExp(regex, 'u');
    // The worker matches at the start of the value, as Python's re.match.
    anchored = new RegExp(`^(?:${regex})`, 'u');
  } catch (error) {
    return `invalid regex for input: ${where}: ${(error as Error).message}`;
  }
  for (const value of defaults) {
    if (typeof value !== 'string' || !anchored.test(value)) {
      return `default not a regex match for input: ${where}`;
    }
  }
  return undefined;
}

function checkChoices(spec: InputSpec, where: string): string | undefined {
  const f = spec.field;
  const choices = f.choices ?? [];
  if (spec.type.kind !== 'str' && spec.type.kind !== 'int') {
    return `incompatible input type for choices: ${where}`;
  }
  if (choices.length < 2)
    return `choices=${JSON.stringify(choices)} must have >= 2 elements: ${where}`;
  if (f.ge !== undefined || f.le !== undefined)
    return `choices and ge/le are mutually exclusive: ${where}`;
  if (f.minLength !== undefined || f.maxLength !== undefined) {
    return `choices and min_length/max_length are mutually exclusive: ${where}`;
  }
  const fits = (choice: unknown): boolean =>
    spec.type.kind === 'str' ? typeof choice === 'string' : Number.isInteger(choice);
  if (!choices.every(fits)) return `not all choices have the same type as input: ${where}`;
  return undefined;
}

function invalidDefault(spec: InputSpec, where: string): string {
  return `invalid default for ${where}: ${JSON.stringify(spec.field.default?.value)}`;
}
