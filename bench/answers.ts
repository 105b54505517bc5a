import { ActivityHandler, type TurnContext } from 'botbuilder';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compose } from '../app/compose.js';
import { createHttpApp, listen } from '../app/http.js';
import { createAdapter } from '../bot/adapter.js';
import { loadConfig } from '../infra/config.js';
import { EMBEDDED_KEY, startEmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { seatAnswers } from '../services/domain/consultation.js';
import { Directory } from '../services/domain/directory.js';
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
  const q = { url: `http://127.0.0.1:${app.port}`, partnership, quorum, connector: { url: 'http://127.0.0.1:9' } };
  try {
    const dir = new Directory(q.partnership);
    const manager = dir.managers()[0]!;
    const managerActor = (await q.quorum.directory.findActor(manager.aadObjectId))!;
    // A year's worth of board consultations, so that each agency answers each a handful of times
    // (with changes of mind) rather than one answer growing thousands of history entries.
    const consultationIds: string[] = [];
    for (let i = 0; i < CONSULTATIONS; i++) {
      const formId = randomUUID();
      await q.quorum.consultations.preview(managerActor, {
        formId,
        title: `Bench consultation ${i + 1}`,
        ask: 'Agree it.',
        bodyId: 'mscb-board',
        deadlineDate: '2099-12-31',
      });
      await q.quorum.consultations.send(managerActor, formId);
      consultationIds.push(formId);
    }

    const board = dir.body('mscb-board')!;
    const answerers: { user: TeamsUser; agencyId: string }[] = board.seats
      .filter((s) => seatAnswers(s) && s.holderId)
      .map((s) => {
        const p = dir.person(s.holderId!)!;
        return { user: { id: `u-${p.id}`, aadObjectId: p.aadObjectId, name: p.displayName }, agencyId: s.agencyId! };
      });

    let n = 0;
    const answerBody = () => {
      const who = answerers[n % answerers.length]!;
      const consultationId = consultationIds[Math.floor(n / answerers.length) % consultationIds.length]!;
      const choice = n++ % 3 === 0 ? 'disagree' : 'agree';
      return JSON.stringify(
        cardAction(who.user, q.connector.url, 'consultation.respond', {
          consultationId,
          agencyId: who.agencyId,
          choice,
          reason: choice === 'disagree' ? `Reason ${n}` : '',
        }),
      );
    };

    // The floor: the same adapter and HTTP path, a handler that only upserts one document.
    const floorBot = new (class extends ActivityHandler {
      protected override async onInvokeActivity(context: TurnContext) {
        await q.quorum.store.containers.audit.items.upsert({ id: randomUUID(), partnershipId: 'bench', at: context.activity.timestamp });
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' } };
      }
    })();
    const floorApp = createHttpApp({ adapter: createAdapter({ appType: 'SingleTenant' }, silentLog), bot: floorBot, ready: async () => true });
    const floor = await listen(floorApp, 0, '127.0.0.1');
    const floorUrl = `http://127.0.0.1:${floor.port}`;
    const floorBody = () => JSON.stringify(cardAction(answerers[n++ % answerers.length]!.user, q.connector.url, 'bench.upsert', {}));

    const load = (url: string, body: () => string, count: number, concurrency: number) =>
      loadFromAnotherProcess(`${url}/api/messages`, Array.from({ length: count }, body), concurrency);

    // Warm up to a steady state (JIT, caches, connections), as a server that has been up a while is.
    await load(q.url, answerBody, 2000, 10);
    await load(floorUrl, floorBody, 2000, 10);

    const latency = await load(q.url, answerBody, requests, 10);
    const floorLatency = await load(floorUrl, floorBody, requests, 10);
    const answerThroughput = await load(q.url, answerBody, requests, 50);
    const floorThroughput = await load(floorUrl, floorBody, requests, 50);
    floor.server.close();
    floor.server.closeAllConnections();

    const share = answerThroughput.perSecond / floorThroughput.perSecond;
    return [
      `answers (store ${placement}): p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms at 10 concurrent over ${latency.count} invokes (goal p99 < 50 ms); the floor handler: p50 ${floorLatency.p50.toFixed(1)} ms, p99 ${floorLatency.p99.toFixed(1)} ms`,
      `answers (store ${placement}): ${answerThroughput.perSecond.toFixed(0)}/s at 50 concurrent; floor (upsert-only handler, same adapter and HTTP path) ${floorThroughput.perSecond.toFixed(0)}/s; share ${(share * 100).toFixed(0)}% (goal >= 50%)`,
    ];
  } finally {
    app.server.close();
    app.server.closeAllConnections();
    store.dispose();
    await cosmos.stop();
  }
}

interface LoadResult {
  count: number;
  p50: number;
  p99: number;
  perSecond: number;
}

/** Runs the requests from bench/load-generator.mjs, so the client does not share the bot's event loop. */
async function loadFromAnotherProcess(url: string, bodies: string[], concurrency: number): Promise<LoadResult> {
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
