// A scavenge of V8's young generation just before READY. Setup (the validator compiled from the
// schema, the warm-up) leaves the 1 MB young generation nearly full, so the first prediction's
// allocations set off a scavenge in the middle of it (~0.5 ms). `gc` exists when the server runs
// with --expose-gc (SERVER_NODE_FLAGS, cog.server.http); the server runs no user code, so nothing
// else can call it. Without the flag (the runtime run from source in tests) this does nothing.
export function collectYoungGarbage(): void {
  const gc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc;
  gc?.({ type: 'minor' });
}
