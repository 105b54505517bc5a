import { ActivityHandler, type TurnContext } from 'botbuilder';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compose, type Quorum } from '../app/compose.js';
import { createHttpApp, listen } from '../app/http.js';
import { createAdapter } from '../bot/adapter.js';
import { loadConfig } from '../infra/config.js';
import { EMBEDDED_KEY, startEmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { openCosmosStore, type CosmosStore } from '../infra/cosmos/store.js';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { seatAnswers } from '../services/domain/consultation.js';
import { Directory } from '../services/domain/directory.js';
import type { Partnership } from '../services/domain/directory-model.js';
import { cardAction, type TeamsUser } from '../test/support/activities.js';
import { silentLog } from '../test/support/harness.js';

type StorePlacement = 'in-process' | 'separate-process';

const CONSULTATIONS = 60;

/** The embedded Cosmos server, in this process (as `npm start` runs it) or in a process of its own (as a real store is). */
async function embeddedStore(placement: StorePlacement): Promise<{ endpoint: string; stop(): Promise<void> }> {
  if (placement === 'in-process') return startEmbeddedCosmos();
  const script = `const s=require('@vercel/cosmosdb-server').createHttpServer({keepAlive:true});s.listen(0,'127.0.0.1',()=>console.log('listening '+s.address().port))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      const m = /listening (\d+)/.exec(c.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the store process exited with ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: async () => void child.kill() };
}

/**
 * Answer invokes over HTTP against the embedded store: p99 latency at 10 concurrent, and
 * throughput at 50 concurrent as a share of a floor measured in the same run (the same HTTP path
 * and adapter, with a handler that only upserts one document).
 */
export async function benchAnswers(opts: { requests?: number } = {}): Promise<string[]> {
  const lines: string[] = [];
  for (const placement of ['in-process', 'separate-process'] as const) lines.push(...(await benchAnswersWith(placement, opts.requests ?? 2000)));
  return lines;
}

async function benchAnswersWith(placement: StorePlacement, requests: number): Promise<string[]> {
  const cosmos = await embeddedStore(placement);
  const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: EMBEDDED_KEY, database: 'bench' });
  const quorum = compose(loadConfig({ PLAYGROUND: 'false', JOBS_ENABLED: 'false' }), store, silentLog);
  const partnership = await readPartnershipFile('partnerships/merton-2015.json');
  await quorum.directory.save(partnership, 'bench');
  const app = await listen(quorum.http, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.port}`;
  const floor = await startFloorBot(store);
  try {
    const bodies = answerBodies(await seedAnswers(quorum, partnership));
    // Warm up to a steady state (JIT, caches, connections), as a server that has been up a while is.
    await loadFromAnotherProcess(url, bodies.answers(2000), 10);
    await loadFromAnotherProcess(floor.url, bodies.floor(2000), 10);

    const latency = await loadFromAnotherProcess(url, bodies.answers(requests), 10);
    const floorLatency = await loadFromAnotherProcess(floor.url, bodies.floor(requests), 10);
    const answerThroughput = await loadFromAnotherProcess(url, bodies.answers(requests), 50);
    const floorThroughput = await loadFromAnotherProcess(floor.url, bodies.floor(requests), 50);

    const share = answerThroughput.perSecond / floorThroughput.perSecond;
    return [
      `answers (store ${placement}): p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms at 10 concurrent over ${latency.count} invokes (goal p99 < 50 ms); the floor handler: p50 ${floorLatency.p50.toFixed(1)} ms, p99 ${floorLatency.p99.toFixed(1)} ms`,
      `answers (store ${placement}): ${answerThroughput.perSecond.toFixed(0)}/s at 50 concurrent; floor (upsert-only handler, same adapter and HTTP path) ${floorThroughput.perSecond.toFixed(0)}/s; share ${(share * 100).toFixed(0)}% (goal >= 50%)`,
    ];
  } finally {
    await floor.stop();
    app.server.close();
    app.server.closeAllConnections();
    store.dispose();
    await cosmos.stop();
  }
}

/** Who answers what: the consultations the bench answers, and the board's answering members. */
export interface AnswerSeed {
  consultationIds: string[];
  answerers: { user: TeamsUser; agencyId: string }[];
}

/**
 * A year's worth of board consultations sent by the manager through the product, so that each
 * agency answers each a handful of times (with changes of mind) rather than one answer growing
 * thousands of history entries.
 */
export async function seedAnswers(quorum: Quorum, partnership: Partnership): Promise<AnswerSeed> {
  const dir = new Directory(partnership);
  const manager = dir.managers()[0]!;
  const managerActor = (await quorum.directory.findActor(manager.aadObjectId))!;
  const consultationIds: string[] = [];
  for (let i = 0; i < CONSULTATIONS; i++) {
    const formId = randomUUID();
    await quorum.consultations.preview(managerActor, { formId, title: `Bench consultation ${i + 1}`, ask: 'Agree it.', bodyId: 'mscb-board', deadlineDate: '2099-12-31' });
    await quorum.consultations.send(managerActor, formId);
    consultationIds.push(formId);
  }
  const board = dir.body('mscb-board')!;
  const answerers = board.seats
    .filter((s) => seatAnswers(s) && s.holderId)
    .map((s) => {
      const p = dir.person(s.holderId!)!;
      return { user: { id: `u-${p.id}`, aadObjectId: p.aadObjectId, name: p.displayName }, agencyId: s.agencyId! };
    });
  return { consultationIds, answerers };
}

/** Request bodies: answers (each agency in turn, through the consultations, a third of them Disagree) and the floor's invokes. */
export function answerBodies(seed: AnswerSeed): { answers(count: number): string[]; floor(count: number): string[] } {
  const serviceUrl = 'http://127.0.0.1:9';
  let n = 0;
  const answer = () => {
    const who = seed.answerers[n % seed.answerers.length]!;
    const consultationId = seed.consultationIds[Math.floor(n / seed.answerers.length) % seed.consultationIds.length]!;
    const choice = n++ % 3 === 0 ? 'disagree' : 'agree';
    return JSON.stringify(
      cardAction(who.user, serviceUrl, 'consultation.respond', { consultationId, agencyId: who.agencyId, choice, reason: choice === 'disagree' ? `Reason ${n}` : '' }),
    );
  };
  const floor = () => JSON.stringify(cardAction(seed.answerers[n++ % seed.answerers.length]!.user, serviceUrl, 'bench.upsert', {}));
  return { answers: (count) => Array.from({ length: count }, answer), floor: (count) => Array.from({ length: count }, floor) };
}

/**
 * The floor: the same adapter and HTTP path as the bot, with a handler that only upserts one
 * document into `store` (journalled and flushed like any write when the store is the embedded one).
 */
export async function startFloorBot(store: CosmosStore): Promise<{ url: string; stop(): Promise<void> }> {
  const floorBot = new (class extends ActivityHandler {
    protected override async onInvokeActivity(context: TurnContext) {
      await store.containers.audit.items.upsert({ id: randomUUID(), partnershipId: 'bench', at: context.activity.timestamp });
      return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' } };
    }
  })();
  const floorApp = createHttpApp({ adapter: createAdapter({ appType: 'SingleTenant' }, silentLog), bot: floorBot, ready: async () => true });
  const floor = await listen(floorApp, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${floor.port}`,
    stop: async () => {
      floor.server.close();
      floor.server.closeAllConnections();
    },
  };
}

export interface LoadResult {
  count: number;
  p50: number;
  p99: number;
  perSecond: number;
}

/** Runs the requests from bench/load-generator.mjs, so the client does not share the bot's event loop. */
export async function loadFromAnotherProcess(botUrl: string, bodies: string[], concurrency: number): Promise<LoadResult> {
  const url = `${botUrl}/api/messages`;
  const dir = await mkdtemp(join(tmpdir(), 'quorum-load-'));
  const file = join(dir, 'bodies.json');
  await writeFile(file, JSON.stringify(bodies));
  try {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./load-generator.mjs', import.meta.url)), url, file, String(concurrency)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`the load generator failed (${code})`);
    return JSON.parse(out) as LoadResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
