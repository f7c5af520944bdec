// Golden-file tests: each folder under testdata/ is one scenario — a cog.yaml (plus any files it
// refers to, and an optional options.json with planBuild options) in, the expected outputs in
// `expected/`. Refresh with `UPDATE_GOLDEN=1 npx node --test src/dockerfile/golden.test.ts`
// and review the diff like code.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CogError } from '../cog-error.ts';
import { parseConfig } from '../config/index.ts';
import { debugOutput } from './debug-output.ts';
import { generateDockerfile } from './generate-dockerfile.ts';
import { planBuild, type PlanBuildInput } from './plan-build.ts';
import {
  findWeightPaths,
  generateWeightsDockerfiles,
  type ProjectFile,
} from './separate-weights.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const update = process.env['UPDATE_GOLDEN'] === '1';

interface ScenarioOptions extends Omit<
  PlanBuildInput,
  'config' | 'projectDir' | 'sdkWheel' | 'cogBaseImageExists' | 'separateWeights'
> {
  /** cog-base images that count as available. */
  cogBaseImages?: string[];
  /** Project files (path + size) for --separate-weights; sizes in MiB. */
  weightFiles?: Array<{ path: string; mib: number }>;
}

function runScenario(dir: string): Record<string, string> {
  const optionsFile = path.join(dir, 'options.json');
  const options = existsSync(optionsFile)
    ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as ScenarioOptions)
    : {};
  const configFile = options.configFile ?? 'cog.yaml';
  const parsed = parseConfig(readFileSync(path.join(dir, configFile), 'utf8'), configFile);
  if (!parsed.ok) return { 'error.txt': parsed.errors.map((e) => e.message).join('\n') };
  const { cogBaseImages, weightFiles, ...rest } = options;
  const files: ProjectFile[] | undefined = weightFiles?.map((f) => ({
    path: f.path,
    size: f.mib * 1024 * 1024,
  }));
  try {
    const plan = planBuild({
      ...rest,
      config: parsed.config,
      projectDir: dir,
      sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
      ...(cogBaseImages
        ? { cogBaseImageExists: (ref: string) => cogBaseImages.includes(ref) }
        : {}),
      ...(files
        ? {
            separateWeights: { imageName: 'cog-scenario-weights', entries: findWeightPaths(files) },
          }
        : {}),
    });
    const out: Record<string, string> = { Dockerfile: `${generateDockerfile(plan)}\n` };
    for (const staged of plan.stagedFiles) {
      out[`staged/${staged.path}`] =
        'contents' in staged
          ? staged.contents
          : `(copy of ${path.relative(dir, staged.copyFrom)})\n`;
    }
    if (plan.warnings.length > 0) out['warnings.txt'] = `${plan.warnings.join('\n')}\n`;
    if (plan.separateWeights) {
      const weights = generateWeightsDockerfiles(plan);
      out['weights.Dockerfile'] = `${weights.weights}\n`;
      out['debug.txt'] = `${debugOutput(plan)}\n`;
    }
    return out;
  } catch (error) {
    if (!(error instanceof CogError)) throw error;
    return {
      'error.txt': `${error.code}: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}\n`,
    };
  }
}

function readExpected(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory())
      Object.assign(out, readExpected(path.join(dir, entry.name), `${rel}/`));
    else out[rel] = readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return out;
}

const scenarios = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

test('there are golden scenarios', () => {
  assert.ok(scenarios.length >= 8, `only ${scenarios.length} scenarios`);
});

for (const name of scenarios) {
  test(`golden: ${name}`, () => {
    const dir = path.join(root, name);
    const actual = runScenario(dir);
    const expectedDir = path.join(dir, 'expected');
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [file, contents] of Object.entries(actual)) {
        mkdirSync(path.dirname(path.join(expectedDir, file)), { recursive: true });
        writeFileSync(path.join(expectedDir, file), contents);
      }
    }
    const expected = readExpected(expectedDir);
    assert.deepEqual(
      Object.keys(actual).sort(),
      Object.keys(expected).sort(),
      'set of output files',
    );
    for (const file of Object.keys(expected)) {
      assert.equal(actual[file], expected[file], `${name}/expected/${file}`);
    }
  });
}
