// Length-prefixed JSON framing of the worker control pipes (docs/runtime-protocol.md):
// a 4-byte big-endian byte length, then that many bytes of UTF-8 JSON.

export const MAX_FRAME_BYTES = 512 * 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/**
 * Incremental decoder: feed chunks as they arrive, get every complete frame back. Chunks of a
 * frame are only collected until the frame is complete and then joined once, so decoding is
 * linear in the frame size (joining on every chunk made a 64 MB output take tens of seconds).
 */
export class FrameDecoder {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Bytes needed before the next frame can be decoded (header, or header + body once known). */
  #needed = 4;

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
      messages.push(JSON.parse(buffer.subarray(4, 4 + size).toString('utf8')));
      buffer = buffer.subarray(4 + size);
    }
    this.#pending = buffer.length > 0 ? [buffer] : [];
    this.#pendingBytes = buffer.length;
    return messages;
  }
}
