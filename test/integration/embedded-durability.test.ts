import { BulkOperationType } from '@azure/cosmos';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../infra/cosmos/checkpoint.js';
import { checkDataFolder, restoreDataFolder } from '../../infra/cosmos/data-folder.js';
import { DataFolderError, startEmbeddedCosmos, type EmbeddedOptions } from '../../infra/cosmos/embedded.js';
import { openCosmosStore } from '../../infra/cosmos/store.js';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'quorum-durable-'));
  dirs.push(d);
  return d;
};
const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function open(dataDir: string, opts: Omit<EmbeddedOptions, 'dataDir'> = {}) {
  const cosmos = await startEmbeddedCosmos({ dataDir, ...opts });
  const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'q' });
  const handle = {
    cosmos,
    store,
    async stop() {
      store.dispose();
      await cosmos.stop();
    },
  };
  running.push(handle);
  return handle;
}

/** The folder as a crash would leave it: a copy taken while the store runs, never stopped. */
async function crashCopy(dataDir: string): Promise<string> {
  const copy = await tempDir();
  await cp(dataDir, copy, { recursive: true });
  return copy;
}

const SECRET = 'Safeguarding concern about child at 12 Acacia Avenue';

describe('the embedded store, durable', () => {
  it('has every acknowledged write on disk: concurrent creates, replaces, patches, deletes and batches', async () => {
    const dir = await tempDir();
    const { store, cosmos } = await open(dir);
    expect(cosmos.heldData).toBe(false);
    const c = store.containers.consultations;
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.items.create({ id: `a${i}`, partnershipId: 'p', choice: 'pending' })));
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.item(`a${i}`, 'p').replace({ id: `a${i}`, partnershipId: 'p', choice: 'agree' })));
    await c.item('a0', 'p').patch([{ op: 'set', path: '/choice', value: 'disagree' }]);
    await c.item('a1', 'p').delete();
    await c.items.bulk([
      { operationType: BulkOperationType.Create, resourceBody: { id: 'b1', partnershipId: 'p' } },
      { operationType: BulkOperationType.Upsert, resourceBody: { id: 'b2', partnershipId: 'p' } },
    ]);

    const copy = await crashCopy(dir);
    const again = await open(copy);
    expect(again.cosmos.heldData).toBe(true);
    const { resources } = await again.store.containers.consultations.items.readAll().fetchAll();
    const byId = new Map(resources.map((r) => [r.id, r]));
    expect(byId.size).toBe(31);
    expect(byId.get('a0')?.choice).toBe('disagree');
    expect(byId.has('a1')).toBe(false);
    expect(byId.get('a29')?.choice).toBe('agree');
    expect(byId.has('b1') && byId.has('b2')).toBe(true);
  });

  it('restores a checkpoint plus the journal after it, and keeps the previous checkpoint', async () => {
    const dir = await tempDir();
    const { store, cosmos } = await open(dir);
    const c = store.containers.audit;
    await c.items.create({ id: 'before-1', partnershipId: 'p' });
    await cosmos.flush();
    await c.items.create({ id: 'before-2', partnershipId: 'p' });
    await cosmos.flush();
    await c.items.create({ id: 'after', partnershipId: 'p' });
    const files = await readdir(dir);
    expect(files).toContain('cosmos.checkpoint');
    expect(files).toContain('cosmos.checkpoint.prev');

    const again = await open(await crashCopy(dir));
    const { resources } = await again.store.containers.audit.items.readAll().fetchAll();
    expect(resources.map((r) => r.id).sort()).toEqual(['after', 'before-1', 'before-2']);
  });

  it('writes a checkpoint in slices without holding writes: it holds the store as it began, the journal the writes made meanwhile', async () => {
    const dir = await tempDir();
    const { store, cosmos } = await open(dir);
    const c = store.containers.audit;
    const text = 'x'.repeat(2_000);
    await c.items.bulk(Array.from({ length: 100 }, (_, i) => ({ operationType: BulkOperationType.Create, resourceBody: { id: `d${i}`, partnershipId: 'p', n: 0, text } })));
    for (let i = 100; i < 3_000; i += 100) {
      await c.items.bulk(Array.from({ length: 100 }, (_, j) => ({ operationType: BulkOperationType.Create, resourceBody: { id: `d${i + j}`, partnershipId: 'p', n: 0, text } })));
    }
    // The image is taken when the checkpoint starts; these writes go to the next journal segment.
    const checkpoint = cosmos.flush();
    await c.item('d2999', 'p').replace({ id: 'd2999', partnershipId: 'p', n: 1, text });
    await c.item('d0', 'p').delete();
    await c.items.create({ id: 'new', partnershipId: 'p', n: 1 });
    await checkpoint;

    const image = await readCheckpoint(join(dir, 'cosmos.checkpoint'));
    const docs = image.databases.find((db) => db.id === 'q')!.containers.find((k) => k.definition.id === 'audit')!.docs;
    const byId = new Map(docs.map((d) => [d.id, d]));
    expect(byId.size).toBe(3_000);
    expect(byId.get('d2999')?.n).toBe(0);
    expect(byId.has('d0') && !byId.has('new')).toBe(true);
    expect(docs.some((d) => '_rid' in d || '_self' in d)).toBe(false);

    const again = await open(await crashCopy(dir));
    const { resources } = await again.store.containers.audit.items.readAll().fetchAll();
    const after = new Map(resources.map((r) => [r.id, r]));
    expect(after.size).toBe(3_000);
    expect(after.get('d2999')?.n).toBe(1);
    expect(after.has('d0')).toBe(false);
    expect(after.get('new')?.n).toBe(1);
  });

  it('drops a torn last journal record (a write never acknowledged) and keeps the rest', async () => {
    const dir = await tempDir();
    const { store } = await open(dir);
    await store.containers.audit.items.create({ id: 'kept', partnershipId: 'p' });
    const copy = await crashCopy(dir);
    const journal = (await readdir(copy)).filter((f) => f.startsWith('journal-')).sort().at(-1)!;
    await appendFile(join(copy, journal), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 0x7b, 0x22]));

    const again = await open(copy);
    const { resources } = await again.store.containers.audit.items.readAll().fetchAll();
    expect(resources.map((r) => r.id)).toEqual(['kept']);
  });

  for (const [name, damage] of [
    ['cut in half', (text: Buffer) => text.subarray(0, Math.floor(text.length / 2))],
    ['random bytes', (text: Buffer) => Buffer.from(Array.from({ length: text.length }, (_, i) => (i * 7919 + 13) % 256))],
    ['empty', () => Buffer.alloc(0)],
    ['valid JSON with nothing in it', () => Buffer.from('{"version":1,"databases":[]}')],
  ] as const) {
    it(`stops with one sentence, quoting nothing, on a checkpoint that is ${name}`, async () => {
      const dir = await tempDir();
      const first = await open(dir);
      await first.store.containers.consultations.items.create({ id: 'c1', partnershipId: 'p', description: SECRET });
      await first.cosmos.flush();
      await first.store.containers.consultations.items.create({ id: 'c2', partnershipId: 'p', description: SECRET });
      await first.cosmos.flush();
      await first.stop();
      running.splice(0);
      const file = join(dir, 'cosmos.checkpoint');
      await writeFile(file, damage(await readFile(file)));

      const err = await startEmbeddedCosmos({ dataDir: dir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DataFolderError);
      const message = (err as Error).message;
      expect(message).toContain(file);
      expect(message).toContain('check-data.ts');
      expect(message).not.toContain('Acacia');
      expect(message.split('. ').length).toBeLessThanOrEqual(3);
    });
  }

  it('check-data --restore puts the kept checkpoint back, and with the journal since it nothing is lost', async () => {
    const dir = await tempDir();
    const first = await open(dir);
    const c = first.store.containers.consultations;
    await c.items.create({ id: 'c1', partnershipId: 'p', description: SECRET });
    await first.cosmos.flush();
    await c.items.create({ id: 'c2', partnershipId: 'p', description: SECRET });
    await first.cosmos.flush();
    await c.items.create({ id: 'c3', partnershipId: 'p', description: SECRET });
    const copy = await crashCopy(dir);
    const file = join(copy, 'cosmos.checkpoint');
    const text = await readFile(file);
    await writeFile(file, text.subarray(0, text.length - 40));

    const before = await checkDataFolder(copy);
    expect(before.startable).toBe(false);
    expect(before.summary).toContain('--restore');
    expect(JSON.stringify(before)).not.toContain('Acacia');
    const done = await restoreDataFolder(copy);
    expect(done.join('\n')).toContain('kept checkpoint');
    expect((await checkDataFolder(copy)).startable).toBe(true);

    const again = await open(copy);
    const { resources } = await again.store.containers.consultations.items.readAll().fetchAll();
    expect(resources.map((r) => r.id).sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('honours TTL: an expired document is gone from queries and from the next checkpoint', async () => {
    const dir = await tempDir();
    let offset = 0;
    const { store, cosmos } = await open(dir, { now: () => Date.now() + offset });
    await store.containers.outbox.items.create({ id: 'finished', partnershipId: 'p', status: 'sent', ttl: 60 });
    await store.containers.outbox.items.create({ id: 'pending', partnershipId: 'p', status: 'pending' });
    await store.containers.leases.items.create({ id: 'lease-1', ttl: 60 });
    offset = 120_000;
    const { resources } = await store.containers.outbox.items.query('SELECT * FROM c').fetchAll();
    expect(resources.map((r) => r.id)).toEqual(['pending']);
    expect((await store.containers.leases.items.readAll().fetchAll()).resources).toEqual([]);
    await cosmos.flush();
    const checkpoint = await readFile(join(dir, 'cosmos.checkpoint'), 'utf8');
    expect(checkpoint).toContain('"pending"');
    expect(checkpoint).not.toContain('"finished"');
    expect(checkpoint).not.toContain('"lease-1"');
  });
});
