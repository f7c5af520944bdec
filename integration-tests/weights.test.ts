// `cog weights import | status | pull` against real registries on loopback: Debian's
// `docker-registry`, plain (127.0.0.1:5110) and behind htpasswd (127.0.0.1:5111), both started
// here. Several files, one of 110 MiB generated on the fly; the CLI's peak RSS is measured while
// it moves that file (bounded memory: the bytes stream, they are never buffered whole). A blob
// damaged in the registry's storage fails the pull and nothing of it is stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cogBin } from './lib/cog-cli.ts';
import { withPeakRss } from './lib/cog-measured.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample } from './lib/project.ts';
import { hasRegistryTools, startRegistry, type LocalRegistry } from './lib/local-registry.ts';

const MiB = 1024 * 1024;
const BIG = 110 * MiB;
const USER = 'cog-it';
const PASSWORD = `pw-${process.pid}-w`;
let plain: LocalRegistry | undefined;
let authed: LocalRegistry | undefined;
let root: string;
let skip: string | false = false;

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Peak resident set of the CLI process, in MiB (VmHWM, sampled). */
  peakRssMiB: number;
}

async function cogIn(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = execa(process.execPath, [cogBin, ...args], {
    cwd: dir,
    env: { NO_COLOR: '1', COG_NO_UPDATE_CHECK: '1', ...env },
    reject: false,
    stdin: 'ignore',
    timeout: 600_000,
    stripFinalNewline: false,
  });
  const { result, peakRssMiB } = await withPeakRss(child);
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    peakRssMiB,
  };
}

async function writeBig(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'w');
  const chunk = randomBytes(MiB);
  for (let i = 0; i < BIG / MiB; i++) {
    chunk[0] = i; // each MiB differs
    hash.update(chunk);
    await handle.write(chunk);
  }
  await handle.close();
  return `sha256:${hash.digest('hex')}`;
}

async function project(
  name: string,
  host: string,
  withBig: boolean,
): Promise<{ dir: string; big?: string }> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'weights-src', 'sub'), { recursive: true });
  await writeFile(path.join(dir, 'weights-src', 'config.json'), '{"hidden":1}\n');
  await writeFile(path.join(dir, 'weights-src', 'sub', 'tokenizer.json'), 'tok\n');
  await writeFile(path.join(dir, 'weights-src', 'README.md'), 'readme\n');
  await writeFile(path.join(dir, 'extra.txt'), 'x');
  const big = withBig
    ? await writeBig(path.join(dir, 'weights-src', 'model.safetensors'))
    : undefined;
  await writeFile(
    path.join(dir, 'cog.yaml'),
    [
      'build:',
      '  python_version: "3.11"',
      'run: "run.py:Runner"',
      `model: ${host}/cog-it/${name}`,
      'weights:',
      '  - name: demo',
      '    target: /src/weights/demo',
      '    source:',
      '      uri: weights-src',
      '      exclude: ["README*"]',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'run.py'), 'class Runner:\n    pass\n');
  return { dir, ...(big === undefined ? {} : { big }) };
}

before(async () => {
  if (!hasRegistryTools()) {
    skip = 'needs docker-registry and htpasswd (apache2-utils)';
    return;
  }
  root = await mkdtemp(path.join(os.tmpdir(), 'cog-it-weights-'));
  plain = await startRegistry(process.env.COG_TEST_WEIGHTS_REGISTRY ?? '127.0.0.1:5110');
  authed = await startRegistry(process.env.COG_TEST_WEIGHTS_AUTH_REGISTRY ?? '127.0.0.1:5111', {
    user: USER,
    password: PASSWORD,
  });
});

