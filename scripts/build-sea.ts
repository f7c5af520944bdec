// `npm run build`'s last step: dist-bin/cog-<platform>-<arch>, a single executable application
// (src/cli/sea-main.ts explains the layout): the small loader as the main script, every file of
// dist/ as an asset, injected with postject into a copy of the Node binary running this build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

// Marks the blob in the binary; the value Node's documentation gives for postject.
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}

export async function buildSingleExecutable(options: {
  root: string;
  dist: string;
}): Promise<string> {
  const { root, dist } = options;
  const outDir = path.join(root, 'dist-bin');
  const work = path.join(outDir, '.work');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const files = listFiles(dist);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(path.join(dist, file)));
  const manifest = path.join(work, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(files));
  const script = path.join(work, 'sea-main.cjs');
  await build({
    entryPoints: [path.join(root, 'src/cli/sea-main.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    logLevel: 'warning',
    define: { __COG_SEA_ID__: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  });
  const config = path.join(work, 'sea-config.json');
  const blob = path.join(work, 'cog.blob');
  const assets: Record<string, string> = { 'manifest.json': manifest };
  for (const file of files) assets[file] = path.join(dist, file);
  writeFileSync(
    config,
    JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, assets }),
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'ignore' });
  const binary = path.join(outDir, `cog-${process.platform}-${process.arch}`);
  copyFileSync(process.execPath, binary);
  chmodSync(binary, 0o755);
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'postject', 'dist', 'cli.js'),
      binary,
      'NODE_SEA_BLOB',
      blob,
      '--sentinel-fuse',
      SEA_FUSE,
    ],
    { stdio: 'ignore' },
  );
  rmSync(work, { recursive: true, force: true });
  return binary;
}
