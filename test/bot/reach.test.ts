import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compose, type Quorum } from '../../app/compose.js';
import { listen } from '../../app/http.js';
import { loadConfig } from '../../infra/config.js';
import { GraphAppInstaller } from '../../infra/graph/graph-installer.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { Directory, type Partnership } from '../../services/domain/directory.js';
import { installed, message, post, type TeamsUser } from '../support/activities.js';
import { cardText, FakeConnector } from '../support/fake-connector.js';
import { openTestStore, silentLog, startTestQuorum } from '../support/harness.js';

const CATALOG_ID = 'a1b2c3d4-catalog-app';
const GRAPH_TOKEN = 'graph-token-for-tests';

type Behaviour = 'install' | 'install-silently' | 'already' | 'forbidden' | 'unknown-user' | 'throttle-once';

/**
 * A stand-in for Microsoft Graph's POST /users/{id}/teamwork/installedApps. Like Teams, after an
 * install it sends the bot an installationUpdate for that user (before answering, so the test is
 * deterministic); 'install-silently' installs without Teams telling the bot yet.
 */
class FakeGraph {
  readonly requests: { aadObjectId: string; authorization?: string; body: Record<string, unknown> }[] = [];
  readonly behaviour = new Map<string, Behaviour>();
  private throttled = new Set<string>();
  private server?: Server;
  url = '';
  /** Where Teams would send the installationUpdate. */
  bot?: { url: string; serviceUrl: string; userFor: (aad: string) => TeamsUser };

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());
    app.post('/v1.0/users/:id/teamwork/installedApps', async (req, res) => {
      const aadObjectId = String(req.params.id);
      this.requests.push({ aadObjectId, authorization: req.headers.authorization, body: req.body });
      const behaviour = this.behaviour.get(aadObjectId) ?? 'install';
      if (behaviour === 'throttle-once' && !this.throttled.has(aadObjectId)) {
        this.throttled.add(aadObjectId);
        res.setHeader('Retry-After', '0');
        res.status(429).json({ error: { code: 'TooManyRequests', message: 'slow down' } });
        return;
      }
      switch (behaviour) {
        case 'already':
          res.status(409).json({ error: { code: 'Conflict', message: 'App is already installed.' } });
          return;
        case 'forbidden':
          res.status(403).json({ error: { code: 'Forbidden', message: 'Missing role permissions on the request.' } });
          return;
        case 'unknown-user':
          res.status(404).json({ error: { code: 'NotFound', message: 'User not found' } });
          return;
        case 'install':
        case 'throttle-once':
          if (this.bot) await post(this.bot.url, installed(this.bot.userFor(aadObjectId), this.bot.serviceUrl));
          res.status(201).end();
          return;
        case 'install-silently':
          res.status(201).end();
          return;
      }
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1.0`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

let graph: FakeGraph;
let connector: FakeConnector;
let quorum: Quorum;
let botUrl: string;
let server: Server;
let partnership: Partnership;
let directory: Directory;
let disposeStore: () => void;

const user = (personId: string): TeamsUser => {
  const p = directory.person(personId)!;
  return { id: `u-${personId}`, aadObjectId: p.aadObjectId, name: p.displayName };
};
const aad = (personId: string) => directory.person(personId)!.aadObjectId;
const lastCard = (personId: string) => connector.cardsTo(`personal-u-${personId}`).at(-1);
const reachable = async (personId: string) => {
  const ref = await quorum.conversations.get(partnership.id, aad(personId));
  return ref !== undefined && !ref.unreachable;
};

beforeAll(async () => {
  graph = await new FakeGraph().start();
  connector = await new FakeConnector().start();
  const store = await openTestStore();
  disposeStore = () => store.dispose();
  const config = loadConfig({ PLAYGROUND: 'false', JOBS_ENABLED: 'false', GRAPH_BASE_URL: graph.url, TEAMS_APP_CATALOG_ID: CATALOG_ID });
  quorum = compose(config, store, silentLog, undefined, { graphToken: async () => GRAPH_TOKEN });
  partnership = await readPartnershipFile('partnerships/merton-2015.json');
  // Reached only by external access (federated chat): no install is tried, and the reason is given.
  partnership.people.find((p) => p.id === 'p-nhse')!.externalAccessOnly = true;
  directory = new Directory(partnership);
  await quorum.directory.save(partnership, 'test');
  ({ server } = await listen(quorum.http, 0, '127.0.0.1'));
  botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  graph.bot = {
    url: botUrl,
    serviceUrl: connector.url,
    userFor: (aadObjectId) => {
      const p = directory.personByAad(aadObjectId)!;
      return { id: `u-${p.id}`, aadObjectId, name: p.displayName };
    },
  };

  // The manager and the independent chair have opened Quorum; the CAFCASS member blocked it;
  // the Met Police borough commander uninstalled it.
  for (const id of ['p-mscb-manager', 'p-independent-chair', 'p-cafcass', 'p-borough-commander']) {
    await post(botUrl, installed(user(id), connector.url));
  }
  await quorum.conversations.markUnreachable(partnership.id, aad('p-cafcass'), 'blocked');
  await quorum.conversations.markUnreachable(partnership.id, aad('p-borough-commander'), 'uninstalled');

  graph.behaviour.set(aad('p-lay-member-1'), 'already');
  graph.behaviour.set(aad('p-dph'), 'forbidden');
  graph.behaviour.set(aad('p-vcs-1'), 'unknown-user');
  graph.behaviour.set(aad('p-head-primary'), 'install-silently');
  graph.behaviour.set(aad('p-crc-aco'), 'throttle-once');
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await graph.stop();
  await connector.stop();
  disposeStore();
});

beforeEach(() => connector.reset());

describe('reach: installing Quorum for members who cannot be messaged', () => {
  it('refuses anyone but the manager, and calls Graph for nobody', async () => {
    await post(botUrl, message(user('p-independent-chair'), connector.url, 'reach'));
    expect(cardText(lastCard('p-independent-chair'))).toContain('Not allowed');
    expect(graph.requests).toEqual([]);
  });

  it('installs for everyone without a chat, and reports who is still unreachable and why', async () => {
    expect(await reachable('p-lay-member-2')).toBe(false);

    await post(botUrl, message(user('p-mscb-manager'), connector.url, 'reach'));

    // Graph was asked once per person the bot cannot write to, with the app's token and catalogue id.
    const asked = new Set(graph.requests.map((r) => r.aadObjectId));
    const expected = partnership.people.filter((p) => !['p-mscb-manager', 'p-independent-chair', 'p-cafcass', 'p-nhse'].includes(p.id));
    expect([...asked].sort()).toEqual(expected.map((p) => p.aadObjectId).sort());
    expect(graph.requests.filter((r) => r.aadObjectId === aad('p-crc-aco'))).toHaveLength(2); // 429, then 201
    expect(asked.has(aad('p-cafcass'))).toBe(false); // blocked: their choice stands
    expect(asked.has(aad('p-borough-commander'))).toBe(true); // uninstalled: installed again
    for (const r of graph.requests) {
      expect(r.authorization).toBe(`Bearer ${GRAPH_TOKEN}`);
      expect(r.body).toEqual({ 'teamsApp@odata.bind': `${graph.url}/appCatalogs/teamsApps/${CATALOG_ID}` });
    }

    // Teams told the bot about each install, so they can be messaged now.
    expect(await reachable('p-lay-member-2')).toBe(true);
    expect(await reachable('p-borough-commander')).toBe(true);
    expect(await reachable('p-crc-aco')).toBe(true);
    expect(await reachable('p-head-primary')).toBe(false);

    const text = cardText(lastCard('p-mscb-manager'));
    expect(text).toContain('Still unreachable, and why');
    const why = (personId: string) => {
      const card = lastCard('p-mscb-manager');
      const facts = card.body.flatMap((b: any) => b.items ?? []).flatMap((i: any) => i.facts ?? []);
      return facts.find((f: any) => f.title === directory.person(personId)!.displayName)?.value as string | undefined;
    };
    expect(why('p-cafcass')).toMatch(/blocked Quorum/);
    expect(why('p-dph')).toMatch(/TeamsAppInstallation\.ReadWriteForUser\.All/);
    expect(why('p-vcs-1')).toMatch(/does not know this user/);
    expect(why('p-lay-member-1')).toMatch(/installed for them, but Teams has not given the bot their chat/);
    expect(why('p-head-primary')).toMatch(/installed just now/);
    expect(why('p-lay-member-2')).toBeUndefined();
    expect(why('p-crc-aco')).toBeUndefined();
    expect(why('p-nhse')).toMatch(/reached only by external access \(federated chat\).*invite them as a guest/);
    expect(text).toMatch(/Still unreachable\n6/);
  });

  it('asks Graph again only for those still unreachable', async () => {
    graph.requests.length = 0;
    // Teams now confirms the silent install.
    await post(botUrl, installed(user('p-head-primary'), connector.url));
    await post(botUrl, message(user('p-mscb-manager'), connector.url, 'reach'));
    expect(graph.requests.map((r) => r.aadObjectId).sort()).toEqual([aad('p-lay-member-1'), aad('p-dph'), aad('p-vcs-1')].sort());
    expect(cardText(lastCard('p-mscb-manager'))).toMatch(/Still unreachable\n5/);
  });
});

describe('reach without Graph configured', () => {
  it('installs nothing and says why, listing who cannot be messaged', async () => {
    const q = await startTestQuorum();
    try {
      const dir = new Directory(q.partnership);
      const m = dir.person('p-mscb-manager')!;
      const manager: TeamsUser = { id: 'u-m', aadObjectId: m.aadObjectId, name: m.displayName };
      await post(q.url, message(manager, q.connector.url, 'reach'));
      const text = cardText(q.connector.cardsTo('personal-u-m').at(-1));
      expect(text).toContain('Quorum cannot install itself here: TEAMS_APP_CATALOG_ID is not set');
      expect(text).toMatch(new RegExp(`Still unreachable\\n${q.partnership.people.length - 1}`));
      expect(text).toContain(dir.person('p-cafcass')!.displayName);
    } finally {
      await q.stop();
    }
  });
});

describe('GraphAppInstaller', () => {
  it('reports a Graph it cannot reach as a failure, not an error', async () => {
    const installer = new GraphAppInstaller({
      baseUrl: 'http://127.0.0.1:9/v1.0',
      catalogAppId: CATALOG_ID,
      token: async () => GRAPH_TOKEN,
      log: silentLog,
      timeoutMs: 2_000,
    });
    const outcome = await installer.install('00000000-0000-0000-0000-000000000999');
    expect(outcome).toEqual({ failed: expect.stringMatching(/could not be reached/) });
  });

  it('reports a token it cannot get', async () => {
    const installer = new GraphAppInstaller({
      baseUrl: graph.url,
      catalogAppId: CATALOG_ID,
      token: async () => {
        throw new Error('no managed identity here');
      },
      log: silentLog,
    });
    expect(await installer.install('x')).toEqual({ failed: expect.stringMatching(/token.*no managed identity here/) });
  });
});
