// Turns a BuildPlan into Dockerfile text. Pure: no I/O, no environment, no clock. One small
// function per section, called in image order; empty sections are dropped, lines are joined
// with "\n" and there is no trailing newline (as the original). See docs/dockerfile.md for the
// full layout and how it differs from the original Cog's. Every interpolated value passes a
// guard from dockerfile-quote.ts (one line, one word, or shell-quoted), so a value that got
// past the config checks still cannot add an instruction.
import { CogError } from '../cog-error.ts';
import type { RunCommand } from '../config/config-types.ts';
import { runCommandProblem, secretIdProblem, secretTargetProblem } from '../config/index.ts';
import type { BuildPlan } from './build-plan.ts';
import { envLine, mountField, oneLine, oneWord, shellWord } from './dockerfile-quote.ts';
import { COGLET_PATH, serverCommand } from '../server-command.ts';

const APT_CACHE = '--mount=type=cache,target=/var/cache/apt,sharing=locked';
const CFLAGS_ON = 'ENV CFLAGS="-O3 -funroll-loops -fno-strict-aliasing -flto -S"';
const CFLAGS_OFF = 'ENV CFLAGS=';
const STRIP_SUFFIX =
  ' && find / -type f -name "*python*.so" -not -name "*cpython*.so" -exec strip -S {} \\;';
export { COGLET_PATH };
/** Staged name (in `.cog/build`, Node base only) and image paths of the Node model files. */
export const NODE_SDK_DIR = 'cog-sdk';
const NODE_WORKER_PATH = '/usr/local/lib/cog/coglet-worker.mjs';
/** The gzipped Swagger UI files of GET /docs, which coglet.mjs reads from beside itself. */
const SWAGGER_UI_PATH = '/usr/local/lib/cog/swagger-ui';
/** cog-sdk where every predictor resolves it. */
const NODE_SDK_PATH = '/node_modules/cog-sdk';
const NODE_SCHEMA_DIR = '/usr/local/lib/cog/schema';
const NPM_DIR = '/usr/local/lib/cog/npm';

export function generateDockerfile(plan: BuildPlan): string {
  return joinSections([
    plan.syntax ? `#syntax=${oneWord(plan.syntax, 'the syntax directive')}` : '',
    plan.separateWeights
      ? `FROM ${oneWord(plan.separateWeights.imageName, 'the weights image')} AS weights`
      : '',
    nodeStage(plan),
    initialSteps(plan),
    weightsCopies(plan),
    modelTail(plan),
  ]);
}

/** Everything up to (not including) `WORKDIR /src`: base, system, Python, SDK, runtime, run. */
export function initialSteps(plan: BuildPlan): string {
  if (plan.baseImage.kind === 'node') return nodeInitialSteps(plan);
  const onCogBase = plan.baseImage.kind === 'cog-base';
  // The runtime (node, the SDK, coglet.mjs) comes right after the base's own setup and before
  // anything of the user's, and its COPY layers are `--link`ed with fixed metadata: every model
  // on the same base has the same runtime layers, which a host stores and pulls once.
  const uvMounted = [uvMount(plan)];
  return joinSections([
    `FROM ${oneWord(plan.baseImage.ref, 'the base image')}`,
    onCogBase ? '' : preamble(),
    caCertificate(plan),
    onCogBase ? '' : tini(),
    plan.baseImage.kind === 'cuda' ? pythonOnCuda(plan) : uv(plan),
    NODE_RUNTIME_COPY,
    sdkInstall(plan),
    runtimeCopy(plan),
    envLine(plan.environment),
    aptInstall(plan.systemPackages),
    plan.preInstall.map((c) => runLine({ command: c }, uvMounted)).join('\n'),
    pythonRequirements(plan),
    nodeSchemas(plan),
    plan.precompile ? precompile() : '',
    onCogBase ? '' : ldconfig(),
    plan.runCommands.map((c) => runLine(c, uvMounted)).join('\n'),
  ]);
}

/** Node's stage name, and where the stripped binary is in it. */
const NODE_STAGE = 'cog-node';
const NODE_BINARY = '/usr/local/bin/node';
/** The stage's tree copied to `/`: the directories come with it, so they have fixed metadata too. */
const NODE_TREE = '/cog-node';

/**
 * The node binary, stripped of its symbol tables and debug info (18 MB of the 127 MB), with a
 * fixed mtime so its layer has the same bytes on every host. Stripping needs binutils, which
 * slim images lack; the stage is the same for every model, so BuildKit runs it once per host.
 * Node models run on the Node image itself and copy no binary.
 */
