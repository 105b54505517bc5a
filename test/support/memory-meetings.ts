import { randomUUID } from 'node:crypto';
import { meetingReplies } from '../../bot/meeting.handlers.js';
import { meetingPresenter } from '../../cards/meeting/present.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { DirectoryService, type Actor } from '../../services/directory/index.js';
import { Directory, type Partnership } from '../../services/domain/directory.js';
import { attendingSeats, type AbsenceReview, type Apology, type AttendanceRecord, type Meeting, type RiskRegisterEntry } from '../../services/domain/meeting.js';
import { meetingUseCases, type MeetingPorts } from '../../services/meeting/index.js';
import type { MeetingQuery, MeetingRepo } from '../../services/ports/meetings.js';
import { FixedClock } from './fixed-clock.js';
import { silentLog } from './harness.js';
import { MemoryAuditLog, MemoryCarryForwardRepo, MemoryDirectoryRepo, RecordingOutbox } from './memory-repos.js';

/** A partition of documents by id with the store's create-once and ETag semantics; JSON round-trips like Cosmos. */
class Table<T extends { id: string; partnershipId: string; etag?: string }> {
  readonly items = new Map<string, T>();
  private version = 0;
  /** Replaces that lost on their ETag, for assertions. */
  conflicts = 0;
  private key = (partnershipId: string, id: string) => `${partnershipId}\u0000${id}`;
  private stamp = (v: T): T => ({ ...(JSON.parse(JSON.stringify(v)) as T), etag: `"${++this.version}"` });

