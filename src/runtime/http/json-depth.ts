// Nesting depth of a JSON text, measured on the raw bytes before anything parses it. Every later
// stage (JSON.parse, ajv, the worker's frame encoding and Python's json) recurses per level and
// overflows its stack somewhere past 10^3–10^4 levels, so the HTTP edge refuses deeper bodies
// up front. One linear pass; strings are skipped, so brackets inside them do not count.
// Malformed JSON is measured as far as it goes; JSON.parse reports the rest.

/** Levels of arrays/objects a request body may nest (`{"input":{"x":[1]}}` is 3). */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const STRUCTURAL = [QUOTE, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE];

/** True when arrays/objects in `bytes` nest deeper than `limit`; stops at the first such level. */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // The next position of each structural byte, found with indexOf (memchr): the loop runs once
  // per bracket and string, not once per byte, so a 10 MB array of numbers costs milliseconds
  // in any V8 tier (the server runs without the optimising ones; see docs/performance.md).
  const next = STRUCTURAL.map((code) => buffer.indexOf(code));
  let depth = 0;
  for (;;) {
    let kind = -1;
    let at = Number.POSITIVE_INFINITY;
    for (let k = 0; k < next.length; k++) {
      const position = next[k] as number;
      if (position >= 0 && position < at) {
        at = position;
        kind = k;
      }
    }
    if (kind < 0) return false;
    let resume = at + 1;
    const code = STRUCTURAL[kind];
    if (code === QUOTE) {
      const end = closingQuote(buffer, at + 1);
      if (end < 0) return false;
      resume = end + 1;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else {
      depth--;
    }
    // Positions before `resume` were consumed or lie inside the string just skipped.
    for (let k = 0; k < next.length; k++) {
      const position = next[k] as number;
      if (position >= 0 && position < resume)
        next[k] = buffer.indexOf(STRUCTURAL[k] as number, resume);
    }
  }
}

/** Index of the quote that ends the string starting at `from`, or -1 if it never ends. */
function closingQuote(buffer: Buffer, from: number): number {
  // Short strings (keys, small values) byte by byte; long ones (base64 files) with indexOf.
  const end = Math.min(buffer.length, from + 32);
  let at = from;
  for (; at < end; at++) {
    const byte = buffer[at];
    if (byte === BACKSLASH) at++;
    else if (byte === QUOTE) return at;
  }
  if (at >= buffer.length) return -1;
  for (at = buffer.indexOf(QUOTE, at); at >= 0; at = buffer.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (buffer[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}
