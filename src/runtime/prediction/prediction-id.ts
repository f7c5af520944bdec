// The grammar of prediction (and training) ids, checked wherever an id enters the runtime: the
// body `id`, the `{id}` of PUT and cancel paths. An id later becomes the `X-Prediction-ID`
// header of uploads and a key in server logs, so it must be short and header-, path- and
// file-name-safe. The grammar admits the ids real clients send: Replicate's 26-character
// base32, UUIDs, cuid/cuid2, ULIDs, nanoid (`_`, `-`), `pred_<hex>` of the original's server.

/** 1 to 128 characters of RFC 3986 "unreserved" (A-Z a-z 0-9 . _ ~ -), first a letter or digit. */
const PREDICTION_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

export const PREDICTION_ID_RULE =
  '1 to 128 characters of A-Z a-z 0-9 . _ ~ -, starting with a letter or digit';

export function isPredictionId(value: string): boolean {
  return PREDICTION_ID.test(value);
}

/** The message for an id that breaks the grammar ("prediction ID must be …"). */
export function invalidIdMessage(noun: 'prediction' | 'training'): string {
  return `${noun} ID must be ${PREDICTION_ID_RULE}`;
}
