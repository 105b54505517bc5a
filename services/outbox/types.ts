import type { Clock } from '../ports/clock.js';
import type { AnswerLinkMaker, BounceFact, EmailCards, MailRecipients } from '../ports/email.js';
import type { Logger } from '../ports/logger.js';
import type { Mailer } from '../ports/mailer.js';
import type { Delivery, Notifier, OutboxRepo } from '../ports/outbox.js';
import type { RateLimiter } from '../ports/rate-limiter.js';
import type { ConversationRefRepo } from '../ports/repositories.js';

export interface OutboxDeps {
  repo: OutboxRepo;
  conversations: ConversationRefRepo;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  limiter: RateLimiter;
  /** Recorded on each claim, so an uncertain delivery says which instance lost it. */
  instanceId: string;
  /** Delivery by email, for people whose channel is email or both. Without it everything goes by Teams. */
  email?: EmailDeliveryDeps;
  /** Send attempts before a throttled or transient failure becomes final. Default 8. */
  maxAttempts?: number;
  /** A claim older than this was lost with its instance: the delivery becomes uncertain. Default 2 min. */
  claimLeaseMs?: number;
  /** Deliveries in flight at once. Default 16, enough for 50/s at ~300 ms per send. */
  concurrency?: number;
  /** Deliveries fetched per query. Default 100. */
  pageSize?: number;
  /** First retry delay; doubles per attempt, with jitter. Default 1 s. */
  backoffBaseMs?: number;
  /** Longest backoff (a longer Retry-After is still honoured). Default 60 s. */
  backoffCapMs?: number;
  /** How often, at most, progress listeners hear of batches during one drain. Default 2 s. */
  progressEveryMs?: number;
  /** 0..1, for the jitter; tests pin it. */
  random?: () => number;
}

export interface EmailDeliveryDeps {
  recipients: MailRecipients;
  cards: EmailCards;
  links: AnswerLinkMaker;
  mailer: Mailer;
  /** Paces sendMail under Graph's per-mailbox limit. */
  limiter: RateLimiter;
  /** sendMail requests in flight at once (Graph allows 4 per mailbox). Default 4. */
  concurrency?: number;
  /** A random reference per email (32 hex digits), put in its Message-ID so a late non-delivery report finds it. */
  newRef?: () => string;
  /** Told of each bounce, to tell the manager. Failures are logged, never fail the delivery. */
  onBounce?: (delivery: Delivery, fact: BounceFact) => Promise<void>;
}

export interface BatchRef {
  partnershipId: string;
  batchId: string;
}

export interface DrainReport {
  sent: number;
  /** Throttled or transient failures put back for a later attempt. */
  retried: number;
  failed: number;
  unreachable: number;
  blocked: number;
  /** Emails refused by the recipient's mail server. */
  bounced: number;
  /** Claims found past their lease in this drain, now uncertain and never resent. */
  uncertain: number;
  /** Deliveries another instance took (or changed) first. */
  lostClaims: number;
  /** Deliveries left as they were after an error of our own (store down); the next drain takes them. */
  errors: number;
  /** Every batch this drain changed a delivery of. */
  batches: BatchRef[];
}

export type ProgressListener = (batches: BatchRef[]) => Promise<void>;

/** OutboxDeps with every default applied. */
export type OutboxContext = Required<Omit<OutboxDeps, 'email'>> & Pick<OutboxDeps, 'email'>;

export function withDefaults(deps: OutboxDeps): OutboxContext {
  return {
    ...deps,
    maxAttempts: deps.maxAttempts ?? 8,
    claimLeaseMs: deps.claimLeaseMs ?? 120_000,
    concurrency: deps.concurrency ?? 16,
    pageSize: deps.pageSize ?? 100,
    backoffBaseMs: deps.backoffBaseMs ?? 1_000,
    backoffCapMs: deps.backoffCapMs ?? 60_000,
    progressEveryMs: deps.progressEveryMs ?? 2_000,
    random: deps.random ?? Math.random,
  };
}

/** The deterministic id of a delivery: one per batch, recipient and channel. */
export function deliveryId(batchId: string, recipientAad: string, channel?: 'email'): string {
  const id = `${batchId}:${recipientAad.toLowerCase()}${channel === 'email' ? ':email' : ''}`;
  if (/[/\\?#]/.test(id)) throw new Error(`A batch id or recipient may not contain / \\ ? or #: ${id}`);
  return id;
}

const batchKey = (d: BatchRef) => `${d.partnershipId}\u0000${d.batchId}`;

export function without<T extends object>(value: T, ...keys: (keyof T)[]): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

export const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** What one drain has done so far. */
export class DrainState {
  readonly report: Omit<DrainReport, 'batches'> = {
    sent: 0,
    retried: 0,
    failed: 0,
    unreachable: 0,
    blocked: 0,
    bounced: 0,
    uncertain: 0,
    lostClaims: 0,
    errors: 0,
  };
  readonly touched = new Map<string, BatchRef>();
  readonly unnotified = new Map<string, BatchRef>();
  swept = false;
  lastSweep: number;
  lastNotified: number;
  notifying?: Promise<void>;

  constructor(started: number) {
    this.lastSweep = started;
    this.lastNotified = started;
  }

  touch(d: BatchRef): void {
    const ref = { partnershipId: d.partnershipId, batchId: d.batchId };
    this.touched.set(batchKey(ref), ref);
    this.unnotified.set(batchKey(ref), ref);
  }

  /** Counts a delivery's new status in the report. */
  count(status: Delivery['status']): void {
    switch (status) {
      case 'sent':
        this.report.sent++;
        break;
      case 'pending':
        this.report.retried++;
        break;
      case 'failed':
        this.report.failed++;
        break;
      case 'blocked':
        this.report.blocked++;
        break;
      case 'bounced':
        this.report.bounced++;
        break;
      case 'unreachable':
        this.report.unreachable++;
        break;
      default:
        break;
    }
  }
}
