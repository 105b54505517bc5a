import type { DirectoryService } from '../directory/index.js';
import type { Body, Directory } from '../domain/directory.js';
import { attendingProxy, attendingSeats, meetingEndsAt, MEETING_MINUTES, namedDeputies, registerId, safeKey, type Apology, type Meeting } from '../domain/meeting.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { MeetingRepo } from '../ports/meetings.js';
import type { AttendanceDraft, OnlineMeetingRepo, OtherAttendee, ProposedMark } from '../ports/online-meeting-records.js';
import type { AttendanceRegisterCard, AttendanceRegisterPresenter, OnlineMeetings, ProposedRegisterFacts } from '../ports/online-meetings.js';
import { proposeRegister } from './attendance-match.js';
import { invitationId } from './invitations.js';

/** Teams publishes a report some minutes after the meeting; it is asked for again this often… */
export const REPORT_RETRY_MINUTES = 20;
/** …and given up on this long after the meeting's booked end. */
export const REPORT_GIVE_UP_HOURS = 48;
const LOOKBACK_DAYS = 7;

export const attendanceDraftId = (meetingId: string) => safeKey(meetingId, 'attendance-report');

export type AttendanceReportOutcome =
  | { kind: 'proposed'; marks: number; others: number }
  | { kind: 'waiting'; attempts: number; nextCheckAt: string }
  | { kind: 'no-report'; reason: 'no-meeting' | 'not-ready' }
  /** Not held in Teams through Quorum, recorded already, or dealt with before. */
  | { kind: 'skipped' };

export interface AttendanceReportDeps {
  meetings: MeetingRepo;
  records: OnlineMeetingRepo;
  online: OnlineMeetings;
  directory: DirectoryService;
  outbox: Outbox;
  presenter: AttendanceRegisterPresenter;
  clock: Clock;
  log: Logger;
  presentMinutes: number;
}

/**
 * After a meeting held in Teams ends, reads its attendance report and sends the managers the register
 * it proposes; nothing is recorded until a manager confirms it (meeting.register.save, the existing
 * register path, where the absence rules then see it). A report not ready yet is asked for again
 * later; none at all sends the managers to the register by hand. The card goes once per meeting
 * (deterministic batch), queued before the draft is marked, so a second instance or a second fetch
 * of the report changes nothing.
 */
