// The grammar of every cog.yaml value that ends up inside generated text: the Dockerfile
// (`FROM`, `RUN`, `ENV` lines), the shell of a `RUN` line, or the staged requirements.txt.
// Each function returns what is wrong, in words for the user, or undefined when the value is
// fine. A value that passes can be interpolated without starting a new Dockerfile instruction,
// a new shell command (except in `build.run`, which is shell by design) or a new
// requirements line. docs/config.md ("Accepted values") lists the same rules.

/**
 * Characters no single-line value may contain: C0 controls except tab (newline, CR and NUL
 * among them), DEL, C1 controls (NEL), and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/u;

/** What the first forbidden character is, in a form that can be printed on one line. */
export function controlCharacterProblem(value: string): string | undefined {
  const match = CONTROL.exec(value);
  if (match === null) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  const name = NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `must not contain control characters (found ${name} at character ${match.index + 1})`;
}

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x0a: 'a newline',
  0x0d: 'a carriage return',
  0x85: 'NEL',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
};

/** Escapes control characters so a value can be quoted in a one-line error message. */
export function printable(value: string): string {
  return value.replace(
    new RegExp(CONTROL.source, 'gu'),
    (c) =>
      ({ '\n': '\\n', '\r': '\\r', '\0': '\\0' })[c] ??
      `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

// --- run / predict / train ------------------------------------------------------------------

const PYTHON_IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** `<path>.py:<Name>` after the original's split test passed: the parts themselves. */
export function referenceProblem(ref: string): string | undefined {
  const control = controlCharacterProblem(ref);
  if (control !== undefined) return control;
  const colon = ref.lastIndexOf(':');
  const name = ref.slice(colon + 1);
  if (!PYTHON_IDENTIFIER.test(name))
    return `the name after ':' must be a Python identifier, not "${name}"`;
  return undefined;
}

// --- build ------------------------------------------------------------------------------------

/** `3.13`, `3.13.1`, `3.13.0rc1`: digits and dots, then letters/digits/dots only. */
export function pythonVersionProblem(version: string): string | undefined {
  return /^\d+\.\d+[A-Za-z0-9.]*$/.test(version)
    ? undefined
    : 'must be a version such as "3.13" or "3.13.1" (digits, dots and letters only)';
}

/** A PEP 440 or semver version (the planner turns semver pre-releases into PEP 440). */
export function sdkVersionProblem(version: string): string | undefined {
  if (version.trim() === 'prerelease') return undefined;
  return /^\s*\d+(?:\.\d+)*[A-Za-z0-9.+-]*\s*$/.test(version)
    ? undefined
    : 'must be a version such as "0.18.0" or "0.18.0a1", or "prerelease"';
}

/**
 * One apt package per word: `name`, `name:arch`, `name=version` or `name/release`, with
 * Debian's name rules (lower case, digits, `+ - .`, two characters at least). Options such
 * as `--no-install-recommends` are not package names and are refused.
 */
const APT_PACKAGE =
  /^[a-z0-9][a-z0-9+.-]+(?::[a-z0-9][a-z0-9-]*)?(?:=[A-Za-z0-9.+~:*-]+|\/[A-Za-z0-9.+_-]+)?$/;

export function systemPackageProblem(item: string): string | undefined {
  const control = controlCharacterProblem(item);
  if (control !== undefined) return control;
  const words = item.trim().split(/[ \t]+/);
  if (words.length === 1 && words[0] === '') return 'must not be empty';
  const bad = words.find((w) => !APT_PACKAGE.test(w));
  if (bad === undefined) return undefined;
  if (bad.startsWith('-')) return `"${bad}" is an apt option, not a package name`;
  return `"${bad}" is not a Debian package name (lower-case letters, digits and + - ., optionally with :arch, =version or /release)`;
}

// --- python_packages (pip requirement lines) -------------------------------------------------

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const EXTRAS = `\\[\\s*(?:${NAME}(?:\\s*,\\s*${NAME})*)?\\s*\\]`;
const VERSION = '[A-Za-z0-9.*+!_-]+';
const CLAUSE = `(?:~=|===|==|!=|<=|>=|<|>)\\s*${VERSION}`;
const SPECIFIER = `${CLAUSE}(?:\\s*,\\s*${CLAUSE})*`;
/** `name [extras] (specifier | (specifier) | @ url)` then an optional `; marker`. */
const REQUIREMENT = new RegExp(
  `^${NAME}\\s*(?:${EXTRAS})?\\s*(?:${SPECIFIER}|\\(\\s*${SPECIFIER}\\s*\\)|@\\s*\\S+)?\\s*(?:;.*)?$`,
);
/** A URL or a path (VCS URLs, wheels, sdists, directories), then an optional `; marker`. */
const URL_OR_PATH = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|\.{1,2}\/|\/|~\/)\S*\s*(?:;.*)?$/;
const ARCHIVE = /^\S+\.(?:whl|tar\.gz|tgz|zip|tar\.bz2)\s*(?:;.*)?$/;
/** pip options a requirements file may hold, e.g. `--index-url URL`, `-e git+…`, `--pre`. */
const OPTION = /^--?[A-Za-z][A-Za-z-]*(?:[= ]\s*\S.*)?$/;
/**
 * Drops per-requirement options at the end of a line (`--hash=sha256:…`, `--config-settings=…`,
 * `--extra-index-url URL`, `-f URL`): the first word from the second on that starts with `-`
 * begins them, and from there on every word is an option or an option's value. Done on words
 * rather than with a regular expression, whose backtracking on `--a --a --a …` is exponential.
 */
function withoutTrailingOptions(line: string): string | undefined {
  const words = line.split(/\s+/);
  const first = words.findIndex((w, i) => i > 0 && w.startsWith('-'));
  if (first === -1) return line;
  let expectValue = false;
  for (const word of words.slice(first)) {
    if (/^--?[A-Za-z][A-Za-z-]*(?:=\S+)?$/.test(word)) expectValue = !word.includes('=');
    else if (expectValue) expectValue = false;
    else return undefined;
  }
  return words.slice(0, first).join(' ');
}

/**
 * One `python_packages` item is one requirements-file line (PEP 508 requirement, URL, path or
 * pip option). Comments (` # …`) and blank items are allowed; they are dropped later.
 */
export function pythonPackageProblem(item: string): string | undefined {
  const control = controlCharacterProblem(item);
  if (control !== undefined) return control;
  // In a requirements file a trailing backslash joins the next line (before comments are cut,
  // as pip does), so `# x\` would comment out the next item.
  if (item.endsWith('\\'))
    return 'must not end with a backslash (it would join the next item onto this line)';
  // One space between words keeps the `\s*` of the patterns below from backtracking over long
  // runs of blanks.
  const line = item
    .replace(/(^|\s)#.*$/, '')
    .trim()
    .replace(/\s+/g, ' ');
  if (line === '' || OPTION.test(line)) return undefined;
  const core = withoutTrailingOptions(line);
  if (
    core !== undefined &&
    (REQUIREMENT.test(core) || URL_OR_PATH.test(core) || ARCHIVE.test(core))
  )
    return undefined;
  return 'is not a pip requirement: expected a PEP 508 requirement (name[extras] version-specifier ; marker), a URL or path, or a pip option such as --index-url';
}

// --- build.run ----------------------------------------------------------------------------------

/**
 * `build.run` / `pre_install` commands are shell, and shell syntax is theirs to use. What they
 * may not do is change the Dockerfile around them: a line break starts a new instruction, a
 * trailing backslash continues the `RUN` into the next instruction, and a heredoc marker
 * (`<<EOF`, which BuildKit honours in `RUN`) would swallow the following lines as its body.
 * Newlines are reported by their own check, with the original's wording.
 */
export function runCommandProblem(command: string): string | undefined {
  const trimmed = command.trim();
  if (trimmed === '') return 'must not be empty';
  const control = controlCharacterProblem(trimmed.replaceAll('\n', ' '));
  if (control !== undefined) return control;
  if (trimmed.endsWith('\\'))
    return 'must not end with a backslash (it would continue the Dockerfile RUN instruction onto the next line)';
  if (HEREDOC.test(trimmed))
    return 'must not use a heredoc (<<WORD): BuildKit would read the following Dockerfile lines as its body; put the script in a file and run that';
  return undefined;
}

/**
 * BuildKit treats a word `[digits]<<[-]WORD` of a RUN line (after quote removal, WORD not
 * empty and without `<`) as the start of a heredoc; `<< 2` and `<<<` are not.
 */
const HEREDOC = /(?:^|\s)['"]?\d*<<-?['"]?[^\s<'"]/;

/** Secret ids (`--secret id=…`): what `docker build --secret` and our own parser accept. */
export function secretIdProblem(id: string): string | undefined {
  return /^[A-Za-z0-9_.-]+$/.test(id)
    ? undefined
    : 'must contain only letters, digits, "_", "." and "-"';
}

/** Inside `--mount=type=secret,id=…,target=…`: a comma, quote or space would end the field. */
export function secretTargetProblem(target: string): string | undefined {
  const control = controlCharacterProblem(target);
  if (control !== undefined) return control;
  if (target === '') return 'must not be empty';
  if (/[\s,"'`$\\]/.test(target))
    return 'must be a path without spaces, commas, quotes, "$" or backslashes';
  return undefined;
}

// --- environment --------------------------------------------------------------------------------

/** POSIX: letters, digits and underscores, not starting with a digit. */
export function environmentNameProblem(name: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? undefined
    : 'must start with a letter or "_" and contain only letters, digits and "_"';
}
