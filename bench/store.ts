import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Doc, StoreImage } from '../infra/cosmos/checkpoint.js';
import { CONTAINERS, DELIVERY_RETENTION_SECONDS, type ContainerName } from '../infra/cosmos/containers.js';
import { CosmosConsultationRepo } from '../infra/cosmos/consultations.cosmos-repo.js';
import { toDocument } from '../infra/cosmos/documents.js';
import { startEmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { CosmosOutboxRepo } from '../infra/cosmos/outbox.cosmos-repo.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import type { AnswerSeed } from './answers.js';
import { measureApp } from './store-app.js';

/**
 * The embedded store as it ships, on data folders holding 1, 3 and 7 busy years (60 consultations
 * to 25 agencies, 40 meetings with notices and registers, 300 actions chased weekly, ~22,000 outbox
 * records and a lease per scheduler fire each year), in the product's document shapes with their
 * real ages, so TTL applies as it would. Store-level figures (the store in this process):
 * start-to-ready, the reads `status` makes (the latest consultation, its answers), the dashboard's
 * consultation query, the outbox `due` query, a checkpoint and the longest event-loop pause during
 * it, and the documents left after TTL purges. Then the app as `npm start` runs it on the same folder
 * (bench/store-app.ts): answers through the bot over HTTP against the floor bot on the same store
 * and one fdatasync on the folder's disk, and the app process's resident memory.
 */

const PID = 'bench-partnership';
const YEAR_S = 365 * 86_400;
const AGENCIES = 25;

export interface StoreBenchOptions {
  years?: number[];
}

export async function benchStore(opts: StoreBenchOptions = {}): Promise<string[]> {
  const lines = [
    '| years | docs written | docs after TTL | ready | status p95 | dashboard p95 | due p95 | checkpoint | longest pause | answer p50 / p99 | floor p99 | fdatasync p99 | answer goal | app RSS ready / after |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const years of opts.years ?? [1, 3, 7]) lines.push(await run(years));
  lines.push(
    'store: goals at 7 years: ready < 5 s, status and dashboard p95 < 200 ms, due < 50 ms, no pause > 50 ms, ' +
      'answer p99 <= 1.25 × (floor p99 + fdatasync p99) at 10 concurrent, app RSS < 300 MB.',
    `store: load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min) on ${availableParallelism()} cores at the end.`,
  );
  return lines;
}

async function run(years: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-bench-store-'));
  try {
    const { written, seed } = await prepare(dir, years);

    const started = performance.now();
    const cosmos = await startEmbeddedCosmos({ dataDir: dir });
    const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'quorum' });
    const readyMs = performance.now() - started;
    cosmos.purgeExpired();
    const after = cosmos.documentCount();

    const consultations = new CosmosConsultationRepo(store.containers.consultations);
    const outbox = new CosmosOutboxRepo(store.containers.outbox);
    const now = new Date();

    // `status` without a reference, as the service makes it: the latest consultation of the board, then its answers.
    const status = await timed(30, async () => {
      const shown = await consultations.latestForBodies(PID, ['board'], ['open', 'awaiting-casting-vote', 'closed']);
      await consultations.listAnswers(PID, shown!.id);
    });
    // The dashboard's consultation view: every consultation of the board, open or closed.
    const dashboard = await timed(30, () => consultations.listForBodies(PID, ['board'], ['open', 'closed']));
    const due = await timed(30, () => outbox.due(now, 50));

    // A checkpoint has work only after writes: 100 small ones, 10 in flight, as a busy few seconds make.
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.containers.audit.items.upsert({ id: `bench-${round}-${i}`, partnershipId: PID, at: now.toISOString() })));
    }

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const reads = (async () => {
      for (let i = 0; i < 50; i++) await outbox.due(now, 50);
    })();
    const cp = performance.now();
    await cosmos.flush();
    const checkpointMs = performance.now() - cp;
    await reads;
    loop.disable();
    const pauseMs = loop.max / 1e6;

    store.dispose();
    await cosmos.stop();

    const app = await measureApp(dir, seed);
    const goalMs = 1.25 * (app.floor.p99 + app.fdatasyncP99);
    const f = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
    return (
      `| ${years} | ${written.toLocaleString('en-GB')} | ${after.toLocaleString('en-GB')} | ${(readyMs / 1000).toFixed(2)} s | ` +
      `${f(pct(status, 95))} | ${f(pct(dashboard, 95))} | ${f(pct(due, 95))} | ${f(checkpointMs)} | ${f(pauseMs)} | ` +
      `${f(app.answers.p50)} / ${f(app.answers.p99)} | ${f(app.floor.p99)} | ${f(app.fdatasyncP99)} | ` +
      `${app.answers.p99 <= goalMs ? 'met' : 'NOT met'} (<= ${f(goalMs)}) | ${Math.round(app.rssReadyMb)} / ${Math.round(app.rssAfterMb)} MB |`
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the data folder in a child process (bench/store-prepare.ts): the generated years, the partnership and the consultations answered. */
async function prepare(dir: string, years: number): Promise<{ written: number; lastConsultation: string; seed: AnswerSeed }> {
  const script = fileURLToPath(new URL('./store-prepare.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, dir, String(years)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { written: number; lastConsultation: string; seed: AnswerSeed };
}

async function timed(n: number, work: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** A store of `years` busy years ending now, in the product's document shapes, with their real ages. */
export function generate(years: number): { image: StoreImage; written: number; lastConsultation: string } {
  const nowS = Math.floor(Date.now() / 1000);
  const docs = new Map<ContainerName, Doc[]>(Object.keys(CONTAINERS).map((k) => [k as ContainerName, []]));
  const put = (c: ContainerName, doc: Record<string, unknown>, ts: number) => docs.get(c)!.push({ ...doc, _ts: ts, _etag: randomUUID() } as unknown as Doc);
  const iso = (ts: number) => new Date(ts * 1000).toISOString();
  const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(1200) }] };
  let lastConsultation = '';
  for (let y = 0; y < years; y++) {
    const yearStart = nowS - (years - y) * YEAR_S;
    const at = (i: number, n: number) => yearStart + Math.floor((i / n) * YEAR_S);
    for (let i = 0; i < 60; i++) {
      const ts = at(i, 60);
      const id = `y${y}-c${i}`;
      lastConsultation = id;
      put('consultations', toDocument({ id, partnershipId: PID, ref: `C-${y}${i}`, title: `Consultation ${i}`, ask: 'Agree the strategy.', bodyId: 'board', status: y === years - 1 && i > 55 ? 'open' : 'closed', deadline: iso(ts + 14 * 86_400), createdAt: iso(ts), agencyIds: Array.from({ length: AGENCIES }, (_, a) => `agency-${a}`) }, 'consultation'), ts);
      for (let a = 0; a < AGENCIES; a++) {
        put('consultations', toDocument({ id: `${id}:agency-${a}`, partnershipId: PID, consultationId: id, agencyId: `agency-${a}`, required: true, votes: 1, choice: 'agree', answeredBy: `p-${a}`, answeredAs: 'holder', answeredAt: iso(ts + 86_400), history: [{ at: iso(ts + 86_400), by: `p-${a}`, choice: 'agree' }] }, 'answer'), ts + 86_400);
      }
    }
    for (let m = 0; m < 40; m++) {
      const ts = at(m, 40);
      put('meetings', toDocument({ id: `y${y}-m${m}`, partnershipId: PID, bodyId: 'board', startsAt: iso(ts), status: 'held', title: `Meeting ${m}` }, 'meeting'), ts);
      put('meetings', toDocument({ id: `y${y}-m${m}-register`, partnershipId: PID, meetingId: `y${y}-m${m}`, records: Array.from({ length: AGENCIES }, (_, a) => ({ seatId: `s${a}`, present: a % 4 !== 0 })) }, 'register'), ts);
    }
    for (let i = 0; i < 300; i++) {
      const ts = at(i, 300);
      put('actions', toDocument({ id: `y${y}-a${i}`, partnershipId: PID, ref: `A-${y}${i}`, source: 'work-plan', description: `Action ${i}: review the audit findings`, bodyId: 'board', status: y === years - 1 ? 'open' : 'complete', rag: 'green', leads: [], leadKeys: [], createdAt: iso(ts), nextChaseOn: iso(ts).slice(0, 10), progress: [] }, 'action'), ts);
      put('audit', { id: `y${y}-au${i}`, partnershipId: PID, at: iso(ts), by: 'p-manager', action: 'action.update', target: `y${y}-a${i}` }, ts);
    }
    for (let i = 0; i < 22_000; i++) {
      const ts = at(i, 22_000);
      // Sent, so stored without its card, as the outbox repository stores a finished delivery.
      put('outbox', { id: `y${y}-o${i}`, partnershipId: PID, batchId: `batch-${y}-${Math.floor(i / 25)}`, recipientAad: `aad-${i % 40}`, status: 'sent', attempts: 1, nextAttemptAt: iso(ts), createdAt: iso(ts), sentAt: iso(ts + 5), ttl: DELIVERY_RETENTION_SECONDS }, ts);
    }
    for (let i = 0; i < 24 * 365; i++) put('leases', { id: `y${y}-l${i}`, job: 'outbox', ttl: 600 }, at(i, 24 * 365));
  }
  // A few deliveries due now, as the pump would find them.
  for (let i = 0; i < 20; i++) put('outbox', { id: `due-${i}`, partnershipId: PID, batchId: 'due', recipientAad: `aad-${i}`, card, status: 'pending', attempts: 0, nextAttemptAt: iso(nowS - 60), createdAt: iso(nowS - 60) }, nowS - 60);
  let written = 0;
  const containers = (Object.keys(CONTAINERS) as ContainerName[]).map((name) => {
    const def = CONTAINERS[name];
    written += docs.get(name)!.length;
    return {
      definition: { id: def.id, partitionKey: { paths: [def.partitionKey], kind: 'Hash' }, ...('indexingPolicy' in def ? { indexingPolicy: def.indexingPolicy } : {}), ...('defaultTtl' in def ? { defaultTtl: def.defaultTtl } : {}) },
      docs: docs.get(name)!,
    };
  });
  return { image: { seq: 0, databases: [{ id: 'quorum', containers }] }, written, lastConsultation };
}