function nodeStage(plan: BuildPlan): string {
  if (plan.baseImage.kind === 'node') return '';
  return [
    `FROM ${oneWord(plan.runtime.nodeImage, 'the node image')} AS ${NODE_STAGE}`,
    `RUN ${APT_CACHE} apt-get update -qq && apt-get install -qqy --no-install-recommends binutils && strip --strip-all ${NODE_BINARY} && ${NODE_BINARY} --version && mkdir -p ${NODE_TREE}/usr/local/bin && cp ${NODE_BINARY} ${NODE_TREE}${NODE_BINARY} && find ${NODE_TREE} -exec touch -h -d @0 {} +`,
  ].join('\n');
}

/**
 * uv is mounted into the steps that need it rather than copied into the image (57 MB no model
 * uses at run time); `build.run` and `pre_install` steps get it too, so commands written for
 * the original's image, which had uv on PATH, keep working.
 */
function uvMount(plan: BuildPlan): string {
  return `--mount=from=${mountField(plan.uvImage, 'the uv image')},source=/uv,target=/usr/local/bin/uv`;
}

function joinSections(sections: string[]): string {
  return sections.filter((s) => s !== '').join('\n');
}

function preamble(): string {
  return [
    'ENV DEBIAN_FRONTEND=noninteractive',
    'ENV PYTHONUNBUFFERED=1',
    'ENV LD_LIBRARY_PATH=$LD_LIBRARY_PATH:/usr/lib/x86_64-linux-gnu:/usr/local/nvidia/lib64:/usr/local/nvidia/bin',
    'ENV NVIDIA_DRIVER_CAPABILITIES=all',
  ].join('\n');
}

function caCertificate(plan: BuildPlan): string {
  if (!plan.caCert) return '';
  return [
    'COPY --from=cog_build cog-ca-cert.crt /tmp/cog-ca-cert.crt',
    'RUN cp /tmp/cog-ca-cert.crt /usr/local/share/ca-certificates/cog-ca-cert.crt && update-ca-certificates && cat /tmp/cog-ca-cert.crt >> /etc/ssl/certs/ca-certificates.crt',
    'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
    'ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt',
    // curl reads the same bundle by default on Debian; said explicitly for other bases.
    'ENV CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt',
  ].join('\n');
}

/**
 * tini as PID 1, from the distribution's package (the original downloaded it from GitHub), and
 * curl, which the original installed to fetch tini and which users' `build.run` steps and
 * healthchecks rely on.
 */
function tini(): string {
  return [
    `RUN ${APT_CACHE} apt-get update -qq && apt-get install -qqy --no-install-recommends tini curl && rm -rf /var/lib/apt/lists/*`,
    'ENTRYPOINT ["/usr/bin/tini", "--"]',
  ].join('\n');
}

function aptInstall(packages: string[]): string {
  if (packages.length === 0) return '';
  // An item may name several packages ("libgl1 libsm6"); each word is one shell word.
  const words = packages.flatMap((p) => p.trim().split(/[ \t]+/)).map(shellWord);
  return `RUN ${APT_CACHE} apt-get update -qq && apt-get install -qqy ${words.join(' ')} && rm -rf /var/lib/apt/lists/*`;
}

