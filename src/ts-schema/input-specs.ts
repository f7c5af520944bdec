// The predictor's inputs: the properties of the first parameter's object type, in declaration
// order (`x-order`), each with its InputType, JSDoc metadata and the nullable/required rule:
// `| null` is nullable; `?` or `| undefined` without `@default` is nullable and optional (as
// Python's `Optional[T] = None`); `?` with `@default` is a plain input with a default.
import ts from 'typescript';
import { checkInputDefinition } from './input-checks.ts';
import type { InputSpec } from './input-component.ts';
import { analyseInputType } from './input-type.ts';
import { MetadataError, readMetadata } from './jsdoc-metadata.ts';
import {
  hasSignatures,
  isLibClassLike,
  TypeMappingError,
  typeLabel,
  type TypeContext,
} from './type-context.ts';

const JS_HINT =
  'In JavaScript, declare the input type with JSDoc: /** @param {{ prompt: string, steps?: number }} input */.';
const INPUT_HINT =
  'Declare the inputs as an object type: run(input: { prompt: string; steps?: number }).';

export function describeInputs(
  context: TypeContext,
  input: { type: ts.Type; parameter: ts.ParameterDeclaration | undefined } | undefined,
  methodName: string,
  at: ts.Node,
): InputSpec[] {
  if (input === undefined) return [];
  const { checker } = context;
  const where = input.parameter?.type ?? input.parameter ?? at;
  const type = checker.getNonNullableType(input.type);
  const label = typeLabel(context, input.type);
  const isObject =
    (type.flags & ts.TypeFlags.Object) !== 0 || (type.flags & ts.TypeFlags.Intersection) !== 0;
  if (
    !isObject ||
    checker.isArrayType(type) ||
    checker.isTupleType(type) ||
    hasSignatures(type) ||
    isLibClassLike(context, type)
  ) {
    throw new TypeMappingError(
      `the input parameter of ${methodName}() must be an object type (interface, type alias or type literal), got ${label}`,
      { node: where, hint: (type.flags & ts.TypeFlags.Any) !== 0 ? JS_HINT : INPUT_HINT },
    );
  }
  const properties = checker.getPropertiesOfType(type);
  if (properties.length === 0 && checker.getIndexInfosOfType(type).length > 0) {
    throw new TypeMappingError(
      `the inputs of ${methodName}() must be named properties, got ${label}`,
      {
        node: where,
        hint: INPUT_HINT,
      },
    );
  }
  return properties.map((property, order) => describeProperty(context, property, order, where));
}

function describeProperty(
  context: TypeContext,
  property: ts.Symbol,
  order: number,
  fallback: ts.Node,
): InputSpec {
  const name = property.getName();
  const declaration = property.valueDeclaration ?? property.getDeclarations()?.[0];
  const at = declaration ?? fallback;
  let field;
  try {
    field = readMetadata(declaration);
  } catch (error) {
    if (error instanceof MetadataError) {
      throw new TypeMappingError(`input '${name}': ${error.message}`, { node: error.node });
    }
    throw error;
  }
  const typeNode = declaredTypeNode(declaration);
  const type = context.checker.getTypeOfSymbol(property);
  let analysed;
  try {
    analysed = analyseInputType(context, type, typeNode, { integer: field.integer });
  } catch (error) {
    if (error instanceof TypeMappingError) {
      throw new TypeMappingError(`unsupported type for input '${name}': ${error.message}`, {
        node: error.node ?? typeNode ?? at,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    }
    throw error;
  }
  const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || analysed.hasUndefined;
  const nullable = analysed.hasNull || (optional && field.default === undefined);
  // `token?: Secret` is Python's `token: Secret = None`, whose schema says `"default": null`.
  const secretNone = optional && field.default === undefined && analysed.type.kind === 'secret';
  const spec: InputSpec = {
    name,
    order,
    type: { ...analysed.type, nullable },
    field: secretNone ? { ...field, default: { value: null } } : field,
  };
  const problem = checkInputDefinition(spec);
  if (problem !== undefined) throw new TypeMappingError(problem, { node: at });
  return spec;
}

function declaredTypeNode(declaration: ts.Declaration | undefined): ts.TypeNode | undefined {
  if (declaration === undefined) return undefined;
  if (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
    return declaration.type;
  if (ts.isJSDocPropertyLikeTag(declaration)) return declaration.typeExpression?.type;
  return undefined;
}
