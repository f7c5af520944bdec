// Local wheels and source archives listed in `build.python_requirements` (build.md §5.7).
// Each accepted line names a file inside the project; it is staged under
// `.cog/build/local_package_artifacts/<project-relative path>` and the requirement line is
// rewritten to the container path `/tmp/local_package_artifacts/<same path>`. Every other way
// of pointing pip at the local disk is rejected with a message that says which line is wrong.
import path from 'node:path';
import { CogError } from '../cog-error.ts';
import type { StagedFile } from './build-plan.ts';
import type { PlanReader } from './plan-reader.ts';

export const LOCAL_ARTIFACTS_DIR = 'local_package_artifacts';
const ARCHIVE_RE = /\.(?:whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz)$/i;
const LOCAL_OPTION_RE = /^(--find-links|-f|--requirement|-r)(?:=|\s+)(\S+)/;

export interface LocalArtifactsInput {
  lines: readonly string[];
  /** Absolute path of the requirements file; relative artifact paths start from its directory. */
  requirementsFile: string;
  projectDir: string;
  reader: PlanReader;
}

export interface LocalArtifacts {
  /** The lines with artifact paths replaced by container paths. */
  lines: string[];
  /** Indexes (into `lines`) of artifact lines, so framework detection can skip them. */
  artifactLines: Set<number>;
  staged: StagedFile[];
}

const fail = (message: string): never => {
  throw new CogError('LOCAL_ARTIFACT_INVALID', message);
};

export function resolveLocalArtifacts(input: LocalArtifactsInput): LocalArtifacts {
  const lines: string[] = [];
  const artifactLines = new Set<number>();
  const staged: StagedFile[] = [];
  for (const line of input.lines) {
    const artifact = artifactPath(line);
    if (artifact === undefined) {
      lines.push(line);
      continue;
    }
    const rel = stageArtifact(artifact, input);
    if (!staged.some((s) => s.path === `${LOCAL_ARTIFACTS_DIR}/${rel}`)) {
      staged.push({
        path: `${LOCAL_ARTIFACTS_DIR}/${rel}`,
        copyFrom: input.reader.realPath(
          path.resolve(path.dirname(input.requirementsFile), artifact),
        ),
      });
    }
    artifactLines.add(lines.length);
    lines.push(`/tmp/${LOCAL_ARTIFACTS_DIR}/${rel}`);
  }
  return { lines, artifactLines, staged };
}

const isUrl = (text: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
const looksLikePath = (text: string): boolean => /^(?:\.{1,2}\/|\/|~\/)/.test(text);

/** The artifact path of a line, undefined for ordinary requirements; throws for rejected forms. */
export function artifactPath(line: string): string | undefined {
  // `file:` as a URL scheme, not inside a word (e.g. a `…/profile:x` URL path).
  if (/(?:^|[^A-Za-z0-9])file:/i.test(line))
    fail(`local file URL requirements are not supported: ${line}`);
  const option = LOCAL_OPTION_RE.exec(line);
  if (option) {
    if (!isUrl(option[2] ?? ''))
      fail(`local requirements option "${option[1]}" is not supported: ${line}`);
    return undefined;
  }
  const direct = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*@\s*(\S+)/.exec(line);
  if (direct) {
    if (!isUrl(direct[1] ?? '')) {
      fail(
        `local direct reference requirements (\`name @ path\`) are not supported; list the path directly instead: ${line}`,
      );
    }
    return undefined;
  }
  if (line.startsWith('-')) return undefined;
  // Whole line is a path (spaces allowed inside file names).
  if (ARCHIVE_RE.test(line)) return line;
  const [first = '', ...rest] = line.split(/\s+/);
  const firstNoExtras = first.replace(/\[[^\]]*\]$/, '');
  const firstIsArchive =
    ARCHIVE_RE.test(firstNoExtras) || ARCHIVE_RE.test(first.replace(/;.*$/, ''));
  if (firstIsArchive) {
    if (firstNoExtras !== first)
      fail(`extras are not supported on local package artifact requirements: ${line}`);
    if (first.includes(';') || rest[0]?.startsWith(';')) {
      fail(`environment markers are not supported on local package artifact requirements: ${line}`);
    }
    fail(`local package artifact requirements do not support inline options or hashes: ${line}`);
  }
  if (looksLikePath(first)) {
    fail(`local package requirement "${first}" is not a supported wheel or source archive`);
  }
  return undefined;
}

/** Checks the file and returns its project-relative path (as written, symlinks not followed). */
function stageArtifact(artifact: string, input: LocalArtifactsInput): string {
  const written = path.resolve(path.dirname(input.requirementsFile), artifact);
  const kind = input.reader.kind(written);
  if (kind === undefined) {
    fail(
      `local Python package artifact "${artifact}" not found: stat ${written}: no such file or directory`,
    );
  }
  if (kind !== 'file') fail(`local Python package artifact "${artifact}" must be a regular file`);
  const projectReal = input.reader.realPath(input.projectDir);
  const real = input.reader.realPath(written);
  const inside = (p: string, root: string): boolean => {
    const rel = path.relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!inside(real, projectReal) || !inside(written, path.resolve(input.projectDir))) {
    fail(`local Python package artifact "${artifact}" must be inside the project directory`);
  }
  return path.relative(path.resolve(input.projectDir), written).split(path.sep).join('/');
}
