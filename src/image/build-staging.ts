// The staging directory `.cog/build` (build.md §2.2, §6.3): wiped at the start of a build,
// filled with the generated Dockerfile, the plan's staged files, the runtime (`coglet.mjs`) and
// the SDK wheel shipped beside this CLI, and removed when the command ends. It also holds
// `Dockerfile.dockerignore`, which buildx applies instead of the project's `.dockerignore`: the
// project's rules plus `.cog` (and the weight paths of `--separate-weights`), so the user's
// file is never edited and `.cog/` never reaches the daemon.
import { chmod, copyFile, mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CogError } from '../cog-error.ts';
import { runtimeFiles, type BuildPlan } from '../dockerfile/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';

export interface RuntimeArtefacts {
  /** Absolute path of `coglet.mjs`. */
  coglet: string;
  /** The gzipped Swagger UI files in `swagger-ui/` beside it, which its GET /docs reads. */
  swaggerUiFiles: Array<{ name: string; path: string }>;
  /** Absolute path of `cog-<version>-py3-none-any.whl`. */
  wheel: string;
  wheelFileName: string;
  wheelVersion: string;
}

/**
 * Finds `coglet.mjs` (with its `swagger-ui/`) and the SDK wheel in the `dist/` of this CLI:
 * beside the bundle (`dist/cog.mjs`, or a chunk in `dist/chunks/`), or `<repo>/dist` when
 * running from source.
 */
export function findRuntimeArtefacts(
  env: NodeJS.ProcessEnv = process.env,
  from: string = path.dirname(fileURLToPath(import.meta.url)),
): RuntimeArtefacts {
  const candidates: string[] = [];
  if (env.COG_DIST_DIR) candidates.push(env.COG_DIST_DIR);
  for (let dir = from, i = 0; i < 5; i++, dir = path.dirname(dir))
    candidates.push(dir, path.join(dir, 'dist'));
  for (const dir of candidates) {
    const coglet = path.join(dir, 'coglet.mjs');
    if (!existsSync(coglet)) continue;
    const wheelFileName = readdirSync(dir).find((f) => /^cog-[^-]+-py3-none-any\.whl$/.test(f));
    if (wheelFileName === undefined) continue;
    const wheelVersion = /^cog-([^-]+)-/.exec(wheelFileName)?.[1] ?? '0.0.0';
    return {
      coglet,
      swaggerUiFiles: swaggerUiFiles(dir),
      wheel: path.join(dir, wheelFileName),
      wheelFileName,
      wheelVersion,
    };
  }
  throw new CogError(
    'RUNTIME_MISSING',
    'cannot find the Cog runtime (coglet.mjs) and SDK wheel next to the cog CLI',
    {
      hint: 'Run `npm run build` to produce dist/coglet.mjs and dist/cog-<version>-py3-none-any.whl.',
    },
  );
}

/** Every `<name>.gz` the build wrote to `<dist>/swagger-ui/` (an image without them has a blank /docs). */
function swaggerUiFiles(dist: string): Array<{ name: string; path: string }> {
  const dir = path.join(dist, 'swagger-ui');
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.gz')) : [];
  if (names.length === 0) {
    throw new CogError('RUNTIME_MISSING', `cannot find the Swagger UI files (${dir}/*.gz)`, {
      hint: 'Run `npm run build` to produce dist/swagger-ui/ beside dist/coglet.mjs.',
    });
  }
  return names.sort().map((name) => ({ name, path: path.join(dir, name) }));
}

/** The Node worker and the cog-sdk package beside coglet.mjs (Node models only). */
export function nodeArtefacts(artefacts: RuntimeArtefacts): {
  worker: string;
  sdkFiles: Array<{ name: string; path: string }>;
} {
  const dir = path.dirname(artefacts.coglet);
  const worker = path.join(dir, 'coglet-worker.mjs');
  const sdkDir = path.join(dir, 'cog-sdk');
  const names = ['package.json', 'index.js', 'index.d.ts'];
  if (!existsSync(worker) || names.some((n) => !existsSync(path.join(sdkDir, n)))) {
    throw new CogError(
      'RUNTIME_MISSING',
      `cannot find the Node worker (coglet-worker.mjs) and cog-sdk next to ${artefacts.coglet}`,
      { hint: 'Run `npm run build` to produce dist/coglet-worker.mjs and dist/cog-sdk/.' },
    );
  }
  return { worker, sdkFiles: names.map((name) => ({ name, path: path.join(sdkDir, name) })) };
}

export interface StagingDir {
  /** `<project>/.cog/build` */
  dir: string;
  /** `<project>/.cog/build/Dockerfile` */
  dockerfile: string;
  /** Removes the directory now (it is also on the cleanup stack). */
  remove: () => Promise<void>;
}

