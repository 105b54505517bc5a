import { randomUUID } from 'node:crypto';
import { compose, type ComposeExtras, type Quorum } from '../../app/compose.js';
import { listen } from '../../app/http.js';
import { loadConfig } from '../../infra/config.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../infra/cosmos/embedded.js';
import { openCosmosStore, type CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import type { Partnership } from '../../services/domain/directory.js';
import type { Clock } from '../../services/ports/clock.js';
import type { Logger } from '../../services/ports/logger.js';
import { TENANT } from './activities.js';
import { FakeConnector } from './fake-connector.js';

export const silentLog: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps what it was told, for asserting that something was logged. */
export function recordingLog(): Logger & { entries: { level: string; fields: Record<string, unknown>; message: string }[] } {
  const entries: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void entries.push({ level, fields, message });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let shared: EmbeddedCosmos | undefined;

/** One embedded Cosmos server per test file; each harness gets its own database. */
export async function embeddedCosmos(): Promise<EmbeddedCosmos> {
  shared ??= await startEmbeddedCosmos();
  return shared;
}

export async function openTestStore() {
  const cosmos = await embeddedCosmos();
  return openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: `test-${randomUUID()}` });
}

/** The settings of production mode (Bot Framework authentication, one tenant), for startTestQuorum's env. */
export function azureModeEnv(appId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    QUORUM_MODE: 'azure',
    COSMOS_ENDPOINT: 'https://quorum-unused.documents.azure.com:443/',
    MICROSOFT_APP_ID: appId,
    MICROSOFT_APP_TYPE: 'SingleTenant',
    MICROSOFT_APP_TENANT_ID: TENANT,
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    PUBLIC_HOSTNAME: 'quorum.example.org',
    ...extra,
  };
}

export interface TestQuorum {
  url: string;
  quorum: Quorum;
  connector: FakeConnector;
  /** What was loaded; an empty partnership on first run. */
  partnership: Partnership;
  /** The test's own database, to read what is stored. */
  store: CosmosStore;
  stop(): Promise<void>;
}

/** The composed product over real HTTP, the real adapter and the embedded store, with a fake connector. */
export async function startTestQuorum(
  /** `partnership: null` starts on an empty store (first run). */
  opts: { partnership?: Partnership | null; clock?: Clock; log?: Logger; env?: Record<string, string>; extras?: ComposeExtras } = {},
): Promise<TestQuorum> {
  const store = await openTestStore();
  const config = loadConfig({ PLAYGROUND: 'false', JOBS_ENABLED: 'false', ...opts.env });
  const quorum = compose(config, store, opts.log ?? silentLog, opts.clock, opts.extras);
  const partnership = opts.partnership === null ? undefined : (opts.partnership ?? (await readPartnershipFile('partnerships/merton-2015.json')));
  if (partnership) await quorum.directory.save(partnership, 'test');
  const { server, port } = await listen(quorum.http, 0, '127.0.0.1');
  const connector = await new FakeConnector().start();
  const pump = quorum.startOutbox();
  return {
    url: `http://127.0.0.1:${port}`,
    quorum,
    connector,
    partnership: partnership ?? { id: '', name: '', source: '', timeZone: 'Europe/London', agencies: [], people: [], bodies: [] },
    store,
    async stop() {
      await quorum.scheduler.stop();
      // The connector goes first: a send it left hanging then fails, and the outbox can stop.
      await connector.stop();
      await pump.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      store.dispose();
    },
  };
}
