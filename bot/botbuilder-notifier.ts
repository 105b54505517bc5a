import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { cardAttachment, cardAttachmentOf } from './replies.js';
import type { CardPayload, Notifier, SendResult } from '../services/ports/outbox.js';
import type { StoredConversation } from '../services/ports/repositories.js';

export interface NotifierOptions {
  /** A send that takes longer is aborted and reported as transient. Default 30 s, well inside the outbox's claim lease. */
  timeoutMs?: number;
}

/** The pipeline pieces we touch on botbuilder's connector client (core-rest-pipeline). */
interface PipelineLike {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: { name: string; sendRequest(request: { timeout: number }, next: (request: unknown) => Promise<unknown>): Promise<unknown> }): void;
  getOrderedPolicies(): { name: string }[];
}

/**
 * Sends and updates cards in a person's 1:1 conversation over the Bot Framework connector.
 * The outbox is the one place that retries: the connector client's own retry policy (which would
 * silently wait out a Retry-After and resend on 5xx, outside the rate limiter and the retry count)
 * is taken out of each request's pipeline, and every failure comes back as a SendResult.
 */
export class BotbuilderNotifier implements Notifier {
  private readonly timeoutMs: number;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    opts: NotifierOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  send(conversation: StoredConversation, card: CardPayload): Promise<SendResult> {
    return this.run(conversation, async (ctx) => {
      const response = await ctx.sendActivity(cardAttachment(card));
      return response?.id;
    });
  }

  update(conversation: StoredConversation, activityId: string, card: CardPayload): Promise<SendResult> {
    return this.run(conversation, async (ctx) => {
      await ctx.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachmentOf(card)] });
      return activityId;
    });
  }

  private async run(conversation: StoredConversation, work: (ctx: TurnContext) => Promise<string | undefined>): Promise<SendResult> {
    let activityId: string | undefined;
    // Caught inside the turn: the adapter's onTurnError would otherwise swallow it and the send would look successful.
    let failure: { error: unknown } | undefined;
    try {
      await this.adapter.continueConversationAsync(this.appId, conversation.reference as Partial<ConversationReference>, async (ctx) => {
        try {
          this.tune(ctx);
          activityId = await work(ctx);
        } catch (error) {
          failure = { error };
        }
      });
    } catch (error) {
      failure = { error };
    }
    if (failure) return classifySendError(failure.error);
    return activityId ? { ok: true, activityId } : { ok: true };
  }

  /** One attempt per call, with a deadline: see the class comment. */
  private tune(ctx: TurnContext): void {
    const client = ctx.turnState.get(this.adapter.ConnectorClientKey) as { client?: { pipeline?: PipelineLike } } | undefined;
    const pipeline = client?.client?.pipeline;
    if (!pipeline) throw new Error('botbuilder connector client has no pipeline: cannot turn off its hidden retries');
    if (pipeline.getOrderedPolicies().some((p) => p.name === 'quorumSingleAttempt')) return;
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    const timeoutMs = this.timeoutMs;
    pipeline.addPolicy({
      name: 'quorumSingleAttempt',
      sendRequest(request, next) {
        request.timeout = timeoutMs;
        return next(request);
      },
    });
  }
}

interface ConnectorError {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: unknown };
}

/** Maps what the connector client throws to a SendResult (found by experiment against FakeConnector). */
export function classifySendError(err: unknown, now: () => number = Date.now): SendResult {
  const e = (err ?? {}) as ConnectorError;
  const status = e.statusCode ?? e.response?.status;
  const error = [status, e.code, e.message ?? String(err)].filter((x) => x !== undefined && x !== '').join(' ');
  // No HTTP answer (refused, reset, timed out, token endpoint unreachable): worth another attempt.
  if (status === undefined) return { ok: false, kind: 'transient', error };
  const retryAfterMs = retryAfter(e.response?.headers, now);
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return { ok: false, kind: 'throttled', error, ...withRetryAfter };
  if (status >= 500 || status === 408) return { ok: false, kind: 'transient', error, ...withRetryAfter };
  if (status === 403) return { ok: false, kind: 'blocked', error };
  if (status === 404) return { ok: false, kind: 'not-found', error };
  return { ok: false, kind: 'permanent', error };
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now. */
export function retryAfter(headers: unknown, now: () => number = Date.now): number | undefined {
  let value: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === 'function') value = (headers as { get(name: string): unknown }).get('retry-after');
  else if (headers && typeof headers === 'object') {
    const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after');
    value = entry?.[1];
  }
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}
