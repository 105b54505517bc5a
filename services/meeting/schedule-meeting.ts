import type { Actor } from '../directory/index.js';
import { authorize, can, isReplayBy, subjectOf } from '../domain/authorization.js';
import { parseDate, workingDaysBefore } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import { attendingSeats, DEFAULT_NOTICE_WORKING_DAYS, hasStarted, isMove, LIMITS, MEETING_MINUTES, startsAt, type Meeting, type MeetingDetails } from '../domain/meeting.js';
import type { MeetingSight } from '../ports/meetings.js';
import { assertUpcoming, audit, bodiesWhere, bodyOf, invitees, requireMeeting, sight, sightOf, toPeople, updateMeeting, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'outbox' | 'present' | 'audit' | 'clock' | 'newId' | 'reminderHour' | 'onChanged'>;

export interface MeetingInput {
  formId: string;
  /** Set to change an existing meeting. */
  meetingId?: string;
  bodyId?: string;
  date?: string;
  time?: string;
  place?: string;
  joinUrl?: string;
  /** Whole minutes, as the form sends it; empty: the body's usual length. */
  durationMinutes?: string;
  /** Set only by other capabilities (never read from a card): who else is invited, and why the meeting is. */
  guestIds?: string[];
  purpose?: Meeting['purpose'];
}

/** What the add-or-change form is built from: the bodies the actor may schedule, and the values so far. */
export interface MeetingFormFacts {
  formId: string;
  meetingId?: string;
  bodyIds: string[];
  values: Omit<MeetingInput, 'formId' | 'meetingId'>;
}

/** What is wrong with the form, each naming its field and the facts to word it. */
export type MeetingProblem =
  | { code: 'MEETING.BODY_MISSING'; field: 'bodyId' }
  | { code: 'MEETING.BODY_NOT_YOURS'; field: 'bodyId'; bodyId: string }
  | { code: 'MEETING.DATE_MISSING'; field: 'date' }
  | { code: 'MEETING.DATE_INVALID'; field: 'date'; value: string }
  | { code: 'MEETING.TIME_INVALID'; field: 'time' }
  | { code: 'MEETING.IN_PAST'; field: 'date' }
  | { code: 'MEETING.PLACE_MISSING'; field: 'place' }
  | { code: 'MEETING.PLACE_TOO_LONG'; field: 'place'; length: number; limit: number }
  | { code: 'MEETING.LINK_INVALID'; field: 'joinUrl' }
  | { code: 'MEETING.LENGTH_INVALID'; field: 'durationMinutes'; min: number; max: number }
  | { code: 'MEETING.CLASH'; field: 'date'; bodyId: string; startsAt: string };

export type SaveMeetingOutcome =
  | { kind: 'added'; sight: MeetingSight; noticesSent: boolean; noticeDue: Date }
  /** The same form again, by its creator: the stored meeting, nothing changed. */
  | { kind: 'already-added'; sight: MeetingSight }
  | { kind: 'changed'; sight: MeetingSight }
  | { kind: 'unchanged'; sight: MeetingSight }
  | { kind: 'rejected'; problems: MeetingProblem[]; form: MeetingFormFacts };

export type CancelMeetingOutcome = { kind: 'cancelled' | 'already-cancelled'; sight: MeetingSight };

const FORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sameDetails = (a: MeetingDetails, b: MeetingDetails) =>
  a.date === b.date && a.time === b.time && (a.place ?? '') === (b.place ?? '') && (a.joinUrl ?? '') === (b.joinUrl ?? '') && a.durationMinutes === b.durationMinutes;
const detailsOf = (m: MeetingDetails): MeetingDetails => ({
  date: m.date,
  time: m.time,
  place: m.place,
  joinUrl: m.joinUrl,
  ...(m.durationMinutes !== undefined ? { durationMinutes: m.durationMinutes } : {}),
});

/**
 * Adding, changing and cancelling meetings (manager and chairs). Notices go at once when they are due;
 * a change or a cancellation after the notices tells everyone invited.
 */
export function scheduleMeeting(ports: Ports, notices: { noticeIfDue(directory: Directory, m: Meeting, now: Date): Promise<boolean> }) {
  function formFacts(actor: Actor, values: Partial<MeetingInput>): MeetingFormFacts {
    const bodies = bodiesWhere(actor, 'meeting.schedule');
    if (bodies.length === 0) throw meetingErrors.cannotSchedule();
    const { formId, meetingId, guestIds: _guests, purpose: _purpose, ...rest } = values;
    return { formId: formId ?? ports.newId(), ...(meetingId ? { meetingId } : {}), bodyIds: bodies.map((b) => b.id), values: { time: '10:00', ...rest } };
  }

  /** The add-a-meeting form, or the change form of an upcoming meeting. */
  async function meetingForm(actor: Actor, meetingId?: string): Promise<MeetingFormFacts> {
    if (!meetingId) return formFacts(actor, {});
    const m = await requireMeeting(ports.repo, actor, meetingId, 'meeting.schedule');
    authorize(subjectOf(actor), 'meeting.schedule', { bodyId: m.bodyId });
    assertUpcoming(actor.directory, m, ports.clock.now());
    const { durationMinutes, ...details } = detailsOf(m);
    return formFacts(actor, { formId: m.id, meetingId: m.id, bodyId: m.bodyId, ...details, ...(durationMinutes !== undefined ? { durationMinutes: String(durationMinutes) } : {}) });
  }

  async function validate(actor: Actor, input: MeetingInput, selfId?: string): Promise<{ problems: MeetingProblem[]; details?: MeetingDetails }> {
    const directory = actor.directory;
    const problems: MeetingProblem[] = [];
    const body = input.bodyId ? directory.body(input.bodyId) : undefined;
    const mayAdd = body !== undefined && can(subjectOf(actor), 'meeting.schedule', { bodyId: body.id });
    if (!body) problems.push({ code: 'MEETING.BODY_MISSING', field: 'bodyId' });
    else if (!mayAdd) problems.push({ code: 'MEETING.BODY_NOT_YOURS', field: 'bodyId', bodyId: body.id });
    const date = input.date?.trim() ?? '';
    const time = (input.time?.trim() || '').slice(0, 5);
    let validDate = false;
    if (!date) problems.push({ code: 'MEETING.DATE_MISSING', field: 'date' });
    else {
      try {
        parseDate(date);
        validDate = true;
      } catch {
        problems.push({ code: 'MEETING.DATE_INVALID', field: 'date', value: date });
      }
    }
    const validTime = /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
    if (!validTime) problems.push({ code: 'MEETING.TIME_INVALID', field: 'time' });
    if (validDate && validTime && startsAt(date, time).getTime() <= ports.clock.now().getTime()) problems.push({ code: 'MEETING.IN_PAST', field: 'date' });
    const place = input.place?.trim() || undefined;
    const joinUrl = input.joinUrl?.trim() || undefined;
    if (!place && !joinUrl) problems.push({ code: 'MEETING.PLACE_MISSING', field: 'place' });
    if (place && place.length > LIMITS.place) problems.push({ code: 'MEETING.PLACE_TOO_LONG', field: 'place', length: place.length, limit: LIMITS.place });
    if (joinUrl && (!/^https:\/\/\S+$/i.test(joinUrl) || joinUrl.length > LIMITS.url)) problems.push({ code: 'MEETING.LINK_INVALID', field: 'joinUrl' });
    const length = input.durationMinutes?.trim() ?? '';
    const durationMinutes = /^\d{1,4}$/.test(length) ? Number(length) : undefined;
    if (length && (durationMinutes === undefined || durationMinutes < MEETING_MINUTES.min || durationMinutes > MEETING_MINUTES.max)) {
      problems.push({ code: 'MEETING.LENGTH_INVALID', field: 'durationMinutes', ...MEETING_MINUTES });
    }
    // Another body's meetings are not the caller's to learn of, even by a clash.
    if (body && validDate && mayAdd) {
      const clash = (await ports.repo.listMeetings(directory.partnership.id, { bodyIds: [body.id], statuses: ['scheduled', 'held'] })).find((m) => m.date === date && m.id !== selfId);
      if (clash) problems.push({ code: 'MEETING.CLASH', field: 'date', bodyId: body.id, startsAt: clash.startsAt });
    }
    return problems.length
      ? { problems }
      : { problems, details: { date, time, ...(place ? { place } : {}), ...(joinUrl ? { joinUrl } : {}), ...(durationMinutes !== undefined ? { durationMinutes } : {}) } };
  }

  async function add(actor: Actor, input: MeetingInput): Promise<SaveMeetingOutcome> {
    const directory = actor.directory;
    const now = ports.clock.now();
    // The right to act comes before the form's id is read; only its creator gets a stored meeting back.
    if (bodiesWhere(actor, 'meeting.schedule').length === 0) throw meetingErrors.cannotSchedule();
    if (!FORM_ID.test(input.formId)) throw meetingErrors.unreadableForm();
    const existing = await ports.repo.getMeeting(directory.partnership.id, input.formId);
    if (existing && isReplayBy(subjectOf(actor), existing)) return { kind: 'already-added', sight: await sight(ports, actor, existing) };
    const { problems, details } = await validate(actor, input);
    if (!details) return { kind: 'rejected', problems, form: formFacts(actor, input) };
    // Someone else's record under this id: answered as an unknown meeting, with nothing of it shown.
    if (existing) throw meetingErrors.unknownMeeting();
    const body = bodyOf(directory, { bodyId: input.bodyId! });
    const m: Meeting = {
      id: input.formId,
      partnershipId: directory.partnership.id,
      bodyId: body.id,
      ...details,
      startsAt: startsAt(details.date, details.time).toISOString(),
      status: 'scheduled',
      origin: 'manual',
      createdBy: actor.person.id,
      createdAt: now.toISOString(),
      noticeWorkingDays: body.cadence.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
      quorumWarnings: [],
      changes: [],
      ...(input.guestIds?.length ? { guestIds: [...new Set(input.guestIds)].filter((id) => directory.person(id)) } : {}),
      ...(input.purpose ? { purpose: input.purpose } : {}),
    };
    if (await ports.repo.createMeeting(m)) await audit(ports, m.partnershipId, actor.person.id, 'meeting.add', m.id, undefined, details);
    await ports.onChanged?.(m.partnershipId, m.id);
    const stored = (await ports.repo.getMeeting(m.partnershipId, m.id)) ?? m;
    const noticesSent = await notices.noticeIfDue(directory, stored, now);
    const noticeDue = workingDaysBefore(new Date(stored.startsAt), stored.noticeWorkingDays, ports.reminderHour);
    return { kind: 'added', sight: await sight(ports, actor, (await ports.repo.getMeeting(m.partnershipId, m.id)) ?? stored), noticesSent, noticeDue };
  }

  async function change(actor: Actor, meetingId: string, input: MeetingInput): Promise<SaveMeetingOutcome> {
    const directory = actor.directory;
    const m = await requireMeeting(ports.repo, actor, meetingId, 'meeting.schedule');
    authorize(subjectOf(actor), 'meeting.schedule', { bodyId: m.bodyId });
    const now = ports.clock.now();
    assertUpcoming(directory, m, now);
    const { problems, details } = await validate(actor, { ...input, bodyId: m.bodyId }, m.id);
    if (!details) return { kind: 'rejected', problems, form: formFacts(actor, { ...input, bodyId: m.bodyId }) };
    const before = detailsOf(m);
    if (sameDetails(before, details)) return { kind: 'unchanged', sight: await sight(ports, actor, m) };
    const changed = await updateMeeting(ports.repo, m, (x) =>
      sameDetails(detailsOf(x), details)
        ? x
        : {
            ...x,
            ...details,
            place: details.place,
            joinUrl: details.joinUrl,
            durationMinutes: details.durationMinutes,
            startsAt: startsAt(details.date, details.time).toISOString(),
            changes: [...x.changes, { at: now.toISOString(), by: actor.person.id, before, after: details }],
            // A new date or time re-plans the brief (the forecast follows timesMoved).
            briefSentAt: isMove(x, details) ? undefined : x.briefSentAt,
          },
    );
    await audit(ports, m.partnershipId, actor.person.id, 'meeting.change', m.id, before, details);
    await ports.onChanged?.(m.partnershipId, m.id);
    if (changed.noticesSentAt) await tellOfChange(directory, changed, before, now);
    return { kind: 'changed', sight: await sight(ports, actor, changed) };
  }

  /**
   * Everyone invited is told. A new date or time may change who can come: each seat-holder gets the
   * notice again, with the answer they gave for the old date, to confirm or change.
   */
  async function tellOfChange(directory: Directory, m: Meeting, before: MeetingDetails, now: Date) {
    const body = bodyOf(directory, m);
    const card = ports.present.news(directory, m, now, { kind: 'changed' });
    const moved = isMove(before, m);
    const apologies = moved ? await ports.repo.listApologies(m.partnershipId, [m.id]) : [];
    const seatOf = new Map(moved ? attendingSeats(body).map((seat) => [seat.holderId!, seat]) : []);
    await ports.outbox.enqueue(
      toPeople(directory, m, await invitees(ports.repo, directory, m), `meeting:${m.id}:changed:${m.changes.length}`, (personId) => {
        const seat = seatOf.get(personId);
        if (!seat) return card;
        const notice: MeetingSight = { meeting: m, apologies, personId, seatId: seat.id, isManager: false, now, can: { edit: false, cancel: false, brief: false, register: false } };
        return ports.present.notice(directory, notice, before);
      }),
    );
  }

  /** Adds a meeting (idempotent by the form's id) or changes one. */
  async function save(actor: Actor, input: MeetingInput): Promise<SaveMeetingOutcome> {
    return input.meetingId ? change(actor, input.meetingId, input) : add(actor, input);
  }

  /** Cancels a meeting that has not started; a cancelled meeting counts for nobody. */
  async function cancel(actor: Actor, meetingId: string): Promise<CancelMeetingOutcome> {
    const directory = actor.directory;
    const m = await requireMeeting(ports.repo, actor, meetingId, 'meeting.schedule');
    authorize(subjectOf(actor), 'meeting.schedule', { bodyId: m.bodyId });
    if (m.status === 'cancelled') return { kind: 'already-cancelled', sight: await sight(ports, actor, m) };
    const now = ports.clock.now();
    if (hasStarted(m, now)) throw meetingErrors.heldCannotCancel();
    const cancelled = await updateMeeting(ports.repo, m, (x) =>
      x.status === 'scheduled' ? { ...x, status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: actor.person.id } : x,
    );
    await audit(ports, m.partnershipId, actor.person.id, 'meeting.cancel', m.id);
    await ports.onChanged?.(m.partnershipId, m.id);
    if (cancelled.noticesSentAt) {
      const card = ports.present.news(directory, cancelled, now, { kind: 'cancelled' });
      await ports.outbox.enqueue(toPeople(directory, cancelled, await invitees(ports.repo, directory, cancelled), `meeting:${cancelled.id}:cancelled`, () => card));
    }
    return { kind: 'cancelled', sight: sightOf(actor, cancelled, await ports.repo.listApologies(m.partnershipId, [m.id]), now) };
  }

  return { meetingForm, save, cancel };
}
