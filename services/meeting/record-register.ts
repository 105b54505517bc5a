import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import type { Body, Directory } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import {
  applyRegister,
  attendingProxy,
  attendingSeats,
  presentFromMarks,
  registerId,
  standInChair,
  validateRegister,
  type Apology,
  type AttendanceRecord,
  type Meeting,
  type MeetingProxies,
  type RegisterProblem,
  type RegisterSubmission,
} from '../domain/meeting.js';
import { evaluateQuorum, type QuorumResult } from '../domain/quorum.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import { assertHappened, audit, bodyOf, requireMeeting, updateMeeting, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'carryForward' | 'audit' | 'clock'>;

const REGISTER_LOOKBACK_DAYS = 180;

export interface RegisterInput extends RegisterSubmission {
  meetingId: string;
  /** The register revision the card showed (-1: none yet). */
  basedOn?: number;
}

/** What the register card is built from: the meeting, its answers, the register so far, and what was sent back. */
export interface RegisterFormFacts {
  meeting: Meeting;
  register?: AttendanceRecord;
  apologies: Apology[];
  now: Date;
  values?: RegisterSubmission;
}

/** A recorded register and the quorum it records, with whoever chaired in the chair's place. */
export interface RegisterSheet {
  meeting: Meeting;
  register: AttendanceRecord;
  quorum: QuorumResult;
  now: Date;
}

export type RecordRegisterOutcome =
  | { kind: 'recorded' | 'corrected'; changes: number; sheet: RegisterSheet }
  /** The same register again: nothing stored. */
  | { kind: 'duplicate'; sheet: RegisterSheet }
  /** Someone recorded or corrected it after this card was opened: nothing stored. */
  | { kind: 'stale'; sheet: RegisterSheet }
  | { kind: 'rejected'; problems: RegisterProblem[]; form: RegisterFormFacts };

/** Quorum as the register records it; a vice chair in the chair's place is the chair the rules leave out (C §3.3). */
function recordedQuorum(directory: Directory, body: Body, r: Pick<AttendanceRecord, 'marks' | 'chairedBySeatId'>): QuorumResult {
  return evaluateQuorum({ body, agencies: directory.partnership.agencies, present: presentFromMarks(r.marks), ...(r.chairedBySeatId ? { chairSeatId: r.chairedBySeatId } : {}) });
}

