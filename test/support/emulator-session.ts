import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { Delivery } from '../../services/ports/outbox.js';
import { startQuorum, type RunningQuorum } from '../../app/start.js';
import { loadConfig } from '../../infra/config.js';
import { freePort, PLAYGROUND_CONFIG_FILE, startPlayground, withCurrentUser, type Playground } from '../../infra/playground.js';
import { launchChromium, PlaygroundPage, type LaunchedChromium } from './browser.js';
import type { FixedClock } from './fixed-clock.js';
import { silentLog } from './harness.js';

export interface EmulatorSession {
  quorum: RunningQuorum;
  playground: Playground;
  chromium: LaunchedChromium;
  /** Restarts the emulator as another of its users and opens a fresh page: the emulator has no user switcher. */
  actAs(userId: string): Promise<PlaygroundPage>;
  /**
   * Starts a second emulator as `userId` (their own Teams client, left running until `stop()`) and
   * opens it in a new page. A restart loses the emulator's chats, so a card sent to someone who is
   * not the current user finds no conversation; a person in a client of their own stays reachable
   * while `actAs` switches the first emulator between the others.
   */
  openOwnClient(userId: string): Promise<PlaygroundPage>;
  /**
   * The newest card the outbox delivered to this emulator user in a batch whose id matches `batch`:
   * found by the delivery's activity id, never by its words.
   */
  deliveredCard(ui: PlaygroundPage, userId: string, batch: RegExp): Promise<Locator>;
  stop(): Promise<void>;
}

/**
 * The product composed as `npm start` composes it (in-process, on the embedded store, with a clock
 * the test moves and no scheduler), the Teams emulator pointed at it, and headless Chromium.
 * `yml` changes the emulator's users (e.g. to load a reserve user); it starts as the board manager.
 * `env` adds settings to the product's (e.g. `{ PARTNERSHIP_FILE: 'none', QUORUM_MANAGERS: '…' }`
 * for the first run); the session's own port, data directory, emulator and jobs settings stay.
 */
export async function startEmulatorSession(opts: {
  clock: FixedClock;
  yml?: (committed: string) => string;
  env?: Record<string, string>;
}): Promise<EmulatorSession> {
  const dataDir = await mkdtemp(join(tmpdir(), 'quorum-e2e-'));
  const config = loadConfig({ ...opts.env, PORT: String(await freePort()), DATA_DIR: dataDir, PLAYGROUND: 'false', JOBS_ENABLED: 'false' });
  const quorum = await startQuorum(config, { clock: opts.clock, log: silentLog });
  const committed = await readFile(PLAYGROUND_CONFIG_FILE, 'utf8');
  const yml = opts.yml ? opts.yml(committed) : committed;
  const playground = await startPlayground({
    botEndpoint: `http://127.0.0.1:${quorum.port}/api/messages`,
    workDir: join(dataDir, 'playground'),
    yml: withCurrentUser(yml, 'user-id-0'),
  });
  const chromium = await launchChromium();
  const ownClients: Playground[] = [];
  return {
    quorum,
    playground,
    chromium,
    async actAs(userId) {
      await playground.restart({ yml: withCurrentUser(yml, userId) });
      const ui = new PlaygroundPage(await chromium.newPage());
      await ui.open(playground.url);
      return ui;
    },
    async openOwnClient(userId) {
      const own = await startPlayground({
        botEndpoint: `http://127.0.0.1:${quorum.port}/api/messages`,
        workDir: join(dataDir, `playground-${userId}`),
        yml: withCurrentUser(yml, userId),
      });
      ownClients.push(own);
      const ui = new PlaygroundPage(await chromium.newPage());
      await ui.open(own.url);
      return ui;
    },
    async deliveredCard(ui, userId, batch) {
      const { resources } = await quorum.quorum.store.containers.outbox.items
        .query<Delivery>({
          query: "SELECT * FROM c WHERE c.recipientAad = @aad AND c.status = 'sent'",
          parameters: [{ name: '@aad', value: aadOf(yml, userId) }],
        })
        .fetchAll();
      const newest = resources.filter((d) => batch.test(d.batchId)).sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''))[0];
      if (!newest?.activityId) throw new Error(`nothing was delivered to ${userId} in a batch ${batch}`);
      return ui.waitForBotCard(newest.activityId, { what: `the ${batch} card` });
    },
    async stop() {
      await chromium.close();
      for (const own of ownClients) await own.stop();
      await playground.stop();
      await quorum.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An emulator user's Entra object id, from the emulator's config. */
function aadOf(yml: string, userId: string): string {
  const block = new RegExp(`id: ${userId}\\s*\\n(?:[ #]*\\w+:.*\\n)*?[ #]*aadObjectId: (\\S+)`).exec(yml);
  if (!block) throw new Error(`no emulator user ${userId}`);
  return block[1]!;
}
