import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/playground.js';

/**
 * `npm start` as a newcomer runs it: scripts/start.mjs (the bundled app, with plain node) in a
 * child process, with PORT set. What it prints is what a person reads.
 */

let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'quorum-start-'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitFor(output: () => string, pattern: RegExp, exited: Promise<number | null>): Promise<RegExpExecArray> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let waited = 0; waited < 90_000; waited += 100) {
    const match = pattern.exec(output());
    if (match) return match;
    if (gone) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in:\n${output()}`);
}

describe('npm start', () => {
  it('prints the emulator and the dashboard addresses with the ports it was given, and both answer', async () => {
    const port = await freePort();
    const playgroundPort = await freePort();
    const run = start({ PORT: String(port), PLAYGROUND_PORT: String(playgroundPort) });
    const emulator = await waitFor(run.output, /Open the Teams emulator: (\S+)/, run.exited);
    const dashboard = await waitFor(run.output, /The dashboard tab: (\S+)/, run.exited);

    expect(emulator[1]).toBe(`http://127.0.0.1:${playgroundPort}/`);
    expect(dashboard[1]).toBe(`http://127.0.0.1:${port}/tab/index.html`);
    expect((await fetch(dashboard[1]!)).status).toBe(200);
    expect((await fetch(emulator[1]!)).status).toBe(200);
    // Not a terminal here, so the log stays JSON lines (LOG_FORMAT unset).
    expect(run.output()).toMatch(/^\{"level":30,.*"msg":"bot listening on \/api\/messages"\}$/m);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('logs short lines with LOG_FORMAT=text, and says in a sentence when its port is taken', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      const run = start({ PORT: String(port), PLAYGROUND: 'false', LOG_FORMAT: 'text' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/^\d\d:\d\d:\d\d info  embedded Cosmos DB started {2}endpoint=http/m);
      expect(run.output()).toContain(
        `Quorum cannot start: port ${port} on 127.0.0.1 is already in use (is Quorum already running?). Stop the other program, or set PORT to a free port number.`,
      );
      expect(run.output()).not.toMatch(/EADDRINUSE|at .*\.js:\d+/);
    } finally {
      blocker.close();
    }
  });
});
