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
