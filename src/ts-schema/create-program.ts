// The TypeScript program the schema is read from: one root file (the predictor), no emit, no
// checking of declaration files, lib es2023 (plus @types/node only when the project has it), and
// module resolution that maps `cog-sdk` to the SDK declarations when the project has no
// node_modules/cog-sdk. Parsed lib files are kept for the life of the process, so extracting the
// predict and the train document of one model parses them once.
import { existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { CogError } from '../cog-error.ts';
import { COG_SDK_DECLARATIONS, COG_SDK_DECLARATIONS_PATH } from './cog-sdk-declarations.ts';
import { TS_SCHEMA_ERROR_CODES } from './schema-error.ts';

export const COG_SDK_MODULE = 'cog-sdk';

export interface PredictorProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  root: ts.SourceFile;
  /** True for files of the cog-sdk package (the project's own copy or the fallback declarations). */
  isSdkFile(fileName: string): boolean;
  /** Error diagnostics of the project's own files (not lib, not node_modules), syntax first. */
  errors(): readonly ts.Diagnostic[];
}

export interface CreateProgramOptions {
  projectDir: string;
  /** Absolute path of the predictor file. */
  file: string;
  /** Where lib.es2023.d.ts and friends are; defaults to the typescript package's lib folder. */
  libDirectory?: string;
  /**
   * The `.d.ts` entry of the cog-sdk package to use when the project has no node_modules/cog-sdk
   * (e.g. the built sdk/node); defaults to the declarations built into the CLI.
   */
  sdkDeclarations?: string;
}

const libCache = new Map<string, ts.SourceFile>();
const LIB_FILE = 'lib.es2023.d.ts';
const require = createRequire(import.meta.url);

export function createPredictorProgram(options: CreateProgramOptions): PredictorProgram {
  const hasNodeTypes = existsSync(path.join(options.projectDir, 'node_modules', '@types', 'node'));
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    // Preserve + Bundler: Node decides ESM/CJS by syntax detection, which NodeNext would not
    // model for a project without package.json; `.ts` import specifiers are allowed as in Node.
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: [LIB_FILE],
    types: hasNodeTypes ? ['node'] : [],
    typeRoots: [path.join(options.projectDir, 'node_modules', '@types')],
    // Null checks give `| null`/`?` their meaning; the rest of strict mode (noImplicitAny, ...)
    // is the project's own business: code Node runs must not fail the build on our taste
    // (TypeScript 6 turns strict on by default, so it is switched off explicitly).
    strict: false,
    strictNullChecks: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: false,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noResolve: false,
  };
  const libDirectory = options.libDirectory ?? defaultLibDirectory(compilerOptions);
  if (!existsSync(path.join(libDirectory, LIB_FILE))) {
    throw new CogError(
      TS_SCHEMA_ERROR_CODES.compilerLib,
      `the TypeScript compiler's ${LIB_FILE} is not in ${libDirectory}`,
      { hint: 'Reinstall cog: the TypeScript lib files it ships (typescript-lib/) are missing.' },
    );
  }
  const sdkEntry = options.sdkDeclarations ?? COG_SDK_DECLARATIONS_PATH;
  const host = createHost(compilerOptions, libDirectory, sdkEntry);
  const program = ts.createProgram({ rootNames: [options.file], options: compilerOptions, host });
  const root = program.getSourceFile(options.file);
  if (root === undefined) throw new Error(`the compiler did not load ${options.file}`);
  const sdkDirectories = sdkRoots(program, sdkEntry);
  const isSdkFile = (fileName: string): boolean =>
    sdkDirectories.some((dir) => fileName.startsWith(dir + '/'));
  return {
    program,
    checker: program.getTypeChecker(),
    root,
    isSdkFile,
    errors: () => projectErrors(program, hasNodeTypes),
  };
}

// The build ships the lib files beside the bundle (dist/typescript-lib): the same compiler
// version as the bundled one, and the only copy in the single executable, which has no
// node_modules. Unbundled (from source), they sit next to typescript.js. Last, the installed
// typescript package (a dependency of the npm package).
function defaultLibDirectory(options: ts.CompilerOptions): string {
  const shipped = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'typescript-lib');
  if (existsSync(path.join(shipped, LIB_FILE))) return shipped;
  const bundled = path.dirname(ts.getDefaultLibFilePath(options));
  if (existsSync(path.join(bundled, LIB_FILE))) return bundled;
  try {
    const installed = path.join(path.dirname(require.resolve('typescript/package.json')), 'lib');
    if (existsSync(path.join(installed, LIB_FILE))) return installed;
  } catch {
    // not installed: the shipped folder is the one to report missing
  }
  return shipped;
}

