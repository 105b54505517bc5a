import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../infra/config.js';
import { DataFolderError } from '../infra/cosmos/embedded.js';
import { startQuorum } from './start.js';

const { values } = parseArgs({ options: { as: { type: 'string' } }, allowPositionals: false });

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const running = await startQuorum(config, { asUser: values.as }).catch((err: unknown) => {
  // A data folder that cannot be read: say which file and what to do, and quote none of it.
  if (!(err instanceof DataFolderError)) throw err;
  console.error(err.message);
  process.exit(1);
});

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  running.log.info({ signal }, 'shutting down');
  // App Service kills the process some 30 seconds after SIGTERM; leave with a log line before that.
  setTimeout(() => {
    running.log.error({ signal }, 'shutdown took too long; exiting');
    process.exit(1);
  }, 25_000).unref();
  await running.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const local = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
const dashboard = `http://${local}:${running.port}/tab/index.html`;
if (running.playgroundUrl) {
  console.log(
    `\n  Quorum is running. Open the Teams emulator: ${running.playgroundUrl}\n` +
      `  The dashboard tab: ${dashboard}\n` +
      `  (Ctrl-C stops everything and keeps your data in ${config.dataDir}/)\n`,
  );
} else {
  console.log(`\n  Quorum is listening on ${local}:${running.port} (POST /api/messages; the dashboard tab: ${dashboard}).\n`);
}
