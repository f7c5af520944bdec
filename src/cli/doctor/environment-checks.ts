// The `Environment` group of `cog doctor`: a reachable Docker daemon (through the image
// stage's client, imported only here), the local Python against cog.yaml, and a GPU when
// cog.yaml asks for one. Each probe has a 5 s limit so a hung daemon cannot hang doctor.
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DoctorCheck, DoctorProject, Finding } from './doctor-check.ts';

const PROBE_TIMEOUT_MS = 5000;

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; output: string; error: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, env }, (error, stdout, stderr) => {
      const reason =
        error === null
          ? ''
          : error.killed
            ? 'signal: killed'
            : typeof error.code === 'number'
              ? `exit status ${error.code}`
              : error.message;
      resolve({ ok: error === null, output: `${stdout}${stderr}`.trim(), error: reason });
    });
  });
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within 5 seconds`)),
      PROBE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const docker: DoctorCheck = {
  group: 'Environment',
  description: 'Docker',
  async run(project) {
    if (project.env['COG_SKIP_DOCKER_CHECK']) return [];
    const { connectDocker } = await import('../../image/docker-client.ts');
    try {
      await withTimeout(connectDocker(project.env), 'the Docker daemon');
      return [];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [
        {
          severity: 'error',
          message: `Docker is not available: ${message}`,
          remediation:
            'Install Docker (https://docs.docker.com/get-docker/) and ensure the daemon is running',
        },
      ];
    }
  },
};

/** The first of python3, python on PATH, as an absolute path. */
function findPython(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of ['python3', 'python']) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

// It checks the local Python, as the original does: a mismatch is only a warning, since the
// image uses the configured version.
const pythonVersion: DoctorCheck = {
  group: 'Environment',
  description: 'Python version',
  async run(project) {
    const python = findPython(project.env);
    if (python === undefined)
      return [
        {
          severity: 'warning',
          message: 'Python not found in PATH',
          remediation: 'Install Python 3.10+ or ensure it is on your PATH',
        },
      ];
    const local = await run(python, ['--version'], project.env);
    const version = /Python (\d+)\.(\d+)/.exec(local.output);
    if (!local.ok || version === null)
      return [
        {
          severity: 'warning',
          message: `could not determine Python version: ${local.ok ? `unexpected output ${JSON.stringify(local.output)}` : local.error}`,
          remediation: 'Ensure your Python installation is working correctly',
        },
      ];
    const wanted =
      project.parsed?.ok === true ? project.parsed.config.build?.python_version : undefined;
    if (wanted === undefined) return [];
    const [major, minor] = wanted.split('.');
    const localVersion = `${version[1]}.${version[2]}`;
    if (localVersion === `${major}.${minor}`) return [];
    return [
      {
        severity: 'warning',
        message: `local Python is ${localVersion} but ${project.configFile} specifies ${major}.${minor}`,
        remediation:
          'This is usually fine -- Docker builds use the configured version. Update cog.yaml or your local Python if needed.',
      },
    ] satisfies Finding[];
  },
};

/** Compute-capability floors (highest key ≤ the GPU's): the torch and CUDA that ship sm_ kernels. */
const KERNEL_FLOORS: ReadonlyArray<{ cap: number; torch: string; cuda: string }> = [
  { cap: 12.0, torch: '2.7.0', cuda: '12.8' },
  { cap: 10.0, torch: '2.7.0', cuda: '12.8' },
  { cap: 9.0, torch: '2.0.1', cuda: '11.8' },
];

function versionBelow(version: string, floor: string): boolean {
  const a = version.split('+')[0]?.split('.').map(Number) ?? [];
  const b = floor.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** The warnings for a pinned torch (and CUDA, if set) on GPUs of these compute capabilities. */
export function kernelFindings(
  torch: string,
  cuda: string | undefined,
  capabilities: readonly string[],
): Finding[] {
  const caps = [...new Set(capabilities.map((c) => c.trim()).filter((c) => /^\d+\.\d+$/.test(c)))];
  caps.sort((x, y) => Number(x) - Number(y));
  const out: Finding[] = [];
  for (const cap of caps) {
    const floor = KERNEL_FLOORS.find((f) => f.cap <= Number(cap));
    if (floor === undefined) continue;
    const tooOld =
      versionBelow(torch, floor.torch) || (cuda !== undefined && versionBelow(cuda, floor.cuda));
    if (!tooOld) continue;
    const sm = cap.replace('.', '');
    out.push({
      severity: 'warning',
      message: `torch==${torch} (CUDA ${cuda ?? 'unset'}) ships no kernels for sm_${sm}, the compute capability of this machine's GPU. The image will build, but every CUDA operation in it will fail at runtime with "no kernel image is available for execution on the device".`,
      remediation: `sm_${sm} requires torch>=${floor.torch} built against CUDA>=${floor.cuda}. Pin a newer torch, or set COG_SKIP_GPU_CHECK=1 if you are building for a different GPU than the one in this machine.`,
    });
  }
  return out;
}

function requirementLines(project: DoctorProject): string[] {
  const build = project.parsed?.ok === true ? project.parsed.config.build : undefined;
  const lines = [...(build?.python_packages ?? [])];
  if (build?.python_requirements !== undefined) {
    try {
      lines.push(
        ...readFileSync(path.resolve(project.projectDir, build.python_requirements), 'utf8').split(
          '\n',
        ),
      );
    } catch {
      // the config check reports a missing file
    }
  }
  return lines.map((l) => l.trim());
}

const gpu: DoctorCheck = {
  group: 'Environment',
  description: 'GPU compatibility',
  async run(project: DoctorProject) {
    if (project.env['COG_SKIP_GPU_CHECK']) return [];
    const build = project.parsed?.ok === true ? project.parsed.config.build : undefined;
    if (build?.gpu !== true) return [];
    const lines = requirementLines(project);
    const torch = lines
      .map((l) => /^torch\s*==\s*([\w.+]+)/.exec(l)?.[1])
      .find((v) => v !== undefined);
    if (torch === undefined) return [];
    const indexCuda = lines
      .map((l) => /--extra-index-url\s*=?\s*\S*\/cu(\d+)(\d)\/?$/.exec(l))
      .find((m) => m !== null);
    const cuda = build.cuda ?? (indexCuda == null ? undefined : `${indexCuda[1]}.${indexCuda[2]}`);
    const smi = await run(
      'nvidia-smi',
      ['--query-gpu=compute_cap', '--format=csv,noheader'],
      project.env,
    );
    if (!smi.ok) return [];
    return kernelFindings(torch, cuda, smi.output.split('\n'));
  },
};

export const environmentChecks: readonly DoctorCheck[] = [docker, pythonVersion, gpu];
