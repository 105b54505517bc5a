import { DefaultAzureCredential } from '@azure/identity';
import type { Server } from 'node:http';
import type { Config } from '../infra/config.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import { startLocalGraph, partnershipUsers, type StandInGraph } from '../infra/graph/stand-in-graph.js';
import { createLogger } from '../infra/logger.js';
import { startTelemetry } from '../infra/telemetry.js';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { startLocalPlayground, type Playground } from '../infra/playground.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import { compose, systemClock, type Quorum } from './compose.js';
import { listen } from './http.js';

export interface RunningQuorum {
  quorum: Quorum;
  port: number;
  playgroundUrl?: string;
  /** The stand-in Microsoft Graph of a local run (GRAPH_BASE_URL unset), for its test controls. */
  graph?: StandInGraph;
  log: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Act as this playground user instead of the config's current user (local mode). */
  asUser?: string;
  clock?: Clock;
  log?: Logger;
  /**
   * The emulator, already starting (main.ts sets it going before loading the app, when the bot's
   * port is known, since it takes seconds); stopped with the rest.
   */
  playground?: Promise<Playground>;
}

/**
 * Starts the whole product: the store (embedded and persisted in local mode), the sample
 * partnership when the store is empty, the bot's HTTP server, the scheduler and, locally, the
 * Teams emulator. `npm start` and the end-to-end tests both come through here.
 */
export async function startQuorum(config: Config, opts: StartOptions = {}): Promise<RunningQuorum> {
  const log = opts.log ?? createLogger(config.logLevel, { format: config.logFormat });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => log.error({ err: err.message }, 'stop failed'));
  };
  /** Stops run last-registered first; each says when it is done, so the shutdown order is visible. */
  const onStop = (part: string, stop: () => Promise<void>) =>
    stops.push(async () => {
      await stop();
      log.info({ part }, 'stopped');
    });

  try {
    const telemetry = await startTelemetry(config, log);
    stops.push(() => telemetry.stop());
    let embedded: EmbeddedCosmos | undefined;
    if (!config.cosmos.endpoint) {
      embedded = await startEmbeddedCosmos({ dataDir: config.dataDir });
      onStop('embedded store', () => embedded!.stop());
      log.info({ endpoint: embedded.endpoint, dataDir: config.dataDir }, 'embedded Cosmos DB started');
    }
    const store = await openCosmosStore(
      embedded
        ? { endpoint: embedded.endpoint, key: embedded.key, database: config.cosmos.database }
        : {
            endpoint: config.cosmos.endpoint!,
            key: config.cosmos.key,
            database: config.cosmos.database,
            credential: config.cosmos.key
              ? undefined
              : new DefaultAzureCredential(config.azureClientId ? { managedIdentityClientId: config.azureClientId } : {}),
          },
    );
    onStop('store', async () => store.dispose());

    // Local mode without GRAPH_BASE_URL: a stand-in Graph, with the loaded partnership's people added below.
    const localGraph = await startLocalGraph(config, log);
    if (localGraph) stops.push(() => localGraph.standIn.stop());
    const quorum = compose(localGraph?.config ?? config, store, log, opts.clock ?? systemClock, {
      heldMail: localGraph ? () => localGraph.standIn.mail.messages : undefined,
    });

    // Only into a folder with no data at all: a store that held data is never replaced by the sample.
    if (config.mode === 'local' && config.partnershipFile && !embedded?.heldData) {
      const sample = await readPartnershipFile(config.partnershipFile);
      if (await quorum.directory.seedIfEmpty(sample)) {
        log.info({ partnershipId: sample.id, file: config.partnershipFile }, 'sample partnership loaded into the empty store');
      }
      for (const { partnership } of await quorum.directory.directories()) localGraph?.standIn.addUsers(partnershipUsers(partnership));
    }

    const { server, port } = await listen(quorum.http, config.port, config.host);
    log.info({ port }, 'bot listening on /api/messages');

    // Shutdown runs these in reverse: stop taking requests, stop the scheduler, let the outbox
    // finish the sends in flight, then close the store.
    const pump = quorum.startOutbox();
    onStop('outbox', () => pump.stop());
    if (config.jobs.enabled) {
      quorum.scheduler.start();
      onStop('scheduler', () => quorum.scheduler.stop());
    }
    onStop('http', () => closeServer(server));

    let playground: Playground | undefined;
    if (opts.playground || config.playground.enabled) {
      playground = await (opts.playground ??
        startLocalPlayground({ botPort: port, port: config.playground.port, dataDir: config.dataDir, asUser: opts.asUser }));
      onStop('playground', () => playground!.stop());
    }

    return { quorum, port, playgroundUrl: playground?.url, graph: localGraph?.standIn, log, stop: stopAll };
  } catch (err) {
    await stopAll();
    await opts.playground?.then((p) => p.stop()).catch(() => undefined);
    throw err;
  }
}

/** Stops accepting connections and waits for requests in progress, for at most `graceMs`. */
function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
