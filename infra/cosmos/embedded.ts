import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readCheckpoint, readLegacySnapshot, UnreadableDataFile, writeCheckpoint, type ContainerDef, type Doc, type StoreImage, type StoreImageSource } from './checkpoint.js';
import { applyLinearQueryFix, serverRequire } from './embedded-query-fix.js';
import { JournalDamage, JournalSegment, readSegment, SEGMENT_PATTERN, segmentName, syncDirectory } from './journal.js';

/** Any key works against the embedded server; this one is only ever used on 127.0.0.1. */
export const EMBEDDED_KEY = 'bG9jYWwtb25seS1rZXk=';

/** The files of a data folder. */
export const DATA_FILES = {
  checkpoint: 'cosmos.checkpoint',
  previous: 'cosmos.checkpoint.prev',
  /** The whole-store snapshot of earlier versions, read once and kept as `cosmos.json.v1`. */
  legacy: 'cosmos.json',
} as const;

export interface EmbeddedCosmos {
  endpoint: string;
  key: string;
  /** Whether the data folder held data when the store started (the sample is loaded only when it did not). */
  heldData: boolean;
  /** Writes a checkpoint now, so the journal can be truncated (no-op without a data directory). */
  flush(): Promise<void>;
  /** Stops taking requests, writes a checkpoint and stops the server. */
  stop(): Promise<void>;
  /** Deletes the documents whose TTL has passed (also done before each request and every few seconds). */
  purgeExpired(): number;
  /** Documents held, by container (for the bench and tests). */
  documentCount(): number;
  /** The last checkpoint's figures, for the bench. */
  lastCheckpoint?: { ms: number; documents: number };
}

export interface EmbeddedOptions {
  dataDir?: string;
  port?: number;
  /** The time TTL is judged by (ms since the epoch); tests move it forward. Defaults to Date.now. */
  now?: () => number;
  /** Journal bytes after which a checkpoint is written. Default 32 MB. */
  checkpointBytes?: number;
  /** Longest time between checkpoints while there are writes. Default 10 minutes. */
  checkpointEveryMs?: number;
}

/**
 * The store at start could not be read: `message` is one or two sentences for the person running
 * Quorum (which file, what is wrong, what to do) and never quotes the file.
 */
export class DataFolderError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'DataFolderError';
  }
}

// ---- The server's own parts, reached through its files (it exports only createHttpServer). ----

