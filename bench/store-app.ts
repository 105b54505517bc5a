import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EMBEDDED_KEY } from '../infra/cosmos/embedded.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import { freePort } from '../infra/playground.js';
import { answerBodies, loadFromAnotherProcess, startFloorBot, type AnswerSeed, type LoadResult } from './answers.js';

/**
 * The app as it ships on a data folder: `npm start`'s script (scripts/start.mjs, plain node on the
 * bundle) in a child process, so its memory is the product's alone. Answers through the real bot
 * over HTTP, 10 concurrent, from another process; the floor bot (the same adapter and HTTP path,
 * a handler that only upserts one document) on the same store, reached at the endpoint the app
 * logs; one fdatasync of a small record on the data folder's disk, many times.
 */
export interface AppFigures {
  readyMs: number;
  rssReadyMb: number;
  rssAfterMb: number;
  answers: LoadResult;
  floor: LoadResult;
  fdatasyncP99: number;
}

const REQUESTS = 2000;
const SYNCS = 500;

export async function measureApp(dataDir: string, seed: AnswerSeed): Promise<AppFigures> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, PLAYGROUND: 'false', JOBS_ENABLED: 'false', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let floor: { url: string; stop(): Promise<void> } | undefined;
  let dispose: (() => void) | undefined;
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app was not ready after 120 s:\n${out.slice(-2000)}`)), 120_000);
      child.stdout.on('data', () => {
        if (/Quorum is listening/.test(out)) {
          clearTimeout(timer);
          resolve(performance.now() - began);
        }
      });
      void exited.then(() => reject(new Error(`the app exited before it was ready:\n${out.slice(-2000)}`)));
    });
    // Let the start's garbage settle before reading what the process keeps.
    await new Promise((r) => setTimeout(r, 2_000));
    const rssReadyMb = await rssOf(child.pid!);

    const endpoint = /"endpoint":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1];
    if (!endpoint) throw new Error('the app did not log its embedded store endpoint');
    const store = await openCosmosStore({ endpoint, key: EMBEDDED_KEY, database: 'quorum' });
    dispose = () => store.dispose();
    floor = await startFloorBot(store);

    const url = `http://127.0.0.1:${port}`;
    const bodies = answerBodies(seed);
    // Warm up to a steady state (JIT, caches, connections), as a server that has been up a while is.
    await loadFromAnotherProcess(url, bodies.answers(REQUESTS), 10);
    await loadFromAnotherProcess(floor.url, bodies.floor(REQUESTS), 10);
    const answers = await loadFromAnotherProcess(url, bodies.answers(REQUESTS), 10);
    const floorLatency = await loadFromAnotherProcess(floor.url, bodies.floor(REQUESTS), 10);
    await new Promise((r) => setTimeout(r, 2_000));
    const rssAfterMb = await rssOf(child.pid!);

    return { readyMs, rssReadyMb, rssAfterMb, answers, floor: floorLatency, fdatasyncP99: fdatasyncP99(dataDir) };
  } finally {
    await floor?.stop();
    dispose?.();
    child.kill('SIGINT');
    await exited;
  }
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** p99 of writing a small record and fdatasyncing it, in a scratch file of the data folder (so on its disk). */
function fdatasyncP99(dataDir: string): number {
  const file = join(dataDir, 'bench-fdatasync.tmp');
  const fd = openSync(file, 'w');
  const record = Buffer.alloc(200, 'x');
  const times: number[] = [];
  try {
    for (let i = 0; i < SYNCS; i++) {
      const t = performance.now();
      writeSync(fd, record);
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.floor(0.99 * times.length))]!;
}
