import { parseArgs } from 'node:util';
import { checkDataFolder, restoreDataFolder } from '../infra/cosmos/data-folder.js';

/**
 * Checks a local data folder (`npx tsx scripts/check-data.ts .data`) and, with --restore, puts it
 * back into a state Quorum starts from (the kept checkpoint in place of a damaged one). Run it with
 * Quorum stopped. It prints what each file holds or what is wrong with it, never the data itself.
 */
const { values, positionals } = parseArgs({ options: { restore: { type: 'boolean', default: false } }, allowPositionals: true });
const dir = positionals[0];
if (!dir) {
  console.error('Usage: npx tsx scripts/check-data.ts <data folder> [--restore]');
  process.exit(2);
}

try {
  if (values.restore) {
    const done = await restoreDataFolder(dir);
    for (const line of done) console.log(`restored: ${line}`);
    if (!done.length) console.log('restored: nothing needed restoring');
  }
  const report = await checkDataFolder(dir);
  for (const f of report.files) console.log(`${f.ok ? 'ok      ' : 'DAMAGED '} ${f.file}: ${f.detail}`);
  console.log(report.summary);
  process.exit(report.startable ? 0 : 1);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
