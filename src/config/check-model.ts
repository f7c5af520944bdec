// `model` and `image` (§1.6 g): at most one of them, and `model` names a bare repository
// (no tag, no digest) because Cog pushes the image and its weights under tags it chooses.
import { report, type CheckContext } from './check-context.ts';
import { parseRepositoryReference } from './repository-reference.ts';

export function checkModel(ctx: CheckContext): void {
  const { model, image } = ctx.config;
  if (model === undefined) return;
  if (image !== undefined) {
    report(ctx, {
      code: 'CONFIG_MODEL',
      field: 'model',
      message: "'model' and 'image' cannot both be set",
      path: ['model'],
      atKey: true,
    });
  }
  const parsed = parseRepositoryReference(model);
  const problem = !parsed.ok
    ? `invalid repository: ${parsed.error}`
    : parsed.tag !== undefined || parsed.digest !== undefined
      ? 'must be a bare repository — tags and digests are not allowed'
      : undefined;
  if (problem !== undefined)
    report(ctx, {
      code: 'CONFIG_MODEL',
      field: 'model',
      value: model,
      message: problem,
      path: ['model'],
    });
}
