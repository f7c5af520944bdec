// Docker facts the scenarios assert: labels of an image, and that no container of ours is left.
import assert from 'node:assert/strict';
import { execa } from 'execa';

/** Label set on every container the CLI creates (src/image/container-options.ts). */
const OWNER_LABEL = 'run.cog.cli';

export async function imageLabels(image: string): Promise<Record<string, string>> {
  const result = await execa('docker', [
    'image',
    'inspect',
    image,
    '--format',
    '{{json .Config.Labels}}',
  ]);
  return JSON.parse(String(result.stdout)) as Record<string, string>;
}

export async function imageExists(image: string): Promise<boolean> {
  const result = await execa('docker', ['image', 'inspect', image], { reject: false });
  return result.exitCode === 0;
}

/** `docker ps -a` shows no container created by cog (running or stopped); checked right away, since the CLI waits for removal before it exits. */
export async function assertNoLeftoverContainers(): Promise<void> {
  const result = await execa('docker', ['ps', '-a', '-q', '--filter', `label=${OWNER_LABEL}`]);
  if (String(result.stdout).trim() === '') return;
  const listing = await execa('docker', ['ps', '-a', '--filter', `label=${OWNER_LABEL}`]);
  assert.fail(`containers left behind:\n${String(listing.stdout)}`);
}

/** Container ids with our label (running or not). */
export async function ourContainers(): Promise<string[]> {
  const result = await execa('docker', ['ps', '-a', '-q', '--filter', `label=${OWNER_LABEL}`]);
  return String(result.stdout)
    .split('\n')
    .filter((l) => l !== '');
}

/**
 * For paths where nobody is left to wait for removal (the CLI was SIGKILLed): polls until no
 * container of ours remains, fails after `timeoutMs`; resolves with the time it took.
 */
export async function waitForNoLeftoverContainers(timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await ourContainers()).length === 0) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await assertNoLeftoverContainers();
  return Date.now() - started;
}
