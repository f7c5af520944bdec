// Where the user guide (docs/user/*.md) is on this machine: `npm run build` copies it, with the
// command reference it links, to dist/docs/, so it ships in the npm package and the single
// executable and matches the installed version (there is no website for this rewrite). Running
// from a checkout, it is the repository's docs/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of a user-guide page, e.g. `getting-started.md`; `docs/user/<page>` if none is found. */
export function userGuidePage(
  page: string,
  here = path.dirname(fileURLToPath(import.meta.url)),
): string {
  // dist/cog.mjs or dist/chunks/*.mjs; src/cli/… in a checkout.
  for (const docs of [
    path.join(here, 'docs'),
    path.join(here, '..', 'docs'),
    path.join(here, '..', '..', 'docs'),
    path.join(here, '..', '..', '..', 'docs'),
  ]) {
    const candidate = path.join(docs, 'user', page);
    if (existsSync(candidate)) return candidate;
  }
  return `docs/user/${page}`;
}
