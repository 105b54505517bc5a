import { randomUUID } from 'node:crypto';
import { actionReplies } from '../../bot/action.handlers.js';
import { actionPresenter } from '../../cards/action/present.js';
import { policyPresenter } from '../../cards/policy/present.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { actionUseCases, cadenceMeetings } from '../../services/action/index.js';
import { DirectoryService, type Actor } from '../../services/directory/index.js';
import type { ActionItem } from '../../services/domain/action.js';
import type { Partnership } from '../../services/domain/directory.js';
import type { PolicyDocument } from '../../services/domain/policy-document.js';
import { policyUseCases } from '../../services/policy/index.js';
import type { ActionRepo, MeetingDates, PolicyRepo } from '../../services/ports/actions.js';
import type { Outbox } from '../../services/ports/consultations.js';
import { FixedClock } from './fixed-clock.js';
import { silentLog } from './harness.js';
import { MemoryAuditLog, MemoryDirectoryRepo, RecordingOutbox } from './memory-repos.js';

/** In-memory action and policy registers with the Cosmos repositories' semantics: create-once, ETags, undefined fields dropped. */

let etags = 0;
/** As stored: a JSON round trip (undefined fields vanish) and a new ETag. */
const stored = <T extends object>(v: T): T & { etag: string } => ({ ...(JSON.parse(JSON.stringify(v)) as T), etag: `m${++etags}` });
const clone = <T>(v: T): T => structuredClone(v);

class MemoryStore<T extends { id: string; partnershipId: string; etag?: string }> {
  readonly items = new Map<string, T>();
  /** Documents handed out by queries and reads, to show what a sweep costs. */
  reads = 0;

  create(v: T): boolean {
    if (this.items.has(v.id)) return false;
    this.items.set(v.id, stored(v));
    return true;
  }
  get(partnershipId: string, id: string): T | undefined {
    const v = this.items.get(id);
    if (!v || v.partnershipId !== partnershipId) return undefined;
    this.reads++;
    return clone(v);
  }
  replace(v: T): T | undefined {
    const current = this.items.get(v.id);
    if (!current || current.etag !== v.etag) return undefined;
    const next = stored(v);
    this.items.set(v.id, next);
    return clone(next);
  }
  where(partnershipId: string, match: (v: T) => boolean): T[] {
    const out = [...this.items.values()].filter((v) => v.partnershipId === partnershipId && match(v)).map(clone);
    this.reads += out.length;
    return out;
  }
}

export class MemoryActionRepo implements ActionRepo {
  readonly store = new MemoryStore<ActionItem>();
  /** Set to make the next replaces fail as a crashed instance would (after the outbox write, before this one). */
  failReplaces = 0;

  get items() {
    return this.store.items;
  }
  async create(a: ActionItem) {
    return this.store.create(a);
  }
  async createMany(actions: ActionItem[]) {
    return actions.filter((a) => this.store.create(a)).length;
  }
  async get(partnershipId: string, id: string) {
    return this.store.get(partnershipId, id);
  }
  async getByRef(partnershipId: string, ref: string) {
    return this.store.where(partnershipId, (a) => a.ref.toLowerCase() === ref.toLowerCase())[0];
  }
  async findByRefs(partnershipId: string, refs: string[]) {
    const wanted = new Set(refs.map((r) => r.toLowerCase()));
    return this.store.where(partnershipId, (a) => wanted.has(a.ref.toLowerCase())).map((a) => ({ id: a.id, ref: a.ref }));
  }
  async replaceIfUnchanged(a: ActionItem) {
    if (this.failReplaces > 0) {
      this.failReplaces--;
      throw new Error('store unavailable');
    }
    return this.store.replace(a);
  }
  async chaseDue(partnershipId: string, day: string) {
    return this.store.where(partnershipId, (a) => a.status === 'open' && a.nextChaseOn !== undefined && a.nextChaseOn <= day);
  }
  async listOpenForLeadKeys(partnershipId: string, keys: string[]) {
    return this.store.where(partnershipId, (a) => a.status === 'open' && a.leadKeys.some((k) => keys.includes(k)));
  }
  async listForBody(partnershipId: string, bodyId: string, completedSince?: string) {
    return this.store.where(
      partnershipId,
      (a) => a.bodyId === bodyId && (a.status === 'open' || (completedSince !== undefined && (a.completedAt ?? '') >= completedSince)),
    );
  }
}

