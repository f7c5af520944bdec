// Recognising the cog-sdk types in a predictor's signature. Branded types (Path, File, Integer,
// ConcatenateIterator) are recognised by their brand property, a property declared in a cog-sdk
// file whose type is the brand's name; Secret by its class declaration in a cog-sdk file. Both
// survive aliases (`type Image = Path`), re-exports and `import { Path as P }`.
import ts from 'typescript';
import type { TypeContext } from './type-context.ts';

export type SdkKind = 'Path' | 'File' | 'Integer' | 'ConcatenateIterator' | 'Secret';

const BRANDS: ReadonlySet<string> = new Set(['Path', 'File', 'Integer', 'ConcatenateIterator']);

type SdkTypeContext = Pick<TypeContext, 'checker' | 'isSdkFile'>;

export function sdkKind(context: SdkTypeContext, type: ts.Type): SdkKind | undefined {
  const brand = brandOf(context, type);
  if (brand !== undefined) return brand;
  const symbol = type.getSymbol();
  if (
    symbol !== undefined &&
    symbol.getName() === 'Secret' &&
    (symbol.flags & ts.SymbolFlags.Class) !== 0 &&
    declaredInSdk(context, symbol)
  ) {
    return 'Secret';
  }
  return undefined;
}

function brandOf(context: SdkTypeContext, type: ts.Type): SdkKind | undefined {
  if (!type.isIntersection()) return undefined;
  for (const member of type.types) {
    const brand = brandOfMember(context, member);
    if (brand !== undefined) return brand;
  }
  return undefined;
}

function brandOfMember(context: SdkTypeContext, member: ts.Type): SdkKind | undefined {
  if ((member.flags & ts.TypeFlags.Object) === 0) return undefined;
  for (const property of context.checker.getPropertiesOfType(member)) {
    if (!declaredInSdk(context, property)) continue;
    // getNonNullableType: ConcatenateIterator's brand is optional (`'ConcatenateIterator' | undefined`).
    const value = context.checker.getNonNullableType(context.checker.getTypeOfSymbol(property));
    if (value.isStringLiteral() && BRANDS.has(value.value)) return value.value as SdkKind;
  }
  return undefined;
}

function declaredInSdk(context: SdkTypeContext, symbol: ts.Symbol): boolean {
  const declarations = symbol.getDeclarations() ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((d) => context.isSdkFile(d.getSourceFile().fileName))
  );
}

/** The non-brand part of a branded intersection: `AsyncIterable<T>` of a ConcatenateIterator. */
export function unbranded(context: SdkTypeContext, type: ts.Type): ts.Type {
  if (!type.isIntersection()) return type;
  const rest = type.types.filter((member) => brandOfMember(context, member) === undefined);
  return rest.length === 1 && rest[0] !== undefined ? rest[0] : type;
}
