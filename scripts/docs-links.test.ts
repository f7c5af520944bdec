// The documentation holds together: the user guide's index links every page of it, every
// relative link in docs/ (and the README) reaches a file and, with a #fragment, a heading of it;
// the user guide sends nobody to the original's site for what it documents itself; and every
// `docs/….md` an error message or hint in src/ names exists.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docs = path.join(root, 'docs');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => file.endsWith(ext) && statSync(file).isFile())
    .sort();
}

/** Markdown without fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The targets of `[text](target)` links. */
export function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1] as string,
  );
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = (match[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

test('headingAnchors and linkTargets follow GitHub', () => {
  assert.deepEqual(
    [...headingAnchors('# The HTTP API\n## `cog serve`\n## Files\n## Files\n```\n# not\n```')],
    ['the-http-api', 'cog-serve', 'files', 'files-1'],
  );
  assert.deepEqual(linkTargets('[a](b.md) `[c](d.md)` [e](f.md#g "t") <http://x>'), [
    'b.md',
    'f.md#g',
  ]);
});

test('docs/user/index.md links every page of the user guide', () => {
  const index = readFileSync(path.join(docs, 'user', 'index.md'), 'utf8');
  const linked = new Set(linkTargets(index).map((t) => t.split('#')[0]));
  const pages = readdirSync(path.join(docs, 'user')).filter(
    (f) => f.endsWith('.md') && f !== 'index.md',
  );
  assert.ok(pages.length >= 6, pages.join(', '));
  const missing = pages.filter((page) => !linked.has(page));
  assert.deepEqual(missing, [], 'pages not linked from docs/user/index.md');
});

test('every relative link in docs/ and README.md reaches a file, and its heading', () => {
  const broken: string[] = [];
  for (const file of [path.join(root, 'README.md'), ...filesUnder(docs, '.md')]) {
    const text = readFileSync(file, 'utf8');
    for (const target of linkTargets(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, mailto:, …
      const [pathPart = '', fragment] = target.split('#');
      const resolved =
        pathPart === '' ? file : path.resolve(path.dirname(file), decodeURI(pathPart));
      const where = `${path.relative(root, file)}: ${target}`;
      if (!existsSync(resolved)) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (fragment !== undefined && fragment !== '' && resolved.endsWith('.md')) {
        if (!headingAnchors(readFileSync(resolved, 'utf8')).has(fragment))
          broken.push(`${where} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

test("the user guide does not send users to the original's site", () => {
  const offenders: string[] = [];
  for (const file of filesUnder(path.join(docs, 'user'), '.md')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/https?:\/\/(?:www\.)?(?:cog\.run|replicate\.com\/docs)\S*/g)) {
      offenders.push(`${path.relative(root, file)}: ${m[0]}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('every docs/….md that src/ or the SDK names in a message exists', () => {
  const missing: string[] = [];
  const sources = [
    ...filesUnder(path.join(root, 'src'), '.ts').filter((f) => !f.endsWith('.test.ts')),
    ...filesUnder(path.join(root, 'python', 'cog'), '.py'),
  ];
  let named = 0;
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bdocs\/[\w./-]+?\.md\b/g)) {
      named++;
      if (!existsSync(path.join(root, m[0]))) missing.push(`${path.relative(root, file)}: ${m[0]}`);
    }
  }
  assert.ok(named > 5, `only ${named} references found: is the pattern right?`);
  assert.deepEqual(missing, []);
});
