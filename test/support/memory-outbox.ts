import { isFinished, type CardPayload, type Delivery, type DueDelivery, type Notifier, type OutboxRepo, type SendResult } from '../../services/ports/outbox.js';
import type { ConversationRefRepo, StoredConversation } from '../../services/ports/repositories.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const clone = <T>(value: T): T => structuredClone(value);
/** Drops undefined fields, as a JSON store does. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * An OutboxRepo in memory with the store's concurrency semantics: every write gets a new ETag and
 * replaceIfUnchanged succeeds only against the current one; a finished delivery is kept without its card. Each call yields first, so concurrent
 * callers interleave as they would over the network.
 */
export class MemoryOutboxRepo implements OutboxRepo {
  readonly items = new Map<string, Delivery>();
  private version = 0;
  /** Replaces that lost on their ETag, for assertions. */
  conflicts = 0;

  async enqueue(deliveries: Delivery[]): Promise<number> {
    await tick();
    let created = 0;
    for (const d of deliveries) {
      if (this.items.has(d.id)) continue;
      this.items.set(d.id, this.stamp(d));
      created++;
    }
    return created;
  }

  async due(now: Date, limit: number): Promise<DueDelivery[]> {
    await tick();
    const at = now.toISOString();
    return [...this.items.values()]
      .filter((d): d is DueDelivery => d.status === 'pending' && d.nextAttemptAt <= at && d.card !== undefined)
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt))
      .slice(0, limit)
      .map(clone);
  }

  async stale(before: Date, limit: number): Promise<Delivery[]> {
    await tick();
    const at = before.toISOString();
    return [...this.items.values()]
      .filter((d) => d.status === 'sending' && d.claimedAt !== undefined && d.claimedAt < at)
      .slice(0, limit)
      .map(clone);
  }

  async replaceIfUnchanged(delivery: Delivery): Promise<Delivery | undefined> {
    await tick();
    const current = this.items.get(delivery.id);
    if (!current || current.etag !== delivery.etag) {
      this.conflicts++;
      return undefined;
    }
    const next = this.stamp(delivery);
    if (isFinished(next.status)) delete next.card;
    this.items.set(delivery.id, next);
    return clone(next);
  }

  async byBatch(partnershipId: string, batchId: string): Promise<Delivery[]> {
    await tick();
    return [...this.items.values()].filter((d) => d.partnershipId === partnershipId && d.batchId === batchId).map(clone);
  }

  /** Test helper: what is stored, by id. */
  get(id: string): Delivery | undefined {
    const d = this.items.get(id);
    return d && clone(d);
  }

  /** Test helper: overwrite a stored delivery (as another instance would), with a new ETag. */
  put(delivery: Delivery): void {
    this.items.set(delivery.id, this.stamp(delivery));
  }

  statuses(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const d of this.items.values()) out[d.status] = (out[d.status] ?? 0) + 1;
    return out;
  }

  private stamp(d: Delivery): Delivery {
    return stored({ ...d, etag: `"${++this.version}"` });
  }
}

export class MemoryConversationRefRepo implements ConversationRefRepo {
  readonly entries = new Map<string, StoredConversation>();
  readonly marked: { partnershipId: string; aadObjectId: string; reason: 'blocked' | 'uninstalled' }[] = [];

  private key = (partnershipId: string, aadObjectId: string) => `${partnershipId}\u0000${aadObjectId.toLowerCase()}`;

  async save(entry: StoredConversation): Promise<void> {
    const copy = clone(entry);
    delete copy.unreachable;
    this.entries.set(this.key(entry.partnershipId, entry.aadObjectId), copy);
  }

  async get(partnershipId: string, aadObjectId: string): Promise<StoredConversation | undefined> {
    await tick();
    const entry = this.entries.get(this.key(partnershipId, aadObjectId));
    return entry && clone(entry);
  }

  async list(partnershipId: string): Promise<StoredConversation[]> {
    return [...this.entries.values()].filter((e) => e.partnershipId === partnershipId).map(clone);
  }

  async markUnreachable(partnershipId: string, aadObjectId: string, reason: 'blocked' | 'uninstalled'): Promise<void> {
    this.marked.push({ partnershipId, aadObjectId, reason });
    const entry = this.entries.get(this.key(partnershipId, aadObjectId));
    if (entry) entry.unreachable = reason;
  }

  /** Test helper: stores a conversation for each recipient. */
  async add(partnershipId: string, ...aadObjectIds: string[]): Promise<void> {
    for (const aadObjectId of aadObjectIds) {
      await this.save({
        partnershipId,
        aadObjectId,
        reference: { conversation: { id: `conv-${aadObjectId}` } },
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
    }
  }
}

export interface RecordedSend {
  aadObjectId: string;
  card: CardPayload;
  activityId: string;
}

/**
 * A Notifier that records what it sends. Outcomes can be scripted per recipient (consumed in
 * order, then success), and a recipient can be made to hang forever, like a send in flight when
 * its instance dies.
 */
export class RecordingNotifier implements Notifier {
  readonly sent: RecordedSend[] = [];
  readonly updated: { aadObjectId: string; activityId: string; card: CardPayload }[] = [];
  readonly attempts = new Map<string, number>();
  private readonly scripts = new Map<string, SendResult[]>();
  private readonly hanging = new Set<string>();
  /** Recipients whose send started and hung. */
  readonly hung: string[] = [];
  private next = 0;

  /** The next sends to `aadObjectId` answer with these results, in order. */
  script(aadObjectId: string, ...results: SendResult[]): this {
    this.scripts.set(aadObjectId.toLowerCase(), [...(this.scripts.get(aadObjectId.toLowerCase()) ?? []), ...results]);
    return this;
  }

  /** Every send to `aadObjectId` from now on never returns. */
  hang(aadObjectId: string): this {
    this.hanging.add(aadObjectId.toLowerCase());
    return this;
  }

  async send(conversation: StoredConversation, card: CardPayload): Promise<SendResult> {
    await tick();
    const who = conversation.aadObjectId.toLowerCase();
    this.attempts.set(who, (this.attempts.get(who) ?? 0) + 1);
    if (this.hanging.has(who)) {
      this.hung.push(who);
      return new Promise<SendResult>(() => undefined);
    }
    const scripted = this.scripts.get(who)?.shift();
    if (scripted && !scripted.ok) return scripted;
    const activityId = `activity-${++this.next}`;
    this.sent.push({ aadObjectId: who, card, activityId });
    return { ok: true, activityId };
  }

  async update(conversation: StoredConversation, activityId: string, card: CardPayload): Promise<SendResult> {
    await tick();
    this.updated.push({ aadObjectId: conversation.aadObjectId.toLowerCase(), activityId, card });
    return { ok: true, activityId };
  }

  /** How many cards each recipient received. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const s of this.sent) out.set(s.aadObjectId, (out.get(s.aadObjectId) ?? 0) + 1);
    return out;
  }
}
