import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type ConversationReference,
  type InvokeResponse,
} from 'botbuilder';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, PlaygroundPage, type LaunchedChromium } from '../support/browser.js';
import { readFileSync } from 'node:fs';
import { startPlayground, withCurrentUser, type Playground } from '../../infra/playground.js';

const DEFAULT_PLAYGROUND_YML = withCurrentUser(readFileSync('.m365agentsplayground.yml', 'utf8'), 'user-id-0');

// Proves the e2e driver against a throwaway echo bot, not Quorum's bot: the playground, the card
// renderer, Action.Execute refresh, proactive sends and switching the current user.

function echoCard(text: string) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text, wrap: true },
      { type: 'Input.Text', id: 'reason', label: 'Reason' },
    ],
    actions: [{ type: 'Action.Execute', title: 'Go', verb: 'test.go', data: { x: 1 } }],
  };
}

class EchoBot extends ActivityHandler {
  readonly refs = new Map<string, Partial<ConversationReference>>();

  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      const aad = ctx.activity.from.aadObjectId ?? '';
      this.refs.set(aad, TurnContext.getConversationReference(ctx.activity));
      await ctx.sendActivity({ attachments: [CardFactory.adaptiveCard(echoCard(`Echo: ${ctx.activity.text} from ${ctx.activity.from.name} (${aad})`))] });
      await next();
    });
  }

  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    if (ctx.activity.name !== 'adaptiveCard/action') return { status: 501 };
    const { action } = ctx.activity.value as { action: { verb: string; data: Record<string, unknown> } };
    const card = echoCard(`Done: ${action.verb} reason=${String(action.data.reason)} x=${String(action.data.x)}`);
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
  }
}

async function startEchoBot(): Promise<{ endpoint: string; bot: EchoBot; adapter: CloudAdapter; close(): Promise<void> }> {
  // No app id: local and unauthenticated, which is what the playground speaks.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const errors: unknown[] = [];
  adapter.onTurnError = async (_ctx, err) => {
    errors.push(err);
  };
  const bot = new EchoBot();
  const app = express();
  app.use(express.json());
  app.post('/api/messages', (req, res) => {
    adapter.process(req, res, (ctx) => bot.run(ctx)).catch((err: unknown) => errors.push(err));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    bot,
    adapter,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        if (errors.length) console.error('echo bot turn errors', errors);
      }),
  };
}

describe('playground driver', () => {
  let echo: Awaited<ReturnType<typeof startEchoBot>>;
  let workDir: string;
  let playground: Playground;
  let chromium: LaunchedChromium;
  let ui: PlaygroundPage;

  beforeAll(async () => {
    echo = await startEchoBot();
    workDir = await mkdtemp(path.join(tmpdir(), 'quorum-playground-'));
    [playground, chromium] = await Promise.all([
      startPlayground({ botEndpoint: echo.endpoint, workDir, yml: DEFAULT_PLAYGROUND_YML }),
      launchChromium(),
    ]);
    ui = new PlaygroundPage(await chromium.newPage());
  });

  afterAll(async () => {
    await chromium?.close();
    await playground?.stop();
    await echo?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  function screenshotOnFailure(name: string): void {
    onTestFailed(async () => {
      const file = path.join(tmpdir(), `quorum-e2e-${name}-${Date.now()}.png`);
      await ui.screenshot(file).catch(() => undefined);
      console.error(`screenshot: ${file}\nplayground output:\n${playground.output()}`);
    });
  }

  it('sends a message, fills and executes a card, sees the refreshed card and a proactive message', async () => {
    screenshotOnFailure('card');
    await ui.open(playground.url);
    await ui.send('hello');

    const card = await ui.waitForCardContaining('Echo: hello');
    expect(await ui.cardText(card)).toBe('Echo: hello from Board Manager (00000000-0000-0000-0000-000000000101) Reason Go');

    await ui.fillInput(card, 'Reason', 'because');
    const result = await ui.clickAction(card, 'Go');
    expect(result).toMatchObject({ status: 200, body: { type: 'application/vnd.microsoft.card.adaptive' } });
    // Universal Actions refresh: the same card, new content.
    expect(await ui.waitForCardText(card, 'Done: test.go')).toBe('Done: test.go reason=because x=1 Reason Go');
    expect(await ui.waitForInvokeNotice(card, 'sent to the app')).toBe('Your response was sent to the app');
    await ui.waitForLog((e) => e.activityName === 'invoke' && e.response?.statusCode === 200);

    const ref = echo.bot.refs.get('00000000-0000-0000-0000-000000000101');
    expect(ref?.conversation?.id).toBe('personal-chat-user-id-0');
    await echo.adapter.continueConversationAsync('', ref!, async (ctx) => {
      await ctx.sendActivity('Reminder: the consultation closes on Friday');
    });
    const message = await ui.waitForMessageContaining('Reminder: the consultation closes on Friday');
    expect(await message.innerText()).toContain('Quorum');
    expect(ui.errors).toEqual([]);
  });

  it('acts as another user after a restart with withCurrentUser', async () => {
    screenshotOnFailure('switch-user');
    await playground.restart({ yml: withCurrentUser(DEFAULT_PLAYGROUND_YML, 'user-id-1') });
    await ui.open(playground.url);
    await ui.send('hi');
    const card = await ui.waitForCardContaining('Echo: hi');
    expect(await ui.cardText(card)).toContain('from Independent Chair (00000000-0000-0000-0000-000000000102)');
    expect(echo.bot.refs.get('00000000-0000-0000-0000-000000000102')?.conversation?.id).toBe('personal-chat-user-id-1');
  });
});
