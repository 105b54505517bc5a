import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../infra/config.js';
import { startLocalPlayground, type Playground } from '../infra/playground.js';

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

// The emulator takes seconds to start: set it going before the app's modules load, when the bot's port is known.
let playground: Promise<Playground> | undefined;
if (config.playground.enabled && config.port !== 0) {
  playground = startLocalPlayground({ botPort: config.port, port: config.playground.port, dataDir: config.dataDir, asUser: values.as });
  playground.catch(() => undefined); // awaited, and reported, by startQuorum
}

const { startQuorum } = await import('./start.js');
const { DataFolderError } = await import('../infra/cosmos/embedded.js');
const { createLogger } = await import('../infra/logger.js');

const log = createLogger(config.logLevel, { format: config.logFormat ?? (process.stdout.isTTY ? 'text' : 'json') });
const running = await startQuorum(config, { asUser: values.as, log, playground }).catch((err: unknown) => {
  // A data folder that cannot be read: say which file and what to do, and quote none of it.
  if (err instanceof DataFolderError) console.error(err.message);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `Quorum cannot start: port ${config.port} on ${config.host} is already in use (is Quorum already running?). ` +
        'Stop the other program, or set PORT to a free port number.',
    );
  } else throw err;
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
