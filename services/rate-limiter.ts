import type { RateLimiter } from './ports/rate-limiter.js';

export interface TokenBucketOptions {
  /** The overall ceiling, messages per second. */
  ratePerSecond?: number;
  /** How many messages may go at once after a quiet spell. */
  burst?: number;
  /** Minimum time between two messages to the same conversation. */
  perConversationMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RATE_PER_SECOND = 50;
export const DEFAULT_PER_CONVERSATION_MS = 1000;

/**
 * A token bucket kept as a "theoretical arrival time" (GCRA): each acquisition books the next
 * free slot synchronously, so concurrent callers never share one, then sleeps until it.
 * Callers for one conversation queue behind each other, and only book a global slot once their
 * conversation's spacing has passed, so a conversation that must wait does not hold up the rest.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly interval: number;
  private readonly tolerance: number;
  private readonly spacing: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private tat = Number.NEGATIVE_INFINITY;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly lastSent = new Map<string, number>();

  constructor(opts: TokenBucketOptions = {}) {
    const rate = opts.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
    if (!(rate > 0)) throw new Error('ratePerSecond must be positive');
    const burst = Math.max(1, Math.floor(opts.burst ?? Math.min(5, rate)));
    this.interval = 1000 / rate;
    this.tolerance = (burst - 1) * this.interval;
    this.spacing = opts.perConversationMs ?? DEFAULT_PER_CONVERSATION_MS;
    this.now = opts.now ?? (() => Date.now());
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  acquire(conversationKey: string): Promise<void> {
    const before = this.queues.get(conversationKey) ?? Promise.resolve();
    const mine = before.then(() => this.take(conversationKey));
    const tail = mine.catch(() => undefined);
    this.queues.set(conversationKey, tail);
    void tail.then(() => {
      if (this.queues.get(conversationKey) === tail) this.queues.delete(conversationKey);
    });
    return mine;
  }

  private async take(key: string): Promise<void> {
    const last = this.lastSent.get(key);
    if (last !== undefined) {
      const wait = last + this.spacing - this.now();
      if (wait > 0) await this.sleep(wait);
    }
    const t = this.now();
    const at = Math.max(t, this.tat - this.tolerance);
    this.tat = Math.max(this.tat, at) + this.interval;
    if (at > t) await this.sleep(at - t);
    const sentAt = this.now();
    this.lastSent.set(key, sentAt);
    if (this.lastSent.size > 10_000) this.forget(sentAt);
  }

  /** Conversations last messaged longer ago than the spacing need no memory. */
  private forget(now: number): void {
    for (const [key, at] of this.lastSent) if (at + this.spacing <= now) this.lastSent.delete(key);
  }
}
