// A batching predictor (`static batch = { maxSize, maxWaitMs }` on the class, the TypeScript
// form of Python's @cog.batch): run() takes an array of inputs and returns an array of outputs,
// while the schema, like each HTTP request, describes one item. This turns the method's
// signature into the per-item one the input and output mappers expect.
import ts from 'typescript';
import type { PredictorSignature } from './find-predictor.ts';
import { TypeMappingError } from './type-context.ts';

const HINT = 'A batching run() takes Input[] and returns Output[] (or Promise<Output[]>).';

/** Whether the exported class declares `static batch` (a batching predictor). */
export function declaresBatch(checker: ts.TypeChecker, target: ts.Symbol): boolean {
  if ((target.flags & ts.SymbolFlags.Class) === 0) return false;
  return checker.getTypeOfSymbol(target).getProperty('batch') !== undefined;
}

export function batchItemSignature(
  checker: ts.TypeChecker,
  predictor: PredictorSignature,
): PredictorSignature {
  const input = predictor.input;
  let itemInput = input;
  if (input !== undefined) {
    const type = checker.getNonNullableType(input.type);
    const element = checker.isArrayType(type)
      ? checker.getTypeArguments(type as ts.TypeReference)[0]
      : undefined;
    if (element === undefined)
      throw new TypeMappingError(
        `a batching ${predictor.methodName}() must take an array of inputs, got ${checker.typeToString(input.type)}`,
        { node: input.parameter?.type ?? input.parameter ?? predictor.at, hint: HINT },
      );
    itemInput = { type: element, parameter: input.parameter };
  }
  const awaited = checker.getAwaitedType(predictor.output.type) ?? predictor.output.type;
  const output = checker.isArrayType(awaited)
    ? checker.getTypeArguments(awaited as ts.TypeReference)[0]
    : undefined;
  if (output === undefined)
    throw new TypeMappingError(
      `a batching ${predictor.methodName}() must return an array of outputs, got ${checker.typeToString(awaited)}`,
      { node: predictor.output.node ?? predictor.at, hint: HINT },
    );
  return {
    ...predictor,
    input: itemInput,
    output: { type: withoutErrors(checker, output), node: undefined },
  };
}

/**
 * `Output | Error` → `Output`: an Error in the returned array fails that one request, so it is
 * not part of the output schema. Other unions are left for the output mapper to judge.
 */
function withoutErrors(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  if (!type.isUnion()) return type;
  const rest = type.types.filter((member) => !isErrorType(checker, member));
  return rest.length === 1 ? (rest[0] as ts.Type) : type;
}

function isErrorType(checker: ts.TypeChecker, type: ts.Type): boolean {
  const name = type.getSymbol()?.getName() ?? '';
  return (
    /Error$/.test(name) &&
    ['name', 'message'].every((p) => checker.getPropertyOfType(type, p) !== undefined)
  );
}
