// Builds the shipped artefacts into dist/:
//   dist/cog.mjs     the CLI (one ESM bundle; heavy commands load lazily as chunks)
//   dist/typescript-lib/  the compiler's lib.es*.d.ts the TypeScript schema extractor reads
//   dist/wasm/       the Python parser of the static schema analyser (web-tree-sitter runtime
//                    and the tree-sitter-python grammar, both from their npm packages)
//   dist/coglet.mjs  the in-image prediction server (one self-contained file, copied into images)
//   dist/swagger-ui/ the Swagger UI files of its GET /docs, gzipped (<name>.gz), read from
//                    beside coglet.mjs (copied into images with it)
//   dist/coglet-worker.mjs  the Node worker for TypeScript/JavaScript predictors (copied into
//                    Node model images beside coglet.mjs; also the standalone file-IPC worker)
//   dist/cog-sdk/    the cog-sdk package TS/JS predictors import (JS + .d.ts; shipped inside
//                    Node model images as /node_modules/cog-sdk, `npm pack dist/cog-sdk` for editors)
//   dist/cog-<version>-py3-none-any.whl  the Python SDK that predictors import
//   dist/docs/       the user guide (docs/user) and the command reference it links (docs/cli)
import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  readFileSync,
  readdirSync,
  rmSync,
  mkdirSync,
  existsSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  gzipSwaggerUiFile,
  SWAGGER_UI_DIR,
  SWAGGER_UI_FILES,
  swaggerUiDistDir,
} from '../src/runtime/http/swagger-ui-assets.ts';
import { lightenBuiltinNamespaces } from './builtin-namespaces.ts';

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

/**
 * Node built-ins as CommonJS objects (through the banner's `require`) instead of ES module
 * imports: Node builds an ES module facade of a built-in on its first import, reading every
 * export, and for `node:fs` that loads fs/promises, the streams and readline (~3 ms of each
 * start-up); the CommonJS object reads an export only when the code uses it. Also makes
 * commander's eager `require('node:child_process')` (for executable subcommands, which cog
 * has none of) lazy, which would otherwise load child_process, net and dgram on every start.
 */