/** Resets `.cog/build` and registers its removal (before it exists) on the stack. */
export async function createStagingDir(
  projectDir: string,
  stack: CleanupStack,
): Promise<StagingDir> {
  const dir = path.join(projectDir, '.cog', 'build');
  const remove = stack.defer(() => rm(dir, { recursive: true, force: true }));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return { dir, dockerfile: path.join(dir, 'Dockerfile'), remove };
}

export type StagedFileSpec =
  { path: string; contents: string } | { path: string; copyFrom: string };

/** Writes one staged file; paths are kept inside the staging dir. */
export async function writeStagedFile(staging: StagingDir, file: StagedFileSpec): Promise<void> {
  const target = path.resolve(staging.dir, file.path);
  if (!target.startsWith(staging.dir + path.sep)) {
    throw new CogError('STAGING_PATH', `staged file escapes the build directory: ${file.path}`);
  }
  await mkdir(path.dirname(target), { recursive: true });
  if ('contents' in file) await writeFile(target, file.contents);
  else await copyFile(file.copyFrom, target);
}

/**
 * The files of the runtime tree (`runtimeFiles(plan)`), each at its image path with the
 * artefact of this CLI it is copied from; the directories (swagger-ui, cog-sdk) file by file.
 */
export function runtimeTree(
  plan: BuildPlan,
  artefacts: RuntimeArtefacts,
): Array<{ imagePath: string; copyFrom: string }> {
  const tree: Array<{ imagePath: string; copyFrom: string }> = [];
  const inDirectory = (dir: string, files: ReadonlyArray<{ name: string; path: string }>) => {
    for (const f of files) tree.push({ imagePath: `${dir}/${f.name}`, copyFrom: f.path });
  };
  let node: ReturnType<typeof nodeArtefacts> | undefined;
  for (const { imagePath, artefact } of runtimeFiles(plan)) {
    if (artefact === 'coglet') tree.push({ imagePath, copyFrom: artefacts.coglet });
    else if (artefact === 'swagger-ui') inDirectory(imagePath, artefacts.swaggerUiFiles);
    else {
      // Looked up only for a Node model, the only one whose tree has these.
      node ??= nodeArtefacts(artefacts);
      if (artefact === 'node-worker') tree.push({ imagePath, copyFrom: node.worker });
      else inDirectory(imagePath, node.sdkFiles);
    }
  }
  return tree;
}

/**
 * The runtime tree (coglet.mjs and swagger-ui/, and for TypeScript runners the Node worker and cog-sdk) under
 * `<staging>/<dir>/`, laid out as in the image. Every file and directory gets a fixed mode and
 * mtime, so the `COPY --link <dir>/ /` layer has the same bytes for every model on every host.
 */
export async function stageRuntimeTree(
  staging: StagingDir,
  dir: string,
  files: ReadonlyArray<{ imagePath: string; copyFrom: string }>,
): Promise<void> {
  for (const file of files) {
    await writeStagedFile(staging, { path: `${dir}${file.imagePath}`, copyFrom: file.copyFrom });
  }
  const root = path.resolve(staging.dir, dir);
  // After all writes: writing a file changes its directory's mtime, setting times does not.
  const entries = (await readdir(root, { recursive: true, withFileTypes: true })).map((e) => ({
    file: path.join(e.parentPath, e.name),
    directory: e.isDirectory(),
  }));
  for (const { file, directory } of entries) {
    await chmod(file, directory ? 0o755 : 0o644);
    await utimes(file, RUNTIME_MTIME, RUNTIME_MTIME);
  }
  await chmod(root, 0o755);
  await utimes(root, RUNTIME_MTIME, RUNTIME_MTIME);
}

/** 2000-01-01T00:00:00Z: any fixed time works; some tools treat the epoch itself as unset. */
export const RUNTIME_MTIME = 946684800;

/** The ignore rules for the main build: the project's `.dockerignore`, then ours. */
export async function contextIgnoreRules(
  projectDir: string,
  extraExcludes: readonly string[] = [],
): Promise<string> {
  const own = await readFile(path.join(projectDir, '.dockerignore'), 'utf8').catch(() => '');
  const ours = [
    '# added by cog: the staging area and cog state never go into the build context',
    '.cog',
    ...extraExcludes,
  ];
  return `${own}${own === '' || own.endsWith('\n') ? '' : '\n'}${ours.join('\n')}\n`;
}

/** Writes `<dockerfile>.dockerignore` beside the Dockerfile (buildx reads it from there). */
export async function writeDockerfile(
  dockerfilePath: string,
  text: string,
  ignoreRules: string,
): Promise<void> {
  await mkdir(path.dirname(dockerfilePath), { recursive: true });
  await writeFile(dockerfilePath, text.endsWith('\n') ? text : `${text}\n`);
  await writeFile(`${dockerfilePath}.dockerignore`, ignoreRules);
}

/** Lists the staging dir (for --debug logs). */
export async function listStaged(staging: StagingDir): Promise<string[]> {
  return (await readdir(staging.dir)).sort();
}
