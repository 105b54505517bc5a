import { createHttpServer } from '@vercel/cosmosdb-server';
import { CosmosClient, type ContainerDefinition, type ItemDefinition } from '@azure/cosmos';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Any key works against the embedded server; this one is only ever used on 127.0.0.1. */
export const EMBEDDED_KEY = 'bG9jYWwtb25seS1rZXk=';

interface Snapshot {
  version: 1;
  savedAt: string;
  databases: { id: string; containers: { definition: ContainerDefinition; items: ItemDefinition[] }[] }[];
}

export interface EmbeddedCosmos {
  endpoint: string;
  key: string;
  /** Writes the current contents to disk now (no-op without a data directory). */
  flush(): Promise<void>;
  /** Flushes and stops the server. */
  stop(): Promise<void>;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

/**
 * The in-process Cosmos DB server used for local runs and tests, reached through the real SDK.
 * It keeps everything in memory, so with a data directory it persists a snapshot after writes
 * (debounced; written to a temp file then renamed) and reloads it at start.
 */
export async function startEmbeddedCosmos(opts: { dataDir?: string; port?: number } = {}): Promise<EmbeddedCosmos> {
  // Keep connections open: a new TCP connection per request costs more than the request.
  const server = createHttpServer({ keepAlive: true });
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> = Promise.resolve();
  let stopped = false;

  const file = opts.dataDir ? join(opts.dataDir, 'cosmos.json') : undefined;

  server.on('request', (req) => {
    if (!file || stopped || req.method === 'GET' || req.headers['x-ms-documentdb-isquery']) return;
    dirty = true;
    timer ??= setTimeout(() => {
      timer = undefined;
      flush().catch((err: Error) => console.error(`Could not save the local store: ${err.message}`));
    }, 200);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Only a persisted store needs a client of its own (to snapshot and restore).
  const client = file ? new CosmosClient({ endpoint, key: EMBEDDED_KEY, connectionPolicy: { enableEndpointDiscovery: false } }) : undefined;

  async function save(): Promise<void> {
    if (!file || !opts.dataDir || !client) return;
    dirty = false;
    const snapshot: Snapshot = { version: 1, savedAt: new Date().toISOString(), databases: [] };
    const { resources: dbs } = await client.databases.readAll().fetchAll();
    for (const db of dbs) {
      const database = client.database(db.id);
      const { resources: defs } = await database.containers.readAll().fetchAll();
      const containers = [];
      for (const def of defs) {
        const { resources: items } = await database.container(def.id).items.readAll().fetchAll();
        containers.push({
          definition: { id: def.id, partitionKey: def.partitionKey, indexingPolicy: def.indexingPolicy, defaultTtl: def.defaultTtl },
          items: items.map(stripSystemFields),
        });
      }
      snapshot.databases.push({ id: db.id, containers });
    }
    await mkdir(opts.dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(snapshot));
    await rename(tmp, file);
  }

  function flush(): Promise<void> {
    saving = saving.then(save, save);
    return saving;
  }

  if (file && client) await restore(client, file);

  return {
    endpoint,
    key: EMBEDDED_KEY,
    flush: () => (dirty ? flush() : saving),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (dirty) await flush();
      await saving;
      client?.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function stripSystemFields(item: ItemDefinition): ItemDefinition {
  const copy: Record<string, unknown> = { ...item };
  for (const f of SYSTEM_FIELDS) delete copy[f];
  return copy as ItemDefinition;
}

async function restore(client: CosmosClient, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const snapshot = JSON.parse(text) as Snapshot;
  for (const db of snapshot.databases) {
    const { database } = await client.databases.createIfNotExists({ id: db.id });
    for (const c of db.containers) {
      const { container } = await database.containers.createIfNotExists(c.definition);
      for (const item of c.items) await container.items.upsert(item);
    }
  }
}
