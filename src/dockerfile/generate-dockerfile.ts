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
import { envLine, oneLine, oneWord, shellWord } from './dockerfile-quote.ts';
import { COGLET_PATH, serverCommand } from '../server-command.ts';

const APT_CACHE = '--mount=type=cache,target=/var/cache/apt,sharing=locked';
const CFLAGS_ON = 'ENV CFLAGS="-O3 -funroll-loops -fno-strict-aliasing -flto -S"';
const CFLAGS_OFF = 'ENV CFLAGS=';
const STRIP_SUFFIX =
  ' && find / -type f -name "*python*.so" -not -name "*cpython*.so" -exec strip -S {} \\;';
export { COGLET_PATH };

export function generateDockerfile(plan: BuildPlan): string {
  return joinSections([
    plan.syntax ? `#syntax=${oneWord(plan.syntax, 'the syntax directive')}` : '',
    plan.separateWeights
      ? `FROM ${oneWord(plan.separateWeights.imageName, 'the weights image')} AS weights`
      : '',
    initialSteps(plan),
    weightsCopies(plan),
    modelTail(plan),
  ]);
}

/** Everything up to (not including) `WORKDIR /src`: base, system, Python, SDK, runtime, run. */
export function initialSteps(plan: BuildPlan): string {
  const onCogBase = plan.baseImage.kind === 'cog-base';
  return joinSections([
    `FROM ${oneWord(plan.baseImage.ref, 'the base image')}`,
    onCogBase ? '' : preamble(),
    caCertificate(plan),
    onCogBase ? '' : tini(),
    envLine(plan.environment),
    aptInstall(plan.systemPackages),
    plan.baseImage.kind === 'cuda' ? pythonOnCuda(plan) : uv(plan),
    plan.preInstall.map((c) => runLine({ command: c })).join('\n'),
    pythonRequirements(plan),
    nodeRuntime(plan),
    sdkInstall(plan),
    plan.precompile ? precompile() : '',
    onCogBase ? '' : ldconfig(),
    plan.runCommands.map(runLine).join('\n'),
  ]);
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
  ].join('\n');
}

/** tini as PID 1, from the distribution's package (the original downloaded it from GitHub). */
function tini(): string {
  return [
    `RUN ${APT_CACHE} apt-get update -qq && apt-get install -qqy --no-install-recommends tini && rm -rf /var/lib/apt/lists/*`,
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
    `COPY --from=${oneWord(plan.uvImage, 'the uv image')} /uv /uvx /usr/local/bin/`,
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
    `COPY --from=${plan.uvImage} /uv /uvx /usr/local/bin/`,
    'ENV UV_SYSTEM_PYTHON=true',
    `RUN uv python install ${version} && \\`,
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
      `RUN --mount=type=cache,target=/root/.cache/pip uv run pip install ${installFlags(plan)}--cache-dir /root/.cache/pip -r /tmp/requirements.txt`,
    ),
    // A vendored cog wheel among the local artifacts would shadow the managed SDK.
    local ? `RUN uv pip uninstall ${installFlags(plan)}cog coglet` : '',
  ]);
}

function nodeRuntime(plan: BuildPlan): string {
  return `COPY --from=${oneWord(plan.runtime.nodeImage, 'the node image')} /usr/local/bin/node /usr/local/bin/node`;
}

function sdkInstall(plan: BuildPlan): string {
  const uvInstall = `RUN --mount=type=cache,target=/root/.cache/uv uv pip install ${installFlags(plan)}`;
  const sdk = plan.sdk;
  let install: string;
  switch (sdk.kind) {
    case 'wheel-file': {
      const file = oneWord(sdk.fileName, 'the SDK wheel file name');
      install = joinSections([
        `COPY --from=cog_build ${file} /tmp/${file}`,
        bracketed(plan, `${uvInstall}--no-cache ${shellWord(`/tmp/${file}`)}`),
      ]);
      break;
    }
    case 'pypi':
      install = bracketed(
        plan,
        `${uvInstall}${sdk.pre ? '--pre ' : ''}--no-cache ${shellWord(`cog${sdk.version ? `==${sdk.version}` : ''}`)}`,
      );
      break;
    case 'url':
      install = bracketed(plan, `${uvInstall}--no-cache ${shellWord(sdk.url)}`);
      break;
  }
  const coglet = oneWord(plan.runtime.cogletFile, 'the runtime file name');
  return joinSections([install, `COPY --from=cog_build ${coglet} ${COGLET_PATH}`]);
}

function precompile(): string {
  return 'RUN find / -type f -name "*.py[co]" -delete && find / -type f -name "*.py" -exec touch -t 197001010000 {} \\; && find / -type f -name "*.py" -printf "%h\\n" | sort -u | /usr/bin/python3 -m compileall --invalidation-mode timestamp -o 2 -j 0';
}

function ldconfig(): string {
  return 'RUN find / -type f -name "*python*.so" -printf "%h\\n" | sort -u > /etc/ld.so.conf.d/cog.conf && ldconfig';
}

export function runLine(item: RunCommand): string {
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
  return ['RUN', ...mounts, command].join(' ');
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
