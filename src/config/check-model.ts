// `model` and `image` (§1.6 g): at most one of them, and `model` names a bare repository
// (no tag, no digest) because Cog pushes the image and its weights under tags it chooses.
// `image` only has to be one word on one line.
import { report, type CheckContext } from './check-context.ts';
import { parseRepositoryReference } from './repository-reference.ts';
import { controlCharacterProblem } from './value-grammars.ts';

export function checkModel(ctx: CheckContext): void {
  const { model, image } = ctx.config;
  if (image !== undefined) checkImage(ctx, image);
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

/**
 * `image` is not format-checked (as in the original; Docker reports a bad name), but with
 * --separate-weights it is written into the Dockerfile as `FROM <image>-weights`, so it must
 * be one word on one line.
 */
function checkImage(ctx: CheckContext, image: string): void {
  const problem =
    controlCharacterProblem(image) ??
    (/\s/.test(image) ? 'must not contain spaces (an image name is one word)' : undefined);
  if (problem === undefined) return;
  report(ctx, {
    code: 'CONFIG_IMAGE',
    field: 'image',
    value: image,
    message: problem,
    path: ['image'],
  });
}
