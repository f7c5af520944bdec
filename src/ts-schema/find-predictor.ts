// Finding the predictor in the compiled module: the named export (through re-exports), which is
// a class with run() (or the deprecated predict(); train() in train mode) or a function, and the
// signature whose first parameter declares the inputs and whose return type is the output.
import ts from 'typescript';
import type { PredictionMode } from '../contracts/openapi-document.ts';
import { TypeMappingError } from './type-context.ts';
import { declaresBatch } from './batch-signature.ts';

export interface PredictorSignature {
  /** `run`, `predict`, `train` or the function's name, for messages. */
  methodName: string;
  /** Undefined when the method takes no parameters (no inputs). */
  input: { type: ts.Type; parameter: ts.ParameterDeclaration | undefined } | undefined;
  output: { type: ts.Type; node: ts.TypeNode | undefined };
  /** Where the method or function is declared. */
  at: ts.Node;
  /** The class declares `static batch` (batch-signature.ts). */
  batch?: boolean;
}

export class PredictorLookupError extends TypeMappingError {
  readonly kind: 'export' | 'method';
  constructor(
    kind: 'export' | 'method',
    message: string,
    options: { node?: ts.Node; hint?: string },
  ) {
    super(message, options);
    this.kind = kind;
  }
}

export function findPredictor(
  checker: ts.TypeChecker,
  root: ts.SourceFile,
  exportName: string,
  mode: PredictionMode,
): PredictorSignature {
  const target = findExport(checker, root, exportName);
  const declaration = target.valueDeclaration ?? target.getDeclarations()?.[0];
  if ((target.flags & ts.SymbolFlags.Class) !== 0) {
    const method = classMethod(checker, target, mode, declaration ?? root);
    return declaresBatch(checker, target) ? { ...method, batch: true } : method;
  }
  const type = checker.getTypeOfSymbol(target);
  const signature = type.getCallSignatures()[0];
  if (signature === undefined || declaration === undefined) {
    throw new PredictorLookupError('export', `${exportName} is not a class or a function`, {
      node: declaration ?? root,
      hint: 'Export a class with a run() method, or a run() function.',
    });
  }
  return describeSignature(checker, signature, exportName, nameNode(declaration));
}

function findExport(checker: ts.TypeChecker, root: ts.SourceFile, exportName: string): ts.Symbol {
  const module = checker.getSymbolAtLocation(root);
  const found =
    module === undefined
      ? undefined
      : checker.getExportsOfModule(module).find((s) => s.getName() === exportName);
  if (found === undefined) {
    throw new PredictorLookupError(
      'export',
      `${root.fileName.split('/').pop() ?? root.fileName} has no export named ${exportName}`,
      {
        node: root,
        hint: `Export it (export class ${exportName} ...) or fix the name in cog.yaml.`,
      },
    );
  }
  return (found.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(found) : found;
}

function classMethod(
  checker: ts.TypeChecker,
  target: ts.Symbol,
  mode: PredictionMode,
  at: ts.Node,
): PredictorSignature {
  const instance = checker.getDeclaredTypeOfSymbol(target);
  const method = (name: string): ts.Symbol | undefined => checker.getPropertyOfType(instance, name);
  const className = target.getName();
  let name: string;
  if (mode === 'train') {
    name = 'train';
    if (method('train') === undefined) {
      throw new PredictorLookupError('method', `train method not found: ${className}`, {
        node: nameNode(at),
        hint: `Add a train(input) method to ${className}.`,
      });
    }
  } else {
    const hasRun = method('run') !== undefined;
    const hasPredict = method('predict') !== undefined;
    if (hasRun && hasPredict) {
      throw new PredictorLookupError(
        'method',
        `${className} must define either run() or predict(), not both`,
        { node: nameNode(at) },
      );
    }
    if (!hasRun && !hasPredict) {
      throw new PredictorLookupError('method', `run or predict method not found: ${className}`, {
        node: nameNode(at),
        hint: `Add a run(input) method to ${className}.`,
      });
    }
    name = hasRun ? 'run' : 'predict';
  }
  const symbol = method(name);
  const declaration = symbol?.valueDeclaration ?? symbol?.getDeclarations()?.[0] ?? at;
  const signature =
    symbol === undefined ? undefined : checker.getTypeOfSymbol(symbol).getCallSignatures()[0];
  if (signature === undefined) {
    throw new PredictorLookupError('method', `${className}.${name} is not a method`, {
      node: nameNode(declaration),
    });
  }
  return describeSignature(checker, signature, name, nameNode(declaration));
}

function describeSignature(
  checker: ts.TypeChecker,
  signature: ts.Signature,
  methodName: string,
  at: ts.Node,
): PredictorSignature {
  const [first] = signature.getParameters();
  const parameter = first?.valueDeclaration;
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  const input =
    first === undefined
      ? undefined
      : {
          type: checker.getTypeOfSymbol(first),
          parameter: parameter !== undefined && ts.isParameter(parameter) ? parameter : undefined,
        };
  return {
    methodName,
    input,
    output: { type: checker.getReturnTypeOfSignature(signature), node: declaration?.type },
    at,
  };
}

function nameNode(declaration: ts.Node): ts.Node {
  const name = (declaration as { name?: ts.Node }).name;
  return name ?? declaration;
}
