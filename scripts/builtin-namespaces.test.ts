import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NAMESPACE_HELPER, lightenBuiltinNamespaces } from './builtin-namespaces.ts';

const chunk = [
  'var import_node_fs = __toESM(require_node_fs(), 1);',
  'var import_node_path2 = __toESM(require_node_path(), 1);',
  'var import_node_os = __toESM(require_node_os());',
  'var import_node_url = __toESM(require_node_url(), 1);',
  'function f() { return (0, import_node_fs.readFileSync)(import_node_path2.default.join("a", "b")); }',
  'const home = import_node_os?.homedir();',
  'const all = Object.keys(import_node_url);',
].join('\n');

test('member-only import sites get the prototype-backed namespace, value uses keep __toESM', () => {
  const out = lightenBuiltinNamespaces(chunk);
  assert.match(out, new RegExp(`^var ${NAMESPACE_HELPER} = `));
  assert.match(
    out,
    new RegExp(`var import_node_fs = ${NAMESPACE_HELPER}\\(require_node_fs\\(\\)\\);`),
  );
  assert.match(
    out,
    new RegExp(`var import_node_path2 = ${NAMESPACE_HELPER}\\(require_node_path\\(\\)\\);`),
  );
  assert.match(
    out,
    new RegExp(`var import_node_os = ${NAMESPACE_HELPER}\\(require_node_os\\(\\)\\);`),
  );
  assert.match(out, /var import_node_url = __toESM\(require_node_url\(\), 1\);/);
});

test('a chunk without built-in imports is left as it is', () => {
  const code = 'var x = __toESM(require_react(), 1);\nexport { x };\n';
  assert.equal(lightenBuiltinNamespaces(code), code);
});

test('the namespace reads what __toESM reads: members, live, and the module as default', () => {
  const out = lightenBuiltinNamespaces('var import_node_path = __toESM(require_node_path(), 1);');
  const helper = out.split('\n')[0] as string;
  const make = new Function(`${helper}; return ${NAMESPACE_HELPER};`)() as (m: object) => {
    default: unknown;
    [key: string]: unknown;
  };
  const module = { join: (a: string, b: string) => `${a}/${b}`, sep: '/' };
  const ns = make(module);
  assert.equal(ns.default, module);
  assert.equal(ns['join'], module.join);
  module.sep = '\\';
  assert.equal(ns['sep'], '\\');
  assert.deepEqual(Object.keys(ns), ['default']);
});
