import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/playground.js';
import { membership } from './members.js';

/**
 * The first hour (issue #14): how long `npm start` takes to be ready on a warm tree (the bundle
 * and the tab already built, the data folder already holding the sample), and how much memory the
 * app holds once a partnership of 20,000 seats is loaded. Each start is the real script
 * (scripts/start.mjs, with the emulator), in a child process; ready is the line that prints the
 * addresses.
 */

export interface StartBenchOptions {
  /** Timed warm starts. Default 3. */
  starts?: number;
  /** Seats of the partnership for the memory figure. Default 20,000. */
  seats?: number;
}

const READY_GOAL_MS = 5_000;
const RSS_GOAL_MB = 300;

interface Started {
  readyMs: number;
  /** CPU time the app's process had used when ready (user + system): the figure the machine's load does not inflate. */
  cpuMs: number;
  rssMb: number;
}

/** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
async function cpuMsOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Starts `npm start`'s script, waits for the ready line, reads its resident memory, stops it with Ctrl-C. */
async function startOnce(env: Record<string, string>): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after 120 s:\n${out.slice(-2000)}`)), 120_000);
      child.stdout.on('data', () => {
        if (/Quorum is (running|listening)/.test(out)) {
          clearTimeout(timer);
          resolve(performance.now() - began);
        }
      });
      void exited.then(() => reject(new Error(`exited before ready:\n${out.slice(-2000)}`)));
    });
    const cpuMs = await cpuMsOf(child.pid!);
    // Let the start's garbage settle before reading what the process keeps.
    await new Promise((r) => setTimeout(r, 2_000));
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { readyMs, cpuMs, rssMb: rssKb / 1024 };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

export async function benchStart(opts: StartBenchOptions = {}): Promise<string[]> {
  const starts = opts.starts ?? 3;
  const seats = opts.seats ?? 20_000;
  const scratch = await mkdtemp(join(tmpdir(), 'quorum-bench-start-'));
  const env = async (dataDir: string, extra: Record<string, string> = {}) => ({
    PORT: String(await freePort()),
    PLAYGROUND_PORT: String(await freePort()),
    DATA_DIR: join(scratch, dataDir),
    JOBS_ENABLED: 'false',
    ...extra,
  });
  try {
    // The first start makes the bundle if a source changed and loads the sample: not a warm start.
    const first = await startOnce(await env('warm'));
    const runs: Started[] = [];
    for (let i = 0; i < starts; i++) runs.push(await startOnce(await env('warm')));
    const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const warm = runs.map((r) => r.readyMs);
    const median = middle(warm);

    const file = join(scratch, 'partnership.json');
    await writeFile(file, JSON.stringify(membership(seats)));
    const big = await startOnce(await env('big', { PARTNERSHIP_FILE: file, PLAYGROUND: 'false' }));

    return [
      `start: first start ${(first.readyMs / 1000).toFixed(1)} s (bundles what changed, loads the sample into an empty folder)`,
      `start: warm start to ready, median of ${starts}: ${(median / 1000).toFixed(1)} s (${warm.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; ` +
        `goal < ${READY_GOAL_MS / 1000} s) ${median < READY_GOAL_MS ? 'OK' : 'OVER'}`,
      `start: CPU time of the app's process to ready, median: ${(middle(runs.map((r) => r.cpuMs)) / 1000).toFixed(1)} s ` +
        `(the emulator starts beside it in its own process; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
      `start: resident memory with ${seats.toLocaleString('en-GB')} seats loaded: ${big.rssMb.toFixed(0)} MB (ready in ${(big.readyMs / 1000).toFixed(1)} s; ` +
        `goal < ${RSS_GOAL_MB} MB) ${big.rssMb < RSS_GOAL_MB ? 'OK' : 'OVER'}`,
    ];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