interface ItemsLike {
  _data: Map<string, { read(): Doc | undefined }>;
  _ridCount: number;
  _rid(n: number): string;
  _self(rid: string): string;
  _item(keyPath: string, id: unknown, partition: unknown): { read(): Doc | undefined };
  _getPartition(doc: Doc): unknown;
}
interface CollectionLike {
  read(): (ContainerDef & Record<string, unknown>) | undefined;
  documents: ItemsLike;
}
interface DatabaseLike {
  read(): { id: string } | undefined;
  collection(id: string): CollectionLike;
  collections: ItemsLike & { create(def: ContainerDef): unknown; replace(def: ContainerDef, old: unknown): unknown };
}
interface AccountLike {
  database(id: string): DatabaseLike;
  databases: ItemsLike & { create(def: { id: string }): unknown };
}
type Handler = (account: AccountLike, req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<unknown> | unknown;

const lib = <T>(path: string) => (serverRequire(`./${path}`) as { default: T }).default;
const Account = lib<new (host: string, port: number) => AccountLike>('account/index.js');
const routes = lib<(req: IncomingMessage) => [Record<string, string>, Handler] | undefined>('routes.js');
const ItemsProto = lib<{ prototype: Record<string, (...args: unknown[]) => unknown> }>('account/items.js').prototype;
const DocumentsProto = lib<{ prototype: Record<string, unknown> }>('account/documents.js').prototype;
const CONTAINER_WRITES = new Map<Handler, 'db' | 'dbdel' | 'coll' | 'colldel'>([
  [lib<Handler>('handler/create-database.js'), 'db'],
  [lib<Handler>('handler/delete-database.js'), 'dbdel'],
  [lib<Handler>('handler/create-collection.js'), 'coll'],
  [lib<Handler>('handler/replace-collection.js'), 'coll'],
  [lib<Handler>('handler/delete-collection.js'), 'colldel'],
]);
const itemsSet = ItemsProto._set!;
const itemsDelete = ItemsProto.delete!;

type DocOp = { p: Doc } | { d: string; k: unknown };
type JournalRecord =
  | { t: 'docs'; db: string; coll: string; ops: DocOp[] }
  | { t: 'db'; id: string }
  | { t: 'dbdel'; id: string }
  | { t: 'coll'; db: string; def: ContainerDef }
  | { t: 'colldel'; db: string; id: string };

/** The document changes a request makes, collected as the server's document store makes them. */
const changes = new AsyncLocalStorage<DocOp[]>();
let hooked = false;
function hookDocumentWrites(): void {
  if (hooked) return;
  DocumentsProto._set = function (this: ItemsLike, data: Doc) {
    const doc = itemsSet.call(this, data) as Doc;
    changes.getStore()?.push({ p: doc });
    return doc;
  };
  DocumentsProto.delete = function (this: ItemsLike, id: string, partition: unknown) {
    const doc = this._item('/id', id, partition).read();
    itemsDelete.call(this, id, partition);
    if (doc) changes.getStore()?.push({ d: doc.id, k: this._getPartition(doc) });
  };
  hooked = true;
}

const DEFINITION_KEYS = ['id', 'partitionKey', 'indexingPolicy', 'defaultTtl', 'uniqueKeyPolicy'] as const;
const definitionOf = (data: Record<string, unknown>): ContainerDef =>
  Object.fromEntries(DEFINITION_KEYS.filter((k) => data[k] !== undefined).map((k) => [k, data[k]])) as unknown as ContainerDef;

/** When a document expires (seconds since the epoch), by Cosmos DB's rules; undefined if never. */
export function expiresAt(def: { defaultTtl?: number | null }, doc: Doc): number | undefined {
  if (def.defaultTtl === undefined || def.defaultTtl === null) return undefined;
  const ttl = typeof doc.ttl === 'number' ? doc.ttl : def.defaultTtl;
  if (!(ttl > 0) || typeof doc._ts !== 'number') return undefined;
  return doc._ts + ttl;
}

interface Expiry {
  at: number;
  docs: ItemsLike;
  id: string;
  pk: unknown;
  etag: unknown;
}

/** A binary min-heap on `at`: the next document to expire is always on top. */
class ExpiryHeap {
  private items: Expiry[] = [];
  get size() {
    return this.items.length;
  }
  peek(): Expiry | undefined {
    return this.items[0];
  }
  push(e: Expiry): void {
    const a = this.items;
    a.push(e);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= a[i]!.at) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): Expiry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.at < a[m]!.at) m = l;
        if (r < a.length && a[r]!.at < a[m]!.at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

const TTL_SWEEP_MS = 5_000;
const QUERY_METRICS =
  'totalExecutionTimeInMs=0.00;queryCompileTimeInMs=0.00;queryLogicalPlanBuildTimeInMs=0.00;queryPhysicalPlanBuildTimeInMs=0.00;' +
  'queryOptimizationTimeInMs=0.00;VMExecutionTimeInMs=0.00;indexLookupTimeInMs=0.00;documentLoadTimeInMs=0.00;systemFunctionExecuteTimeInMs=0.00;' +
  'userFunctionExecuteTimeInMs=0.00;retrievedDocumentCount=0;retrievedDocumentSize=0;outputDocumentCount=1;outputDocumentSize=0;' +
  'writeOutputTimeInMs=0.00;indexUtilizationRatio=0.00';
const PURGE_BATCH = 5_000;

/**
 * The in-process Cosmos DB server used for local runs and tests, reached through the real SDK.
 *
 * With a data directory it is durable: every write is appended to a journal and fdatasynced before
 * its response goes back (writes in flight together share one flush), and a checkpoint of the whole
 * store, written in the background while writes go to the next journal segment, lets old segments
 * go. The previous checkpoint and the journal since it are kept, so either checkpoint restores
 * everything. Start = newest checkpoint + the journal after it, loaded straight into the server's
 * memory. TTL is honoured (expired documents are purged and never checkpointed), and the query
 * engine is made linear (embedded-query-fix.ts).
 */
export async function startEmbeddedCosmos(opts: EmbeddedOptions = {}): Promise<EmbeddedCosmos> {
  applyLinearQueryFix();
  hookDocumentWrites();
  const now = opts.now ?? Date.now;
  const dir = opts.dataDir;
  const checkpointBytes = opts.checkpointBytes ?? 32 * 1024 * 1024;
  const expiries = new ExpiryHeap();
  // eslint-disable-next-line prefer-const -- assigned once the server listens (its address is part of the account)
  let account!: AccountLike;
  let segment: JournalSegment | undefined;
  let checkpointing: Promise<void> | undefined;
  let checkpointQueued = false;
  let broken: Error | undefined;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();

  const server = createServer({ keepAlive: true }, (req, res) => {
    const handling = handle(req, res).catch((err: Error) => {
      console.error(`The local store failed a request: ${err.message}`);
      if (!res.writableEnded) {
        res.statusCode = 500;
        res.end('');
      }
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
  });

  /** Mirrors @vercel/cosmosdb-server's own request handler, with the journal before the response. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers['x-ms-cosmos-is-query-plan-request']) {
      answerQueryPlan(res);
      return;
    }
    purgeExpired();
    const route = routes(req);
    let body: Record<string, unknown> | undefined;
    let record: JournalRecord | undefined;
    if (route) {
      const [params, handler] = route;
      const ops: DocOp[] = [];
      try {
        body = (await changes.run(ops, () => handler(account, req, res, params))) as Record<string, unknown> | undefined;
      } catch (err) {
        console.error(`The local store failed a request: ${(err as Error).message}`);
        body = { message: (err as Error).message };
        res.statusCode = 500;
      }
      if (res.statusCode > 399 && body && !body.message) body.message = '';
      record = recordOf(handler, params, res.statusCode, body, ops);
    } else {
      res.statusCode = 400;
      body = { message: 'no route' };
    }
    if (record) {
      trackExpiry(record);
      if (segment) {
        try {
          if (broken) throw broken;
          await segment.append(record);
          if (segment.bytes >= checkpointBytes) scheduleCheckpoint();
        } catch (err) {
          // The change is in memory but not on disk: refuse it, and every write after it.
          broken ??= err as Error;
          console.error(`The local store could not write its journal: ${(err as Error).message}`);
          res.statusCode = 503;
          body = { code: 'ServiceUnavailable', message: 'The local store could not write its journal.' };
        }
      }
    }
    if (body && body._etag) res.setHeader('etag', String(body._etag));
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-location', `https://${req.headers.host}${req.url}`);
    res.setHeader('connection', 'keep-alive');
    res.setHeader('x-ms-activity-id', randomUUID());
    res.setHeader('x-ms-request-charge', '1');
    if (req.headers['x-ms-documentdb-populatequerymetrics']) res.setHeader('x-ms-documentdb-query-metrics', QUERY_METRICS);
    if (req.headers['a-im'] && res.statusCode === 200) {
      if (req.headers['if-none-match']) res.statusCode = 304;
      res.setHeader('etag', '1');
    }
    res.end(JSON.stringify(body));
  }

  function recordOf(handler: Handler, params: Record<string, string>, status: number, body: Record<string, unknown> | undefined, ops: DocOp[]): JournalRecord | undefined {
    if (ops.length) return { t: 'docs', db: params.dbId!, coll: params.collId!, ops: ops.map(forJournal) };
    if (status >= 300) return undefined;
    switch (CONTAINER_WRITES.get(handler)) {
      case 'db':
        return { t: 'db', id: String(body?.id) };
      case 'dbdel':
        return { t: 'dbdel', id: params.dbId! };
      case 'coll':
        return { t: 'coll', db: params.dbId!, def: definitionOf(body ?? {}) };
      case 'colldel':
        return { t: 'colldel', db: params.dbId!, id: params.collId! };
      default:
        return undefined;
    }
  }

  function trackExpiry(record: JournalRecord): void {
    if (record.t !== 'docs') return;
    const coll = account.database(record.db).collection(record.coll);
    const def = coll.read();
    if (!def || def.defaultTtl === undefined || def.defaultTtl === null) return;
    for (const op of record.ops) {
      if (!('p' in op)) continue;
      const at = expiresAt(def, op.p);
      if (at !== undefined) expiries.push({ at, docs: coll.documents, id: op.p.id, pk: coll.documents._getPartition(op.p), etag: op.p._etag });
    }
  }

  function purgeExpired(): number {
    const nowSeconds = now() / 1000;
    let purged = 0;
    while (purged < PURGE_BATCH && (expiries.peek()?.at ?? Infinity) <= nowSeconds) {
      const e = expiries.pop()!;
      const doc = e.docs._item('/id', e.id, e.pk).read();
      // A later write gave the document a new expiry (and a heap entry of its own).
      if (!doc || doc._etag !== e.etag) continue;
      itemsDelete.call(e.docs, e.id, e.pk);
      purged++;
    }
    return purged;
  }

  // ---- Loading: checkpoint (or the earlier snapshot) plus the journal after it, straight into memory. ----

  function applyRecord(record: JournalRecord): void {
    switch (record.t) {
      case 'db':
        if (!account.database(record.id).read()) account.databases.create({ id: record.id });
        return;
      case 'dbdel':
        if (account.database(record.id).read()) (itemsDelete as (id: string, p: string) => void).call(account.databases, record.id, record.id);
        return;
      case 'coll': {
        const db = account.database(record.db);
        const existing = db.collection(record.def.id).read();
        if (existing) db.collections.replace(record.def, existing);
        else db.collections.create(record.def);
        return;
      }
      case 'colldel': {
        const db = account.database(record.db);
        if (db.collection(record.id).read()) itemsDelete.call(db.collections, record.id, record.id);
        return;
      }
      case 'docs': {
        const coll = account.database(record.db).collection(record.coll);
        if (!coll.read()) return;
        const def = coll.read()!;
        for (const op of record.ops) {
          if ('p' in op) putDoc(coll, def, op.p);
          else if (coll.documents._item('/id', op.d, op.k).read()) itemsDelete.call(coll.documents, op.d, op.k);
        }
      }
    }
  }

  function putDoc(coll: CollectionLike, def: ContainerDef, doc: Doc): void {
    const docs = coll.documents;
    const pk = docs._getPartition(doc);
    if (docs._item('/id', doc.id, pk).read()) itemsDelete.call(docs, doc.id, pk);
    const at = expiresAt(def, doc);
    if (at !== undefined && at <= now() / 1000) return;
    docs._ridCount += 1;
    const rid = docs._rid(docs._ridCount);
    doc._rid = rid;
    doc._self = docs._self(rid);
    itemsSet.call(docs, doc);
    if (at !== undefined) expiries.push({ at, docs, id: doc.id, pk, etag: doc._etag });
  }

  function loadImage(image: StoreImage): void {
    for (const db of image.databases) {
      applyRecord({ t: 'db', id: db.id });
      for (const c of db.containers) {
        applyRecord({ t: 'coll', db: db.id, def: c.definition });
        const coll = account.database(db.id).collection(c.definition.id);
        const def = coll.read()!;
        for (const doc of c.docs) putDoc(coll, def, doc);
      }
    }
  }

  /**
   * The store as it is now, taken in one step: the server replaces a document's entry on every write
   * (never changes it in place), so the entries taken here are read later, while the checkpoint is written.
   */
  function image(seq: number): StoreImageSource {
    const databases: StoreImageSource['databases'] = [];
    for (const dbItem of account.databases._data.values()) {
      const db = dbItem as unknown as DatabaseLike;
      const dbData = db.read();
      if (!dbData) continue;
      const containers: StoreImageSource['databases'][number]['containers'] = [];
      for (const collItem of db.collections._data.values()) {
        const coll = collItem as unknown as CollectionLike;
        const data = coll.read();
        if (!data) continue;
        const entries = [...coll.documents._data.values()];
        containers.push({ definition: definitionOf(data), docs: (function* () { for (const entry of entries) yield entry.read()!; })() });
      }
      databases.push({ id: dbData.id, containers });
    }
    return { seq, databases };
  }

  // ---- Checkpoints ----

  const path = (name: string) => join(dir!, name);

  function scheduleCheckpoint(): void {
    if (checkpointing) {
      checkpointQueued = true;
      return;
    }
    checkpoint().catch((err: Error) => console.error(`The local store could not write a checkpoint: ${err.message}`));
  }

  function checkpoint(): Promise<void> {
    if (!dir || !segment) return Promise.resolve();
    if (checkpointing) {
      checkpointQueued = true;
      return checkpointing.then(() => checkpoint());
    }
    checkpointing = writeOne().finally(() => {
      checkpointing = undefined;
      if (checkpointQueued && !stopped) {
        checkpointQueued = false;
        scheduleCheckpoint();
      }
    });
    return checkpointing;
  }

  async function writeOne(): Promise<void> {
    const started = performance.now();
    // Same tick: the image holds exactly the writes of the segments up to `done.seq`.
    const done = segment!;
    segment = JournalSegment.openSync(path(segmentName(done.seq + 1)), done.seq + 1);
    const snapshot = image(done.seq);
    await done.close();
    const tmp = path(`${DATA_FILES.checkpoint}.tmp`);
    const nowSeconds = now() / 1000;
    const documents = await writeCheckpoint(tmp, snapshot, (def, doc) => {
      const at = expiresAt(def, doc);
      return at === undefined || at > nowSeconds;
    });
    const previous = currentSeq;
    if (previous !== undefined) await rename(path(DATA_FILES.checkpoint), path(DATA_FILES.previous));
    await rename(tmp, path(DATA_FILES.checkpoint));
    await syncDirectory(dir!);
    currentSeq = done.seq;
    // Keep the journal since the previous checkpoint, so that it too restores everything.
    if (previous !== undefined) {
      for (const seq of await segmentSeqs(dir!)) if (seq <= previous) await rm(path(segmentName(seq)), { force: true });
    }
    if (await exists(path(DATA_FILES.legacy))) await rename(path(DATA_FILES.legacy), path(`${DATA_FILES.legacy}.v1`));
    api.lastCheckpoint = { ms: performance.now() - started, documents };
  }

  /** The journal segment the checkpoint in place (cosmos.checkpoint) ends with; undefined when there is none. */
  let currentSeq: number | undefined;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  account = new Account('127.0.0.1', port);

  let heldData = false;
  let replayed = 0;
  let migrate = false;
  if (dir) {
    await mkdir(dir, { recursive: true });
    const loaded = await recover(dir);
    heldData = loaded.heldData;
    replayed = loaded.replayed;
    migrate = loaded.legacy;
    segment = JournalSegment.openSync(path(segmentName(loaded.nextSeq)), loaded.nextSeq);
    currentSeq = loaded.checkpointSeq;
  }

  async function recover(folder: string) {
    let base: StoreImage | undefined;
    let legacy = false;
    let file = DATA_FILES.checkpoint as string;
    try {
      if (await exists(path(DATA_FILES.checkpoint))) base = await readCheckpoint(path(DATA_FILES.checkpoint));
      else if (await exists(path(DATA_FILES.previous))) {
        // A stop between the two renames of a checkpoint: the previous one and the journal since are complete.
        file = DATA_FILES.previous;
        base = await readCheckpoint(path(DATA_FILES.previous));
      } else if (await exists(path(DATA_FILES.legacy))) {
        file = DATA_FILES.legacy;
        base = await readLegacySnapshot(path(DATA_FILES.legacy));
        legacy = true;
      }
    } catch (err) {
      if (err instanceof UnreadableDataFile) throw unreadable(folder, file, err.message);
      throw err;
    }
    if (base) loadImage(base);
    const seqs = await segmentSeqs(folder);
    let replayedOps = 0;
    let replayedRecords = 0;
    for (const seq of seqs) {
      if (base && seq <= base.seq) continue;
      let records: unknown[];
      try {
        ({ records } = await readSegment(path(segmentName(seq))));
      } catch (err) {
        if (err instanceof JournalDamage) throw unreadable(folder, segmentName(seq), `has a damaged record in the middle (${err.message})`);
        throw err;
      }
      for (const r of records as JournalRecord[]) {
        applyRecord(r);
        replayedRecords++;
        if (r.t === 'docs') replayedOps += r.ops.length;
      }
    }
    const last = Math.max(base?.seq ?? 0, ...seqs, 0);
    return {
      heldData: !!base || replayedOps > 0,
      replayed: replayedRecords,
      legacy,
      nextSeq: last + 1,
      checkpointSeq: file === DATA_FILES.checkpoint && base ? base.seq : undefined,
    };
  }

  const sweep = setInterval(() => purgeExpired(), TTL_SWEEP_MS);
  sweep.unref();
  const periodic = dir
    ? setInterval(() => {
        if (segment && segment.records > 0) scheduleCheckpoint();
      }, opts.checkpointEveryMs ?? 10 * 60_000)
    : undefined;
  periodic?.unref();
  // A replayed journal or an earlier snapshot becomes a checkpoint soon, in the background.
  if (migrate || replayed > 0) setImmediate(() => scheduleCheckpoint());

  const api: EmbeddedCosmos = {
    endpoint: `http://127.0.0.1:${port}`,
    key: EMBEDDED_KEY,
    heldData,
    flush: () => (segment && segment.records > 0 ? checkpoint() : (checkpointing ?? Promise.resolve())),
    purgeExpired,
    documentCount() {
      let n = 0;
      for (const db of account.databases._data.values()) {
        for (const coll of (db as unknown as DatabaseLike).collections._data.values()) n += (coll as unknown as CollectionLike).documents._data.size;
      }
      return n;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(sweep);
      if (periodic) clearInterval(periodic);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled([...inFlight]);
      if (checkpointing) await checkpointing.catch(() => undefined);
      if (segment && segment.records > 0 && !broken) await checkpoint();
      await segment?.close();
    },
  };
  return api;
}

/**
 * The SDK asks for a query plan beside every query and uses it only when the server answers that it
 * cannot run the query alone. The embedded server has no plans: it would run the whole query once
 * more as the "plan" (twice the scan for every query). It always runs queries alone, so the plan is
 * refused at once, and the SDK never needs it.
 */
function answerQueryPlan(res: ServerResponse): void {
  res.statusCode = 400;
  res.setHeader('content-type', 'application/json');
  res.setHeader('x-ms-activity-id', randomUUID());
  res.setHeader('x-ms-request-charge', '0');
  res.end(JSON.stringify({ code: 'BadRequest', message: 'The local store runs every query itself and makes no query plans.' }));
}

function unreadable(folder: string, file: string, reason: string): DataFolderError {
  return new DataFolderError(
    `The local store cannot start: ${join(folder, file)} ${reason}. ` +
      `Run \`npx tsx scripts/check-data.ts ${folder} --restore\` to go back to the kept checkpoint, or move the folder away to start again with the sample partnership.`,
    join(folder, file),
  );
}

async function segmentSeqs(dir: string): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => SEGMENT_PATTERN.exec(n)?.[1])
    .filter((s): s is string => !!s)
    .map(Number)
    .sort((a, b) => a - b);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function forJournal(op: DocOp): DocOp {
  if (!('p' in op)) return op;
  // The document as stored, less the server's ids (a restore assigns new ones).
  const doc = { ...op.p };
  delete doc._rid;
  delete doc._self;
  return { p: doc };
}