  async create(v: T): Promise<boolean> {
    await tick();
    const k = this.key(v.partnershipId, v.id);
    if (this.items.has(k)) return false;
    this.items.set(k, this.stamp(v));
    return true;
  }
  async get(partnershipId: string, id: string): Promise<T | undefined> {
    await tick();
    const v = this.items.get(this.key(partnershipId, id));
    return v && structuredClone(v);
  }
  async replace(v: T): Promise<T | undefined> {
    await tick();
    const k = this.key(v.partnershipId, v.id);
    const current = this.items.get(k);
    if (!current || current.etag !== v.etag) {
      this.conflicts++;
      return undefined;
    }
    const next = this.stamp(v);
    this.items.set(k, next);
    return structuredClone(next);
  }
  async list(partnershipId: string, where: (v: T) => boolean = () => true): Promise<T[]> {
    await tick();
    return [...this.items.values()].filter((v) => v.partnershipId === partnershipId && where(v)).map((v) => structuredClone(v));
  }
  all(): T[] {
    return [...this.items.values()].map((v) => structuredClone(v));
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class MemoryMeetingRepo implements MeetingRepo {
  readonly meetings = new Table<Meeting>();
  readonly apologies = new Table<Apology>();
  readonly registers = new Table<AttendanceRecord>();
  readonly reviews = new Table<AbsenceReview>();
  readonly risks = new Table<RiskRegisterEntry>();

  createMeeting = (m: Meeting) => this.meetings.create(m);
  getMeeting = (p: string, id: string) => this.meetings.get(p, id);
  replaceMeeting = (m: Meeting) => this.meetings.replace(m);
  listMeetings = (p: string, q: MeetingQuery = {}) =>
    this.meetings.list(
      p,
      (m) =>
        (!q.bodyIds || q.bodyIds.includes(m.bodyId)) &&
        (!q.statuses || q.statuses.includes(m.status)) &&
        (!q.from || m.startsAt > q.from) &&
        (!q.to || m.startsAt <= q.to),
    );

  createApology = (a: Apology) => this.apologies.create(a);
  getApology = (p: string, id: string) => this.apologies.get(p, id);
  replaceApology = (a: Apology) => this.apologies.replace(a);
  listApologies = (p: string, meetingIds: string[]) => this.apologies.list(p, (a) => meetingIds.includes(a.meetingId));

  createRegister = (r: AttendanceRecord) => this.registers.create(r);
  getRegister = (p: string, id: string) => this.registers.get(p, id);
  replaceRegister = (r: AttendanceRecord) => this.registers.replace(r);
  listRegisters = (p: string, bodyIds?: string[]) => this.registers.list(p, (r) => !bodyIds || bodyIds.includes(r.bodyId));

  createReview = (r: AbsenceReview) => this.reviews.create(r);
  getReview = (p: string, id: string) => this.reviews.get(p, id);
  replaceReview = (r: AbsenceReview) => this.reviews.replace(r);
  listReviews = (p: string, q: { status?: AbsenceReview['status']; bodyIds?: string[] } = {}) =>
    this.reviews.list(p, (r) => (!q.status || r.status === q.status) && (!q.bodyIds || q.bodyIds.includes(r.bodyId)));

  createRiskEntry = (e: RiskRegisterEntry) => this.risks.create(e);
  listRiskEntries = (p: string) => this.risks.list(p);
}

/**
 * The meeting use cases over in-memory ports and a sample partnership (Merton unless told), built by
 * the one builder as compose.ts builds them. `service` answers as the bot does (use case, then
 * presenter) and runs the jobs; `meetings` is the use cases themselves.
 */
export async function meetingFixture(
  opts: { now?: string; partnership?: Partnership | string; deps?: Partial<MeetingPorts> } = {},
) {
  const partnership: Partnership =
    typeof opts.partnership === 'object' ? opts.partnership : await readPartnershipFile(opts.partnership ?? 'partnerships/merton-2015.json');
  const clock = new FixedClock(opts.now ?? '2027-01-04T10:00:00.000Z');
  const audit = new MemoryAuditLog();
  const directory = new DirectoryService({ repo: new MemoryDirectoryRepo(), audit, clock });
  await directory.save(partnership, 'test');
  const ports: MeetingPorts = {
    repo: new MemoryMeetingRepo(),
    carryForward: new MemoryCarryForwardRepo(),
    directory,
    outbox: new RecordingOutbox(),
    present: meetingPresenter,
    audit,
    clock,
    log: silentLog,
    newId: randomUUID,
    reminderHour: 9,
    ...opts.deps,
  };
  const build = () => {
    const meetings = meetingUseCases(ports);
    const { planFromCadence, sendNotices, warnQuorum, sendBriefs, detectAbsences } = meetings;
    return { meetings, service: { ...meetingReplies(meetings), planFromCadence, sendNotices, warnQuorum, sendBriefs, detectAbsences } };
  };
  const { meetings, service } = build();
  const actor = async (personId: string): Promise<Actor> => {
    const person = partnership.people.find((p) => p.id === personId);
    if (!person) throw new Error(`no person ${personId}`);
    return (await directory.findActor(person.aadObjectId))!;
  };
  const aadOf = (personId: string) => partnership.people.find((p) => p.id === personId)!.aadObjectId;
  /** A second instance over the same stores, as another instance would run. */
  const instance = () => build().service;
  const managerId = new Directory(partnership).managers()[0]!.id;
  const repo = ports.repo as MemoryMeetingRepo;
  const carryForward = ports.carryForward as MemoryCarryForwardRepo;
  const outbox = ports.outbox as RecordingOutbox;
  return { partnership, clock, directory, repo, carryForward, outbox, audit, meetings, service, ports, actor, aadOf, instance, managerId };
}

export type MeetingFixture = Awaited<ReturnType<typeof meetingFixture>>;

/** Adds a meeting of a body as the manager; returns its id. */
export async function addMeeting(f: MeetingFixture, bodyId: string, date: string, time = '14:00', place = 'Civic Centre, Committee Room 1') {
  const formId = randomUUID();
  await f.service.save(await f.actor(f.managerId), { formId, bodyId, date, time, place });
  if (!(await f.repo.getMeeting(f.partnership.id, formId))) throw new Error(`meeting ${date} was not added`);
  return formId;
}

/** Records a register where every seat is present except the marks given. */
export async function recordRegister(f: MeetingFixture, meetingId: string, marks: Record<string, string> = {}, deputies: Record<string, string> = {}) {
  const m = (await f.repo.getMeeting(f.partnership.id, meetingId))!;
  const body = f.partnership.bodies.find((b) => b.id === m.bodyId)!;
  const all: Record<string, string> = {};
  for (const s of attendingSeats(body)) all[s.id] = 'present';
  return f.service.recordRegister(await f.actor(f.managerId), { meetingId, marks: { ...all, ...marks }, deputies });
}