export function attendanceReportUseCases(deps: AttendanceReportDeps) {
  const save = (d: AttendanceDraft, change: (d: AttendanceDraft) => AttendanceDraft) =>
    updateOptimistically(d, change, { replace: (n) => deps.records.replace('attendance', n), reread: () => deps.records.get('attendance', d.partnershipId, d.id) }, recordErrors('attendance-report'));

  const toManagers = async (directory: Directory, m: Meeting, what: string, card: AttendanceRegisterCard) => {
    await deps.outbox.enqueue(directory.managers().map((p) => ({ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:${what}`, recipientAad: p.aadObjectId, card })));
  };

  const readOne = async (directory: Directory, m: Meeting, now: Date): Promise<AttendanceReportOutcome> => {
    const pid = m.partnershipId;
    const body = directory.body(m.bodyId);
    const invitation = await deps.records.get('invitation', pid, invitationId(m.id));
    if (!body || !invitation?.joinUrl || invitation.cancelled) return { kind: 'skipped' };
    // Not over yet (its own length, else the body's usual one): the job comes back.
    const ended = meetingEndsAt(m, body).getTime();
    if (now.getTime() < ended) return { kind: 'skipped' };
    if (await deps.meetings.getRegister(pid, registerId(m.id))) return { kind: 'skipped' };
    const fresh: AttendanceDraft = { id: attendanceDraftId(m.id), partnershipId: pid, meetingId: m.id, bodyId: m.bodyId, status: 'waiting', attempts: 0, nextCheckAt: now.toISOString() };
    await deps.records.create('attendance', fresh);
    const draft = await deps.records.get('attendance', pid, fresh.id);
    if (!draft || draft.status !== 'waiting') return { kind: 'skipped' };
    if (now.toISOString() < draft.nextCheckAt) return { kind: 'waiting', attempts: draft.attempts, nextCheckAt: draft.nextCheckAt };

    const lookup = await deps.online.attendance(invitation.joinUrl);
    const basics = { meetingId: m.id, bodyName: body.name, startsAt: m.startsAt };
    if (lookup.kind === 'not-ready' && now.getTime() < ended + REPORT_GIVE_UP_HOURS * 3_600_000) {
      const next = new Date(now.getTime() + REPORT_RETRY_MINUTES * 60_000).toISOString();
      const stored = await save(draft, (x) => (x.status !== 'waiting' ? x : { ...x, attempts: x.attempts + 1, nextCheckAt: next }));
      return { kind: 'waiting', attempts: stored.attempts, nextCheckAt: stored.nextCheckAt };
    }
    if (lookup.kind !== 'ready') {
      await toManagers(directory, m, 'attendance-no-report', deps.presenter.noReport({ ...basics, reason: lookup.kind }));
      await save(draft, (x) => (x.status !== 'waiting' ? x : { ...x, status: 'no-report', attempts: x.attempts + 1, decidedAt: now.toISOString() }));
      return { kind: 'no-report', reason: lookup.kind };
    }

    const holders = holdersOn(directory, body, m);
    const apologies = await deps.meetings.listApologies(pid, [m.id]);
    const { marks, others } = proposeRegister({ body, partnership: directory.partnership, holders, apologies, entries: lookup.entries, presentMinutes: deps.presentMinutes });
    const facts = proposedFacts(directory, m, body, apologies, { marks, others, presentMinutes: deps.presentMinutes, ...(lookup.startedAt ? { startedAt: lookup.startedAt } : {}), ...(lookup.endedAt ? { endedAt: lookup.endedAt } : {}) });
    // Queued first: a run that dies after it is resumed by the next run, whose card has the same batch id.
    await toManagers(directory, m, 'attendance-register', deps.presenter.proposed(facts));
    await save(draft, (x) =>
      x.status !== 'waiting' ? x : { ...x, status: 'proposed', attempts: x.attempts + 1, marks, others, presentMinutes: deps.presentMinutes, decidedAt: now.toISOString() },
    );
    return { kind: 'proposed', marks: marks.length, others: others.length };
  };

  return {
    /**
     * The register the report proposed for a meeting the caller may record (the `register` command
     * opens it, as the card the job sent), while nothing is recorded; undefined without a report.
     */
    async prefilled(directory: Directory, m: Meeting): Promise<ProposedRegisterFacts | undefined> {
      const body = directory.body(m.bodyId);
      if (!body || (await deps.meetings.getRegister(m.partnershipId, registerId(m.id)))) return undefined;
      const draft = await deps.records.get('attendance', m.partnershipId, attendanceDraftId(m.id));
      if (draft?.status !== 'proposed' || !draft.marks) return undefined;
      const apologies = await deps.meetings.listApologies(m.partnershipId, [m.id]);
      return proposedFacts(directory, m, body, apologies, { marks: draft.marks, others: draft.others ?? [], presentMinutes: draft.presentMinutes ?? deps.presentMinutes });
    },

    readOne: async (partnershipId: string, meetingId: string, now: Date = deps.clock.now()): Promise<AttendanceReportOutcome> => {
      const directory = await deps.directory.directory(partnershipId);
      const m = await deps.meetings.getMeeting(partnershipId, meetingId);
      return m ? readOne(directory, m, now) : { kind: 'skipped' };
    },

    /** The job: meetings that ended in the last week with no register; each isolated, so one failure never stops the rest. */
    async readDue(now: Date = deps.clock.now()): Promise<{ proposed: number; waiting: number; noReport: number; failed: number }> {
      const counts = { proposed: 0, waiting: 0, noReport: 0, failed: 0 };
      // Meetings that may have ended by now: the shortest booking; each one's own end is checked when it is read.
      const to = new Date(now.getTime() - MEETING_MINUTES.min * 60_000).toISOString();
      const from = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString();
      for (const directory of await deps.directory.directories()) {
        for (const m of await deps.meetings.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from, to })) {
          try {
            const outcome = await readOne(directory, m, now);
            if (outcome.kind === 'proposed') counts.proposed++;
            else if (outcome.kind === 'waiting') counts.waiting++;
            else if (outcome.kind === 'no-report') counts.noReport++;
          } catch (err) {
            counts.failed++;
            deps.log.warn({ meetingId: m.id, err: (err as Error).message }, 'attendance report not read; the job retries');
          }
        }
      }
      if (counts.proposed || counts.noReport || counts.failed) deps.log.info(counts, 'attendance reports read');
      return counts;
    },
  };
}

function holdersOn(directory: Directory, body: Body, m: Meeting): Record<string, string> {
  const holders: Record<string, string> = {};
  for (const seat of attendingSeats(body)) holders[seat.id] = directory.seatOn(body.id, seat.id, m.date)?.holderId ?? seat.holderId!;
  return holders;
}

/** The register a report proposes, as the managers' card shows it: each seat's mark and minutes, the deputies it offers, the others. */
function proposedFacts(
  directory: Directory,
  m: Meeting,
  body: Body,
  apologies: Apology[],
  proposal: { marks: ProposedMark[]; others: OtherAttendee[]; presentMinutes: number; startedAt?: string; endedAt?: string },
): ProposedRegisterFacts {
  const holders = holdersOn(directory, body, m);
  const name = (id: string) => directory.person(id)?.displayName ?? id;
  return {
    meetingId: m.id,
    bodyName: body.name,
    startsAt: m.startsAt,
    ...(m.place ? { place: m.place } : {}),
    presentMinutes: proposal.presentMinutes,
    ...(proposal.startedAt ? { startedAt: proposal.startedAt } : {}),
    ...(proposal.endedAt ? { endedAt: proposal.endedAt } : {}),
    rows: proposal.marks.map((mark) => {
      const seat = body.seats.find((s) => s.id === mark.seatId)!;
      const answer = apologies.find((a) => a.seatId === seat.id);
      const proxy = answer ? attendingProxy(answer, body.proxies) : undefined;
      const standing = namedDeputies(directory.partnership, seat);
      return {
        seatId: seat.id,
        seatTitle: seat.title,
        holderName: name(holders[seat.id]!),
        mark: mark.mark,
        ...(mark.deputyId ? { deputyId: mark.deputyId } : {}),
        minutes: mark.minutes,
        deputies: [
          ...standing.map((id) => ({ id, name: name(id) })),
          ...(proxy ? [{ id: proxy, name: name(proxy), proxy: true }] : []),
          // A deputy the report found who is not among those offered still shows.
          ...(mark.deputyId && mark.deputyId !== proxy && !standing.includes(mark.deputyId) ? [{ id: mark.deputyId, name: name(mark.deputyId) }] : []),
        ],
        answer: answer ? answer.response : 'none',
      };
    }),
    others: proposal.others.map((o) => ({ ...(o.displayName ? { name: o.displayName } : {}), ...(o.email ? { email: o.email } : {}), minutes: o.minutes, inDirectory: o.personId !== undefined })),
  };
}

export type AttendanceReportUseCases = ReturnType<typeof attendanceReportUseCases>;
