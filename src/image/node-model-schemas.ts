// The OpenAPI documents of a TypeScript runner, computed on the host before the Docker build
// (the image of a Node model has no compiler): src/ts-schema reads the predictor's types, and
// the build stages the result as schema/<mode>.json for the Node worker and --dump-schema.
// JavaScript runners describe themselves at run time (an exported `inputs`), so nothing is
// computed for them here. The extractor pulls in `typescript`: imported lazily, for these only.
import type { CogConfig } from '../config/index.ts';
import { parseRunnerReference } from '../runner-reference.ts';

export type NodeSchemaTexts = { predict?: string; train?: string };

export async function nodeModelSchemas(options: {
  projectDir: string;
  config: CogConfig;
}): Promise<NodeSchemaTexts> {
  const texts: NodeSchemaTexts = {};
  const refs = { predict: options.config.predict, train: options.config.train };
  for (const mode of ['predict', 'train'] as const) {
    const ref = refs[mode] ? parseRunnerReference(refs[mode]) : null;
    if (ref === null || ref.language !== 'node' || !/\.m?ts$/.test(ref.file)) continue;
    const { extractTypeScriptSchema } = await import('../ts-schema/extract-typescript-schema.ts');
    const doc = await extractTypeScriptSchema({
      projectDir: options.projectDir,
      file: ref.file,
      exportName: ref.name,
      mode,
    });
    texts[mode] = `${JSON.stringify(doc)}\n`;
  }
  return texts;
}
