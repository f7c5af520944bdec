// The `Environment` group of `cog doctor`: a reachable Docker daemon (through the image
// stage's client, imported only here), the local Python against cog.yaml, and a GPU when
// cog.yaml asks for one. Each probe has a 5 s limit so a hung daemon cannot hang doctor.
import { execFile } from 'node:child_process';
import type { DoctorCheck, DoctorProject, Finding } from './doctor-check.ts';

const PROBE_TIMEOUT_MS = 5000;

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, env }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}`.trim() });
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
          remediation: 'Start Docker (or set DOCKER_HOST to a running daemon)',
        },
      ];
    }
  },
};

const pythonVersion: DoctorCheck = {
  group: 'Environment',
  description: 'Python version',
  async run(project) {
    const wanted =
      project.parsed?.ok === true ? project.parsed.config.build?.python_version : undefined;
    if (wanted === undefined) return [];
    const local = await run('python3', ['--version'], project.env);
    const version = /Python (\d+\.\d+)(\.\d+)?/.exec(local.output);
    if (!local.ok || version === null) return [];
    const [major, minor] = wanted.split('.');
    if (version[1] === `${major}.${minor}`) return [];
    return [
      {
        severity: 'warning',
        message: `local Python is ${version[1]}${version[2] ?? ''} but cog.yaml asks for ${wanted}; the model runs with ${wanted} in its container`,
        file: project.configFile,
      },
    ] satisfies Finding[];
  },
};

const gpu: DoctorCheck = {
  group: 'Environment',
  description: 'GPU compatibility',
  async run(project: DoctorProject) {
    if (project.env['COG_SKIP_GPU_CHECK']) return [];
    if (project.parsed?.ok !== true || project.parsed.config.build?.gpu !== true) return [];
    const smi = await run('nvidia-smi', ['-L'], project.env);
    if (smi.ok) return [];
    return [
      {
        severity: 'warning',
        message: 'build.gpu is true but nvidia-smi found no NVIDIA GPU on this machine',
        file: project.configFile,
        remediation:
          'Run the model on a machine with an NVIDIA GPU and the NVIDIA Container Toolkit',
      },
    ];
  },
};

export const environmentChecks: readonly DoctorCheck[] = [docker, pythonVersion, gpu];
