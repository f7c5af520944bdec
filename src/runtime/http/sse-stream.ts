// Server-Sent Events for streaming predictions (spec §5.3): a subscriber first gets the
// prediction's retained events, then live ones, and the stream ends after `completed`.
// If the prediction was created over SSE and its last subscriber leaves early, it is canceled.
// At most 1024 subscribers per prediction (the original's limit): one more is answered 429.
import type { ServerResponse } from 'node:http';
import { withoutNulls, type Prediction, type PredictionEvent } from '../prediction/prediction.ts';
import { HttpError } from './request-body.ts';

const KEEP_ALIVE_MS = 15_000;
export const MAX_SUBSCRIBERS = 1024;
const subscriberCounts = new WeakMap<Prediction, number>();

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function eventFrame(prediction: Prediction, event: PredictionEvent): string {
  switch (event.type) {
    case 'start':
      return frame('start', { id: prediction.id, status: 'processing' });
    case 'log':
      return frame('log', { source: event.source, data: event.data });
    case 'output':
      return frame('output', { chunk: event.chunk, index: event.index });
    case 'metric':
      return frame('metric', { name: event.name, value: event.value, mode: event.mode });
    case 'completed':
      return frame('completed', withoutNulls(prediction.envelope()));
  }
}

export function streamPrediction(
  prediction: Prediction,
  response: ServerResponse,
  options: { cancelOnDisconnect: boolean; cancel(): void; maxSubscribers?: number },
): void {
  if ((subscriberCounts.get(prediction) ?? 0) >= (options.maxSubscribers ?? MAX_SUBSCRIBERS))
    throw new HttpError(429, { error: 'Too many stream subscribers' });
  response.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  if (prediction.droppedEvents > 0) {
    response.end(
      frame('error', {
        error: 'SSE stream replay truncated; events were dropped',
        skipped: prediction.droppedEvents,
      }),
    );
    return;
  }
  for (const event of prediction.history) response.write(eventFrame(prediction, event));
  if (prediction.terminal) {
    if (!prediction.history.some((e) => e.type === 'completed'))
      response.write(eventFrame(prediction, { type: 'completed' }));
    response.end();
    return;
  }
  subscriberCounts.set(prediction, (subscriberCounts.get(prediction) ?? 0) + 1);
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  const unsubscribe = prediction.subscribe((event) => {
    response.write(eventFrame(prediction, event));
    if (event.type === 'completed') response.end();
  });
  response.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
    const left = (subscriberCounts.get(prediction) ?? 1) - 1;
    subscriberCounts.set(prediction, left);
    if (left === 0 && !prediction.terminal && options.cancelOnDisconnect) options.cancel();
  });
}