after(async () => {
  await plain?.stop();
  await authed?.stop();
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

test('import (with a 110 MiB file), status, pull into a clean cache, in bounded memory', async (t) => {
  if (skip || plain === undefined) return t.skip(skip || 'no registry');
  const { dir, big } = await project('big', plain.host, true);
  const cache = { COG_CACHE_DIR: path.join(root, 'cache-import') };

  const dry = await cogIn(dir, ['weights', 'import', '--dry-run'], cache);
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.match(
    dry.stderr,
    /\+ demo {2}file:\/\/\.\/weights-src → \/src\/weights\/demo\n {2}status: new\n {2}files: 3 {2}size: 110\.0MB\n/,
  );
  assert.equal(existsSync(path.join(dir, 'weights.lock')), false);

  const imported = await cogIn(dir, ['weights', 'import'], cache);
  assert.equal(imported.exitCode, 0, imported.stderr);
  assert.match(imported.stderr, /^NOTE: cog weights is experimental\./);
  assert.match(
    imported.stderr,
    /Building 1 weight\(s\)\.\.\.\ndemo: Download complete\n {2}demo -> \/src\/weights\/demo \(2 layer\(s\), 110\.0MB\)\n/,
  );
  assert.match(
    imported.stderr,
    new RegExp(`Pushing 1 weight\\(s\\) to ${plain.host}/cog-it/big\\.\\.\\.\\ndemo: Pushed\\n`),
  );
  assert.match(imported.stderr, /\nImported 1 weight artifact\(s\) to .*\nTotal: 110\.0MB\n$/);
  // Bounded memory: moving the 110 MiB file costs less than holding it would, over a 17-byte
  // import (measured: about 50 MiB more, the same for a 300 MiB file).
  const small = await project('small', plain.host, false);
  const baseline = await cogIn(small.dir, ['weights', 'import'], cache);
  assert.equal(baseline.exitCode, 0, baseline.stderr);
  console.log(
    `import peak RSS: ${imported.peakRssMiB} MiB with the ${BIG / MiB} MiB file, ${baseline.peakRssMiB} MiB for 17 bytes`,
  );
  assert.ok(
    imported.peakRssMiB - baseline.peakRssMiB < 100,
    `import used ${imported.peakRssMiB} MiB (baseline ${baseline.peakRssMiB} MiB)`,
  );

  const lockText = readFileSync(path.join(dir, 'weights.lock'), 'utf8');
  assert.ok(!lockText.endsWith('\n'));
  const lock = JSON.parse(lockText) as {
    weights: Array<{
      digest: string;
      files: Array<{ path: string; digest: string }>;
      layers: Array<{ mediaType: string; digest: string }>;
    }>;
  };
  const entry = lock.weights[0]!;
  assert.deepEqual(
    entry.files.map((f) => f.path),
    ['config.json', 'model.safetensors', 'sub/tokenizer.json'],
  );
  assert.equal(entry.files[1]?.digest, big);
  assert.deepEqual(entry.layers.map((l) => l.mediaType).sort(), [
    'application/vnd.oci.image.layer.v1.tar',
    'application/vnd.oci.image.layer.v1.tar+gzip',
  ]);

  // The manifest in the registry, at its tag, is the artifact the lock names.
  const setHex = (
    JSON.parse(lockText) as { weights: Array<{ setDigest: string }> }
  ).weights[0]!.setDigest.slice(7, 19);
  const manifestResponse = await fetch(
    `http://${plain.host}/v2/cog-it/big/manifests/cog-weight.demo.${setHex}`,
    {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    },
  );
  assert.equal(manifestResponse.status, 200);
  assert.equal(manifestResponse.headers.get('docker-content-digest'), entry.digest);
  const manifest = (await manifestResponse.json()) as {
    artifactType: string;
    annotations: Record<string, string>;
  };
  assert.equal(manifest.artifactType, 'application/vnd.cog.weight.v1');
  assert.equal(manifest.annotations['run.cog.weight.target'], '/src/weights/demo');

  // Unchanged: the lock is not rewritten, the push deduplicates.
  const again = await cogIn(dir, ['weights', 'import'], cache);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.match(again.stderr, /= demo .*\n {2}status: unchanged\n/);
  assert.equal(readFileSync(path.join(dir, 'weights.lock'), 'utf8'), lockText);

  const status = await cogIn(dir, ['weights', 'status'], cache);
  assert.equal(status.exitCode, 0, status.stderr);
  assert.match(
    status.stdout,
    /^NAME {2}TARGET {13}STATUS {2}SIZE {5}LAYERS {2}DIGEST\ndemo {2}\/src\/weights\/demo {2}ready {3}110\.0MB {2}2 {7}sha256:[0-9a-f]{12}\n$/,
  );
  const json = await cogIn(dir, ['weights', 'status', '--json'], cache);
  assert.equal(
    (JSON.parse(json.stdout) as { weights: Array<{ status: string }> }).weights[0]?.status,
    'ready',
  );

  // Pull into a clean cache: every file arrives and is verified.
  const clean = { COG_CACHE_DIR: path.join(root, 'cache-pull') };
  const pulled = await cogIn(dir, ['weights', 'pull'], clean);
  assert.equal(pulled.exitCode, 0, pulled.stderr);
  assert.match(pulled.stderr, /Pulling demo\.\.\. \(3 file\(s\)\)\n/);
  assert.match(
    pulled.stderr,
    /Pulled 110\.0MB across 3 file\(s\) \/ 2 layer\(s\) for 1 weight\(s\); 0 already cached\.\n$/,
  );
  console.log(`pull peak RSS: ${pulled.peakRssMiB} MiB`);
  assert.ok(
    pulled.peakRssMiB - baseline.peakRssMiB < 100,
    `pull used ${pulled.peakRssMiB} MiB (baseline ${baseline.peakRssMiB} MiB)`,
  );
  const hex = big!.slice(7);
  const stored = path.join(root, 'cache-pull', 'weights', 'files', 'sha256', hex.slice(0, 2), hex);
  assert.equal(`sha256:${createHash('sha256').update(readFileSync(stored)).digest('hex')}`, big);
  // Two processes pulling into one store at once: both succeed, the store holds whole files.
  const shared = { COG_CACHE_DIR: path.join(root, 'cache-shared') };
  const both = await Promise.all([
    cogIn(dir, ['weights', 'pull'], shared),
    cogIn(dir, ['weights', 'pull'], shared),
  ]);
  for (const one of both) assert.equal(one.exitCode, 0, one.stderr);
  const sharedFile = path.join(
    root,
    'cache-shared',
    'weights',
    'files',
    'sha256',
    hex.slice(0, 2),
    hex,
  );
  assert.equal(
    `sha256:${createHash('sha256').update(readFileSync(sharedFile)).digest('hex')}`,
    big,
  );
  assert.deepEqual(
    readdirSync(path.dirname(sharedFile)).filter((f) => f.startsWith('put-')),
    [],
  );
  const warm = await cogIn(dir, ['weights', 'pull'], clean);
  assert.match(
    warm.stderr,
    /Pulling demo\.\.\. cached \(3\/3 files\)\nAll 1 weight\(s\) already cached\.\n$/,
  );
});

test('a damaged blob in the registry fails the pull; nothing of it is stored', async (t) => {
  if (skip || plain === undefined) return t.skip(skip || 'no registry');
  const { dir } = await project('damaged', plain.host, false);
  const cache = { COG_CACHE_DIR: path.join(root, 'cache-damaged') };
  const imported = await cogIn(dir, ['weights', 'import'], cache);
  assert.equal(imported.exitCode, 0, imported.stderr);
  const lock = JSON.parse(readFileSync(path.join(dir, 'weights.lock'), 'utf8')) as {
    weights: Array<{ layers: Array<{ digest: string }> }>;
  };
  const blob = plain.blobPath(lock.weights[0]!.layers[0]!.digest);
  const bytes = readFileSync(blob);
  bytes[bytes.length - 12] = (bytes[bytes.length - 12] ?? 0) ^ 0xff;
  writeFileSync(blob, bytes);

  const fresh = path.join(root, 'cache-damaged-pull');
  const pulled = await cogIn(dir, ['weights', 'pull'], { COG_CACHE_DIR: fresh });
  assert.equal(pulled.exitCode, 1);
  assert.match(
    pulled.stderr,
    /^pull demo: (digest mismatch|layer sha256:[0-9a-f]{64} is corrupt: )/m,
  );
  const files = path.join(fresh, 'weights', 'files', 'sha256');
  const stored = existsSync(files)
    ? readdirSync(files, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)))
    : [];
  // Files whose own digest checked out may be kept; none may be a damaged one.
  for (const f of stored) {
    const p = path.join(files, String(f));
    assert.equal(createHash('sha256').update(readFileSync(p)).digest('hex'), path.basename(p));
  }
  const temps = existsSync(files)
    ? readdirSync(files, { recursive: true }).filter((f) => String(f).includes('put-'))
    : [];
  assert.deepEqual(temps, []);
  console.log(
    `damaged pull said: ${pulled.stderr.split('\n').find((l) => l.startsWith('pull demo'))}`,
  );

  const status = await cogIn(dir, ['weights', 'status'], cache);
  assert.equal(status.exitCode, 0, 'the blob is still there, only damaged: status checks presence');
});

