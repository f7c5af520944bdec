// What the input and output type mappers need from the program: the checker, which files are
// the cog-sdk package, and which are the compiler's lib / Node's type declarations (whose
// classes, like Map or Date, are not JSON values). Plus the error the mappers throw.
import ts from 'typescript';

export interface TypeContext {
  checker: ts.TypeChecker;
  isSdkFile(fileName: string): boolean;
  isLibFile(fileName: string): boolean;
}

/** A type that cannot be mapped; `node` (when known) is where the type is written. */
export class TypeMappingError extends Error {
  readonly node: ts.Node | undefined;
  readonly hint: string | undefined;
  constructor(message: string, options: { node?: ts.Node | undefined; hint?: string } = {}) {
    super(message);
    this.node = options.node;
    this.hint = options.hint;
  }
}

export function typeLabel(context: TypeContext, type: ts.Type): string {
  return context.checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
}

/** An interface or class of the standard library or @types/node (Map, Set, Date, Buffer, ...). */
export function isLibClassLike(context: TypeContext, type: ts.Type): boolean {
  const symbol = type.getSymbol();
  if (
    symbol === undefined ||
    (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) === 0
  ) {
    return false;
  }
  const declarations = symbol.getDeclarations() ?? [];
  return (
    symbol.getName() !== 'Object' &&
    declarations.length > 0 &&
    declarations.every((d) => context.isLibFile(d.getSourceFile().fileName))
  );
}

export function hasSignatures(type: ts.Type): boolean {
  return type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0;
}

export function isUserClass(context: TypeContext, type: ts.Type): boolean {
  const symbol = type.getSymbol();
  return (
    symbol !== undefined &&
    (symbol.flags & ts.SymbolFlags.Class) !== 0 &&
    !(symbol.getDeclarations() ?? []).some((d) => context.isSdkFile(d.getSourceFile().fileName))
  );
}

export const NOT_JSON = ts.TypeFlags.BigIntLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.Void;
