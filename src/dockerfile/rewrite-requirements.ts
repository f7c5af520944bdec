// Produces the requirements.txt Cog installs in the image (build.md §3.5): framework pins get
// the right PyTorch wheel index for the resolved CUDA (or the CPU index), index options are
// hoisted to the top, and `cog`/`coglet` lines are removed because Cog installs its own SDK.
//
// Deliberate differences from the original (docs/dockerfile.md):
// * Only the `name==version` token and hoisted index options of a pinned line change; the rest
//   (environment markers, `--hash=…`) is kept. The original rebuilt pinned lines as bare
//   `name==version`, silently dropping markers and hashes.
// * Index URLs come out in first-seen order, de-duplicated (the original's order was random).
// * TensorFlow pins stay where they are (every known row's GPU package is `tensorflow==X`); the
//   original blanked unmatched lines and re-appended the pin at the end.
import { cpuTorchRow, gpuTorchRow, tensorflowRow } from './compat/compat-lookup.ts';
import { COMPAT_TABLE } from './compat/compat-table.ts';
import type { CompatTable, TorchRow } from './compat/compat-types.ts';
import { requirementName } from './requirements-reader.ts';
import { stripLocalSuffix, versionMatches } from './version.ts';

export interface RewriteRequirementsInput {
  lines: readonly string[];
  gpu: boolean;
  /** Resolved CUDA (GPU only). */
  cuda: string;
  /** What replaces a `cog` line, for the warning, e.g. "the cog SDK bundled with this CLI". */
  sdkDescription: string;
}

export interface RewrittenRequirements {
  /** Final file content; "" when nothing is to be installed. */
  text: string;
  warnings: string[];
}

const PIN_RE = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)==([^\s;,]+)(.*)$/;
const INDEX_OPTION_RE = /\s+(--find-links|-f|--extra-index-url)(?:=|\s+)(\S+)/g;

export function rewriteRequirements(
  input: RewriteRequirementsInput,
  table: CompatTable = COMPAT_TABLE,
): RewrittenRequirements {
  const findLinks: string[] = [];
  const indexes: string[] = [];
  const packages: string[] = [];
  const warnings: string[] = [];
  const addUnique = (list: string[], url: string): void => {
    if (url !== '' && !list.includes(url)) list.push(url);
  };

  for (const line of input.lines) {
    const name = requirementName(line);
    const lower = name?.toLowerCase();
    if (lower === 'cog' || lower === 'coglet') {
      warnings.push(removedSdkWarning(line, lower, input.sdkDescription));
      continue;
    }
    const pin = PIN_RE.exec(line);
    if (!pin) {
      packages.push(line);
      continue;
    }
    const [, pkg = '', version = '', rawTail = ''] = pin;
    let explicitIndex = false;
    const tail = rawTail.replace(INDEX_OPTION_RE, (_m, option: string, url: string) => {
      if (option === '--extra-index-url') {
        explicitIndex = true;
        addUnique(indexes, url);
      } else {
        addUnique(findLinks, url);
      }
      return '';
    });
    let requirement = `${pkg}==${version}`;
    if (!explicitIndex) {
      const rewritten = rewriteFrameworkPin(pkg, version, input, table, warnings);
      if (rewritten) {
        requirement = rewritten.requirement;
        addUnique(indexes, rewritten.index);
        addUnique(findLinks, rewritten.findLinks);
      }
    }
    packages.push(requirement + tail.trimEnd());
  }

  const out = [
    ...findLinks.map((u) => `--find-links ${u}`),
    ...indexes.map((u) => `--extra-index-url ${u}`),
    ...packages,
  ];
  return { text: out.join('\n'), warnings };
}

interface FrameworkRewrite {
  requirement: string;
  index: string;
  findLinks: string;
}

function rewriteFrameworkPin(
  pkg: string,
  version: string,
  input: RewriteRequirementsInput,
  table: CompatTable,
  warnings: string[],
): FrameworkRewrite | undefined {
  if (pkg === 'torch' || pkg === 'torchvision') {
    const row = input.gpu
      ? gpuTorchRow(pkg, version, input.cuda, table)
      : cpuTorchRow(pkg, version, table);
    if (!row) {
      if (input.gpu && pkg === 'torchvision') {
        warnings.push(
          `Cog doesn't know if CUDA ${input.cuda} is compatible with torchvision ${version}. This might cause CUDA problems.`,
        );
      }
      return undefined;
    }
    return fromTorchRow(pkg, row);
  }
  if (pkg === 'tensorflow' && input.gpu) {
    const row = tensorflowRow(version, table);
    if (row && versionMatches(row.cuda, input.cuda)) {
      return { requirement: row.gpuPackage, index: '', findLinks: '' };
    }
  }
  return undefined;
}

function fromTorchRow(pkg: 'torch' | 'torchvision', row: TorchRow): FrameworkRewrite {
  return {
    requirement: `${pkg}==${stripLocalSuffix(row[pkg])}`,
    index: row.index,
    findLinks: row.findLinks,
  };
}

function removedSdkWarning(line: string, name: string, sdkDescription: string): string {
  if (name === 'coglet') {
    return `'${line}' found in requirements — removing it. This Cog's prediction server is built in (coglet.mjs) and does not use the coglet package.`;
  }
  return `'${line}' found in requirements — overriding with ${sdkDescription}. Remove it from requirements and use build.sdk_version in cog.yaml or COG_SDK_WHEEL to control the version.`;
}
