import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmbeddedCosmos } from '../../infra/cosmos/embedded.js';
import { openCosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { freePort } from '../../infra/playground.js';
import { Directory, type Partnership } from '../../services/domain/directory.js';
import { cardAction, message, post, type TeamsUser } from './activities.js';
import { cardText, FakeConnector } from './fake-connector.js';

/**
 * The product as `npm start` runs it (app/main.ts in a child process, on the embedded store with a
 * data folder, no emulator), for the tests that kill it with SIGKILL and start it again.
 */

export interface CrashRig {
  dataDir: string;
  connector: FakeConnector;
  partnership: Partnership;
  scratch: string[];
}
let rig: CrashRig;

/** A data folder, a fake connector and the sample partnership, for one test file. */
export async function startCrashRig(): Promise<CrashRig> {
  rig = {
    dataDir: await mkdtemp(join(tmpdir(), 'quorum-crash-')),
    partnership: await readPartnershipFile('partnerships/merton-2015.json'),
    connector: await new FakeConnector().start(),
    scratch: [],
  };
  return rig;
}

export async function stopCrashRig(): Promise<void> {
  await rig?.connector.stop();
  for (const d of [rig.dataDir, ...rig.scratch]) await rm(d, { recursive: true, force: true });
}

export interface Product {
  child: ChildProcess;
  url: string;
  output: () => string;
}

export function spawnProduct(port: number): { child: ChildProcess; output: () => string } {
  const env = {
    ...process.env,
    PORT: String(port),
    PLAYGROUND: 'false',
    JOBS_ENABLED: 'false',
    DATA_DIR: rig.dataDir,
    LOG_LEVEL: 'warn',
    // Required by the configuration; no one here signs in as this id.
    QUORUM_MANAGERS: '00000000-0000-4000-8000-000000000000',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out };
}

export async function startProduct(): Promise<Product> {
  const port = await freePort();
  const { child, output } = spawnProduct(port);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Quorum did not start:\n${output()}`)), 60_000);
    const check = () => {
      if (output().includes('Quorum is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Quorum exited with ${code}:\n${output()}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, output };
}

export function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  return exited;
}

export const userOf = (personId: string): TeamsUser => {
  const p = new Directory(rig.partnership).person(personId)!;
  return { id: `u-${personId}`, aadObjectId: p.aadObjectId, name: p.displayName };
};

/** Every (person, agency) who may answer for an agency on the board: holders and deputies. */
function answerers(): { personId: string; agencyId: string }[] {
  const board = rig.partnership.bodies.find((b) => b.id === 'mscb-board')!;
  return board.seats.flatMap((s) =>
    s.agencyId ? [s.holderId, s.deputyId].filter((id): id is string => !!id).map((personId) => ({ personId, agencyId: s.agencyId! })) : [],
  );
}

let rounds = 0;
/** The manager consults the board over HTTP, as in Teams; returns the consultation id. */
export async function consult(product: Product): Promise<string> {
  const manager = userOf('p-mscb-manager');
  rig.connector.reset();
  await post(product.url, message(manager, rig.connector.url, 'consult'));
  const form = rig.connector.cardsTo('personal-u-p-mscb-manager').at(-1);
  if (!form?.actions?.[0]?.data?.formId) throw new Error(`no consultation form came back:\n${product.output()}\n${cardText(form)}`);
  const consultationId = form.actions[0].data.formId as string;
  const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await post(
    product.url,
    cardAction(manager, rig.connector.url, 'consultation.preview', {
      formId: consultationId,
      title: `Crash round ${++rounds}`,
      ask: 'Agree the strategy for publication.',
      documentUrl: 'https://example.org/strategy.docx',
      bodyId: 'mscb-board',
      deadlineDate: deadline,
      deadlineTime: '17:00',
      kind: 'consultation',
      signOffRequired: 'false',
      extraAgencyIds: '',
    }),
  );
  const sent = await post(product.url, cardAction(manager, rig.connector.url, 'consultation.send', { consultationId }, 'preview-card'));
  expect(sent.status).toBe(200);
  return consultationId;
}

/**
 * 30 answers at once; with `killAfterMs`, SIGKILL that long after the last acknowledgement.
 * Returns the agencies whose answer was acknowledged ("Recorded for ...").
 */
export async function answerAll(product: Product, consultationId: string, killAfterMs?: number): Promise<Set<string>> {
  const who = answerers().slice(0, 30);
  const acknowledged = new Set<string>();
  let pending = who.length;
  let killed: Promise<void> | undefined;
  await Promise.all(
    who.map(async ({ personId, agencyId }) => {
      const res = await post(product.url, cardAction(userOf(personId), rig.connector.url, 'consultation.respond', { consultationId, agencyId, choice: 'agree' }));
      if (cardText(res.body?.value).includes('Recorded for')) acknowledged.add(agencyId);
      if (--pending === 0 && killAfterMs !== undefined) killed = new Promise<void>((r) => setTimeout(r, killAfterMs)).then(() => kill(product.child));
    }),
  );
  await killed;
  return acknowledged;
}

/**
 * A copy of the folder of a running product. The product may be putting a checkpoint in place while
 * it is copied (a restart writes one soon after it replays the journal), and a file renamed or
 * removed between listing and copying fails the copy: it then starts again.
 */
async function copyLive(dataDir: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const copy = await mkdtemp(join(tmpdir(), 'quorum-crash-copy-'));
    rig.scratch.push(copy);
    try {
      await cp(dataDir, copy, { recursive: true });
      return copy;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 10) throw err;
    }
  }
}

/** The answers the folder holds, read from a copy (the running product keeps the folder itself). */
export async function storedAnswers(consultationIds: string[]): Promise<Map<string, string>> {
  const copy = await copyLive(rig.dataDir);
  const cosmos = await startEmbeddedCosmos({ dataDir: copy });
  const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'quorum' });
  try {
    const { resources } = await store.containers.consultations.items
      .query({ query: 'SELECT c.id, c.choice FROM c WHERE ARRAY_CONTAINS(@ids, c.consultationId) AND IS_DEFINED(c.agencyId)', parameters: [{ name: '@ids', value: consultationIds }] })
      .fetchAll();
    return new Map(resources.map((r) => [r.id as string, r.choice as string]));
  } finally {
    store.dispose();
    await cosmos.stop();
  }
}

