// The Engine API create options for every container Cog starts (cli.md §6.1), computed by a
// pure function from a small spec so the rules (GPUs, ports, binds, env) are table-tested.
import type Dockerode from 'dockerode';
import { CogError } from '../cog-error.ts';
import { DEFAULT_PLATFORM } from './buildx-args.ts';

/** Every container we create carries this label, so leftovers are easy to find (and tests check none remain). */
export const OWNER_LABEL = 'run.cog.cli';

export interface PortBinding {
  containerPort: number;
  /** Host address to publish on (127.0.0.1 unless the user asked otherwise). */
  hostIp: string;
  /** 0 lets Docker pick a free port. */
  hostPort: number;
}

export interface ContainerSpec {
  image: string;
  /** Replaces the image CMD; the image ENTRYPOINT (tini) stays. */
  cmd?: readonly string[];
  env?: readonly string[];
  workdir?: string;
  /** `host:container` or `host:container:ro`. */
  binds?: readonly string[];
  ports?: readonly PortBinding[];
  /** `--gpus` value: '' (none), `all`, a count, or `device=0,1`. */
  gpus?: string;
  tty?: boolean;
  /** Keep stdin open for an attached run. */
  stdin?: boolean;
  extraHosts?: readonly string[];
  autoRemove?: boolean;
  labels?: Readonly<Record<string, string>>;
}

const SHM_SIZE = 6 * 1024 * 1024 * 1024;

export function containerCreateOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of spec.ports ?? []) {
    const key = `${port.containerPort}/tcp`;
    exposed[key] = {};
    (bindings[key] ??= []).push({
      HostIp: port.hostIp,
      HostPort: port.hostPort === 0 ? '' : String(port.hostPort),
    });
  }
  const interactive = spec.stdin === true;
  const options: Dockerode.ContainerCreateOptions = {
    Image: spec.image,
    platform: DEFAULT_PLATFORM,
    Env: [...(spec.env ?? [])],
    Labels: { [OWNER_LABEL]: 'true', ...(spec.labels ?? {}) },
    Tty: spec.tty === true,
    OpenStdin: interactive,
    StdinOnce: interactive,
    AttachStdin: interactive,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: exposed,
    HostConfig: {
      AutoRemove: spec.autoRemove ?? true,
      ShmSize: SHM_SIZE,
      Binds: [...(spec.binds ?? [])],
      PortBindings: bindings,
      ExtraHosts: [...(spec.extraHosts ?? [])],
      DeviceRequests: gpuDeviceRequests(spec.gpus ?? ''),
    },
  };
  if (spec.cmd !== undefined) options.Cmd = [...spec.cmd];
  if (spec.workdir !== undefined) options.WorkingDir = spec.workdir;
  return options;
}

/** `docker run --gpus` semantics: `all`, a count, or `device=0,1`. */
export function gpuDeviceRequests(gpus: string): Dockerode.DeviceRequest[] {
  const value = gpus.trim();
  if (value === '') return [];
  const base = { Driver: 'nvidia', Capabilities: [['gpu']] };
  if (value === 'all') return [{ ...base, Count: -1 }];
  if (/^\d+$/.test(value)) return [{ ...base, Count: Number(value) }];
  const devices = /^"?device=([^"]+)"?$/.exec(value)?.[1];
  if (devices !== undefined)
    return [{ ...base, DeviceIDs: devices.split(',').map((d) => d.trim()) }];
  throw new CogError('INVALID_GPUS', `invalid GPU specification: "${gpus}"`, {
    hint: 'Use --gpus all, --gpus 2 or --gpus device=0,1.',
  });
}

/** The GPU default: `--gpus` if given, else `all` when the model needs a GPU. */
export function effectiveGpus(flag: string | undefined, modelUsesGpu: boolean): string {
  if (flag !== undefined && flag !== '') return flag;
  return modelUsesGpu ? 'all' : '';
}
