// How many processes the kernel's OOM killer has killed in this container's memory cgroup, so a
// worker that died of SIGKILL can be told apart from one that ran out of memory. cgroup v2 keeps
// the counter in memory.events, v1 in memory.oom_control (kernel 4.13+); both as `oom_kill N`.
// Outside a container or without the memory controller there is no counter, and nothing is claimed.
import { readFileSync } from 'node:fs';

export const CGROUP_OOM_FILES = [
  '/sys/fs/cgroup/memory.events',
  '/sys/fs/cgroup/memory/memory.oom_control',
] as const;

/** The `oom_kill N` line of memory.events / memory.oom_control. */
export function parseOomKillCount(text: string): number | undefined {
  const match = /^oom_kill (\d+)$/m.exec(text);
  return match === null ? undefined : Number(match[1]);
}

/** The first counter found among `files`; undefined when none is readable. */
export function readOomKillCount(files: readonly string[] = CGROUP_OOM_FILES): number | undefined {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const count = parseOomKillCount(text);
    if (count !== undefined) return count;
  }
  return undefined;
}

/** How a worker exit is worded in errors and logs: `signal SIGKILL`, `exit code 3`, or out of memory. */
export function describeWorkerExit(
  code: number | null,
  signal: string | null,
  oomKilled: boolean,
): string {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  return oomKilled ? `out of memory: killed by the OOM killer, ${how}` : how;
}

/** A SIGKILL (or the 137 a shell reports for one) while the cgroup's OOM-kill counter went up. */
export function diedOfOom(
  code: number | null,
  signal: string | null,
  before: number | undefined,
  after: number | undefined,
): boolean {
  const killed = signal === 'SIGKILL' || code === 137;
  return killed && before !== undefined && after !== undefined && after > before;
}
