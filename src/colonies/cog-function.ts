// How a Cog executor describes its functions in the ColonyOS catalogue, and how a client reads
// them back. ColonyOS has no JSON Schema (flat arg descriptors only), so `description` carries
// the model's whole OpenAPI document: a client can then check and coerce `-i` inputs, and print
// the output, exactly as against a local image, without the image.
import type { FunctionEntry } from './colonies-types.ts';

const MARKER = 'cog-openapi/1 ';

export function describeFunction(openapi: unknown, cogVersion: string): string {
  return MARKER + JSON.stringify({ cog: cogVersion, openapi });
}

/** The OpenAPI document of a Cog function entry, or null for anything else. */
export function openapiOf(
  entry: Pick<FunctionEntry, 'description'>,
): Record<string, unknown> | null {
  const text = entry.description ?? '';
  if (!text.startsWith(MARKER)) return null;
  try {
    const parsed = JSON.parse(text.slice(MARKER.length)) as { openapi?: unknown };
    const doc = parsed.openapi;
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
