// The fallback cog-sdk declarations compile on their own (lib checking on) and export the names
// of the SDK contract; when sdk/node exists, it exports exactly the same names (a predictor that
// uses an export the fallback lacks would not compile on the host).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { COG_SDK_DECLARATIONS } from './cog-sdk-declarations.ts';

const CONTRACT_TYPES = [
  'ConcatenateIterator',
  'File',
  'Integer',
  'Path',
  'RunContext',
  'Secret',
  'asPath',
  'emitMetric',
  'path',
  'recordMetric',
];
const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function exportedNames(fileName: string, text: string): { names: string[]; errors: string[] } {
  const options: ts.CompilerOptions = {
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
  };
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, text, version, true)
      : read(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  const source = program.getSourceFile(fileName);
  assert.ok(source !== undefined);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(source);
  const names =
    module === undefined ? [] : checker.getExportsOfModule(module).map((s) => s.getName());
  const diagnostics = [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ];
  // AbortSignal comes from @types/node or the DOM lib in a real project.
  const errors = diagnostics
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))
    .filter((message) => !message.includes("'AbortSignal'"));
  return { names: names.sort(), errors };
}

describe('cog-sdk declarations', () => {
  it('the fallback compiles and exports the contract names', () => {
    const { names, errors } = exportedNames('/virtual/cog-sdk/index.d.ts', COG_SDK_DECLARATIONS);
    assert.deepEqual(errors, []);
    for (const name of CONTRACT_TYPES)
      assert.ok(names.includes(name), `the fallback lacks ${name}`);
  });

  const sdkSource = path.join(repo, 'sdk', 'node', 'src', 'index.ts');
  it('sdk/node exports the same names', { skip: !existsSync(sdkSource) && 'no sdk/node' }, () => {
    const fallback = exportedNames('/virtual/cog-sdk/index.d.ts', COG_SDK_DECLARATIONS).names;
    const { names } = exportedNames(sdkSource, readFileSync(sdkSource, 'utf8'));
    assert.deepEqual(names, fallback, 'update src/ts-schema/cog-sdk-declarations.ts with sdk/node');
  });
});
