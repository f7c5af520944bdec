// Builds the shipped artefacts into dist/:
//   dist/cog.mjs     the CLI (one ESM bundle; heavy commands load lazily as chunks)
//   dist/wasm/       the Python parser of the static schema analyser (web-tree-sitter runtime
//                    and the tree-sitter-python grammar, both from their npm packages)
//   dist/coglet.mjs  the in-image prediction server (one self-contained file, copied into images)
//   dist/coglet-worker.mjs  the Node worker for TypeScript/JavaScript predictors (copied into
//                    Node model images beside coglet.mjs; also the standalone file-IPC worker)
//   dist/cog-sdk/    the cog-sdk package TS/JS predictors import (JS + .d.ts; shipped inside
//                    Node model images as /node_modules/cog-sdk, `npm pack dist/cog-sdk` for editors)
//   dist/cog-<version>-py3-none-any.whl  the Python SDK that predictors import
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
};
const dist = path.join(root, 'dist');

// The build time shown by `cog --version`: the commit date, so rebuilding one commit gives the
// same bundle (SOURCE_DATE_EPOCH wins when a packager sets it).
function buildTime(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  try {
    const iso = execFileSync('git', ['log', '-1', '--format=%cI'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    return new Date(iso).toISOString();
  } catch {
    return 'none';
  }
}

// CommonJS dependencies bundled into ESM call require() for Node built-ins.
const requireShim =
  "import { createRequire as __cogCreateRequire } from 'node:module'; const require = __cogCreateRequire(import.meta.url);";

// CommonJS code also reads `__dirname`/`__filename` (ssh2, pulled in by dockerode, does so while
// loading), which do not exist in ESM. Each output file gets its own from import.meta.url, under
// private names, and `define` points the free identifiers at them: a bundled module that
// declares its own `__dirname` keeps it, and nothing is put on globalThis.
const dirnameShim =
  "import { fileURLToPath as __cogFileURLToPath } from 'node:url'; import { dirname as __cogPathDirname } from 'node:path'; const __cog_filename = __cogFileURLToPath(import.meta.url); const __cog_dirname = __cogPathDirname(__cog_filename);";
const dirnameDefine = { __dirname: '__cog_dirname', __filename: '__cog_filename' };

const common = {
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node22',
  sourcemap: false,
  legalComments: 'none' as const,
  define: {
    __COG_VERSION__: JSON.stringify(pkg.version),
    __COG_BUILD_TIME__: JSON.stringify(buildTime()),
  },
  logLevel: 'warning' as const,
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  ...common,
  entryPoints: { cog: path.join(root, 'src/cli/main.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: `#!/usr/bin/env node\n${requireShim} ${dirnameShim}` },
  // React (for the ink build view) in production mode: no development checks at run time.
  define: { ...common.define, ...dirnameDefine, 'process.env.NODE_ENV': '"production"' },
  // Optional native speed-ups of ssh2 (pulled in by dockerode) are not needed for the local
  // socket; ink's devtools bridge is only imported when DEV=true and is not a dependency.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node', 'react-devtools-core'],
});

// The static schema analyser (src/python-schema) loads these beside the bundle at run time.
mkdirSync(path.join(dist, 'wasm'), { recursive: true });
const parserWasm: Array<[string, string]> = [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
];
for (const [pkgName, file] of parserWasm) {
  copyFileSync(path.join(root, 'node_modules', pkgName, file), path.join(dist, 'wasm', file));
}

if (existsSync(path.join(root, 'src/runtime/main.ts'))) {
  await build({
    ...common,
    entryPoints: { coglet: path.join(root, 'src/runtime/main.ts') },
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
  });
  // V8 keeps a script's source in memory, two bytes per character as soon as one character is
  // not Latin-1. esbuild escapes non-ASCII in strings and identifiers but keeps comments as
  // written (a `→` in a doc comment); escaping those too keeps the 0.8 MB source one byte wide.
  const coglet = path.join(dist, 'coglet.mjs');
  writeFileSync(
    coglet,
    readFileSync(coglet, 'utf8').replace(
      /[\u0080-\u{10ffff}]/gu,
      (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`,
    ),
  );
}

await build({
  ...common,
  entryPoints: { 'coglet-worker': path.join(root, 'src/node-worker/main.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  banner: { js: requireShim },
});

await buildSdk(path.join(root, 'sdk/node'), path.join(dist, 'cog-sdk'));

/**
 * cog-sdk: one ES module (Node strips no types under node_modules, so the package ships JS)
 * and its declarations, emitted by the TypeScript compiler (imported here only: the build
 * machine has it, the shipped bundles do not).
 */
async function buildSdk(sourceDir: string, outDir: string): Promise<void> {
  const entry = path.join(sourceDir, 'src/index.ts');
  await build({
    ...common,
    bundle: false,
    entryPoints: [entry],
    outfile: path.join(outDir, 'index.js'),
  });
  const ts = (await import('typescript')).default;
  const program = ts.createProgram([entry], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const result = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (errors.length > 0) {
    const host = {
      getCanonicalFileName: (f: string) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    };
    throw new Error(ts.formatDiagnostics(errors, host));
  }
  const manifest = JSON.parse(readFileSync(path.join(sourceDir, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify({ ...manifest, version: pkg.version }, null, 2)}\n`,
  );
}

if (existsSync(path.join(root, 'python/build_wheel.py'))) {
  execFileSync(
    'python3',
    [path.join(root, 'python/build_wheel.py'), '--version', pkg.version, '--out', dist],
    {
      stdio: 'inherit',
    },
  );
}

// The single executable (Node's single executable applications): the CLI as one CommonJS
// script (the only format Node 24's SEA runs) plus coglet.mjs and the wheel as assets, injected
// into a copy of the Node binary that runs this build. Runs without Node installed.
// `COG_SKIP_SEA=1` skips it (it copies a ~120 MB binary).
if (process.env.COG_SKIP_SEA !== '1' && existsSync(path.join(root, 'src/cli/sea-main.ts'))) {
  const { buildSingleExecutable } = await import('./build-sea.ts');
  await buildSingleExecutable({ root, dist });
}