test('htpasswd registry: refused without credentials, imported and pulled with them', async (t) => {
  if (skip || authed === undefined) return t.skip(skip || 'no registry');
  const { dir } = await project('authed', authed.host, false);
  const cache = { COG_CACHE_DIR: path.join(root, 'cache-authed') };
  const none = path.join(root, 'docker-none');
  const refused = await cogIn(dir, ['weights', 'import'], { ...cache, DOCKER_CONFIG: none });
  assert.equal(refused.exitCode, 1);
  assert.match(
    refused.stderr,
    /requires authentication and no credentials are stored for it|authentication required/,
  );

  const good = path.join(root, 'docker-good');
  await mkdir(good, { recursive: true });
  await writeFile(
    path.join(good, 'config.json'),
    JSON.stringify({
      auths: { [authed.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
    }),
  );
  const imported = await cogIn(dir, ['weights', 'import'], { ...cache, DOCKER_CONFIG: good });
  assert.equal(imported.exitCode, 0, imported.stderr);
  assert.doesNotMatch(imported.stdout + imported.stderr, new RegExp(PASSWORD));
  const status = await cogIn(dir, ['weights', 'status'], { ...cache, DOCKER_CONFIG: good });
  assert.equal(status.exitCode, 0, status.stderr);
  const pulled = await cogIn(dir, ['weights', 'pull'], {
    COG_CACHE_DIR: path.join(root, 'cache-authed-pull'),
    DOCKER_CONFIG: good,
  });
  assert.equal(pulled.exitCode, 0, pulled.stderr);
  assert.match(pulled.stderr, /Pulled 17B across 2 file\(s\)/);
});

test('predict with pulled weights (mounted read-only, not in the image), then push the bundle', async (t) => {
  if (skip || plain === undefined) return t.skip(skip || 'no registry');
  const example = await copyExample('hello-world');
  try {
    const dir = example.dir;
    await mkdir(path.join(dir, 'weights-src', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'weights-src', 'config.json'), '{"hidden":1}');
    await writeFile(path.join(dir, 'weights-src', 'sub', 'tokenizer.json'), 'tok');
    await writeFile(path.join(dir, '.dockerignore'), 'weights-src\n');
    const yaml = readFileSync(path.join(dir, 'cog.yaml'), 'utf8');
    await writeFile(
      path.join(dir, 'cog.yaml'),
      `${yaml}model: ${plain.host}/cog-it/predict\nweights:\n  - name: demo\n    target: /src/weights/demo\n    source:\n      uri: weights-src\n`,
    );
    await writeFile(
      path.join(dir, 'run.py'),
      [
        'import os',
        'from cog import BaseRunner, Input',
        '',
        '',
        'class Runner(BaseRunner):',
        '    def setup(self) -> None:',
        '        self.config = open("/src/weights/demo/config.json").read()',
        '',
        '    def run(self, text: str = Input(description="x")) -> str:',
        '        writable = os.access("/src/weights/demo", os.W_OK)',
        '        return f"{text} {self.config} {sorted(os.listdir(\'/src/weights/demo\'))} writable={writable}"',
        '',
      ].join('\n'),
    );
    const imported = await cogIn(dir, ['weights', 'import'], {
      COG_CACHE_DIR: path.join(root, 'cache-predict-import'),
    });
    assert.equal(imported.exitCode, 0, imported.stderr);

    const cache = { COG_CACHE_DIR: path.join(root, 'cache-predict') };
    const cold = await cogIn(dir, ['predict', '-i', 'text=w'], cache);
    assert.equal(cold.exitCode, 1);
    assert.match(
      cold.stderr,
      /prepare weights: weight "demo" is not fully cached locally \(missing config\.json\); run 'cog weights pull' first/,
    );

    const pulled = await cogIn(dir, ['weights', 'pull'], cache);
    assert.equal(pulled.exitCode, 0, pulled.stderr);
    const predicted = await cogIn(dir, ['predict', '-i', 'text=w'], cache);
    assert.equal(predicted.exitCode, 0, predicted.stderr);
    assert.equal(predicted.stdout.trim(), `w {"hidden":1} ['config.json', 'sub'] writable=False`);
    assert.deepEqual(readdirSync(path.join(dir, '.cog', 'mounts')), [], 'mounts removed');
    // The runtime projection (weights.md §5.4), written by every build from the lock.
    const lockNow = JSON.parse(readFileSync(path.join(dir, 'weights.lock'), 'utf8')) as {
      weights: Array<{ name: string; target: string; setDigest: string }>;
    };
    const projection = JSON.stringify(
      {
        weights: lockNow.weights.map((w) => ({
          name: w.name,
          target: w.target,
          setDigest: w.setDigest,
        })),
      },
      null,
      2,
    );
    assert.equal(readFileSync(path.join(dir, '.cog', 'weights.json'), 'utf8'), projection);
    const inImage = await execa('docker', [
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      example.devImage,
      '-c',
      'ls /src/weights /src/weights-src 2>&1; true',
    ]);
    assert.match(String(inImage.stdout), /No such file/);

    // cog push: the image at cog-image.<tag>, the index over image and weights at <tag>.
    const lock = JSON.parse(readFileSync(path.join(dir, 'weights.lock'), 'utf8')) as {
      weights: Array<{ digest: string; setDigest: string; size: number }>;
    };
    const pushed = await cogIn(dir, ['push'], { ...cache, COG_MODEL_TAG: 'v1' });
    assert.equal(pushed.exitCode, 0, pushed.stderr);
    assert.match(
      pushed.stderr,
      new RegExp(
        `\\n1 managed weight\\(s\\)\\n\\nPushing to ${plain.host}/cog-it/predict:v1\\.\\.\\.`,
      ),
    );
    const repo = `${plain.host}/cog-it/predict`;
    const tree = new RegExp(
      `  model   ${repo}@(sha256:[0-9a-f]{64})\\n  ├─ image   ${repo}@(sha256:[0-9a-f]{64})\\n  └─ weight  demo  ${repo}@${lock.weights[0]!.digest}\\n`,
    ).exec(pushed.stderr);
    assert.ok(tree, pushed.stderr);
    // The release image carries the projection at /src/.cog/weights.json.
    const carried = await execa(
      'docker',
      ['run', '--rm', '--entrypoint', 'cat', `${repo}:v1`, '/src/.cog/weights.json'],
      { stripFinalNewline: false },
    );
    assert.equal(carried.stdout, projection);
    const indexResponse = await fetch(`http://${plain.host}/v2/cog-it/predict/manifests/v1`, {
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    });
    assert.equal(indexResponse.status, 200);
    assert.equal(indexResponse.headers.get('docker-content-digest'), tree[1]);
    const index = (await indexResponse.json()) as {
      mediaType: string;
      manifests: Array<{
        digest: string;
        platform: { os: string };
        artifactType?: string;
        annotations?: Record<string, string>;
      }>;
    };
    assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual(
      index.manifests.map((m) => [m.digest, m.platform.os, m.artifactType]),
      [
        [tree[2], 'linux', undefined],
        [lock.weights[0]!.digest, 'unknown', 'application/vnd.cog.weight.v1'],
      ],
    );
    assert.deepEqual(index.manifests[1]?.annotations, {
      'run.cog.weight.name': 'demo',
      'run.cog.weight.set-digest': lock.weights[0]!.setDigest,
      'run.cog.weight.size.uncompressed': String(lock.weights[0]!.size),
    });
    const imageTag = await fetch(`http://${plain.host}/v2/cog-it/predict/manifests/cog-image.v1`, {
      method: 'HEAD',
      headers: {
        accept:
          'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
      },
    });
    assert.equal(imageTag.headers.get('docker-content-digest'), tree[2]);

    // The same bundle with COG_PUSH_OCI=1: the image goes up through our OCI client.
    const viaOci = await cogIn(dir, ['push'], { ...cache, COG_MODEL_TAG: 'v2', COG_PUSH_OCI: '1' });
    assert.equal(viaOci.exitCode, 0, viaOci.stderr);
    assert.match(
      viaOci.stderr,
      /\nExporting image from Docker daemon\.\.\.\nPushing layers\.\.\.\n/,
    );
    assert.doesNotMatch(viaOci.stderr, /falling back/);
    const ociImage = new RegExp(`  ├─ image   ${repo}@(sha256:[0-9a-f]{64})\\n`).exec(
      viaOci.stderr,
    )?.[1];
    assert.ok(ociImage !== undefined, viaOci.stderr);
    const ociManifest = await fetch(
      `http://${plain.host}/v2/cog-it/predict/manifests/cog-image.v2`,
      { headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } },
    );
    assert.equal(ociManifest.headers.get('docker-content-digest'), ociImage);
    const imageId = (
      await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', `${repo}:v2`])
    ).stdout;
    assert.equal(
      ((await ociManifest.json()) as { config: { digest: string } }).config.digest,
      imageId,
    );
    await assertNoLeftoverContainers();
  } finally {
    await example.dispose(`${plain.host}/cog-it/predict:v1`, `${plain.host}/cog-it/predict:v2`);
  }
});

test('an https?:// source: downloaded once into the store, imported, pulled back', async (t) => {
  if (skip || plain === undefined) return t.skip(skip || 'no registry');
  const body = randomBytes(256 * 1024);
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    if (req.url !== '/files/model.bin') return void res.writeHead(404).end();
    res.writeHead(200, { etag: '"m1"', 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  try {
    const dir = path.join(root, 'http-src');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'run.py'), 'class Runner:\n    pass\n');
    await writeFile(
      path.join(dir, 'cog.yaml'),
      `build:\n  python_version: "3.11"\nrun: "run.py:Runner"\nmodel: ${plain.host}/cog-it/http-src\nweights:\n  - name: remote\n    target: /src/weights/remote\n    source:\n      uri: http://127.0.0.1:${port}/files/model.bin\n`,
    );
    const imported = await cogIn(dir, ['weights', 'import'], {
      COG_CACHE_DIR: path.join(root, 'cache-http'),
    });
    assert.equal(imported.exitCode, 0, imported.stderr);
    const lock = JSON.parse(readFileSync(path.join(dir, 'weights.lock'), 'utf8')) as {
      weights: Array<{
        sources: Array<{ uri: string; fingerprint: string }>;
        files: Array<{ path: string; digest: string }>;
      }>;
    };
    assert.deepEqual(
      lock.weights[0]?.sources.map((s) => [s.uri, s.fingerprint]),
      [[`http://127.0.0.1:${port}/files/model.bin`, 'etag:"m1"']],
    );
    assert.equal(
      lock.weights[0]?.files[0]?.digest,
      `sha256:${createHash('sha256').update(body).digest('hex')}`,
    );
    const pulled = await cogIn(dir, ['weights', 'pull'], {
      COG_CACHE_DIR: path.join(root, 'cache-http-pull'),
    });
    assert.equal(pulled.exitCode, 0, pulled.stderr);
    assert.match(pulled.stderr, /Pulled 256\.0KB across 1 file\(s\)/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
