// The ColonyOS RPC envelope (pkg/rpc/rpc_msg.go, rpc_reply_msg.go), pure:
//   request  {"payloadtype": T, "payload": base64(JSON msg with "msgtype": T), "signature": sign(payload)}
//   reply    {"payloadtype": T, "payload": base64(JSON), "error": bool}; errors carry
//            base64({"status": N, "message": "…"})
// Buffer does the base64 (colonies-ts's String.fromCharCode spread overflows the stack past ~125 KB).
import { sign } from './crypto.ts';

export interface RpcRequest {
  payloadtype: string;
  payload: string;
  signature: string;
}

/** Encodes and signs one message; `fields` must not contain `msgtype` (it is set from `type`). */
export function createRpcMessage(
  type: string,
  fields: Record<string, unknown>,
  prvKey: string,
): RpcRequest {
  const payload = Buffer.from(JSON.stringify({ ...fields, msgtype: type }), 'utf8').toString(
    'base64',
  );
  return { payloadtype: type, payload, signature: sign(payload, prvKey) };
}

/** An error reply of the server (or an unreadable reply), with the HTTP-like status it carried. */
export class ColoniesRpcError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ColoniesRpcError';
    this.status = status;
  }
}

export type RpcReply = { ok: true; value: unknown } | { ok: false; error: ColoniesRpcError };

/**
 * Decodes a reply body. `httpStatus` is the transport status (0 for a WebSocket frame).
 * An empty payload (close, fail, append…) decodes to null.
 */
export function parseRpcReply(text: string, httpStatus: number): RpcReply {
  let reply: { payload?: unknown; error?: unknown };
  try {
    reply = JSON.parse(text) as { payload?: unknown; error?: unknown };
  } catch {
    const status = httpStatus || 502;
    return {
      ok: false,
      error: new ColoniesRpcError(`server replied ${status} (not JSON)`, status),
    };
  }
  const decoded =
    typeof reply.payload === 'string' && reply.payload !== ''
      ? Buffer.from(reply.payload, 'base64').toString('utf8')
      : '';
  let value: unknown = null;
  if (decoded !== '') {
    try {
      value = JSON.parse(decoded);
    } catch {
      value = decoded;
    }
  }
  if (reply.error === true || httpStatus >= 400) {
    const body = (value ?? {}) as { status?: unknown; message?: unknown };
    const status = typeof body.status === 'number' ? body.status : httpStatus || 500;
    const message =
      typeof body.message === 'string' ? body.message : `server replied ${httpStatus || status}`;
    return { ok: false, error: new ColoniesRpcError(message, status) };
  }
  return { ok: true, value };
}
