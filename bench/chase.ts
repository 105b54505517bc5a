import { BulkOperationType, CosmosClient, type Container, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { actionPresenter } from '../cards/action/present.js';
import { CosmosActionRepo } from '../infra/cosmos/actions.cosmos-repo.js';
import { CosmosAuditLog } from '../infra/cosmos/audit.cosmos-repo.js';
import { CONTAINERS, type ContainerName } from '../infra/cosmos/containers.js';
import { CosmosConversationRefRepo } from '../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosDirectoryRepo } from '../infra/cosmos/directory.cosmos-repo.js';
import { toDocument } from '../infra/cosmos/documents.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { CosmosOutboxRepo } from '../infra/cosmos/outbox.cosmos-repo.js';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { actionUseCases, cadenceMeetings } from '../services/action/index.js';
import { DirectoryService } from '../services/directory/index.js';
import { leadKey, type ActionItem } from '../services/domain/action.js';
import { addDays, atLondonTime } from '../services/domain/calendar.js';
import { Directory } from '../services/domain/directory.js';
import { OutboxService } from '../services/outbox/index.js';
import type { Logger } from '../services/ports/logger.js';

export interface ChaseBenchOptions {
  /** Stored actions per run. Default 1,000, 10,000 and 100,000. */
  sizes?: number[];
  /** Share of the stored actions with a reminder due on the sweep's day, in percent. Default 1. */
  duePercent?: number;
}

const PARTNERSHIP = 'merton-2015';
const DAY = '2026-11-27';
const LOAD_BATCH = 100;
const LOAD_IN_FLIGHT = 8;
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

interface Counters {
  requests: number;
  /** Documents the store returned: query results and point reads. */
  documents: number;
  byOperation: Map<string, number>;
}

/**
 * The cost of one chase sweep (the chase-actions use case, chaseDue) over the Cosmos repositories on the
 * embedded server, with 1% of the stored actions due: the Cosmos requests the sweep makes and the
 * documents they return (counted by an SDK plugin), and its wall time. The sweep queries
 * `nextChaseOn <= today`, so both counts follow the due actions, not the register's size. A rerun at
 * the same instant shows the idempotent case: one query, nothing returned, nothing queued.
 */
export async function benchChase(opts: ChaseBenchOptions = {}): Promise<string[]> {
  const sizes = opts.sizes ?? [1_000, 10_000, 100_000];
  const share = (opts.duePercent ?? 1) / 100;
  const cosmos = await startEmbeddedCosmos();
  const lines: string[] = [];
  try {
    for (const size of sizes) lines.push(...(await run(cosmos, size, share)));
  } finally {
    await cosmos.stop();
  }
  lines.push(
    'chase: note: the embedded server has no indexes, so it evaluates each query by scanning the container in memory; Cosmos serves ' +
      '`nextChaseOn <= @day` from its range index, so there the wall time follows the due actions as the request and document counts do. ' +
      'The embedded store ships with its query engine made linear (infra/cosmos/embedded-query-fix.ts); this bench measures it as shipped.',
  );
  return lines;
}

async function run(cosmos: EmbeddedCosmos, size: number, share: number): Promise<string[]> {
  const counters: Counters = { requests: 0, documents: 0, byOperation: new Map() };
  // `plugins` is left out of the SDK's public option types, but the client honours it.
  const client = new CosmosClient({
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    connectionPolicy: { enableEndpointDiscovery: false },
    plugins: [countingPlugin(counters)],
  } as CosmosClientOptions);
  try {
    const { database } = await client.databases.createIfNotExists({ id: `bench-chase-${size}-${randomUUID()}` });
    const containers = {} as Record<ContainerName, Container>;
    for (const name of ['actions', 'outbox', 'directory', 'audit', 'conversations'] as const) {
      const def = CONTAINERS[name];
      const { container } = await database.containers.createIfNotExists({
        id: def.id,
        partitionKey: { paths: [def.partitionKey] },
        ...('indexingPolicy' in def ? { indexingPolicy: def.indexingPolicy } : {}),
      });
      containers[name] = container;
    }

    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    const directory = new DirectoryService({
      repo: new CosmosDirectoryRepo(containers.directory),
      audit: new CosmosAuditLog(containers.audit),
      clock: { now: () => atLondonTime(DAY, 9) },
    });
    await directory.save(partnership, 'bench');

    const actions = register(new Directory(partnership), size, share);
    const due = actions.filter((a) => a.nextChaseOn === DAY).length;
    const loadStarted = Date.now();
    await bulkLoad(containers.actions, actions);
    const loadSeconds = (Date.now() - loadStarted) / 1000;

    const clock = { now: () => atLondonTime(DAY, 9) };
    const outbox = new OutboxService({
      repo: new CosmosOutboxRepo(containers.outbox),
      conversations: new CosmosConversationRefRepo(containers.conversations),
      notifier: { send: async () => ({ ok: true }), update: async () => ({ ok: true }) },
      clock,
      log: silent,
      limiter: { acquire: async () => {} },
      instanceId: 'bench',
    });
    const service = actionUseCases({
      repo: new CosmosActionRepo(containers.actions),
      directory,
      outbox,
      cards: actionPresenter,
      meetings: cadenceMeetings,
      audit: new CosmosAuditLog(containers.audit),
      clock,
      log: silent,
      newId: randomUUID,
      reminderHour: 9,
    });
    await directory.directories(); // cached in a running instance

    const sweep = await measure(counters, () => service.chaseDue(clock.now()));
    const rerun = await measure(counters, () => service.chaseDue(clock.now()));
    if (sweep.result.candidates !== due || sweep.result.queued !== due) {
      throw new Error(`expected ${due} due actions and cards, the sweep read ${sweep.result.candidates} and queued ${sweep.result.queued}`);
    }
    const n = (x: number) => x.toLocaleString('en-GB');
    return [
      `chase: ${n(size)} stored actions, ${n(due)} due: one sweep read ${n(sweep.documents)} documents with ${n(sweep.requests)} Cosmos requests ` +
        `(${operations(sweep.byOperation)}), queued ${n(sweep.result.queued)} cards, in ${sweep.seconds.toFixed(2)} s ` +
        `(${(sweep.requests / Math.max(1, due)).toFixed(1)} requests per due action); ` +
        `rerun at the same time: ${n(rerun.documents)} documents, ${n(rerun.requests)} requests, ${n(rerun.result.queued)} cards, ${rerun.seconds.toFixed(2)} s; ` +
        `loaded ${n(size)} actions in ${loadSeconds.toFixed(1)} s (bulk, ${LOAD_BATCH} per request, ${LOAD_IN_FLIGHT} in flight)`,
    ];
  } finally {
    client.dispose();
  }
}

/** The register: leads spread over the filled seats; every 1/share-th action has its due-soon reminder today. */
function register(directory: Directory, size: number, share: number): ActionItem[] {
  const seats = directory.bodies.flatMap((b) => b.seats.filter((s) => s.holderId).map((s) => ({ bodyId: b.id, seatId: s.id })));
  const every = Math.max(1, Math.round(1 / share));
  const at = atLondonTime('2026-11-02', 10).toISOString();
  return Array.from({ length: size }, (_, i) => {
    const seat = seats[i % seats.length]!;
    const isDue = i % every === 0;
    const nextChaseOn = isDue ? DAY : addDays(DAY, 1 + (i % 300));
    const leads = [{ kind: 'seat' as const, seatId: seat.seatId }];
    return {
      id: `bench-${i}`,
      ref: `B-${i}`,
      partnershipId: PARTNERSHIP,
      source: 'work-plan',
      description: `Work plan action ${i}: review the multi-agency audit findings and report to the sub-group`,
      bodyId: seat.bodyId,
      leads,
      leadKeys: leads.map(leadKey),
      dueDate: addDays(nextChaseOn, 7),
      rag: 'green',
      status: 'open',
      progress: [{ at, by: 'p-mscb-manager', kind: 'imported', note: 'Imported from the work plan' }],
      confidential: false,
      viewers: [],
      createdBy: 'p-mscb-manager',
      createdAt: at,
      updatedAt: at,
      scheduleFrom: '2026-11-02',
      nextChaseOn,
    };
  });
}

async function bulkLoad(container: Container, actions: ActionItem[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: LOAD_IN_FLIGHT }, async () => {
      while (next < actions.length) {
        const chunk = actions.slice(next, next + LOAD_BATCH);
        next += LOAD_BATCH;
        const results = await container.items.bulk(
          chunk.map((a) => ({ operationType: BulkOperationType.Create, resourceBody: toDocument(a, 'action') as never })),
        );
        const failed = results.find((r) => r.statusCode >= 300);
        if (failed) throw new Error(`bulk load: status ${failed.statusCode}`);
      }
    }),
  );
}