export class MemoryPolicyRepo implements PolicyRepo {
  readonly store = new MemoryStore<PolicyDocument>();
  get items() {
    return this.store.items;
  }
  async createMany(policies: PolicyDocument[]) {
    return policies.filter((p) => this.store.create(p)).length;
  }
  async get(partnershipId: string, id: string) {
    return this.store.get(partnershipId, id);
  }
  async replaceIfUnchanged(p: PolicyDocument) {
    return this.store.replace(p);
  }
  async chaseDue(partnershipId: string, day: string) {
    return this.store.where(partnershipId, (p) => p.status === 'current' && p.nextChaseOn !== undefined && p.nextChaseOn <= day);
  }
  async listCurrent(partnershipId: string, reviewBy?: string) {
    return this.store
      .where(partnershipId, (p) => p.status === 'current' && (reviewBy === undefined || p.reviewDate <= reviewBy))
      .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate));
  }
}

/** The action and policy services over in-memory ports and the Merton sample partnership. */
export async function actionFixture(now = '2026-11-24T10:00:00.000Z', opts: { outbox?: Outbox; meetings?: MeetingDates } = {}) {
  const partnership: Partnership = await readPartnershipFile('partnerships/merton-2015.json');
  const clock = new FixedClock(now);
  const audit = new MemoryAuditLog();
  const directory = new DirectoryService({ repo: new MemoryDirectoryRepo(), audit, clock });
  await directory.save(partnership, 'test');
  const repo = new MemoryActionRepo();
  const policyRepo = new MemoryPolicyRepo();
  const recording = new RecordingOutbox();
  const outbox = opts.outbox ?? recording;
  const policyCases = policyUseCases({
    repo: policyRepo,
    directory,
    outbox,
    cards: policyPresenter,
    audit,
    clock,
    log: silentLog,
    newId: randomUUID,
    reminderHour: 9,
  });
  /**
   * The action use cases from their builder, as compose.ts builds them, answered as the bot answers
   * (the use case, then the presenter); `o` gives a second instance its own outbox.
   */
  const make = (o: Outbox = outbox) => {
    const cases = actionUseCases({
      repo,
      directory,
      outbox: o,
      cards: actionPresenter,
      meetings: opts.meetings ?? cadenceMeetings,
      audit,
      clock,
      log: silentLog,
      newId: randomUUID,
      reminderHour: 9,
    });
    return { ...cases, ...actionReplies(cases, policyCases).actions, useCases: cases };
  };
  const service = make();
  const policies = { ...policyCases, ...actionReplies(service.useCases, policyCases).policies, useCases: policyCases };
  const actor = async (personId: string): Promise<Actor> => {
    const person = partnership.people.find((p) => p.id === personId);
    if (!person) throw new Error(`no person ${personId}`);
    return (await directory.findActor(person.aadObjectId))!;
  };
  const aadOf = (personId: string) => partnership.people.find((p) => p.id === personId)!.aadObjectId.toLowerCase();
  return { partnership, clock, directory, repo, policyRepo, outbox: recording, audit, service, make, policies, actor, aadOf };
}

export type ActionFixture = Awaited<ReturnType<typeof actionFixture>>;

/** Creates one action through the form as the manager (or `by`); returns the stored action. */
export async function anAction(
  f: ActionFixture,
  over: Partial<{ description: string; bodyId: string; leads: string[]; dueDate: string; ongoing: boolean; source: string; confidential: boolean; viewers: string[]; by: string }> = {},
): Promise<ActionItem> {
  const formId = randomUUID();
  await f.service.create(await f.actor(over.by ?? 'p-mscb-manager'), {
    formId,
    description: over.description ?? 'Re-audit neglect cases and feed back practice lessons',
    bodyId: over.bodyId ?? 'mscb-qa',
    leads: over.leads ?? ['seat:qa-psw'],
    dueDate: over.dueDate ?? '2026-12-04',
    ongoing: over.ongoing,
    source: over.source ?? 'meeting',
    confidential: over.confidential,
    viewers: over.viewers,
  });
  const a = f.repo.items.get(formId);
  if (!a) throw new Error('the action was not created');
  return structuredClone(a);
}
