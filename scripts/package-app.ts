/**
 * `npm run package`: builds dist/quorum-teams-app.zip, the package to upload to the Teams admin
 * centre or to sideload. Placeholder values come from the environment through loadConfig().
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../infra/config.js';
import { LOCAL_APP_ID, LOCAL_HOSTNAME, TeamsPackageError, packageApp, placeholderValues } from '../infra/teams-package.js';

async function main(): Promise<void> {
  const { values, localOnly } = placeholderValues(loadConfig());
  if (localOnly) {
    console.warn(
      `warning: MICROSOFT_APP_ID is not set, so the package uses the fake app id ${LOCAL_APP_ID}` +
        (values.PUBLIC_HOSTNAME === LOCAL_HOSTNAME ? ` and host ${LOCAL_HOSTNAME}` : '') +
        '. It is for local inspection only; Teams will not accept it.',
    );
  }
  const outFile = fileURLToPath(new URL('../dist/quorum-teams-app.zip', import.meta.url));
  const result = await packageApp({ values, outFile });
  console.log(`${relative(process.cwd(), result.file) || result.file} (${result.size} bytes): ${result.entries.join(', ')}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof TeamsPackageError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