function uv(plan: BuildPlan): string {
  return [
    'ENV UV_SYSTEM_PYTHON=true',
    plan.linkPython ? 'RUN ln -sf /usr/bin/python3 /usr/local/bin/python' : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** nvidia/cuda images have no Python: install the requested one with uv and put it on PATH. */
function pythonOnCuda(plan: BuildPlan): string {
  const version = shellWord(plan.pythonVersion);
  return [
    `RUN ${APT_CACHE} apt-get update -qq && apt-get install -qqy --no-install-recommends \\`,
    '\twget \\',
    '\tcurl \\',
    '\txz-utils \\',
    '\tgit \\',
    '\tca-certificates \\',
    '\t&& rm -rf /var/lib/apt/lists/*',
    'ENV UV_SYSTEM_PYTHON=true',
    `RUN ${uvMount(plan)} uv python install ${version} && \\`,
    `\tln -sf $(uv python find ${version}) /usr/bin/python3 && \\`,
    `\tln -sf $(uv python find ${version}) /usr/local/bin/python`,
    `ENV UV_PYTHON=${version}`,
    'ENV PATH="/usr/local/bin:$PATH"',
  ].join('\n');
}

function installFlags(plan: BuildPlan): string {
  return plan.breakSystemPackages ? '--break-system-packages ' : '';
}

function bracketed(plan: BuildPlan, run: string): string {
  return [CFLAGS_ON, run + (plan.strip ? STRIP_SUFFIX : ''), CFLAGS_OFF].join('\n');
}

/** User packages go in before the SDK and runtime so that their (slow) layer stays cached. */
function pythonRequirements(plan: BuildPlan): string {
  if (!plan.requirements) return '';
  const local = plan.requirements.hasLocalArtifacts;
  return joinSections([
    local ? 'COPY --from=cog_build local_package_artifacts/ /tmp/local_package_artifacts/' : '',
    'COPY --from=cog_build requirements.txt /tmp/requirements.txt',
    bracketed(
      plan,
      `RUN --mount=type=cache,target=/root/.cache/pip ${uvMount(plan)} uv run pip install ${installFlags(plan)}--cache-dir /root/.cache/pip -r /tmp/requirements.txt`,
    ),
    // A vendored cog wheel among the local artifacts would shadow the managed SDK.
    local ? `RUN ${uvMount(plan)} uv pip uninstall ${installFlags(plan)}cog coglet` : '',
  ]);
}

const NODE_RUNTIME_COPY = `COPY --link --from=${NODE_STAGE} ${NODE_TREE}/ /`;

function sdkInstall(plan: BuildPlan): string {
  const uvInstall = (mounts = '') =>
    `RUN --mount=type=cache,target=/root/.cache/uv ${uvMount(plan)} ${mounts}uv pip install ${installFlags(plan)}`;
  const sdk = plan.sdk;
  if (sdk === undefined) return '';
  let install: string;
  switch (sdk.kind) {
    case 'wheel-file': {
      // Mounted for the install only: a copied wheel would stay in the image as its own layer.
      const file = mountField(sdk.fileName, 'the SDK wheel file name');
      const mount = `--mount=from=cog_build,source=${file},target=/tmp/${file} `;
      install = bracketed(plan, `${uvInstall(mount)}--no-cache ${shellWord(`/tmp/${file}`)}`);
      break;
    }
    case 'pypi':
      install = bracketed(
        plan,
        `${uvInstall()}${sdk.pre ? '--pre ' : ''}--no-cache ${shellWord(`cog${sdk.version ? `==${sdk.version}` : ''}`)}`,
      );
      break;
    case 'url':
      install = bracketed(plan, `${uvInstall()}--no-cache ${shellWord(sdk.url)}`);
      break;
  }
  return install;
}

/**
 * What goes into the runtime tree (`plan.runtime.dir`, copied to `/`): image paths and the
 * artefact of this CLI each one is (a directory for swagger-ui and node-sdk). src/image stages
 * them with fixed metadata (directories included), so the `--link`ed layer has the same bytes
 * for every model on every host. On the Node base, cog-sdk is copied on its own after the npm
 * step (see nodeInitialSteps).
 */
export function runtimeFiles(
  plan: BuildPlan,
): Array<{ imagePath: string; artefact: 'coglet' | 'swagger-ui' | 'node-worker' | 'node-sdk' }> {
  const files: ReturnType<typeof runtimeFiles> = [
    { imagePath: COGLET_PATH, artefact: 'coglet' },
    { imagePath: SWAGGER_UI_PATH, artefact: 'swagger-ui' },
  ];
  if (plan.node === undefined) return files;
  files.push({ imagePath: NODE_WORKER_PATH, artefact: 'node-worker' });
  if (plan.baseImage.kind !== 'node')
    files.push({ imagePath: NODE_SDK_PATH, artefact: 'node-sdk' });
  return files;
}

function runtimeCopy(plan: BuildPlan): string {
  return `COPY --link --from=cog_build ${oneWord(plan.runtime.dir, 'the runtime directory')}/ /`;
}

/**
 * A TypeScript/JavaScript runner without Python: the Node image has node (and npm), so there is
 * no uv, no SDK wheel and no copied node binary. Debian-based, so tini and apt work as usual.
 */
function nodeInitialSteps(plan: BuildPlan): string {
  return joinSections([
    `FROM ${oneWord(plan.baseImage.ref, 'the base image')}`,
    'ENV DEBIAN_FRONTEND=noninteractive',
    nodeCaCertificate(plan),
    tini(),
    runtimeCopy(plan),
    envLine(plan.environment),
    aptInstall(plan.systemPackages),
    plan.preInstall.map((c) => runLine({ command: c })).join('\n'),
    npmDependencies(plan),
    // After the npm step, which moves its node_modules to /node_modules.
    nodeSdkCopy(plan),
    nodeSchemas(plan),
    plan.runCommands.map((c) => runLine(c)).join('\n'),
  ]);
}

/** Node reads extra CAs from one file; the slim image may lack ca-certificates for the rest. */
function nodeCaCertificate(plan: BuildPlan): string {
  if (!plan.caCert) return '';
  return [
    'COPY --from=cog_build cog-ca-cert.crt /usr/local/share/ca-certificates/cog-ca-cert.crt',
    'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/cog-ca-cert.crt',
  ].join('\n');
}

/**
 * The project's npm dependencies, installed into /node_modules: Node resolves packages from
 * every parent directory of /src/run.ts, and a dev run's bind mount over /src cannot hide them.
 * User packages go in before the runtime files so that their (slow) layer stays cached.
 */
function npmDependencies(plan: BuildPlan): string {
  const deps = plan.node?.dependencies;
  if (deps === undefined) return '';
  const install = deps.lockFile
    ? 'npm ci --omit=dev --no-audit --no-fund'
    : 'npm install --omit=dev --no-audit --no-fund --no-package-lock';
  return joinSections([
    `COPY --from=cog_build npm/ ${NPM_DIR}/`,
    `RUN --mount=type=cache,target=/root/.npm cd ${NPM_DIR} && ${install} && mkdir -p node_modules && mv node_modules /node_modules`,
  ]);
}

/** cog-sdk on the Node base (elsewhere it is in the runtime tree). */
function nodeSdkCopy(plan: BuildPlan): string {
  if (plan.node === undefined) return '';
  return `COPY --link --from=cog_build ${NODE_SDK_DIR}/ ${NODE_SDK_PATH}/`;
}

/** The model's own schemas (computed on the host), with the user's layers. */
function nodeSchemas(plan: BuildPlan): string {
  if (plan.node === undefined || plan.node.schemaModes.length === 0) return '';
  return `COPY --from=cog_build schema/ ${NODE_SCHEMA_DIR}/`;
}

function precompile(): string {
  return 'RUN find / -type f -name "*.py[co]" -delete && find / -type f -name "*.py" -exec touch -t 197001010000 {} \\; && find / -type f -name "*.py" -printf "%h\\n" | sort -u | /usr/bin/python3 -m compileall --invalidation-mode timestamp -o 2 -j 0';
}

function ldconfig(): string {
  return 'RUN find / -type f -name "*python*.so" -printf "%h\\n" | sort -u > /etc/ld.so.conf.d/cog.conf && ldconfig';
}

/** One `build.run` item as a RUN line; `extraMounts` (the uv mount) follow its own mounts. */
export function runLine(item: RunCommand, extraMounts: readonly string[] = []): string {
  const command = item.command.trim();
  if (command.includes('\n')) {
    throw new CogError(
      'RUN_COMMAND_NEWLINE',
      `One of the commands in 'run' contains a new line, which won't work. You need to create a new list item in YAML prefixed with '-' for each command.\n\nThis is the offending line: ${command}`,
    );
  }
  // The config stage reports these with positions; here they only guard the output.
  const problem =
    runCommandProblem(command) ??
    (item.mounts ?? [])
      .map((m) => secretIdProblem(m.id) ?? secretTargetProblem(m.target))
      .find((p) => p !== undefined);
  if (problem !== undefined) {
    throw new CogError(
      'DOCKERFILE_UNSAFE_VALUE',
      `build.run command ${JSON.stringify(command)}: ${problem}`,
    );
  }
  const mounts = (item.mounts ?? [])
    .filter((m) => m.type === 'secret')
    .map((m) => `--mount=type=secret,id=${m.id},target=${m.target}`);
  return ['RUN', ...mounts, ...extraMounts, command].join(' ');
}

function weightsCopies(plan: BuildPlan): string {
  if (!plan.separateWeights) return '';
  return plan.separateWeights.entries
    .map(({ path }) => oneLine(path, 'a weights path'))
    .map((path) => `COPY --from=weights --link /src/${path} /src/${path}`)
    .join('\n');
}

function modelTail(plan: BuildPlan): string {
  return joinSections([
    'WORKDIR /src',
    'EXPOSE 5000',
    plan.predict ? `ENV COG_PREDICT_TYPE_STUB=${stubValue(plan.predict)}` : '',
    plan.train ? `ENV COG_TRAIN_TYPE_STUB=${stubValue(plan.train)}` : '',
    plan.concurrencyMax && plan.concurrencyMax > 0
      ? `ENV COG_MAX_CONCURRENCY=${plan.concurrencyMax}`
      : '',
    `CMD ${JSON.stringify(serverCommand(plan.runnerLanguage)).replaceAll(',', ', ')}`,
    plan.dev ? '' : 'COPY . /src',
    // The runtime reads /src/cog.yaml; the copy needs the project files, so release builds only.
    !plan.dev && plan.configFileName !== 'cog.yaml'
      ? `RUN cp ${shellWord(`/src/${plan.configFileName}`)} /src/cog.yaml`
      : '',
  ]);
}

function stubValue(ref: string): string {
  return `"${oneLine(ref, 'the runner reference').replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}
