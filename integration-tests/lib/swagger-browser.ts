// Drives a served model's /docs (Swagger UI) in Debian's headless chromium through
// playwright-core: the inputs must render, and "Try it out" → edit → "Execute" must run a
// prediction. Used by integration-tests/swagger-ui.test.ts; setup.sh installs chromium.
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.COG_TEST_CHROMIUM ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface SwaggerRun {
  /** Text of the rendered Input model (names, types, descriptions). */
  inputModel: string;
  /** The request body Swagger UI pre-filled before the test edited it. */
  prefilledBody: string;
  /** The JSON body of the prediction's response, as Swagger UI shows it. */
  responseBody: unknown;
  /** Requests the page made to any other origin (must be none: no CDN). */
  foreignRequests: string[];
  /** Console errors of the page. */
  consoleErrors: string[];
}

/** Opens `<base>/docs`, checks the model's inputs render, runs one prediction with `input`. */
export async function runPredictionInSwagger(
  base: string,
  input: Record<string, unknown>,
): Promise<SwaggerRun> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Inside containers/CI as root chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    const origin = new URL(base).origin;
    const foreignRequests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:')) foreignRequests.push(url);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${base}/docs`, { waitUntil: 'load' });
    const inputModel = await openInputModel(page);
    const operation = page.locator('#operations-default-predict_predictions_post');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    const textarea = operation.locator('textarea.body-param__text');
    const prefilledBody = await textarea.inputValue();
    await textarea.fill(JSON.stringify({ input }));
    await operation.getByRole('button', { name: 'Execute' }).click();
    const responseText = await operation
      .locator('.responses-table.live-responses-table .response-col_description pre.microlight')
      .first()
      .innerText({ timeout: 60_000 });
    return {
      inputModel,
      prefilledBody,
      responseBody: JSON.parse(responseText) as unknown,
      foreignRequests,
      consoleErrors,
    };
  } finally {
    await browser.close();
  }
}

/** Expands the "Input" schema in the Schemas section and returns its text. */
async function openInputModel(page: Page): Promise<string> {
  const model = page.locator('#model-Input');
  await model.waitFor({ timeout: 30_000 });
  // Expand the model, then each collapsed property ("Text[...]") until none is left. React
  // re-renders after each click, so the state is read again each round, not assumed.
  const selector = '#model-Input .model-box-control[aria-expanded="false"]';
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await model.innerText();
    const collapsed = await page.locator(selector).count();
    if (collapsed === 0 && text.includes('{') && !text.includes('[...]')) return text;
    if (Date.now() > deadline) assert.fail(`the Input model did not expand:\n${text}`);
    if (collapsed > 0) await page.locator(selector).first().click();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
