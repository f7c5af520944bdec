// The worker pipe's frame decoder on large outputs: a 64 MB output arrives in 64 KiB pipe
// chunks. Decoding must stay linear in the frame size (it was quadratic: 32 MB took 4.6 s).
import { encodeFrame, FrameDecoder } from '../src/runtime/worker/frame-codec.ts';
import type { Measurement } from './run.ts';

const CHUNK = 64 * 1024;

function decodeMs(megabytes: number): number {
  const frame = encodeFrame({ output: 'z'.repeat(megabytes * 1024 * 1024) });
  const decoder = new FrameDecoder();
  const started = performance.now();
  let frames = 0;
  for (let at = 0; at < frame.length; at += CHUNK)
    frames += decoder.push(frame.subarray(at, at + CHUNK)).length;
  if (frames !== 1) throw new Error(`decoded ${frames} frames, expected 1`);
  return performance.now() - started;
}

export default async function frameCodecBench(): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  for (const megabytes of [1, 16, 64]) {
    const runs = [decodeMs(megabytes), decodeMs(megabytes), decodeMs(megabytes)].sort(
      (a, b) => a - b,
    );
    rows.push({
      name: `decode a ${megabytes} MB worker frame (64 KiB chunks), median of 3`,
      value: runs[1] as number,
      unit: 'ms',
    });
  }
  return rows;
}
