// Length-prefixed JSON framing of the worker control pipes (docs/runtime-protocol.md): a 4-byte
// big-endian byte length, then that many bytes of UTF-8 JSON. A message may carry one text
// attachment: it names the field in `text_attachment` (`output` or `value`), and the next frame
// is that field's string as raw UTF-8, not JSON. The Python worker sends large string outputs so,
// because its json module escapes text one character at a time (2.5-5 ms per MB).

export const MAX_FRAME_BYTES = 512 * 1024 * 1024;

/** The fields a text attachment may fill: a prediction's output, an iterator's item. */
const ATTACHMENT_FIELDS = new Set(['output', 'value']);

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/**
 * Incremental decoder: feed chunks as they arrive, get every complete message back. Chunks of a
 * frame are only collected until the frame is complete and then joined once, so decoding is
 * linear in the frame size (joining on every chunk made a 64 MB output take tens of seconds).
 */
export class FrameDecoder {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Bytes needed before the next frame can be decoded (header, or header + body once known). */
  #needed = 4;
  /** A message whose text attachment is the next frame. */
  #awaiting: { message: Record<string, unknown>; field: string } | null = null;

  push(chunk: Buffer): unknown[] {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes < this.#needed) return [];
    const messages: unknown[] = [];
    let buffer =
      this.#pending.length === 1 ? chunk : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#needed = 4;
    while (buffer.length >= 4) {
      const size = buffer.readUInt32BE(0);
      if (size > MAX_FRAME_BYTES)
        throw new Error(`worker frame of ${size} bytes exceeds the limit`);
      if (buffer.length < 4 + size) {
        this.#needed = 4 + size;
        break;
      }
      const message = this.#message(buffer.subarray(4, 4 + size));
      if (message !== null) messages.push(message);
      buffer = buffer.subarray(4 + size);
    }
    this.#pending = buffer.length > 0 ? [buffer] : [];
    this.#pendingBytes = buffer.length;
    return messages;
  }

  /** The message a frame completes, or null while it waits for its attachment. */
  #message(body: Buffer): unknown {
    const awaiting = this.#awaiting;
    if (awaiting !== null) {
      this.#awaiting = null;
      awaiting.message[awaiting.field] = body.toString('utf8');
      return awaiting.message;
    }
    const message: unknown = JSON.parse(body.toString('utf8'));
    if (typeof message !== 'object' || message === null || !('text_attachment' in message))
      return message;
    const { text_attachment: field, ...rest } = message as Record<string, unknown>;
    if (typeof field !== 'string' || !ATTACHMENT_FIELDS.has(field))
      throw new Error(`worker frame names an unknown attachment field: ${String(field)}`);
    this.#awaiting = { message: rest, field };
    return null;
  }
}
