// Which CLI process owns a container: labels written at create time (host, boot, pid namespace,
// pid, the pid's start time) and the pure rule that decides, from those labels and a process probe, whether
// the owner is certainly gone. The reaper (orphan-reaper.ts) removes such containers; the
// lifeline (container-lifeline.ts) normally ends them first, this is the backstop.
import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';

export const OWNER_PID_LABEL = 'run.cog.cli.pid';
export const OWNER_HOST_LABEL = 'run.cog.cli.host';
export const OWNER_BOOT_LABEL = 'run.cog.cli.boot-id';
/** Pids mean something only within one pid namespace (a CLI in a container shares the host name). */
export const OWNER_PID_NS_LABEL = 'run.cog.cli.pid-ns';
/** The pid's start time (clock ticks since boot), so a recycled pid is not taken for the owner. */
export const OWNER_STARTED_LABEL = 'run.cog.cli.pid-started';

export interface ContainerOwner {
  pid: number;
  host: string;
  /** `''` where the OS does not tell (not Linux). */
  bootId: string;
  /** `pid:[4026531836]`; `''` where the OS does not tell. */
  pidNamespace: string;
  /** `''` where the OS does not tell. */
  started: string;
}

export function ownerLabels(owner: ContainerOwner): Record<string, string> {
  return {
    [OWNER_PID_LABEL]: String(owner.pid),
    [OWNER_HOST_LABEL]: owner.host,
    [OWNER_BOOT_LABEL]: owner.bootId,
    [OWNER_PID_NS_LABEL]: owner.pidNamespace,
    [OWNER_STARTED_LABEL]: owner.started,
  };
}

export interface ProcessProbe {
  /** True when a process with this pid exists (whoever owns it). */
  alive(pid: number): boolean;
  /** The pid's start time as in OWNER_STARTED_LABEL, `''` when unknown. */
  started(pid: number): string;
}

/**
 * True only when the owning CLI is certainly gone: same host, and either the machine rebooted
 * since, or (in the same pid namespace) the pid is dead or now belongs to a later process.
 * Containers of other hosts (a shared remote daemon), of other pid namespaces, and without
 * owner labels are never orphans.
 */
export function isOrphaned(
  labels: Readonly<Record<string, string>>,
  self: ContainerOwner,
  probe: ProcessProbe,
): boolean {
  const pid = Number(labels[OWNER_PID_LABEL]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (labels[OWNER_HOST_LABEL] !== self.host) return false;
  const bootId = labels[OWNER_BOOT_LABEL] ?? '';
  if (bootId !== '' && self.bootId !== '' && bootId !== self.bootId) return true;
  if ((labels[OWNER_PID_NS_LABEL] ?? '') !== self.pidNamespace) return false;
  if (pid === self.pid) return false;
  if (!probe.alive(pid)) return true;
  const started = labels[OWNER_STARTED_LABEL] ?? '';
  const now = started === '' ? '' : probe.started(pid);
  return started !== '' && now !== '' && now !== started;
}

/** This process, as the owner labels describe it. */
export function currentOwner(): ContainerOwner {
  return {
    pid: process.pid,
    host: os.hostname(),
    bootId: readOr('/proc/sys/kernel/random/boot_id', '').trim(),
    pidNamespace: linkOr('/proc/self/ns/pid', ''),
    started: startTimeOf(process.pid),
  };
}

export const processProbe: ProcessProbe = {
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists, it is someone else's.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  started: startTimeOf,
};

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces and parentheses. */
export function parseStartTime(stat: string): string {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

function startTimeOf(pid: number): string {
  const stat = readOr(`/proc/${pid}/stat`, '');
  return stat === '' ? '' : parseStartTime(stat);
}

function linkOr(file: string, fallback: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return fallback;
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
