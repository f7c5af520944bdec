// Chooses how images are built: `docker buildx build` when the plugin is installed (BuildKit:
// secrets, cache mounts, named contexts on new engines), else the Engine API's classic builder
// through dockerode, for hosts without buildx. The fallback streams the context as a tar that
// honours `<Dockerfile>.dockerignore`, drops cache mounts, turns bind mounts into copies, and refuses secret mounts (the
// classic builder has no way to keep a secret out of a layer).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { BuildRequest } from './buildx-args.ts';
import { DEFAULT_PLATFORM } from './buildx-args.ts';
import { detectBuildx, runBuildx } from './buildx.ts';
import { bindMountsToCopies, stripCacheMounts, usesSecretMounts } from './dockerfile-compat.ts';
import { translateDockerError, type DockerClient } from './docker-client.ts';

export interface ImageBuilder {
  readonly kind: 'buildx' | 'engine';
  /** `--build-context` works (BuildKit >= 0.10). */
  readonly namedContexts: boolean;
  /** `COPY --link` works. */
  readonly copyLink: boolean;
  build(request: BuildRequest, signal?: AbortSignal): Promise<void>;
}

export async function selectImageBuilder(
  client: DockerClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ImageBuilder> {
  const info = env.COG_NO_BUILDX
    ? { available: false, namedContexts: false }
    : await detectBuildx();
  if (info.available) {
    return {
      kind: 'buildx',
      namedContexts: info.namedContexts,
      copyLink: info.namedContexts,
      build: (request, signal) =>
        runBuildx(request, { env, ...(signal === undefined ? {} : { signal }) }),
    };
  }
  return {
    kind: 'engine',
    namedContexts: false,
    copyLink: false,
    build: (request) => engineBuild(client, request),
  };
}

async function engineBuild(client: DockerClient, request: BuildRequest): Promise<void> {
  if ((request.secrets ?? []).length > 0) {
    throw new CogError(
      'BUILD_FAILED',
      'Failed to build Docker image: build secrets need BuildKit',
      {
        hint: 'Install the docker buildx plugin (e.g. `apt-get install docker-buildx`).',
      },
    );
  }
  const original = await readFile(request.dockerfile, 'utf8');
  if (usesSecretMounts(original)) {
    throw new CogError(
      'BUILD_FAILED',
      'Failed to build Docker image: RUN --mount=type=secret needs BuildKit',
      {
        hint: 'Install the docker buildx plugin (e.g. `apt-get install docker-buildx`).',
      },
    );
  }
  const dockerfile = bindMountsToCopies(stripCacheMounts(original));
  const ignoreRules = await readFile(`${request.dockerfile}.dockerignore`, 'utf8').catch(() => '');
  const ignoreModule = (await import('ignore')) as unknown as {
    default: () => import('ignore').Ignore;
  };
  const matcher = ignoreModule.default().add(ignoreRules);
  // CommonJS module: its exports sit on `default` when bundled, at the top level from source.
  const tarFs = (await import('tar-fs')) as typeof import('tar-fs') & {
    default?: typeof import('tar-fs');
  };
  const pack = tarFs.default?.pack ?? tarFs.pack;
  const contextDir = path.resolve(request.contextDir);
  const dockerfileName = '.cog-engine-build.Dockerfile';
  const tar = pack(contextDir, {
    ignore: (name) => {
      const rel = path.relative(contextDir, name);
      return rel !== '' && matcher.ignores(rel);
    },
    finalize: false,
    finish: (p) => {
      p.entry({ name: dockerfileName }, dockerfile);
      p.finalize();
    },
  });
  const quiet = request.progress === 'quiet';
  try {
    const stream = await client.api.buildImage(tar, {
      t: request.tag,
      dockerfile: dockerfileName,
      labels: { ...(request.labels ?? {}) },
      buildargs: { ...(request.buildArgs ?? {}) },
      nocache: request.noCache === true,
      platform: request.platform ?? DEFAULT_PLATFORM,
    });
    await new Promise<void>((resolve, reject) => {
      client.api.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: { stream?: string; error?: string }) => {
          if (event.error !== undefined) reject(new Error(event.error));
          else if (event.stream !== undefined && !quiet) process.stderr.write(event.stream);
        },
      );
    });
  } catch (error) {
    throw new CogError(
      'BUILD_FAILED',
      `Failed to build Docker image: ${translateDockerError(error, { host: client.host }).message}`,
      { cause: error },
    );
  }
}
