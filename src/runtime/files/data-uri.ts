// data: URIs (RFC 2397) of file inputs: checked at the edge, so a malformed one is a 422 naming
// the input instead of an empty or truncated file, and decoded to disk in slices later.
//
// Accepted: `data:[<mime>][;param=value]*[;base64],<payload>`. A base64 payload must be RFC 4648
// §4 base64 — standard alphabet (A-Z a-z 0-9 + /), length a multiple of 4 with at most two `=`
// of padding at the end. ASCII whitespace inside it is ignored (the line breaks of `base64`
// output, as browsers and Python's decoder ignore them), and percent-escapes are decoded first
// (RFC 2397 payloads are URL text). The URL-safe alphabet (`-`, `_`) and missing padding are
// rejected. Other payloads are percent-decoded to bytes; a `%` without two hex digits is an error.

export interface DataUri {
  mime: string;
  base64: boolean;
  /** The payload as written after the comma (still percent-/base64-encoded). */
  payload: string;
}

export class InvalidDataUriError extends Error {}

const WHITESPACE = /[\t\n\f\r ]/g;
const WHITESPACE_CHAR = /^[\t\n\f\r ]$/;
const NOT_BASE64_OR_PAD = /[^A-Za-z0-9+/=]/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

export function parseDataUri(uri: string): DataUri {
  if (!/^data:/i.test(uri)) throw new InvalidDataUriError('not a data: URI');
  const comma = uri.indexOf(',');
  if (comma < 0) throw new InvalidDataUriError('invalid data URI: missing ","');
  const meta = uri.slice(5, comma);
  return {
    mime: meta.split(';')[0]?.trim() ?? '',
    base64: /;base64$/i.test(meta),
    payload: uri.slice(comma + 1),
  };
}

/** Throws InvalidDataUriError saying what is wrong; decodes nothing. */
export function checkDataUri(uri: string): void {
  const parsed = parseDataUri(uri);
  if (!parsed.base64) {
    percentDecoded(parsed.payload);
    return;
  }
  base64Text(parsed.payload);
}

/** The decoded bytes in slices of about `sliceBytes`, so a large file is never whole in memory. */
export function* dataUriBytes(uri: string, sliceBytes = 4 * 1024 * 1024): Generator<Buffer> {
  const parsed = parseDataUri(uri);
  if (!parsed.base64) {
    yield percentDecoded(parsed.payload);
    return;
  }
  const text = base64Text(parsed.payload);
  const step = Math.max(1, Math.floor(sliceBytes / 3)) * 4; // whole quanta: 4 chars → 3 bytes
  for (let at = 0; at < text.length; at += step)
    yield Buffer.from(text.slice(at, at + step), 'base64');
}

/** The canonical base64 text of a payload (escapes decoded, whitespace removed), or an error. */
function base64Text(payload: string): string {
  let text = payload.includes('%') ? percentDecoded(payload).toString('latin1') : payload;
  // One scan in the common case (no whitespace): large payloads are ~10^8 characters.
  // (`test` is about twice as fast as `search` in V8; the offset is only needed on failure.)
  const firstBad = (t: string) => (NOT_BASE64_OR_PAD.test(t) ? t.search(NOT_BASE64_OR_PAD) : -1);
  let bad = firstBad(text);
  if (bad >= 0 && WHITESPACE_CHAR.test(text[bad] as string)) {
    text = text.replace(WHITESPACE, '');
    bad = firstBad(text);
  }
  const pad = text.indexOf('=');
  const padOk = pad < 0 || (pad >= text.length - 2 && /^=+$/.test(text.slice(pad)));
  if (bad < 0 && !padOk) bad = pad;
  if (bad >= 0) {
    const char = text[bad] as string;
    const hint =
      char === '-' || char === '_'
        ? ' (URL-safe base64 is not accepted: use + and /)'
        : char === '='
          ? ' ("=" is only allowed as padding at the end)'
          : '';
    throw new InvalidDataUriError(
      `invalid data URI: base64 payload has ${JSON.stringify(char)} at offset ${bad}${hint}`,
    );
  }
  if (text.length % 4 !== 0) {
    throw new InvalidDataUriError(
      `invalid data URI: base64 payload length ${text.length} is not a multiple of 4 (missing "=" padding?)`,
    );
  }
  return text;
}

function percentDecoded(text: string): Buffer {
  const bad = text.search(BAD_PERCENT);
  if (bad >= 0)
    throw new InvalidDataUriError(`invalid data URI: malformed percent-escape at offset ${bad}`);
  if (!text.includes('%')) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    parts.push(Buffer.from(match[0].replaceAll('%', ''), 'hex'));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
