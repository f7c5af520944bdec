// The single executable `npm run build` writes (dist-bin/cog-<platform>-<arch>) runs where
// Node is not installed: PATH holds only docker and git, HOME and the cache are scratch dirs.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { removeImages } from './lib/project.ts';

const binary = path.join(repoRoot, 'dist-bin', `cog-${process.platform}-${process.arch}`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'cog-it-sea-'));
const bin = path.join(scratch, 'bin');
const project = path.join(scratch, 'sea-model');

async function which(tool: string): Promise<string> {
  return String((await execa('sh', ['-c', `command -v ${tool}`])).stdout).trim();
}

await mkdir(bin, { recursive: true });
await mkdir(project, { recursive: true });
for (const tool of ['docker', 'git']) await symlink(await which(tool), path.join(bin, tool));

function cog(args: readonly string[], cwd: string = project) {
  return execa(binary, args, {
    cwd,
    env: {
      PATH: bin,
      HOME: scratch,
      NO_COLOR: '1',
      COG_NO_UPDATE_CHECK: '1',
      BUILDKIT_PROGRESS: 'quiet',
    },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: 600_000,
  });
}

after(async () => {
  await removeImages(['cog-sea-model', 'cog-sea-typescript']);
  await rm(scratch, { recursive: true, force: true });
  await assertNoLeftoverContainers();
});

test('npm run build wrote the single executable', () => {
  assert.ok(existsSync(binary), `${binary} is missing`);
});

test('the single executable runs without Node: --version, init, debug', async () => {
  const node = await execa('sh', ['-c', 'command -v node'], {
    env: { PATH: bin },
    extendEnv: false,
    reject: false,
  });
  assert.notEqual(node.exitCode, 0, 'node is on the test PATH');
  const version = await cog(['--version']);
  assert.equal(version.exitCode, 0, String(version.stderr));
  assert.match(String(version.stdout), /^cog version \d+\.\d+\.\d+/);
  const init = await cog(['init']);
  assert.equal(init.exitCode, 0, String(init.stderr));
  const debug = await cog(['debug']);
  assert.equal(debug.exitCode, 0, String(debug.stderr));
  assert.match(String(debug.stdout), /cog-\d+\.\d+\.\d+-py3-none-any\.whl/);
});

test('the single executable builds and runs a model', async () => {
  await writeFile(path.join(project, 'requirements.txt'), '');
  const run = await cog(['run', '-i', 'text=sea']);
  assert.equal(run.exitCode, 0, String(run.stderr));
  assert.equal(String(run.stdout), 'hello sea\n');
});

test('the single executable builds and runs a TypeScript model without node_modules', async () => {
  // The schema comes from run.ts's types: the compiler and its lib files are in the executable.
  const tsProject = path.join(scratch, 'sea-typescript');
  await cp(path.join(repoRoot, 'examples', 'hello-typescript'), tsProject, { recursive: true });
  assert.equal(existsSync(path.join(tsProject, 'node_modules')), false);
  const build = await cog(['build', '-t', 'cog-sea-typescript'], tsProject);
  assert.equal(build.exitCode, 0, String(build.stderr));
  const schema = await execa('docker', [
    'image',
    'inspect',
    'cog-sea-typescript',
    '--format',
    '{{index .Config.Labels "run.cog.openapi_schema"}}',
  ]);
  const doc = JSON.parse(String(schema.stdout)) as {
    components: { schemas: { Input: { properties: Record<string, { maximum?: number }> } } };
  };
  assert.equal(doc.components.schemas.Input.properties.times?.maximum, 5);
  const run = await cog(['run', '-i', 'name=sea', '-i', 'times=2'], tsProject);
  assert.equal(run.exitCode, 0, String(run.stderr));
  assert.equal(String(run.stdout), 'hello sea\nhello sea\n');
});