/** The attendance register (domain.md §4): one card for the whole register, corrections kept with who and when. */
export function recordRegister(ports: Ports) {
  /** Meetings that have taken place in the last months, with their register if recorded (manager). */
  async function registerList(actor: Actor): Promise<{ meetings: { meeting: Meeting; register?: AttendanceRecord }[]; now: Date }> {
    authorize(subjectOf(actor), 'meeting.register');
    const pid = actor.directory.partnership.id;
    const now = ports.clock.now();
    const from = new Date(now.getTime() - REGISTER_LOOKBACK_DAYS * 86_400_000).toISOString();
    const meetings = (await ports.repo.listMeetings(pid, { statuses: ['scheduled', 'held'], from, to: now.toISOString() })).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
    const registers = new Map((await ports.repo.listRegisters(pid)).map((r) => [r.meetingId, r]));
    return { meetings: meetings.map((m) => ({ meeting: m, ...(registers.has(m.id) ? { register: registers.get(m.id)! } : {}) })), now };
  }

  async function formFacts(m: Meeting, values?: RegisterSubmission): Promise<RegisterFormFacts> {
    const register = await ports.repo.getRegister(m.partnershipId, registerId(m.id));
    const apologies = await ports.repo.listApologies(m.partnershipId, [m.id]);
    return { meeting: m, ...(register ? { register } : {}), apologies, now: ports.clock.now(), ...(values ? { values } : {}) };
  }

  async function registerForm(actor: Actor, meetingId: string): Promise<RegisterFormFacts> {
    const m = await requireMeeting(ports.repo, actor, meetingId, 'meeting.register');
    authorize(subjectOf(actor), 'meeting.register', { bodyId: m.bodyId });
    assertHappened(actor.directory, m, ports.clock.now());
    return formFacts(m);
  }

  /** The meeting is held once its register is recorded; what was carried to it is marked raised. Idempotent. */
  async function afterRegister(directory: Directory, m: Meeting, now: Date) {
    await updateMeeting(ports.repo, m, (x) => (x.status === 'held' ? x : { ...x, status: 'held', heldAt: now.toISOString() }));
    for (const item of await ports.carryForward.listOpen(directory.partnership.id, m.bodyId)) {
      if (item.createdAt <= m.startsAt) await ports.carryForward.markRaised(directory.partnership.id, item.id, m.id);
    }
  }

  /** Records the register, or a correction; a duplicate or a stale card changes nothing and says so. */
  async function record(actor: Actor, input: RegisterInput): Promise<RecordRegisterOutcome> {
    const directory = actor.directory;
    const m = await requireMeeting(ports.repo, actor, input.meetingId, 'meeting.register');
    authorize(subjectOf(actor), 'meeting.register', { bodyId: m.bodyId });
    const now = ports.clock.now();
    assertHappened(directory, m, now);
    const body = bodyOf(directory, m);
    const proxies: MeetingProxies = {};
    for (const a of await ports.repo.listApologies(m.partnershipId, [m.id])) {
      const proxy = attendingProxy(a, body.proxies);
      if (proxy) proxies[a.seatId] = { personId: proxy, ...(a.proxyAgreement?.agreed ? { agreedBy: a.proxyAgreement.by } : {}) };
    }
    const { problems, marks } = validateRegister(body, directory.partnership, input, proxies);
    if (problems.length) return { kind: 'rejected', problems, form: await formFacts(m, { marks: input.marks, deputies: input.deputies }) };

    const chairedBySeatId = standInChair(body, marks);
    const quorum = recordedQuorum(directory, body, { marks, chairedBySeatId });
    const holders: Record<string, string> = {};
    // Who held each seat on the meeting's day, though the register may be taken after a change of holder.
    for (const seat of attendingSeats(body)) holders[seat.id] = directory.seatOn(body.id, seat.id, m.date)?.holderId ?? seat.holderId!;
    const base = { id: registerId(m.id), partnershipId: m.partnershipId, meetingId: m.id, bodyId: body.id, date: m.date, holders, ...(chairedBySeatId ? { chairedBySeatId } : {}) };
    const sheet = (register: AttendanceRecord): RegisterSheet => ({ meeting: m, register, quorum: recordedQuorum(directory, body, register), now });
    const at = now.toISOString();
    let current = await ports.repo.getRegister(m.partnershipId, base.id);
    let outcome = applyRegister(current, base, marks, quorum.met, actor.person.id, at);
    // The first register is created once; one that lost the race is a correction of the stored one.
    const created = outcome.kind === 'recorded' && (await ports.repo.createRegister(outcome.record));
    let stored = outcome.record;
    if (!created) {
      current ??= await ports.repo.getRegister(m.partnershipId, base.id);
      if (!current) throw meetingErrors.registerBusy();
      const stale = (x: AttendanceRecord) => input.basedOn !== undefined && input.basedOn !== x.revision;
      let staleAt: AttendanceRecord | undefined;
      stored = await updateOptimistically(
        current,
        (x) => {
          outcome = applyRegister(x, base, marks, quorum.met, actor.person.id, at);
          staleAt = outcome.kind !== 'unchanged' && stale(x) ? x : undefined;
          return outcome.kind === 'unchanged' || staleAt ? x : outcome.record;
        },
        { replace: (n) => ports.repo.replaceRegister(n), reread: () => ports.repo.getRegister(m.partnershipId, base.id) },
        { ...recordErrors('register'), busy: meetingErrors.registerBusy },
      );
      if (staleAt) return { kind: 'stale', sheet: sheet(staleAt) };
      if (outcome.kind === 'unchanged') {
        await afterRegister(directory, m, now);
        return { kind: 'duplicate', sheet: sheet(stored) };
      }
    }
    await audit(
      ports,
      m.partnershipId,
      actor.person.id,
      outcome.kind === 'recorded' ? 'meeting.register' : 'meeting.register.correct',
      base.id,
      outcome.kind === 'corrected' ? Object.fromEntries(outcome.changes.map((c) => [c.seatId, c.before])) : undefined,
      outcome.kind === 'corrected' ? Object.fromEntries(outcome.changes.map((c) => [c.seatId, c.after])) : marks,
    );
    await afterRegister(directory, m, now);
    return { kind: outcome.kind === 'corrected' ? 'corrected' : 'recorded', changes: outcome.kind === 'corrected' ? outcome.changes.length : 0, sheet: sheet(stored) };
  }

  return { registerList, registerForm, recordRegister: record };
}
