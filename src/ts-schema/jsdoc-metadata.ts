// JSDoc metadata of an input (or output field) declaration: what `Input(...)` says in Python.
// The comment text (or `@description`) is the description; `@default` and `@choices` take JSON
// literals; `@minimum`/`@ge`, `@maximum`/`@le` numbers; `@minLength`/`@maxLength` whole
// numbers; `@pattern`/`@regex` the raw rest of the line; `@deprecated` and `@integer` flags;
// `@accept` the accepted file types of a Path input. Other tags are left alone.
import ts from 'typescript';

export interface InputMetadata {
  description?: string;
  /** Present when `@default` was given (its value may be null). */
  default?: { value: unknown };
  ge?: number;
  le?: number;
  minLength?: number;
  maxLength?: number;
  regex?: string;
  choices?: unknown[];
  accept?: string;
  deprecated: boolean;
  integer: boolean;
}

export class MetadataError extends Error {
  readonly node: ts.Node;
  constructor(message: string, node: ts.Node) {
    super(message);
    this.node = node;
  }
}

const ALIASES: Readonly<Record<string, string>> = {
  ge: 'minimum',
  le: 'maximum',
  regex: 'pattern',
  minlength: 'minLength',
  maxlength: 'maxLength',
};

/** Throws MetadataError (with the tag as the node) for a tag whose value does not parse. */
export function readMetadata(declaration: ts.Node | undefined): InputMetadata {
  const metadata: InputMetadata = { deprecated: false, integer: false };
  if (declaration === undefined) return metadata;
  const comment = docComment(declaration);
  if (comment !== undefined) metadata.description = comment;
  for (const tag of ts.getJSDocTags(declaration)) applyTag(metadata, tag);
  return metadata;
}

function docComment(declaration: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last === undefined ? undefined : ts.getTextOfJSDocComment(last.comment)?.trim();
  return text === undefined || text === '' ? undefined : text;
}

function applyTag(metadata: InputMetadata, tag: ts.JSDocTag): void {
  const name = ALIASES[tag.tagName.text] ?? tag.tagName.text;
  const text = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
  switch (name) {
    case 'description':
      if (text !== '') metadata.description = text;
      return;
    case 'default':
      metadata.default = { value: parseJson(text, tag, '@default "fast" or @default 4') };
      return;
    case 'choices': {
      const value = parseJson(text, tag, '@choices ["fast", "slow"]');
      if (!Array.isArray(value)) throw new MetadataError('@choices must be a JSON array', tag);
      metadata.choices = value;
      return;
    }
    case 'minimum':
      metadata.ge = parseNumber(text, tag, false);
      return;
    case 'maximum':
      metadata.le = parseNumber(text, tag, false);
      return;
    case 'minLength':
      metadata.minLength = parseNumber(text, tag, true);
      return;
    case 'maxLength':
      metadata.maxLength = parseNumber(text, tag, true);
      return;
    case 'pattern':
      if (text === '')
        throw new MetadataError(`@${tag.tagName.text} needs a regular expression`, tag);
      metadata.regex = text;
      return;
    case 'accept':
      if (text !== '') metadata.accept = text;
      return;
    case 'deprecated':
      metadata.deprecated = true;
      return;
    case 'integer':
      metadata.integer = true;
      return;
    default:
      return;
  }
}

function parseJson(text: string, tag: ts.JSDocTag, example: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MetadataError(
      `@${tag.tagName.text} ${text === '' ? 'needs a value' : `${text} is not a JSON literal`} (write e.g. ${example})`,
      tag,
    );
  }
}

function parseNumber(text: string, tag: ts.JSDocTag, whole: boolean): number {
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || (whole && (!Number.isInteger(value) || value < 0))) {
    throw new MetadataError(
      `@${tag.tagName.text} ${text === '' ? 'needs' : `${text} is not`} a ${whole ? 'non-negative whole number' : 'number'}`,
      tag,
    );
  }
  return value;
}
