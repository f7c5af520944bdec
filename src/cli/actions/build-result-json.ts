// `cog build --json` / `cog push --json`: the result on stdout as one JSON object, so CI reads
// the image name, its ID, the pushed digest and the model's schema without scraping stderr.
import type { OpenApiDocument } from '../../contracts/openapi-document.ts';

export interface BuildResultJson {
  /** The name the image was built (and pushed) as. */
  image: string;
  /** The local image ID (`sha256:…`). */
  id: string | null;
  /** `cog push` only: the manifest digest in the registry (`sha256:…`), and `image@digest`. */
  digest?: string | null;
  reference?: string | null;
  /** The model's OpenAPI document; null when the schema step was skipped. */
  schema: OpenApiDocument | null;
}

export function buildResultJson(result: BuildResultJson): string {
  return JSON.stringify(result);
}
