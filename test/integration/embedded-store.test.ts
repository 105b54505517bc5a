import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTAINERS } from '../../infra/cosmos/containers.js';
import { startEmbeddedCosmos } from '../../infra/cosmos/embedded.js';
import { serverRequire } from '../../infra/cosmos/embedded-query-fix.js';
import { CosmosOutboxRepo } from '../../infra/cosmos/outbox.cosmos-repo.js';
import { openCosmosStore } from '../../infra/cosmos/store.js';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'quorum-store-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('embedded Cosmos store', () => {
  it('creates every container with its partition key', async () => {
    const cosmos = await startEmbeddedCosmos();
    const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'q' });
    for (const [name, def] of Object.entries(CONTAINERS)) {
      const { resource } = await store.containers[name as keyof typeof CONTAINERS].read();
      expect(resource?.partitionKey?.paths).toEqual([def.partitionKey]);
    }
    store.dispose();
    await cosmos.stop();
  });

  it('persists to the data directory and reloads after a restart', async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedCosmos({ dataDir });
    const store1 = await openCosmosStore({ endpoint: first.endpoint, key: first.key, database: 'q' });
    await store1.containers.audit.items.create({ id: 'a1', partnershipId: 'p', action: 'x' });
    await store1.containers.leases.items.create({ id: 'l1', ttl: 600 });
    store1.dispose();
    await first.stop();

    const header = JSON.parse((await readFile(join(dataDir, 'cosmos.checkpoint'), 'utf8')).split('\n')[0]!);
    expect(header).toMatchObject({ format: 'quorum-checkpoint', version: 2 });

    const second = await startEmbeddedCosmos({ dataDir });
    const store2 = await openCosmosStore({ endpoint: second.endpoint, key: second.key, database: 'q' });
    const { resource } = await store2.containers.audit.item('a1', 'p').read();
    expect(resource).toMatchObject({ id: 'a1', action: 'x' });
    const { resources } = await store2.containers.leases.items.readAll().fetchAll();
    expect(resources.map((r) => r.id)).toEqual(['l1']);
    store2.dispose();
    await second.stop();
  });

  it('has a write on disk (in its journal) before it acknowledges it, without waiting for stop', async () => {
    const dataDir = await tempDir();
    const cosmos = await startEmbeddedCosmos({ dataDir });
    const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'q' });
    await store.containers.audit.items.create({ id: 'a2', partnershipId: 'p' });
    const journal = (await readdir(dataDir)).filter((f) => f.startsWith('journal-'));
    const written = await Promise.all(journal.map((f) => readFile(join(dataDir, f), 'utf8')));
    expect(written.some((text) => text.includes('"a2"'))).toBe(true);
    store.dispose();
    await cosmos.stop();
  });
});

describe('queries on the embedded store', () => {
  it('run each query once: the query plan the SDK asks for beside it does not scan the container again', async () => {
    const items = (serverRequire('./account/items.js') as { default: { prototype: { query: (...args: unknown[]) => unknown } } }).default.prototype;
    const original = items.query;
    let scans = 0;
    items.query = function (this: unknown, ...args: unknown[]) {
      scans++;
      return original.apply(this, args);
    };
    const cosmos = await startEmbeddedCosmos();
    const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'q' });
    try {
      const outbox = new CosmosOutboxRepo(store.containers.outbox);
      const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString();
      const card = { type: 'AdaptiveCard', version: '1.5', body: [] };
      await outbox.enqueue(
        [3, 1, 2, 9].map((s) => ({ id: `d${s}`, partnershipId: s === 2 ? 'other' : 'p', batchId: 'b', recipientAad: `a${s}`, card, status: 'pending' as const, attempts: 0, nextAttemptAt: at(s), createdAt: at(0) })),
      );
      scans = 0;
      expect((await outbox.due(new Date(at(5)), 2)).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect(scans).toBe(1);
      expect((await outbox.byBatch('p', 'b')).map((d) => d.id).sort()).toEqual(['d1', 'd3', 'd9']);
      expect(scans).toBe(2);
    } finally {
      items.query = original;
      store.dispose();
      await cosmos.stop();
    }
  });
});
