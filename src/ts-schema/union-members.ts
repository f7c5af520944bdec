// The members of a union type in the order the source writes them. The checker orders union
// members by internal type id (`'slow' | 'fast'` can come out as `fast, slow` when `'fast'` was
// seen first elsewhere), but choices and `anyOf` must keep the author's order, as Python's do.
// So the declaration's type node is walked when there is one (through parentheses and
// non-generic type aliases); otherwise the checker's order is used. `boolean` stays one member.
import ts from 'typescript';

export interface UnionMember {
  type: ts.Type;
  node: ts.TypeNode | undefined;
}

export function unionMembers(
  checker: ts.TypeChecker,
  type: ts.Type,
  node: ts.TypeNode | undefined,
): UnionMember[] {
  const fromNode = node === undefined ? undefined : membersOfNode(checker, node, 0);
  if (fromNode !== undefined) return dropEmpty(fromNode);
  const alias = aliasNode(type);
  const fromAlias = alias === undefined ? undefined : membersOfNode(checker, alias, 0);
  if (fromAlias !== undefined) return dropEmpty(fromAlias);
  return dropEmpty(membersOfType(checker, type));
}

function membersOfNode(
  checker: ts.TypeChecker,
  node: ts.TypeNode,
  depth: number,
): UnionMember[] | undefined {
  if (depth > 16) return undefined;
  if (ts.isParenthesizedTypeNode(node)) return membersOfNode(checker, node.type, depth + 1);
  if (ts.isUnionTypeNode(node)) {
    const members: UnionMember[] = [];
    for (const member of node.types) {
      const inner = membersOfNode(checker, member, depth + 1);
      members.push(...(inner ?? [{ type: checker.getTypeFromTypeNode(member), node: member }]));
    }
    return members;
  }
  if (ts.isTypeReferenceNode(node) && node.typeArguments === undefined) {
    const type = checker.getTypeFromTypeNode(node);
    const alias = aliasNode(type);
    if (alias !== undefined && type.isUnion()) return membersOfNode(checker, alias, depth + 1);
  }
  const type = checker.getTypeFromTypeNode(node);
  // An interface, enum or mapped type that is a union without a union node of its own.
  if (type.isUnion() && (type.flags & ts.TypeFlags.Boolean) === 0)
    return membersOfType(checker, type);
  return [{ type, node }];
}

function aliasNode(type: ts.Type): ts.TypeNode | undefined {
  if (type.aliasTypeArguments !== undefined) return undefined;
  const declaration = type.aliasSymbol?.getDeclarations()?.find(ts.isTypeAliasDeclaration);
  return declaration?.type;
}

function membersOfType(checker: ts.TypeChecker, type: ts.Type): UnionMember[] {
  if (!type.isUnion() || (type.flags & ts.TypeFlags.Boolean) !== 0)
    return [{ type, node: undefined }];
  const members: UnionMember[] = [];
  let sawBoolean = false;
  for (const member of type.types) {
    if ((member.flags & ts.TypeFlags.BooleanLiteral) !== 0 && hasBothBooleans(type)) {
      if (!sawBoolean) members.push({ type: checker.getBooleanType(), node: undefined });
      sawBoolean = true;
      continue;
    }
    members.push({ type: member, node: undefined });
  }
  return members;
}

function hasBothBooleans(type: ts.UnionType): boolean {
  return type.types.filter((t) => (t.flags & ts.TypeFlags.BooleanLiteral) !== 0).length === 2;
}

// `never` members (from an empty intersection) contribute nothing.
function dropEmpty(members: UnionMember[]): UnionMember[] {
  return members.filter((m) => (m.type.flags & ts.TypeFlags.Never) === 0);
}
