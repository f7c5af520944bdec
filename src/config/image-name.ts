// The name of the image `cog build` produces (§2.3): `-t` beats `image:` beats `model:`, and
// without any of them a name derived from the project directory, `cog-<dir>`.
import path from 'node:path';
import type { CogConfig } from './config-types.ts';

const PREFIX = 'cog-';
const MAX_LENGTH = 30;

/**
 * `cog-` + the directory's base name, lower-cased, spaces → `-`, other characters outside
 * `[a-z0-9-]` dropped, at most 30 characters. Deliberate change: trailing dashes are dropped
 * (the original keeps them, and `cog-foo-` is not a valid image name), and a name that ends up
 * empty becomes `cog-model` rather than the invalid `cog-`.
 */
export function defaultImageName(projectDir: string): string {
  let name = path
    .basename(projectDir)
    .toLowerCase()
    .replaceAll(' ', '-')
    .replace(/[^a-z0-9-]+/g, '');
  name = name.slice(0, MAX_LENGTH - PREFIX.length);
  if (!name.startsWith(PREFIX)) name = PREFIX + name;
  name = name.replace(/-+$/, '');
  return name === PREFIX.slice(0, -1) || name === '' ? `${PREFIX}model` : name;
}

export function resolveImageName(config: CogConfig, projectDir: string, tagFlag?: string): string {
  if (tagFlag !== undefined && tagFlag !== '') return tagFlag;
  return config.image ?? config.model ?? defaultImageName(projectDir);
}
