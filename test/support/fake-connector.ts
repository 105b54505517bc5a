import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  conversationId: string;
  activity: Record<string, unknown> & { type?: string; attachments?: { contentType: string; content: any }[] };
}

/**
 * A stand-in for the Bot Framework connector service: what the bot sends (replies, proactive
 * messages, updates, createConversation) is recorded. `failNext` injects 429/5xx responses.
 */
export class FakeConnector {
  readonly sent: SentActivity[] = [];
  readonly updated: SentActivity[] = [];
  readonly created: Record<string, unknown>[] = [];
  private failures: { status: number; retryAfter?: number }[] = [];
  private failRate = 0;
  private hangAfterSends: number | undefined;
  private server?: Server;
  url = '';

  /** The next `count` sends answer with `status`. */
  failNext(count: number, status = 429, retryAfter?: number): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, retryAfter });
  }

  /** After `count` more sends, each send is recorded (the card arrives) but never answered: the bot's process "dies" mid-send. */
  hangAfter(count: number | undefined): void {
    this.hangAfterSends = count === undefined ? undefined : this.sent.length + count;
  }

  /** A share of all sends (0..1) answer 429, at random. */
  failRandomly(share: number): void {
    this.failRate = share;
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json({ limit: '5mb' }));
    const maybeFail = (res: express.Response): boolean => {
      const failure = this.failures.shift() ?? (Math.random() < this.failRate ? { status: 429, retryAfter: 0 } : undefined);
      if (!failure) return false;
      if (failure.retryAfter !== undefined) res.setHeader('Retry-After', String(failure.retryAfter));
      res.status(failure.status).json({ error: { code: 'Throttled', message: 'injected failure' } });
      return true;
    };
    app.post('/v3/conversations', (req, res) => {
      if (maybeFail(res)) return;
      this.created.push(req.body);
      res.json({ id: `conv-${this.created.length}`, activityId: `act-${this.created.length}` });
    });
    const record = (req: express.Request, res: express.Response) => {
      if (maybeFail(res)) return;
      this.sent.push({ conversationId: String(req.params.conversationId), activity: req.body });
      if (this.hangAfterSends !== undefined && this.sent.length > this.hangAfterSends) return;
      res.json({ id: `activity-${this.sent.length}` });
    };
    app.post('/v3/conversations/:conversationId/activities', record);
    app.post('/v3/conversations/:conversationId/activities/:activityId', record);
    app.put('/v3/conversations/:conversationId/activities/:activityId', (req, res) => {
      if (maybeFail(res)) return;
      this.updated.push({ conversationId: String(req.params.conversationId), activity: req.body });
      res.json({ id: req.params.activityId });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  cardsTo(conversationId: string): any[] {
    return this.sent
      .filter((s) => s.conversationId === conversationId)
      .flatMap((s) => s.activity.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content);
  }

  reset(): void {
    this.sent.length = 0;
    this.updated.length = 0;
    this.created.length = 0;
    this.failures = [];
    this.failRate = 0;
    this.hangAfterSends = undefined;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

/** All the text of a card, flattened, for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'text' || k === 'title' || k === 'value' || k === 'label') && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}
