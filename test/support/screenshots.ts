import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where an end-to-end test saves a screenshot: test-results/screenshots on an ordinary run, so a test
 * run leaves the working tree as it was; docs/screenshots (the README's pictures) under
 * `npm run screenshots`, which sets UPDATE_SCREENSHOTS.
 */
export function screenshotPath(name: string): string {
  const dir = join(process.cwd(), process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