async function measure<T>(counters: Counters, work: () => Promise<T>) {
  counters.requests = 0;
  counters.documents = 0;
  counters.byOperation.clear();
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { result, seconds, requests: counters.requests, documents: counters.documents, byOperation: new Map(counters.byOperation) };
}

const operations = (byOperation: Map<string, number>) =>
  [...byOperation]
    .sort((a, b) => b[1] - a[1])
    .map(([op, count]) => `${count} ${op}`)
    .join(', ');

/** Counts every request the SDK sends, and the documents that come back. */
function countingPlugin(counters: Counters): PluginConfig {
  return {
    on: 'request' as PluginConfig['on'],
    plugin: async (context, _diagnostics, next) => {
      const response = await next(context);
      counters.requests++;
      const plan = context.headers?.['x-ms-cosmos-is-query-plan-request'] !== undefined;
      const op = plan ? 'query plan' : `${context.operationType}`;
      counters.byOperation.set(op, (counters.byOperation.get(op) ?? 0) + 1);
      const result = response.result as { Documents?: unknown[] } | undefined;
      if (context.operationType === 'query' && Array.isArray(result?.Documents)) counters.documents += result.Documents.length;
      else if (context.operationType === 'read' && context.resourceType === 'docs' && !plan && result) counters.documents++;
      return response;
    },
  };
}