function createHost(
  options: ts.CompilerOptions,
  libDirectory: string,
  sdkEntry: string,
): ts.CompilerHost {
  // No parent pointers at parse time: the binder sets them, and parsing the lib files without
  // that extra pass is about a third faster (the bulk of a cold extraction).
  const host = ts.createCompilerHost(options, false);
  host.getDefaultLibLocation = () => libDirectory;
  host.getDefaultLibFileName = (o) => path.join(libDirectory, ts.getDefaultLibFileName(o));
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName === COG_SDK_DECLARATIONS_PATH) {
      return ts.createSourceFile(fileName, COG_SDK_DECLARATIONS, languageVersion, true);
    }
    const isLib = path.dirname(fileName) === libDirectory;
    const cached = isLib ? libCache.get(fileName) : undefined;
    if (cached !== undefined) return cached;
    const source = readSource(fileName, languageVersion, onError, shouldCreate);
    if (isLib && source !== undefined) libCache.set(fileName, source);
    return source;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === COG_SDK_DECLARATIONS_PATH || fileExists(fileName);
  const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (s) => s, options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, o, containingSource) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSource, literal, o);
      const result = ts.resolveModuleName(
        literal.text,
        containingFile,
        o,
        host,
        cache,
        redirected,
        mode,
      );
      if (result.resolvedModule !== undefined || literal.text !== COG_SDK_MODULE) return result;
      return {
        resolvedModule: {
          resolvedFileName: sdkEntry,
          extension: ts.Extension.Dts,
          isExternalLibraryImport: true,
        },
      };
    });
  return host;
}

/** The package folders of cog-sdk: node_modules/cog-sdk wherever it resolved, or the fallback. */
function sdkRoots(program: ts.Program, sdkEntry: string): string[] {
  const roots = new Set<string>([path.dirname(sdkEntry)]);
  for (const file of program.getSourceFiles()) {
    const match = /^(.*\/node_modules\/cog-sdk)\//.exec(file.fileName);
    if (match?.[1] !== undefined) roots.add(match[1]);
  }
  return [...roots];
}

// Without @types/node, Node's globals (console, process, Buffer) and `node:` modules are
// unknown to the checker; the predictor still runs, so these are not compile errors here.
const MISSING_NODE_TYPES = new Set([2580, 2584, 2591, 2592, 2593, 2867, 2868]);
const CANNOT_FIND_MODULE = 2307;

function projectErrors(program: ts.Program, hasNodeTypes: boolean): ts.Diagnostic[] {
  const own = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));
  const errors = (list: readonly ts.Diagnostic[]): ts.Diagnostic[] =>
    list.filter(
      (d) =>
        d.category === ts.DiagnosticCategory.Error &&
        !isUninstalledPackage(d) &&
        (hasNodeTypes || !isMissingNodeTypes(d)),
    );
  const setup = errors([...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]);
  if (setup.length > 0) return setup;
  const syntax = own.flatMap((f) => errors(program.getSyntacticDiagnostics(f)));
  if (syntax.length > 0) return syntax;
  return own.flatMap((f) => errors(program.getSemanticDiagnostics(f)));
}

// Node's timer and web globals, which lib es2023 lacks and @types/node would declare.
const NODE_GLOBALS = new Set([
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'queueMicrotask',
  'structuredClone',
  'fetch',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'AbortController',
  'AbortSignal',
  'Blob',
  'Response',
  'Request',
  'Headers',
  'performance',
  'crypto',
  'global',
  'globalThis',
]);
const CANNOT_FIND_NAME = 2304;

function isMissingNodeTypes(diagnostic: ts.Diagnostic): boolean {
  if (MISSING_NODE_TYPES.has(diagnostic.code)) return true;
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  const name = /'([^']+)'/.exec(text)?.[1] ?? '';
  if (diagnostic.code === CANNOT_FIND_NAME) return NODE_GLOBALS.has(name);
  if (diagnostic.code !== CANNOT_FIND_MODULE) return false;
  return name.startsWith('node:') || builtinModules.includes(name);
}

// An npm package the host has not installed (the image build runs `npm ci`): its imports are
// `any` to the checker, which is not a compile error; a type of the schema that needs it still
// fails clearly as an unsupported type.
const NO_DECLARATION_FILE = 7016;

function isUninstalledPackage(diagnostic: ts.Diagnostic): boolean {
  if (diagnostic.code !== CANNOT_FIND_MODULE && diagnostic.code !== NO_DECLARATION_FILE)
    return false;
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  const name = /'([^']+)'/.exec(text)?.[1] ?? '';
  return name !== '' && !name.startsWith('.') && !name.startsWith('/') && !name.startsWith('node:');
}
