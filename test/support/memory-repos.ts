import { deepFreeze } from '../../infra/cosmos/documents.js';
import type { AgencyAnswer, Consultation } from '../../services/domain/consultation.js';
import type { Partnership } from '../../services/domain/directory.js';
import type { CarryForward, CarryForwardRepo, ConsultationRepo, Outbox } from '../../services/ports/consultations.js';
import type { BatchProgress, NewDelivery } from '../../services/ports/outbox.js';
import type { AuditEntry, AuditLog, DirectoryRepo } from '../../services/ports/repositories.js';

/** In-memory ports with the same ETag and create-once semantics as the Cosmos repositories. */

let etagCounter = 0;
const withEtag = <T extends object>(v: T): T & { etag: string } => ({ ...structuredClone(v), etag: `e${++etagCounter}` });
/** As the Cosmos repository hands out consultations and answers: frozen, so a service that changes one in place fails here too. */
const frozenCopy = <T>(v: T): T => deepFreeze(structuredClone(v));

export class MemoryConsultationRepo implements ConsultationRepo {
  /** This instance's last copy of each answer, frozen and served to `maybeStale` reads as the Cosmos repository does. */
  private readonly copies = new Map<string, AgencyAnswer>();

  constructor(
    readonly consultations = new Map<string, Consultation>(),
    readonly answers = new Map<string, AgencyAnswer>(),
  ) {}

  /** The same stored data as seen by another instance of the app, with copies of its own. */
  anotherInstance(): MemoryConsultationRepo {
    return new MemoryConsultationRepo(this.consultations, this.answers);
  }

  async create(c: Consultation) {
    if (this.consultations.has(c.id)) return false;
    this.consultations.set(c.id, withEtag(c));
    return true;
  }
  async get(partnershipId: string, id: string) {
    const c = this.consultations.get(id);
    return c && c.partnershipId === partnershipId ? frozenCopy(c) : undefined;
  }
  async getByRef(partnershipId: string, ref: string) {
    return [...this.consultations.values()].find((c) => c.partnershipId === partnershipId && c.ref === ref);
  }
  async replaceIfUnchanged(c: Consultation) {
    const current = this.consultations.get(c.id);
    if (!current || current.etag !== c.etag) return undefined;
    const stored = withEtag(c);
    this.consultations.set(c.id, stored);
    return frozenCopy(stored);
  }
  async listByStatus(statuses: Consultation['status'][]) {
    return [...this.consultations.values()].filter((c) => statuses.includes(c.status)).map((c) => structuredClone(c));
  }
  async listForBodies(partnershipId: string, bodyIds: string[], statuses: Consultation['status'][]) {
    return (await this.listByStatus(statuses)).filter((c) => c.partnershipId === partnershipId && bodyIds.includes(c.bodyId));
  }
  async latestForBodies(partnershipId: string, bodyIds: string[], statuses: Consultation['status'][]) {
    return (await this.listForBodies(partnershipId, bodyIds, statuses)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }
  async createAnswers(answers: AgencyAnswer[]) {
    for (const a of answers) if (!this.answers.has(a.id)) this.answers.set(a.id, withEtag(a));
  }
  async getAnswer(partnershipId: string, consultationId: string, agencyId: string, options: { maybeStale?: boolean } = {}) {
    const id = `${consultationId}:${agencyId}`;
    const copy = options.maybeStale ? this.copies.get(id) : undefined;
    if (copy) return copy.partnershipId === partnershipId ? copy : undefined;
    const a = this.answers.get(id);
    if (!a || a.partnershipId !== partnershipId) return undefined;
    const kept = frozenCopy(a);
    this.copies.set(id, kept);
    return kept;
  }
  async replaceAnswerIfUnchanged(a: AgencyAnswer) {
    const current = this.answers.get(a.id);
    if (!current || current.etag !== a.etag) {
      this.copies.delete(a.id);
      return undefined;
    }
    const stored = withEtag(a);
    this.answers.set(a.id, stored);
    const kept = frozenCopy(stored);
    this.copies.set(a.id, kept);
    return kept;
  }
  async listAnswers(partnershipId: string, consultationId: string) {
    return [...this.answers.values()]
      .filter((a) => a.partnershipId === partnershipId && a.consultationId === consultationId)
      .map((a) => structuredClone(a));
  }
}

export class MemoryCarryForwardRepo implements CarryForwardRepo {
  readonly items = new Map<string, CarryForward>();
  async add(item: CarryForward) {
    if (!this.items.has(item.id)) this.items.set(item.id, structuredClone(item));
  }
  async listOpen(partnershipId: string, bodyId: string) {
    return [...this.items.values()].filter((i) => i.partnershipId === partnershipId && i.bodyId === bodyId && !i.raisedAtMeetingId);
  }
  async markRaised(partnershipId: string, id: string, meetingId: string) {
    const item = this.items.get(id);
    if (item && item.partnershipId === partnershipId && !item.raisedAtMeetingId) item.raisedAtMeetingId = meetingId;
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry) {
    this.entries.push(entry);
  }
}

export class MemoryDirectoryRepo implements DirectoryRepo {
  readonly partnerships = new Map<string, Partnership>();
  async get(id: string) {
    return this.partnerships.get(id);
  }
  async list() {
    return [...this.partnerships.values()];
  }
  private readonly versions = new Map<string, string>();
  async save(p: Partnership) {
    this.partnerships.set(p.id, structuredClone(p));
    this.versions.set(p.id, `v${++etagCounter}`);
  }
  async listVersioned() {
    return [...this.partnerships.keys()].map((id) => ({ partnership: structuredClone(this.partnerships.get(id)!), version: this.versions.get(id) ?? 'v0' }));
  }
  async getVersioned(id: string) {
    const partnership = this.partnerships.get(id);
    return partnership ? { partnership: structuredClone(partnership), version: this.versions.get(id) ?? 'v0' } : undefined;
  }
  async saveIfUnchanged(p: Partnership, _savedBy: string, version: string | undefined) {
    const current = this.partnerships.has(p.id) ? (this.versions.get(p.id) ?? 'v0') : undefined;
    if (current !== version) return undefined;
    await this.save(p);
    return this.versions.get(p.id);
  }
}

/** Records what would be delivered; enqueue is idempotent by (batch, recipient) like the real outbox. */
export class RecordingOutbox implements Outbox {
  readonly deliveries = new Map<string, NewDelivery>();
  async enqueue(items: NewDelivery[]) {
    let created = 0;
    for (const item of items) {
      const id = `${item.batchId}:${item.recipientAad.toLowerCase()}`;
      if (this.deliveries.has(id)) continue;
      this.deliveries.set(id, item);
      created++;
    }
    return { created };
  }
  async progress(_p: string, batchId: string): Promise<BatchProgress> {
    const n = [...this.deliveries.values()].filter((d) => d.batchId === batchId).length;
    return { total: n, sent: n, pending: 0, failed: 0, unreachable: 0, blocked: 0, uncertain: 0 };
  }
  batch(batchId: string): NewDelivery[] {
    return [...this.deliveries.values()].filter((d) => d.batchId === batchId);
  }
  batchesStartingWith(prefix: string): string[] {
    return [...new Set([...this.deliveries.values()].map((d) => d.batchId).filter((b) => b.startsWith(prefix)))];
  }
}