const builtinsAsCommonJs: Plugin = {
  name: 'builtins-as-commonjs',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (args.kind === 'import-statement') return { path: args.path, namespace: 'builtin-cjs' };
      const fromCommander = /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer);
      if (args.kind === 'require-call' && fromCommander && args.path === 'node:child_process')
        return { path: args.path, namespace: 'builtin-lazy' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-cjs' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
    // Property reads only (commander calls childProcess.spawn), so a Proxy is enough.
    b.onLoad({ filter: /.*/, namespace: 'builtin-lazy' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The CLI in two builds. The entry (dist/cog.mjs) on its own, so that nothing it needs is
// moved into a shared chunk it would have to import: `cog --version` then loads one small
// file. Its only import, `./run-cli.ts`, becomes the entry chunk of the second build.
await build({
  ...common,
  entryPoints: { cog: path.join(root, 'src/cli/main.ts') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  banner: { js: '#!/usr/bin/env node' },
  plugins: [
    {
      name: 'run-cli-chunk',
      setup(b) {
        b.onResolve({ filter: /^\.\/(run-cli|fast-debug)\.ts$/ }, (args) => ({
          path: `./chunks/${args.path.slice(2, -3)}.mjs`,
          external: true,
        }));
      },
    },
  ],
});
const entryText = readFileSync(path.join(dist, 'cog.mjs'), 'utf8');
if (/^\s*import\s.*from\s|^\s*import\s*["']/m.test(entryText)) {
  throw new Error('dist/cog.mjs must not import anything statically (see src/cli/main.ts)');
}

const chunkBanner = `${requireShim} ${dirnameShim}`;
const chunkOptions = {
  ...common,
  outdir: path.join(dist, 'chunks'),
  outExtension: { '.js': '.mjs' },
  entryNames: '[name]',
  banner: { js: chunkBanner },
  // React (for the ink build view) in production mode: no development checks at run time.
  define: { ...common.define, ...dirnameDefine, 'process.env.NODE_ENV': '"production"' },
  // Optional native speed-ups of ssh2 (pulled in by dockerode) are not needed for the local
  // socket; ink's devtools bridge is only imported when DEV=true and is not a dependency.
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node', 'react-devtools-core'],
  // yaml's ES module build (its `default` export condition; Node's is CommonJS): the same code
  // without the CommonJS module wrappers, whose set-up every start that reads cog.yaml paid.
  alias: { yaml: path.join(root, 'node_modules/yaml/browser/index.js') },
  plugins: [builtinsAsCommonJs],
};
await build({
  ...chunkOptions,
  entryPoints: { 'run-cli': path.join(root, 'src/cli/run-cli.ts') },
  splitting: true,
  chunkNames: '[name]-[hash]',
});
// `cog debug` without commander (src/cli/fast-debug.ts) as one file with all it runs (yaml, the config
// and dockerfile stages; ~0.4 MB, which the split build also holds): the ES module loader
// resolves, reads, links and evaluates each module on its own, and this path would otherwise
// load twelve (~5 ms CPU of a ~50 ms run). Nothing else imports this file and it imports no
// chunk, so its copies of those modules never meet the split build's in one process.
await build({
  ...chunkOptions,
  entryPoints: { 'fast-debug': path.join(root, 'src/cli/fast-debug.ts') },
});
if (
  /\bfrom\s*["']\.|\bimport\(\s*["']\./.test(
    readFileSync(path.join(dist, 'chunks/fast-debug.mjs'), 'utf8'),
  )
) {
  throw new Error('dist/chunks/fast-debug.mjs must be self-contained (see scripts/build.ts)');
}

// The banner costs each chunk three built-in imports and a createRequire (~0.2 ms per chunk, and
// `cog debug` loads over a dozen): drop it where the chunk's code never names what it defines.
// Built-in import sites lose esbuild's property-copying wrapper (scripts/builtin-namespaces.ts).
for (const file of readdirSync(path.join(dist, 'chunks'))) {
  const chunk = path.join(dist, 'chunks', file);
  const text = readFileSync(chunk, 'utf8');
  if (!text.startsWith(chunkBanner)) throw new Error(`${file}: the CommonJS banner is not first`);
  const body = lightenBuiltinNamespaces(text.slice(chunkBanner.length));
  const needsBanner = /\brequire\b|__cog_dirname|__cog_filename/.test(body);
  writeFileSync(chunk, needsBanner ? chunkBanner + body : body);
}

// The static schema analyser (src/python-schema) loads these beside the bundle at run time.
mkdirSync(path.join(dist, 'wasm'), { recursive: true });
const parserWasm: Array<[string, string]> = [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
];
for (const [pkgName, file] of parserWasm) {
  copyFileSync(path.join(root, 'node_modules', pkgName, file), path.join(dist, 'wasm', file));
}

// The TypeScript schema extractor (src/ts-schema, bundled into a chunk with the compiler) needs
// the compiler's ECMAScript lib declarations; bundled, the compiler cannot find its own package
// folder, and the single executable has no node_modules at all. The es*/decorators files only
// (~0.6 MB; lib.es2023.d.ts and what it references, plus what @types/node may reference):
// predictors get no DOM.
mkdirSync(path.join(dist, 'typescript-lib'), { recursive: true });
const tsLibDir = path.join(root, 'node_modules', 'typescript', 'lib');
for (const file of readdirSync(tsLibDir).filter((f) =>
  /^lib\.(es|decorators)[\w.]*\.d\.ts$/.test(f),
)) {
  copyFileSync(path.join(tsLibDir, file), path.join(dist, 'typescript-lib', file));
}

// The user guide ships with the CLI (`cog init` points at it; there is no website), together with
// the command reference it links, in the same layout so its relative links keep working.
for (const [dir, files] of [
  ['docs/user', readdirSync(path.join(root, 'docs/user')).filter((f) => f.endsWith('.md'))],
  ['docs/cli', ['reference.md']],
] as const) {
  mkdirSync(path.join(dist, dir), { recursive: true });
  for (const file of files) copyFileSync(path.join(root, dir, file), path.join(dist, dir, file));
}

if (existsSync(path.join(root, 'src/runtime/main.ts'))) {
  await build({
    ...common,
    entryPoints: { coglet: path.join(root, 'src/runtime/main.ts') },
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    banner: { js: requireShim },
    // Tells swagger-ui-assets.ts to read its files from beside the bundle.
    define: { ...common.define, __COG_BUNDLED__: 'true' },
  });
  // GET /docs serves Swagger UI from inside the image: gzipped once here, as separate files
  // (in the bundle V8 would keep them in every server's memory).
  mkdirSync(path.join(dist, SWAGGER_UI_DIR));
  for (const name of Object.keys(SWAGGER_UI_FILES)) {
    writeFileSync(
      path.join(dist, SWAGGER_UI_DIR, `${name}.gz`),
      gzipSwaggerUiFile(swaggerUiDistDir(), name),
    );
  }
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
