import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../infra/cosmos/checkpoint.js';
import { DATA_FILES } from '../../infra/cosmos/embedded.js';
import { freePort } from '../../infra/playground.js';
import { launchChromium, PlaygroundPage, type LaunchedChromium } from '../support/browser.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * The product started as `npm start` starts it (the same entry point, in a child process, on the
 * embedded store with the emulator), driven in headless Chromium; then stopped with Ctrl-C and
 * started again on the same data directory.
 */

let dataDir: string;
let chromium: LaunchedChromium;

interface Product {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

async function startProduct(): Promise<Product> {
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    PLAYGROUND_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Quorum did not start:\n${out}`)), 90_000);
    const check = () => {
      const match = /Open the Teams emulator: (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Quorum exited with ${code}:\n${out}`));
    });
  });
  return { child, url, port, output: () => out };
}

async function stopWithCtrlC(product: Product): Promise<number | null> {
  const exited = new Promise<number | null>((r) => product.child.once('exit', (code) => r(code)));
  product.child.kill('SIGINT');
  return exited;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'quorum-e2e-'));
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start, in the Teams emulator', () => {
  it('answers whoami with the sample seat, and keeps its data across a restart', async () => {
    const first = await startProduct();
    try {
      // The ready line gives the dashboard's address with the port the product was given.
      expect(first.output()).toContain(`The dashboard tab: http://127.0.0.1:${first.port}/tab/index.html`);
      const ui = new PlaygroundPage(await chromium.newPage());
      await ui.open(first.url);
      const card = await ui.ask('whoami');
      const text = await ui.cardText(card);
      expect(text).toContain('Board Development Manager');
      expect(text).toContain('Merton Safeguarding Children Board');
      await ui.screenshot(screenshotPath('whoami'));
      await ui.page.close();
    } finally {
      expect(await stopWithCtrlC(first)).toBe(0);
    }

    // A clean stop leaves a checkpoint of the whole store.
    const image = await readCheckpoint(join(dataDir, DATA_FILES.checkpoint));
    const containers = image.databases[0]!.containers;
    expect(containers.find((c) => c.definition.id === 'directory')!.docs.map((d) => d.id)).toEqual(['merton-2015']);
    expect(containers.find((c) => c.definition.id === 'conversations')!.docs.length).toBeGreaterThan(0);

    const second = await startProduct();
    try {
      // The store was not empty, so the sample was not loaded again over it.
      expect(second.output()).not.toContain('sample partnership loaded');
      const ui = new PlaygroundPage(await chromium.newPage());
      await ui.open(second.url);
      const help = await ui.ask('help');
      expect(await ui.cardText(help)).toContain('Who am I?');
      await ui.page.close();
    } finally {
      expect(await stopWithCtrlC(second)).toBe(0);
    }
    expect(existsSync(join(dataDir, 'playground', '.m365agentsplayground.yml'))).toBe(true);
  });
});
