import type { Actor, DirectoryService } from './directory.service.js';
import { detectAbsenceConcerns, recoveredShare } from './domain/absence.js';
import { authorize, can, canSeeMeeting, isReplayBy, subjectOf, type Permission } from './domain/authorization.js';
import { addDays, addMonths, londonDate, parseDate, workingDaysBefore } from './domain/calendar.js';
import type { Body, Directory, Seat } from './domain/directory.js';
import { DomainError, forbidden } from './domain/errors.js';
import { formatLondon } from './domain/format.js';
import {
  applyRegister,
  applyResponse,
  apologyId,
  attendingProxy,
  attendingSeats,
  cadenceMeetingId,
  cadenceSlots,
  DEFAULT_CADENCE_PATTERN,
  DEFAULT_NOTICE_WORKING_DAYS,
  DEFAULT_QUORUM_WARNING_WORKING_DAYS,
  hasStarted,
  isMove,
  isUpcoming,
  LIMITS,
  meetingBatchId,
  type MeetingProxies,
  MARK_LABELS,
  namedDeputies,
  presentFromMarks,
  quorumApologies,
  registerId,
  REVIEW_OUTCOMES,
  describeRecovery,
  reviewFromConcern,
  riskEntryId,
  safeKey,
  SYSTEM_ACTOR,
  startsAt,
  timesMoved,
  toMeetingRecords,
  validateRegister,
  warningsSinceLastMove,
  type AbsenceReview,
  type Apology,
  type AttendanceRecord,
  type AttendanceResponse,
  type CadencePattern,
  type Meeting,
  type MeetingDetails,
  type RegisterMark,
  type ReviewOutcome,
} from './domain/meeting.js';
import type {
  BriefView,
  CardMessage,
  MeetingCardView,
  MeetingListItem,
  MeetingSummary,
  QuorumView,
  RegisterFormView,
  RegisterView,
  ReviewView,
} from './domain/meeting-views.js';
import { evaluateQuorum, forecastQuorum, type QuorumResult } from './domain/quorum.js';
import type { Clock } from './ports/clock.js';
import type { CarryForwardRepo, Outbox } from './ports/consultations.js';
import type { Logger } from './ports/logger.js';
import type { MeetingCards, MeetingRepo } from './ports/meetings.js';
import type { CardPayload, NewDelivery } from './ports/outbox.js';
import type { AuditLog } from './ports/repositories.js';
import { updateOptimistically } from './optimistic-update.js';

export interface MeetingDeps {
  repo: MeetingRepo;
  carryForward: CarryForwardRepo;
  directory: DirectoryService;
  outbox: Outbox;
  cards: MeetingCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  /** London hour at which notices, warnings and briefs go out on their working day. */
  reminderHour: number;
  quorumWarningWorkingDays?: number;
  /** How far ahead cadence meetings are planned. Default 12 months. */
  planMonths?: number;
  cadencePattern?: CadencePattern;
  /** Meetings held in Teams (services/meeting/invitations.ts): told of each added, planned, changed or cancelled meeting and each answer. */
  onChanged?: (partnershipId: string, meetingId: string) => Promise<unknown>;
}

export interface MeetingInput {
  formId: string;
  /** Set to change an existing meeting. */
  meetingId?: string;
  bodyId?: string;
  date?: string;
  time?: string;
  place?: string;
  joinUrl?: string;
}

export interface RespondInput {
  meetingId: string;
  seatId: string;
  response: AttendanceResponse;
  deputyId?: string;
  /** Someone the member sends for this one meeting, where the body allows proxies. */
  proxyId?: string;
}

export interface ProxyAnswerInput {
  meetingId: string;
  seatId: string;
  agree: boolean;
}

export interface RegisterInput {
  meetingId: string;
  /** The register revision the card showed (-1: none yet). */
  basedOn?: number;
  marks: Record<string, string>;
  deputies: Record<string, string>;
}

export interface DecideInput {
  reviewId: string;
  outcome: ReviewOutcome;
  note?: string;
}

const MAX_RETRIES = 5;
const REGISTER_LOOKBACK_DAYS = 180;

/**
 * Meetings (domain.md §4): planned from each body's cadence or added by the manager or a chair;
 * notices with Attending / Send apologies (and a deputy, who is told); the quorum forecast and the
 * chair's warning; the attendance register with corrections; absence reviews (one per run) and the
 * risk register; the chair's brief.
 */
export class MeetingService {
  private readonly pattern: CadencePattern;

  constructor(private readonly deps: MeetingDeps) {
    this.pattern = deps.cadencePattern ?? DEFAULT_CADENCE_PATTERN;
  }

  // ----- scheduling -----

  /** The add-a-meeting form (or the form again with the values and what is wrong with them). */
  form(actor: Actor, values: Partial<MeetingInput> = {}, errors: string[] = []): CardPayload {
    const bodies = this.bodiesWhere(actor, 'meeting.schedule');
    if (bodies.length === 0) throw forbidden('Only the board manager or the chair of a body can add meetings.');
    return this.deps.cards.form({
      formId: values.formId ?? this.deps.newId(),
      meetingId: values.meetingId,
      bodies: bodies.map((b) => ({ id: b.id, name: b.name })),
      values: { time: '10:00', ...values },
      errors,
    });
  }

  async editForm(actor: Actor, meetingId: string): Promise<CardPayload> {
    const m = await this.require(actor, meetingId, 'meeting.schedule');
    authorize(subjectOf(actor), 'meeting.schedule', { bodyId: m.bodyId });
    this.assertUpcoming(actor.directory, m, 'changed');
    return this.form(actor, { formId: m.id, meetingId: m.id, bodyId: m.bodyId, date: m.date, time: m.time, place: m.place, joinUrl: m.joinUrl });
  }

  /** Adds a meeting (idempotent by the form's id) or changes one. Notices go at once if they are due. */
  async save(actor: Actor, input: MeetingInput): Promise<CardPayload> {
    const directory = actor.directory;
    const now = this.deps.clock.now();
    if (input.meetingId) return this.change(actor, input.meetingId, input);
    // The right to act comes before the form's id is read; only its creator gets a stored meeting back.
    if (this.bodiesWhere(actor, 'meeting.schedule').length === 0) throw forbidden('Only the board manager or the chair of a body can add meetings.');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.formId)) {
      throw new DomainError('INPUT.INVALID', 'That form could not be read; nothing was stored. Say "meeting" for a new one.');
    }
    const existing = await this.deps.repo.getMeeting(directory.partnership.id, input.formId);
    if (existing && isReplayBy(subjectOf(actor), existing)) return this.view(actor, existing.id, { text: 'This meeting was added already; nothing was changed.', tone: 'warning' });

    const { errors, details, body } = await this.validate(actor, input);
    if (errors.length) return this.form(actor, input, errors);
    // Someone else's record under this id: answered as an unknown meeting, with nothing of it shown.
    if (existing) throw unknownMeeting();
    const m: Meeting = {
      id: input.formId,
      partnershipId: directory.partnership.id,
      bodyId: body!.id,
      ...details!,
      startsAt: startsAt(details!.date, details!.time).toISOString(),
      status: 'scheduled',
      origin: 'manual',
      createdBy: actor.person.id,
      createdAt: now.toISOString(),
      noticeWorkingDays: body!.cadence.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
      quorumWarnings: [],
      changes: [],
    };
    if (await this.deps.repo.createMeeting(m)) {
      await this.audit(m.partnershipId, actor.person.id, 'meeting.add', m.id, undefined, details);
    }
    await this.deps.onChanged?.(m.partnershipId, m.id);
    const stored = (await this.deps.repo.getMeeting(m.partnershipId, m.id)) ?? m;
    const sent = await this.noticeIfDue(directory, stored, now);
    const due = workingDaysBefore(new Date(stored.startsAt), stored.noticeWorkingDays, this.deps.reminderHour);
    return this.view(actor, stored.id, {
      text: sent ? 'Meeting added. The notices have been sent to every seat-holder.' : `Meeting added. Seat-holders get their notice on ${formatLondon(due)}.`,
      tone: 'good',
    });
  }

  private async change(actor: Actor, meetingId: string, input: MeetingInput): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, meetingId, 'meeting.schedule');
    authorize(subjectOf(actor), 'meeting.schedule', { bodyId: m.bodyId });
    this.assertUpcoming(directory, m, 'changed');
    const { errors, details } = await this.validate(actor, { ...input, bodyId: m.bodyId }, m.id);
    if (errors.length) return this.form(actor, { ...input, bodyId: m.bodyId }, errors);
    const now = this.deps.clock.now();
    const before: MeetingDetails = { date: m.date, time: m.time, place: m.place, joinUrl: m.joinUrl };
    const same = (a: MeetingDetails, b: MeetingDetails) => a.date === b.date && a.time === b.time && (a.place ?? '') === (b.place ?? '') && (a.joinUrl ?? '') === (b.joinUrl ?? '');
    if (same(before, details!)) return this.view(actor, m.id, { text: 'Nothing was changed.', tone: 'warning' });
    const changed = await this.update(m, (x) =>
      same({ date: x.date, time: x.time, place: x.place, joinUrl: x.joinUrl }, details!)
        ? x
        : {
            ...x,
            ...details!,
            place: details!.place,
            joinUrl: details!.joinUrl,
            startsAt: startsAt(details!.date, details!.time).toISOString(),
            changes: [...x.changes, { at: now.toISOString(), by: actor.person.id, before, after: details! }],
            // A new date or time re-plans the brief (the forecast follows timesMoved).
            briefSentAt: isMove(x, details!) ? undefined : x.briefSentAt,
          },
    );
    await this.audit(m.partnershipId, actor.person.id, 'meeting.change', m.id, before, details);
    await this.deps.onChanged?.(m.partnershipId, m.id);
    if (changed.noticesSentAt) {
      const body = this.bodyOf(directory, changed);
      const card = this.deps.cards.message({
        ...this.summary(directory, changed, now),
        title: 'Meeting details changed',
        text: `The ${body.name} meeting has changed. It is now on ${formatLondon(new Date(changed.startsAt))}, ${this.placeText(changed)}.`,
      });
      // A new date or time may change who can come: each seat-holder gets the notice again, with
      // the answer they gave for the old date, to confirm or change.
      const moved = isMove(before, changed);
      const apologies = moved ? await this.deps.repo.listApologies(changed.partnershipId, [changed.id]) : [];
      const seatOf = new Map(moved ? attendingSeats(body).map((seat) => [seat.holderId!, seat]) : []);
      const was = formatLondon(startsAt(before.date, before.time));
      await this.deps.outbox.enqueue(
        this.toPeople(directory, changed, await this.invitees(directory, changed), `meeting:${changed.id}:changed:${changed.changes.length}`, (personId) => {
          const seat = seatOf.get(personId);
          if (!seat) return card;
          const view = this.cardView(directory, changed, { personId, seat, apologies, now, isManager: false });
          return this.deps.cards.meeting({ ...view, banner: `This meeting has moved (it was on ${was}). The answer below was given for the old date: change it if it no longer holds.` });
        }),
      );
    }
    return this.view(actor, changed.id, { text: 'Meeting changed.', tone: 'good' });
  }

  private async validate(actor: Actor, input: MeetingInput, selfId?: string) {
    const directory = actor.directory;
    const now = this.deps.clock.now();
    const errors: string[] = [];
    const body = input.bodyId ? directory.body(input.bodyId) : undefined;
    if (!body) errors.push('Choose the body that meets.');
    else if (!can(subjectOf(actor), 'meeting.schedule', { bodyId: body.id })) errors.push(`You cannot add meetings of ${body.name}: only its chair or the board manager can.`);
    const date = input.date?.trim() ?? '';
    const time = (input.time?.trim() || '').slice(0, 5);
    let validDate = false;
    if (!date) errors.push('Choose the date of the meeting.');
    else {
      try {
        parseDate(date);
        validDate = true;
      } catch {
        errors.push(`"${date}" is not a date.`);
      }
    }
    const validTime = /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
    if (!validTime) errors.push('Choose the time the meeting starts (UK time).');
    if (validDate && validTime && startsAt(date, time).getTime() <= now.getTime()) errors.push('The meeting must start in the future.');
    const place = input.place?.trim() || undefined;
    const joinUrl = input.joinUrl?.trim() || undefined;
    if (!place && !joinUrl) errors.push('Give the place, or a Teams link, or both.');
    if ((place?.length ?? 0) > LIMITS.place) errors.push(`The place is ${place!.length} characters; the limit is ${LIMITS.place}.`);
    if (joinUrl && (!/^https:\/\/\S+$/i.test(joinUrl) || joinUrl.length > LIMITS.url)) errors.push('The Teams link must be an https:// address.');
    // Another body's meetings are not the caller's to learn of, even by a clash.
    if (body && validDate && can(subjectOf(actor), 'meeting.schedule', { bodyId: body.id })) {
      const clash = (await this.deps.repo.listMeetings(directory.partnership.id, { bodyIds: [body.id], statuses: ['scheduled', 'held'] })).find(
        (m) => m.date === date && m.id !== selfId,
      );
      if (clash) errors.push(`${body.name} already meets on that day (${formatLondon(new Date(clash.startsAt))}). Change or cancel that meeting instead.`);
    }
    const details: MeetingDetails | undefined = errors.length ? undefined : { date, time, ...(place ? { place } : {}), ...(joinUrl ? { joinUrl } : {}) };
    return { errors, details, body };
  }

  /** Cancels a meeting that has not started; a cancelled meeting counts for nobody. */
  async cancel(actor: Actor, meetingId: string): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, meetingId, 'meeting.schedule');
    authorize(subjectOf(actor), 'meeting.schedule', { bodyId: m.bodyId });
    if (m.status === 'cancelled') return this.view(actor, m.id, { text: 'This meeting was cancelled already.', tone: 'warning' });
    if (hasStarted(m, this.deps.clock.now())) {
      throw new DomainError('MEETING.STARTED', 'This meeting has already taken place, so it cannot be cancelled. Record its register instead.');
    }
    const now = this.deps.clock.now();
    const cancelled = await this.update(m, (x) =>
      x.status === 'scheduled' ? { ...x, status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: actor.person.id } : x,
    );
    await this.audit(m.partnershipId, actor.person.id, 'meeting.cancel', m.id);
    await this.deps.onChanged?.(m.partnershipId, m.id);
    if (cancelled.noticesSentAt) {
      const body = this.bodyOf(directory, cancelled);
      const card = this.deps.cards.message({
        ...this.summary(directory, cancelled, now),
        title: 'Meeting cancelled',
        text: `The ${body.name} meeting on ${formatLondon(new Date(cancelled.startsAt))} is cancelled. It counts for nobody's attendance.`,
      });
      await this.deps.outbox.enqueue(this.toPeople(directory, cancelled, await this.invitees(directory, cancelled), `meeting:${cancelled.id}:cancelled`, () => card));
    }
    return this.view(actor, cancelled.id, { text: 'Meeting cancelled. It counts for nobody.', tone: 'good' });
  }

  /** Creates each body's cadence meetings for the months ahead; a month that has any meeting of the body is left alone. */
  async planFromCadence(now: Date = this.deps.clock.now()): Promise<{ created: number }> {
    let created = 0;
    const from = addDays(londonDate(now), 1);
    const until = addMonths(londonDate(now), this.deps.planMonths ?? 12);
    for (const directory of await this.deps.directory.directories()) {
      const pid = directory.partnership.id;
      const existing = await this.deps.repo.listMeetings(pid);
      const taken = new Set(existing.map((m) => `${m.bodyId}\u0000${m.date.slice(0, 7)}`));
      for (const body of directory.bodies) {
        for (const slot of cadenceSlots(body.cadence, from, until, this.pattern)) {
          const id = cadenceMeetingId(body.id, slot.slot);
          if (taken.has(`${body.id}\u0000${slot.slot}`) || existing.some((m) => m.id === id)) continue;
          const meeting: Meeting = {
            id,
            partnershipId: pid,
            bodyId: body.id,
            date: slot.date,
            time: slot.time,
            startsAt: startsAt(slot.date, slot.time).toISOString(),
            status: 'scheduled',
            origin: 'cadence',
            createdBy: 'system',
            createdAt: now.toISOString(),
            noticeWorkingDays: body.cadence.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
            quorumWarnings: [],
            changes: [],
          };
          if (await this.deps.repo.createMeeting(meeting)) {
            created++;
            await this.audit(pid, 'system', 'meeting.plan', id);
            await this.deps.onChanged?.(pid, id);
          }
        }
      }
    }
    if (created) this.deps.log.info({ created }, 'cadence meetings planned');
    return { created };
  }

  // ----- notices and apologies -----

  /** Sends the notice of each meeting whose notice day has come. Each goes once. */
  async sendNotices(now: Date = this.deps.clock.now()): Promise<{ meetings: number }> {
    let meetings = 0;
    for (const directory of await this.deps.directory.directories()) {
      for (const m of await this.deps.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from: now.toISOString() })) {
        if (await this.noticeIfDue(directory, m, now)) meetings++;
      }
    }
    return { meetings };
  }

  private async noticeIfDue(directory: Directory, m: Meeting, now: Date): Promise<boolean> {
    if (m.noticesSentAt || !isUpcoming(m, now)) return false;
    const due = workingDaysBefore(new Date(m.startsAt), m.noticeWorkingDays, this.deps.reminderHour);
    if (now < due) return false;
    const body = directory.body(m.bodyId);
    if (!body) return false;
    const apologies = await this.deps.repo.listApologies(m.partnershipId, [m.id]);
    const items: NewDelivery[] = [];
    for (const seat of attendingSeats(body)) {
      const person = directory.person(seat.holderId!);
      if (!person) continue;
      const view = this.cardView(directory, m, { personId: person.id, seat, apologies, now, isManager: false });
      items.push({ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:notice:${seat.id}`, recipientAad: person.aadObjectId, card: this.deps.cards.meeting(view) });
    }
    await this.deps.outbox.enqueue(items);
    await this.update(m, (x) => (x.noticesSentAt ? x : { ...x, noticesSentAt: now.toISOString() }));
    this.deps.log.info({ meetingId: m.id, cards: items.length }, 'meeting notices queued');
    return true;
  }

  /** The meeting as this person should see it now. */
  async view(actor: Actor, meetingId: string, message?: CardMessage, seatId?: string): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, meetingId);
    const body = this.bodyOf(directory, m);
    const apologies = await this.deps.repo.listApologies(m.partnershipId, [m.id]);
    const mine = attendingSeats(body).filter((s) => s.holderId === actor.person.id);
    const seat = mine.find((s) => s.id === seatId) ?? mine[0];
    const now = this.deps.clock.now();
    const view = this.cardView(directory, m, { personId: actor.person.id, seat, apologies, now, isManager: actor.isManager });
    const subject = subjectOf(actor);
    const upcoming = isUpcoming(m, now);
    return this.deps.cards.meeting({
      ...view,
      message,
      canEdit: upcoming && can(subject, 'meeting.schedule', { bodyId: m.bodyId }),
      canCancel: upcoming && can(subject, 'meeting.schedule', { bodyId: m.bodyId }),
      canBrief: upcoming && can(subject, 'meeting.brief', { bodyId: m.bodyId }),
      canRegister: hasStarted(m, now) && can(subject, 'meeting.register', { bodyId: m.bodyId }),
    });
  }

  private cardView(
    directory: Directory,
    m: Meeting,
    who: { personId: string; seat?: Seat; apologies: Apology[]; now: Date; isManager: boolean },
  ): MeetingCardView {
    const { seat, apologies, now } = who;
    const body = this.bodyOf(directory, m);
    const open = isUpcoming(m, now);
    const answer = seat ? apologies.find((a) => a.seatId === seat.id) : undefined;
    const deputyFor = apologies.filter((a) => a.response === 'apologies' && a.deputyId === who.personId);
    const notes: string[] = deputyFor.map((a) => {
      const s = this.bodyOf(directory, m).seats.find((x) => x.id === a.seatId);
      return `You are asked to attend as deputy for ${this.name(directory, a.holderId)} (${s?.title ?? a.seatId}), with the same authority as the member (C §5.6).`;
    });
    for (const a of apologies.filter((x) => attendingProxy(x, body.proxies) === who.personId)) {
      const s = body.seats.find((x) => x.id === a.seatId);
      notes.push(`You attend as proxy for ${this.name(directory, a.holderId)} (${s?.title ?? a.seatId})${a.proxyAgreement?.agreed ? ', agreed by the chair' : ''}.`);
    }
    if (!seat && notes.length === 0) notes.push(who.isManager ? 'You organise this meeting as board manager.' : 'You have no seat of your own at this meeting.');
    return {
      ...this.summary(directory, m, now),
      banner: m.status === 'cancelled' ? 'This meeting is cancelled. It counts for nobody.' : !open ? 'This meeting has started or taken place; answers can no longer be changed.' : undefined,
      seat: seat
        ? {
            seatId: seat.id,
            seatTitle: seat.title,
            agencyName: directory.agency(seat.agencyId)?.name ?? (seat.office === 'independent-chair' ? 'Independent' : 'Partnership'),
            answerLabel: this.answerLabel(directory, answer),
            answeredAt: answer ? formatLondon(new Date(answer.answeredAt)) : undefined,
            deputies: namedDeputies(directory.partnership, seat).map((id) => ({ id, name: this.name(directory, id) })),
            deputyId: answer?.deputyId,
            ...(body.proxies
              ? {
                  proxies: directory.partnership.people.filter((p) => p.id !== seat.holderId).map((p) => ({ id: p.id, name: p.displayName })),
                  proxyId: answer?.proxyId,
                  proxyLabel: `Or a proxy for this meeting${body.proxies.chairAgreement ? ' (the chair must agree)' : ''}: ${body.proxies.source}`,
                }
              : {}),
            canAnswer: open,
          }
        : undefined,
      note: notes.length ? notes.join(' ') : undefined,
      canEdit: false,
      canCancel: false,
      canBrief: false,
      canRegister: false,
    };
  }

  /** Attending, or apologies with an optional named deputy, who is told. Can change until the meeting starts; every answer is kept. */
  async respond(actor: Actor, input: RespondInput): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, input.meetingId, 'meeting.apologies');
    const body = this.bodyOf(directory, m);
    const seat = body.seats.find((s) => s.id === input.seatId);
    if (!seat) throw new DomainError('MEETING.NOT_A_SEAT', `That seat is not on ${body.name}; nothing was recorded.`);
    if (seat.holderId !== actor.person.id) throw forbidden(`Only the holder of "${seat.title}" can answer for it; nothing was recorded.`);
    authorize(subjectOf(actor), 'meeting.apologies', { bodyId: body.id });
    const now = this.deps.clock.now();
    if (m.status === 'cancelled') throw new DomainError('MEETING.CANCELLED', 'This meeting was cancelled, so there is nothing to answer. Nothing was recorded.');
    if (!isUpcoming(m, now)) {
      throw new DomainError('MEETING.STARTED', `This meeting started at ${formatLondon(new Date(m.startsAt))}; answers can be changed only until then. Nothing was recorded.`);
    }
    const deputyId = input.response === 'apologies' ? input.deputyId?.trim() || undefined : undefined;
    if (deputyId && !namedDeputies(directory.partnership, seat).includes(deputyId)) {
      const agency = directory.agency(seat.agencyId)?.name ?? 'your agency';
      throw new DomainError('MEETING.DEPUTY_NOT_NAMED', `${this.name(directory, deputyId)} is not a deputy named by ${agency}. Nothing was recorded.`);
    }
    const proxyId = input.response === 'apologies' ? input.proxyId?.trim() || undefined : undefined;
    if (proxyId) {
      if (!body.proxies) throw new DomainError('MEETING.NO_PROXIES', `${body.name} takes no proxies: only a standing deputy can attend for you. Nothing was recorded.`);
      if (deputyId) throw new DomainError('MEETING.DEPUTY_AND_PROXY', 'Name your deputy or a proxy, not both. Nothing was recorded.');
      if (!directory.person(proxyId)) throw new DomainError('MEETING.UNKNOWN_PROXY', 'Your proxy must be someone in the partnership directory. Nothing was recorded.');
      if (proxyId === actor.person.id) throw new DomainError('MEETING.SELF_PROXY', 'You cannot be your own proxy. Nothing was recorded.');
    }
    const base = { id: apologyId(m.id, seat.id), partnershipId: m.partnershipId, meetingId: m.id, bodyId: body.id, seatId: seat.id, ...(seat.agencyId ? { agencyId: seat.agencyId } : {}), holderId: actor.person.id };
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.deps.repo.getApology(m.partnershipId, base.id);
      const outcome = applyResponse(current, base, { personId: actor.person.id, response: input.response, deputyId, proxyId, at: now.toISOString() });
      if (outcome.kind === 'unchanged') {
        await this.tellDeputies(directory, m, seat, outcome.apology);
        await this.afterProxyAnswer(directory, m, seat, outcome.apology);
        return this.view(actor, m.id, { text: 'Your answer was already recorded; nothing changed.', tone: 'good' }, seat.id);
      }
      const stored = current ? await this.deps.repo.replaceApology(outcome.apology) : (await this.deps.repo.createApology(outcome.apology)) ? outcome.apology : undefined;
      if (!stored) continue;
      await this.audit(m.partnershipId, actor.person.id, `meeting.${input.response}`, base.id, current && { response: current.response, deputyId: current.deputyId, proxyId: current.proxyId }, { response: input.response, deputyId, proxyId });
      await this.tellDeputies(directory, m, seat, outcome.apology, outcome.previousDeputyId);
      await this.afterProxyAnswer(directory, m, seat, outcome.apology);
      await this.deps.onChanged?.(m.partnershipId, m.id);
      const rule = body.proxies;
      const text =
        input.response === 'attending'
          ? 'Recorded: you are attending.'
          : deputyId
            ? `Apologies recorded. ${this.name(directory, deputyId)} has been told they attend for you.`
            : proxyId && rule?.chairAgreement && !attendingProxy(outcome.apology, rule)
              ? `Apologies recorded. ${this.name(directory, proxyId)} attends as your proxy once the chair agrees (${rule.source}); the chair has been asked.`
              : proxyId
                ? `Apologies recorded. ${this.name(directory, proxyId)} has been told they attend for you as proxy.`
                : rule?.substituteRequired
                  ? `Apologies recorded, but someone must attend in your place (${rule.source}): name your deputy or a proxy. The chair has been told.`
                  : 'Apologies recorded.';
      return this.view(actor, m.id, { text, tone: rule?.substituteRequired && !deputyId && !proxyId && input.response === 'apologies' ? 'warning' : 'good' }, seat.id);
    }
    throw new DomainError('MEETING.BUSY', 'Your answer is being changed elsewhere at the same moment; please try again.');
  }

  /** The named deputy is asked to attend; a deputy no longer needed is told so. One card per change. */
  private async tellDeputies(directory: Directory, m: Meeting, seat: Seat, apology: Apology, previousDeputyId?: string) {
    const now = this.deps.clock.now();
    const batchId = `meeting:${m.id}:deputy:${seat.id}:${apology.history.length}`;
    const body = this.bodyOf(directory, m);
    const holder = this.name(directory, apology.holderId);
    const agency = directory.agency(seat.agencyId)?.name ?? seat.title;
    const items: NewDelivery[] = [];
    const to = (personId: string, title: string, text: string) => {
      const person = directory.person(personId);
      if (person) items.push({ partnershipId: m.partnershipId, batchId, recipientAad: person.aadObjectId, card: this.deps.cards.message({ ...this.summary(directory, m, now), title, text }) });
    };
    if (apology.deputyId) {
      to(
        apology.deputyId,
        'You are asked to attend as deputy',
        `${holder} (${seat.title}) has sent apologies for the ${body.name} meeting and named you to attend for ${agency}. As the named deputy you have the same authority as the member (C §5.6).`,
      );
    }
    if (previousDeputyId && previousDeputyId !== apology.deputyId) {
      to(
        previousDeputyId,
        'You are no longer needed as deputy',
        apology.response === 'attending'
          ? `${holder} (${seat.title}) will now attend the ${body.name} meeting in person.`
          : `${holder} (${seat.title}) has named someone else to attend the ${body.name} meeting, or no deputy.`,
      );
    }
    if (items.length) await this.deps.outbox.enqueue(items);
  }

  /**
   * A proxy waiting for the chair's agreement is put to the chair; an attending proxy is told; where
   * someone must attend (L, MESI ToR) apologies naming nobody are put to the chair. One card per answer.
   */
  private async afterProxyAnswer(directory: Directory, m: Meeting, seat: Seat, apology: Apology) {
    const body = this.bodyOf(directory, m);
    const rule = body.proxies;
    if (!rule || apology.response !== 'apologies') return;
    const now = this.deps.clock.now();
    const holder = this.name(directory, apology.holderId);
    const agency = directory.agency(seat.agencyId)?.name ?? seat.title;
    const chairId = directory.chairSeat(body)?.holderId;
    const items: NewDelivery[] = [];
    const to = (personId: string | undefined, batch: string, view: { title: string; text: string; proxyRequest?: { seatId: string } }) => {
      const person = personId ? directory.person(personId) : undefined;
      if (person) items.push({ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:${batch}:${seat.id}:${apology.history.length}`, recipientAad: person.aadObjectId, card: this.deps.cards.message({ ...this.summary(directory, m, now), ...view }) });
    };
    const proxy = apology.proxyId;
    if (proxy && rule.chairAgreement && !apology.proxyAgreement) {
      to(chairId, 'proxy-request', {
        title: 'A proxy for your agreement',
        text: `${holder} (${seat.title}) has sent apologies and asks that ${this.name(directory, proxy)} attend for ${agency} as proxy. Proxies need the chair's agreement (${rule.source}).`,
        proxyRequest: { seatId: seat.id },
      });
    } else if (proxy && attendingProxy(apology, rule)) {
      to(proxy, 'proxy', {
        title: 'You are asked to attend as proxy',
        text: `${holder} (${seat.title}) has sent apologies for the ${body.name} meeting and asks you to attend for ${agency} as proxy${apology.proxyAgreement?.agreed ? ', agreed by the chair' : ''}.`,
      });
    } else if (!proxy && !apology.deputyId && rule.substituteRequired) {
      to(chairId, 'no-substitute', {
        title: 'Apologies naming nobody',
        text: `${holder} (${seat.title}) has sent apologies for the ${body.name} meeting and named no deputy or proxy, though someone must attend in their place (${rule.source}).`,
      });
    }
    if (items.length) await this.deps.outbox.enqueue(items);
  }

  /** The chair agrees to a member's proxy, or refuses it (L, Partnership Group ToR); the member and the proxy are told. */
  async answerProxy(actor: Actor, input: ProxyAnswerInput): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, input.meetingId, 'meeting.proxy');
    const body = this.bodyOf(directory, m);
    authorize(subjectOf(actor), 'meeting.proxy', { bodyId: body.id });
    this.assertUpcoming(directory, m, 'changed');
    const now = this.deps.clock.now();
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const a = await this.deps.repo.getApology(m.partnershipId, apologyId(m.id, input.seatId));
      if (!a || a.response !== 'apologies' || !a.proxyId) {
        throw new DomainError('MEETING.NO_PROXY', 'No proxy is waiting for your agreement for that seat: the member may have changed their answer. Nothing was recorded.');
      }
      const proxy = this.name(directory, a.proxyId);
      const holder = this.name(directory, a.holderId);
      if (a.proxyAgreement?.agreed === input.agree) {
        return this.view(actor, m.id, { text: `Already recorded: you ${input.agree ? 'agreed to' : 'refused'} ${proxy} as proxy for ${holder}. Nothing was changed.`, tone: 'warning' });
      }
      const stored = await this.deps.repo.replaceApology({ ...a, proxyAgreement: { agreed: input.agree, by: actor.person.id, at: now.toISOString() } });
      if (!stored) continue;
      await this.audit(m.partnershipId, actor.person.id, input.agree ? 'meeting.proxy.agree' : 'meeting.proxy.refuse', a.id, a.proxyAgreement, stored.proxyAgreement);
      await this.deps.onChanged?.(m.partnershipId, m.id);
      const seat = body.seats.find((s) => s.id === a.seatId);
      const tell = (personId: string, title: string, text: string) => {
        const person = directory.person(personId);
        return person ? [{ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:proxy-answer:${a.seatId}:${a.history.length}:${input.agree ? 'agreed' : 'refused'}`, recipientAad: person.aadObjectId, card: this.deps.cards.message({ ...this.summary(directory, m, now), title, text }) }] : [];
      };
      await this.deps.outbox.enqueue([
        ...tell(a.holderId, input.agree ? 'Your proxy is agreed' : 'Your proxy was refused', input.agree ? `The chair agreed that ${proxy} attends for you as proxy.` : `The chair did not agree to ${proxy} as your proxy: attend, or name your deputy or someone else.`),
        ...(input.agree && seat ? tell(a.proxyId, 'You are asked to attend as proxy', `${holder} (${seat.title}) has sent apologies for the ${body.name} meeting; you attend for ${directory.agency(seat.agencyId)?.name ?? seat.title} as proxy, agreed by the chair.`) : []),
      ]);
      return this.view(actor, m.id, { text: input.agree ? `Agreed: ${proxy} attends for ${holder} as proxy.` : `Refused: ${proxy} will not attend for ${holder}.`, tone: 'good' });
    }
    throw new DomainError('MEETING.BUSY', 'This answer is being changed elsewhere at the same moment; please try again.');
  }

  /** Upcoming meetings of the actor's bodies, with their answer. */
  async upcoming(actor: Actor): Promise<CardPayload> {
    const directory = actor.directory;
    const now = this.deps.clock.now();
    const bodyIds = actor.isManager ? directory.bodies.map((b) => b.id) : [...new Set(actor.assignments.map((a) => a.body.id))];
    const meetings = (await this.deps.repo.listMeetings(directory.partnership.id, { bodyIds, statuses: ['scheduled'], from: now.toISOString() }))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, 20);
    const apologies = await this.deps.repo.listApologies(directory.partnership.id, meetings.map((m) => m.id));
    const items: MeetingListItem[] = meetings.map((m) => {
      const body = this.bodyOf(directory, m);
      const mine = apologies.filter((a) => a.meetingId === m.id);
      const seats = attendingSeats(body).filter((s) => s.holderId === actor.person.id);
      const parts = seats.map((s) => `${s.title}: ${this.answerLabel(directory, mine.find((a) => a.seatId === s.id))}`);
      for (const a of mine.filter((x) => x.response === 'apologies' && x.deputyId === actor.person.id)) {
        parts.push(`You attend as deputy for ${this.name(directory, a.holderId)}`);
      }
      return { ...this.summary(directory, m, now), line: parts.join(' · ') || (actor.isManager ? 'Board manager' : 'No seat of your own'), verb: 'meeting.open' };
    });
    return this.deps.cards.list({
      title: 'Upcoming meetings',
      empty: 'No meetings are scheduled for your bodies.',
      items,
      canAdd: this.bodiesWhere(actor, 'meeting.schedule').length > 0,
    });
  }

  // ----- the quorum forecast -----

  /** Warns the chair and the manager, from N working days before, when the forecast quorum fails; again if what is missing changes. */
  async warnQuorum(now: Date = this.deps.clock.now()): Promise<{ warnings: number }> {
    let warnings = 0;
    const days = this.deps.quorumWarningWorkingDays ?? DEFAULT_QUORUM_WARNING_WORKING_DAYS;
    for (const directory of await this.deps.directory.directories()) {
      const meetings = await this.deps.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from: now.toISOString() });
      const due = meetings.filter((m) => now >= workingDaysBefore(new Date(m.startsAt), days, this.deps.reminderHour));
      const apologies = await this.deps.repo.listApologies(directory.partnership.id, due.map((m) => m.id));
      for (const m of due) {
        const body = directory.body(m.bodyId);
        if (!body) continue;
        const mine = apologies.filter((a) => a.meetingId === m.id);
        const result = this.forecast(directory, body, mine);
        if (result.met) continue;
        const missing = result.conditions.flatMap((c) => c.missing);
        const sent = warningsSinceLastMove(m);
        const last = sent[sent.length - 1];
        if (last && last.missing.join('\u0000') === missing.join('\u0000')) continue;
        const n = sent.length + 1;
        const moves = timesMoved(m);
        const card = this.deps.cards.quorumWarning({
          ...this.summary(directory, m, now),
          quorum: this.quorumView(result, 'forecast'),
          apologies: this.apologyLines(directory, body, mine),
          noAnswer: this.noAnswer(directory, body, mine),
        });
        await this.deps.outbox.enqueue(this.toPeople(directory, m, this.chairAndManagers(directory, body), meetingBatchId(m, `quorum:${n}`), () => card));
        await this.update(m, (x) =>
          timesMoved(x) !== moves || warningsSinceLastMove(x).length >= n
            ? x
            : { ...x, quorumWarnings: [...x.quorumWarnings, { at: now.toISOString(), missing, ...(moves ? { moves } : {}) }] },
        );
        warnings++;
        this.deps.log.info({ meetingId: m.id, n }, 'quorum warning queued');
      }
    }
    return { warnings };
  }

  private forecast(directory: Directory, body: Body, apologies: Apology[]): QuorumResult {
    return forecastQuorum({ body, agencies: directory.partnership.agencies, apologies: quorumApologies(apologies, body.proxies) });
  }

  private quorumView(result: QuorumResult, kind: 'forecast' | 'recorded'): QuorumView {
    return {
      met: result.met,
      label:
        kind === 'forecast'
          ? result.met
            ? 'Quorum forecast: quorate on the answers so far'
            : 'Quorum forecast: NOT quorate on the answers so far'
          : result.met
            ? 'Recorded quorum: quorate'
            : 'Recorded quorum: NOT quorate',
      conditions: result.conditions.map((c) => ({ met: c.met, text: `${c.met ? 'Met' : 'Not met'}: ${c.explanation}` })),
      missing: result.conditions.flatMap((c) => c.missing),
    };
  }

  // ----- the register -----

  /** Meetings that have taken place in the last months, to pick one for its register (manager). */
  async registerList(actor: Actor): Promise<CardPayload> {
    authorize(subjectOf(actor), 'meeting.register');
    const directory = actor.directory;
    const now = this.deps.clock.now();
    const from = new Date(now.getTime() - REGISTER_LOOKBACK_DAYS * 86_400_000).toISOString();
    const meetings = (await this.deps.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled', 'held'], from, to: now.toISOString() })).sort((a, b) =>
      b.startsAt.localeCompare(a.startsAt),
    );
    const registers = new Map((await this.deps.repo.listRegisters(directory.partnership.id)).map((r) => [r.meetingId, r]));
    return this.deps.cards.list({
      title: 'Record an attendance register',
      empty: 'No meeting has taken place in the last six months.',
      canAdd: false,
      items: meetings.map((m) => {
        const r = registers.get(m.id);
        return {
          ...this.summary(directory, m, now),
          line: r ? `Register recorded (${r.quorumMet ? 'quorate' : 'not quorate'}); open it to correct it` : 'No register yet',
          verb: 'meeting.register.open',
        };
      }),
    });
  }

  /** One card for the whole register: a mark per seat, with the deputy where one attended. */
  async registerForm(actor: Actor, meetingId: string, errors: string[] = [], values?: RegisterInput): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, meetingId, 'meeting.register');
    authorize(subjectOf(actor), 'meeting.register', { bodyId: m.bodyId });
    this.assertHappened(directory, m);
    const body = this.bodyOf(directory, m);
    const register = await this.deps.repo.getRegister(m.partnershipId, registerId(m.id));
    const apologies = await this.deps.repo.listApologies(m.partnershipId, [m.id]);
    const view: RegisterFormView = {
      ...this.summary(directory, m, this.deps.clock.now()),
      basedOn: register?.revision ?? -1,
      correcting: register !== undefined,
      errors,
      rows: attendingSeats(body).map((seat) => {
        const answer = apologies.find((a) => a.seatId === seat.id);
        const recorded = register?.marks[seat.id];
        const proxy = answer ? attendingProxy(answer, body.proxies) : undefined;
        const fromAnswer: RegisterMark | undefined = answer
          ? answer.response === 'attending'
            ? { mark: 'present' }
            : answer.deputyId
              ? { mark: 'deputy', deputyId: answer.deputyId }
              : proxy
                ? { mark: 'deputy', deputyId: proxy }
                : { mark: 'apologies' }
          : undefined;
        const mark = values?.marks[seat.id] ?? recorded?.mark ?? fromAnswer?.mark ?? '';
        return {
          seatId: seat.id,
          seatTitle: seat.title,
          holderName: this.name(directory, register?.holders[seat.id] ?? seat.holderId!),
          markInputId: `mark_${seat.id}`,
          mark,
          deputyId: values?.deputies[seat.id] ?? recorded?.deputyId ?? fromAnswer?.deputyId ?? '',
          deputies: [
            ...namedDeputies(directory.partnership, seat).map((id) => ({ id, name: this.name(directory, id) })),
            ...(proxy ? [{ id: proxy, name: this.name(directory, proxy), proxy: true }] : []),
          ],
          answered: `Answered: ${this.answerLabel(directory, answer)}`,
        };
      }),
    };
    return this.deps.cards.registerForm(view);
  }

  /** Records the register, or a correction; a duplicate or a stale card changes nothing and says so. */
  async recordRegister(actor: Actor, input: RegisterInput): Promise<CardPayload> {
    const directory = actor.directory;
    const m = await this.require(actor, input.meetingId, 'meeting.register');
    authorize(subjectOf(actor), 'meeting.register', { bodyId: m.bodyId });
    this.assertHappened(directory, m);
    const body = this.bodyOf(directory, m);
    const proxies: MeetingProxies = {};
    for (const a of await this.deps.repo.listApologies(m.partnershipId, [m.id])) {
      const proxy = attendingProxy(a, body.proxies);
      if (proxy) proxies[a.seatId] = { personId: proxy, ...(a.proxyAgreement?.agreed ? { agreedBy: a.proxyAgreement.by } : {}) };
    }
    const { errors, marks } = validateRegister(body, directory.partnership, input, (id) => this.name(directory, id), proxies);
    if (errors.length) return this.registerForm(actor, m.id, [...errors, 'Nothing was stored.'], input);

    const now = this.deps.clock.now();
    const result = evaluateQuorum({ body, agencies: directory.partnership.agencies, present: presentFromMarks(marks) });
    const holders: Record<string, string> = {};
    // Who held each seat on the meeting's day, though the register may be taken after a change of holder.
    for (const seat of attendingSeats(body)) holders[seat.id] = directory.seatOn(body.id, seat.id, m.date)?.holderId ?? seat.holderId!;
    const base = { id: registerId(m.id), partnershipId: m.partnershipId, meetingId: m.id, bodyId: body.id, date: m.date, holders };
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.deps.repo.getRegister(m.partnershipId, base.id);
      const outcome = applyRegister(current, base, marks, result.met, actor.person.id, now.toISOString());
      if (outcome.kind === 'unchanged') {
        await this.afterRegister(directory, m, now);
        const last = outcome.record.corrections[outcome.record.corrections.length - 1];
        const by = last ?? { by: outcome.record.recordedBy, at: outcome.record.recordedAt };
        return this.registerView(directory, m, outcome.record, {
          text: `This register was already recorded by ${this.name(directory, by.by)} on ${formatLondon(new Date(by.at))}. It is a duplicate, so nothing was stored.`,
          tone: 'warning',
        });
      }
      if (current && input.basedOn !== undefined && input.basedOn !== current.revision) {
        const last = current.corrections[current.corrections.length - 1] ?? { by: current.recordedBy, at: current.recordedAt };
        return this.registerView(directory, m, current, {
          text: `The register was ${current.corrections.length ? 'corrected' : 'recorded'} by ${this.name(directory, last.by)} on ${formatLondon(new Date(last.at))} after your card was opened, so nothing was stored. Open it again to correct it.`,
          tone: 'attention',
        });
      }
      const stored =
        outcome.kind === 'recorded'
          ? (await this.deps.repo.createRegister(outcome.record))
            ? outcome.record
            : undefined
          : await this.deps.repo.replaceRegister(outcome.record);
      if (!stored) continue;
      await this.audit(
        m.partnershipId,
        actor.person.id,
        outcome.kind === 'recorded' ? 'meeting.register' : 'meeting.register.correct',
        base.id,
        outcome.kind === 'corrected' ? Object.fromEntries(outcome.changes.map((c) => [c.seatId, c.before])) : undefined,
        outcome.kind === 'corrected' ? Object.fromEntries(outcome.changes.map((c) => [c.seatId, c.after])) : marks,
      );
      await this.afterRegister(directory, m, now);
      const quorum = result.met ? 'The meeting was quorate.' : 'The meeting was NOT quorate.';
      return this.registerView(directory, m, stored, {
        text: outcome.kind === 'recorded' ? `Register recorded. ${quorum}` : `Correction recorded (${outcome.changes.length} seat${outcome.changes.length === 1 ? '' : 's'} changed). ${quorum}`,
        tone: 'good',
      });
    }
    throw new DomainError('MEETING.BUSY', 'The register is being recorded by someone else at the same moment; please try again.');
  }

  /** The meeting is held once its register is recorded; what was carried to it is marked raised. Idempotent. */
  private async afterRegister(directory: Directory, m: Meeting, now: Date) {
    await this.update(m, (x) => (x.status === 'held' ? x : { ...x, status: 'held', heldAt: now.toISOString() }));
    for (const item of await this.deps.carryForward.listOpen(directory.partnership.id, m.bodyId)) {
      if (item.createdAt <= m.startsAt) await this.deps.carryForward.markRaised(directory.partnership.id, item.id, m.id);
    }
  }

  private registerView(directory: Directory, m: Meeting, r: AttendanceRecord, message?: CardMessage): CardPayload {
    const body = this.bodyOf(directory, m);
    const result = evaluateQuorum({ body, agencies: directory.partnership.agencies, present: presentFromMarks(r.marks) });
    const seatTitle = (id: string) => body.seats.find((s) => s.id === id)?.title ?? id;
    const label = (x?: RegisterMark) =>
      x
        ? x.mark === 'deputy' && x.proxy
          ? `Present as proxy (${this.name(directory, x.deputyId ?? '')})${x.proxy.agreedBy ? ', agreed by the chair' : ''}`
          : x.mark === 'deputy'
            ? `Present as deputy (${this.name(directory, x.deputyId ?? '')})`
            : MARK_LABELS[x.mark]
        : 'not marked';
    const marks = Object.values(r.marks);
    const view: RegisterView = {
      ...this.summary(directory, m, this.deps.clock.now()),
      message,
      quorum: this.quorumView(result, 'recorded'),
      rows: attendingSeats(body)
        .filter((s) => r.marks[s.id])
        .map((s) => ({ seat: `${s.title} (${this.name(directory, r.holders[s.id] ?? s.holderId!)})`, mark: label(r.marks[s.id]) })),
      recordedText: `Recorded by ${this.name(directory, r.recordedBy)} on ${formatLondon(new Date(r.recordedAt))}.`,
      corrections: r.corrections.flatMap((c) =>
        c.changes.map((x) => `${formatLondon(new Date(c.at))}, ${this.name(directory, c.by)}: ${seatTitle(x.seatId)} ${label(x.before)} → ${label(x.after)}`),
      ),
      counts: (['present', 'deputy', 'apologies', 'absent'] as const).map((k) => `${MARK_LABELS[k]}: ${marks.filter((x) => x.mark === k).length}`).join(' · '),
    };
    return this.deps.cards.register(view);
  }

  // ----- the chair's brief -----

  /** The brief of the next meeting of each body the actor chairs (or, for the manager, of every body). */
  async briefs(actor: Actor): Promise<CardPayload> {
    const bodies = this.bodiesWhere(actor, 'meeting.brief');
    if (bodies.length === 0) throw forbidden("Only the chair of a body and the board manager get the chair's brief.");
    const directory = actor.directory;
    const now = this.deps.clock.now();
    const meetings = (await this.deps.repo.listMeetings(directory.partnership.id, { bodyIds: bodies.map((b) => b.id), statuses: ['scheduled'], from: now.toISOString() })).sort(
      (a, b) => a.startsAt.localeCompare(b.startsAt),
    );
    const next = bodies.map((b) => meetings.find((m) => m.bodyId === b.id)).filter((m): m is Meeting => m !== undefined);
    if (next.length === 1) return this.brief(actor, next[0]!.id);
    return this.deps.cards.list({
      title: "Chair's brief: choose a meeting",
      empty: 'There are no upcoming meetings of your bodies.',
      canAdd: false,
      items: next.sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((m) => ({ ...this.summary(directory, m, now), line: "Open the chair's brief", verb: 'meeting.brief' })),
    });
  }

  async brief(actor: Actor, meetingId: string): Promise<CardPayload> {
    const m = await this.require(actor, meetingId, 'meeting.brief');
    authorize(subjectOf(actor), 'meeting.brief', { bodyId: m.bodyId });
    return this.briefCard(actor.directory, m);
  }

  /** Sends the chair (and the manager) the brief when the papers go out. Each goes once. */
  async sendBriefs(now: Date = this.deps.clock.now()): Promise<{ briefs: number }> {
    let briefs = 0;
    for (const directory of await this.deps.directory.directories()) {
      for (const m of await this.deps.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from: now.toISOString() })) {
        if (m.briefSentAt) continue;
        const body = directory.body(m.bodyId);
        if (!body || now < workingDaysBefore(new Date(m.startsAt), body.cadence.papersWorkingDays, this.deps.reminderHour)) continue;
        const card = await this.briefCard(directory, m);
        await this.deps.outbox.enqueue(this.toPeople(directory, m, this.chairAndManagers(directory, body), meetingBatchId(m, 'brief'), () => card));
        await this.update(m, (x) => (x.briefSentAt ? x : { ...x, briefSentAt: now.toISOString() }));
        briefs++;
      }
    }
    return { briefs };
  }

  private async briefCard(directory: Directory, m: Meeting): Promise<CardPayload> {
    const body = this.bodyOf(directory, m);
    const now = this.deps.clock.now();
    const apologies = await this.deps.repo.listApologies(m.partnershipId, [m.id]);
    const carried = await this.deps.carryForward.listOpen(m.partnershipId, m.bodyId);
    const reviews = await this.deps.repo.listReviews(m.partnershipId, { status: 'pending', bodyIds: [m.bodyId] });
    const seats = attendingSeats(body);
    const attending = apologies.filter((a) => a.response === 'attending').length;
    const sent = apologies.filter((a) => a.response === 'apologies');
    const view: BriefView = {
      ...this.summary(directory, m, now),
      quorum: this.quorumView(this.forecast(directory, body, apologies), 'forecast'),
      answers: `${seats.length} seats: ${attending} attending, ${sent.length} apologies (${sent.filter((a) => a.deputyId).length} with a deputy), ${seats.length - attending - sent.length} no answer.`,
      apologies: this.apologyLines(directory, body, apologies),
      noAnswer: this.noAnswer(directory, body, apologies),
      carryForward: carried.map((c) => ({ title: c.title, agencies: c.agencyIds.map((id) => directory.agency(id)?.name ?? id).join('; ') })),
      reviews: reviews.map((r) => ({ member: `${this.name(directory, r.holderId)} (${body.seats.find((s) => s.id === r.seatId)?.title ?? r.seatId})`, detail: r.summary })),
    };
    return this.deps.cards.brief(view);
  }

  // ----- absences -----

  /**
   * Creates one review per absence run (create-once by its key) and sends it to the manager once; an
   * attendance-share review the manager has not decided closes itself once the member's share is back.
   */
  async detectAbsences(now: Date = this.deps.clock.now()): Promise<{ created: number; notified: number; recovered: number }> {
    let created = 0;
    let notified = 0;
    let recovered = 0;
    for (const directory of await this.deps.directory.directories()) {
      const pid = directory.partnership.id;
      const meetings = await this.deps.repo.listMeetings(pid);
      const registers = await this.deps.repo.listRegisters(pid);
      for (const body of directory.bodies) {
        const records = toMeetingRecords(
          meetings.filter((m) => m.bodyId === body.id),
          registers.filter((r) => r.bodyId === body.id),
        );
        for (const concern of detectAbsenceConcerns(body, records, now)) {
          const seat = body.seats.find((s) => s.id === concern.seatId);
          const review = reviewFromConcern(concern, pid, seat?.agencyId, now.toISOString());
          if (await this.deps.repo.createReview(review)) {
            created++;
            await this.audit(pid, 'system', 'absence.review.create', review.id);
          }
          const stored = await this.deps.repo.getReview(pid, review.id);
          if (!stored || stored.status !== 'pending' || stored.notifiedAt) continue;
          const card = this.deps.cards.review(this.reviewView(directory, stored, true, meetings));
          await this.deps.outbox.enqueue(
            directory.managers().map((p) => ({ partnershipId: pid, batchId: safeKey('absence-review', stored.id), recipientAad: p.aadObjectId, card })),
          );
          await this.updateReview(stored, (x) => (x.notifiedAt ? x : { ...x, notifiedAt: now.toISOString() }));
          notified++;
        }
        if (body.absence.kind === 'attendance-share') recovered += await this.closeRecovered(directory, body, records, now);
      }
    }
    if (created) this.deps.log.info({ created }, 'absence reviews created');
    if (recovered) this.deps.log.info({ recovered }, 'absence reviews closed as recovered');
    return { created, notified, recovered };
  }

  private async closeRecovered(directory: Directory, body: Body, records: ReturnType<typeof toMeetingRecords>, now: Date): Promise<number> {
    const rule = body.absence;
    if (rule.kind !== 'attendance-share') return 0;
    let closed = 0;
    const pending = await this.deps.repo.listReviews(directory.partnership.id, { status: 'pending', bodyIds: [body.id] });
    for (const r of pending.filter((x) => x.kind === 'attendance-share')) {
      const share = recoveredShare(body, r.seatId, r.holderId, records, now);
      if (!share) continue;
      const at = now.toISOString();
      const note = describeRecovery(share, rule);
      const done = await this.updateReview(r, (x) => (x.decision ? x : { ...x, status: 'decided', decision: { outcome: 'recovered', note, by: SYSTEM_ACTOR, at } }));
      if (done.decision?.outcome !== 'recovered' || done.decision.at !== at) continue;
      closed++;
      await this.audit(r.partnershipId, SYSTEM_ACTOR, 'absence.review.recovered', r.id, undefined, done.decision);
    }
    return closed;
  }

  async reviews(actor: Actor): Promise<CardPayload> {
    authorize(subjectOf(actor), 'absence.review');
    const directory = actor.directory;
    const pending = (await this.deps.repo.listReviews(directory.partnership.id, { status: 'pending' })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return this.deps.cards.reviews({
      title: 'Absence reviews waiting for you',
      empty: 'No absence reviews are waiting.',
      items: pending.map((r) => ({
        reviewId: r.id,
        member: this.name(directory, r.holderId),
        line: `${directory.body(r.bodyId)?.name ?? r.bodyId} · ${directory.agency(r.agencyId)?.name ?? 'no agency'} · ${r.summary}`,
      })),
    });
  }

  async review(actor: Actor, id: string, message?: CardMessage): Promise<CardPayload> {
    const directory = actor.directory;
    const r = await this.requireReview(actor, id);
    authorize(subjectOf(actor), 'absence.review', { bodyId: r.bodyId });
    const meetings = await this.deps.repo.listMeetings(directory.partnership.id, { bodyIds: [r.bodyId] });
    return this.deps.cards.review({ ...this.reviewView(directory, r, true, meetings), message });
  }

  /** Records the manager's outcome once; "add to the risk register" stores the entry. */
  async decide(actor: Actor, input: DecideInput): Promise<CardPayload> {
    const directory = actor.directory;
    const r = await this.requireReview(actor, input.reviewId);
    authorize(subjectOf(actor), 'absence.review', { bodyId: r.bodyId });
    const note = input.note?.trim() || undefined;
    const now = this.deps.clock.now();
    if (r.decision) {
      if (r.decision.outcome === input.outcome) {
        await this.riskEntryFor(r);
        return this.review(actor, r.id, { text: `Already recorded: ${REVIEW_OUTCOMES[r.decision.outcome]}. Nothing was changed.`, tone: 'warning' });
      }
      if (r.decision.by === SYSTEM_ACTOR) {
        return this.review(actor, r.id, { text: `This review closed itself on ${formatLondon(new Date(r.decision.at))} (${REVIEW_OUTCOMES[r.decision.outcome]}), so nothing was changed.`, tone: 'attention' });
      }
      return this.review(actor, r.id, {
        text: `This review was decided by ${this.name(directory, r.decision.by)} on ${formatLondon(new Date(r.decision.at))} (${REVIEW_OUTCOMES[r.decision.outcome]}), so nothing was changed.`,
        tone: 'attention',
      });
    }
    if (input.outcome === 'risk-register' && !note) {
      return this.review(actor, r.id, { text: 'Give the reason for the risk register entry. Nothing was stored.', tone: 'attention' });
    }
    if ((note?.length ?? 0) > LIMITS.note) {
      return this.review(actor, r.id, { text: `The note is ${note!.length} characters; the limit is ${LIMITS.note}. Nothing was stored.`, tone: 'attention' });
    }
    let won = false;
    const decided = await this.updateReview(r, (x) => {
      won = !x.decision;
      return x.decision ? x : { ...x, status: 'decided', decision: { outcome: input.outcome, ...(note ? { note } : {}), by: actor.person.id, at: now.toISOString() } };
    });
    // Someone decided it first: say so rather than overwrite.
    if (!won) return this.decide(actor, input);
    await this.audit(r.partnershipId, actor.person.id, 'absence.review.decide', r.id, undefined, decided.decision);
    await this.riskEntryFor(decided);
    return this.review(actor, r.id, { text: `Recorded: ${REVIEW_OUTCOMES[input.outcome]}.`, tone: 'good' });
  }

  private async riskEntryFor(r: AbsenceReview) {
    if (r.decision?.outcome !== 'risk-register') return;
    const created = await this.deps.repo.createRiskEntry({
      id: riskEntryId(r.id),
      partnershipId: r.partnershipId,
      reviewId: r.id,
      personId: r.holderId,
      seatId: r.seatId,
      bodyId: r.bodyId,
      ...(r.agencyId ? { agencyId: r.agencyId } : {}),
      reason: r.decision.note ?? r.summary,
      date: londonDate(new Date(r.decision.at)),
      decidedBy: r.decision.by,
      decidedAt: r.decision.at,
    });
    if (created) await this.audit(r.partnershipId, r.decision.by, 'risk-register.add', riskEntryId(r.id));
  }

  async riskRegister(actor: Actor): Promise<CardPayload> {
    authorize(subjectOf(actor), 'absence.review');
    const directory = actor.directory;
    const entries = (await this.deps.repo.listRiskEntries(directory.partnership.id)).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
    return this.deps.cards.risks({
      title: 'Risk register: attendance',
      empty: 'The risk register has no attendance entries.',
      items: entries.map((e) => ({
        member: `${this.name(directory, e.personId)} (${directory.body(e.bodyId)?.seats.find((s) => s.id === e.seatId)?.title ?? e.seatId})`,
        agency: directory.agency(e.agencyId)?.name ?? 'No agency',
        reason: e.reason,
        date: e.date,
        decidedBy: this.name(directory, e.decidedBy),
      })),
    });
  }

  private reviewView(directory: Directory, r: AbsenceReview, canDecide: boolean, meetings: Meeting[]): ReviewView {
    const body = directory.body(r.bodyId);
    const when = (id: string) => {
      const m = meetings.find((x) => x.id === id);
      return m ? formatLondon(new Date(m.startsAt)) : id;
    };
    return {
      reviewId: r.id,
      member: this.name(directory, r.holderId),
      seat: body?.seats.find((s) => s.id === r.seatId)?.title ?? r.seatId,
      agency: directory.agency(r.agencyId)?.name ?? 'No agency',
      bodyName: body?.name ?? r.bodyId,
      summary: r.summary,
      meetings: r.meetingIds.map(when),
      deputyMeetings: r.deputyMeetingIds.map(when),
      source: r.source,
      statusLabel: r.decision ? REVIEW_OUTCOMES[r.decision.outcome] : 'Waiting for the board manager',
      decided: r.decision?.by === SYSTEM_ACTOR
        ? `${REVIEW_OUTCOMES[r.decision.outcome]} on ${formatLondon(new Date(r.decision.at))}${r.decision.note ? `: ${r.decision.note}` : ''}`
        : r.decision
        ? `${REVIEW_OUTCOMES[r.decision.outcome]} by ${this.name(directory, r.decision.by)} on ${formatLondon(new Date(r.decision.at))}${r.decision.note ? `: ${r.decision.note}` : ''}`
        : undefined,
      canDecide: canDecide && !r.decision,
      noteLimit: LIMITS.note,
    };
  }

  // ----- helpers -----

  private bodiesWhere(actor: Actor, permission: Permission): Body[] {
    return actor.directory.bodies.filter((b) => can(subjectOf(actor), permission, { bodyId: b.id }));
  }

  /**
   * The only read of a meeting by a client-sent id: the caller's right to act anywhere first, then
   * the meeting, which a caller who may not see it gets as an unknown id.
   */
  private async require(actor: Actor, id: string, permission?: Permission): Promise<Meeting> {
    const subject = subjectOf(actor);
    if (permission) authorize(subject, permission);
    const m = await this.deps.repo.getMeeting(actor.directory.partnership.id, id);
    if (!m || !canSeeMeeting(subject, m, this.namedDeputy(actor, m))) throw unknownMeeting();
    return m;
  }

  private namedDeputy(actor: Actor, m: Meeting): boolean {
    const body = actor.directory.body(m.bodyId);
    return body !== undefined && attendingSeats(body).some((seat) => namedDeputies(actor.directory.partnership, seat).includes(actor.person.id));
  }

  /** Absence reviews are the manager's: the right to review comes before the id is read. */
  private async requireReview(actor: Actor, id: string): Promise<AbsenceReview> {
    authorize(subjectOf(actor), 'absence.review');
    const r = await this.deps.repo.getReview(actor.directory.partnership.id, id);
    if (!r) throw new DomainError('REVIEW.NOT_FOUND', 'I could not find that absence review.');
    return r;
  }

  private bodyOf(directory: Directory, m: { bodyId: string }): Body {
    const body = directory.body(m.bodyId);
    if (!body) throw new DomainError('BODY.NOT_FOUND', `The body "${m.bodyId}" no longer exists in the directory.`);
    return body;
  }

  private assertUpcoming(directory: Directory, m: Meeting, what: string) {
    if (m.status === 'cancelled') throw new DomainError('MEETING.CANCELLED', `This meeting was cancelled, so it cannot be ${what}.`);
    if (!isUpcoming(m, this.deps.clock.now())) {
      throw new DomainError('MEETING.STARTED', `The ${this.bodyOf(directory, m).name} meeting has already started, so it cannot be ${what}.`);
    }
  }

  private assertHappened(directory: Directory, m: Meeting) {
    const body = this.bodyOf(directory, m);
    if (m.status === 'cancelled') {
      throw new DomainError('MEETING.CANCELLED', `The ${body.name} meeting of ${formatLondon(new Date(m.startsAt))} was cancelled, so it has no register: a cancelled meeting counts for nobody. Nothing was stored.`);
    }
    if (!hasStarted(m, this.deps.clock.now())) {
      throw new DomainError(
        'MEETING.NOT_HELD',
        `The ${body.name} meeting of ${formatLondon(new Date(m.startsAt))} has not happened yet, so its register cannot be recorded. Nothing was stored.`,
      );
    }
  }

  private update(m: Meeting, change: (m: Meeting) => Meeting): Promise<Meeting> {
    return updateOptimistically(m, change, { replace: (n) => this.deps.repo.replaceMeeting(n), reread: () => this.deps.repo.getMeeting(m.partnershipId, m.id) }, { code: 'MEETING', name: 'meeting' });
  }

  private updateReview(r: AbsenceReview, change: (r: AbsenceReview) => AbsenceReview): Promise<AbsenceReview> {
    return updateOptimistically(r, change, { replace: (n) => this.deps.repo.replaceReview(n), reread: () => this.deps.repo.getReview(r.partnershipId, r.id) }, { code: 'REVIEW', name: 'absence review' });
  }


  private audit(partnershipId: string, actor: string, action: string, subject: string, before?: unknown, after?: unknown) {
    return this.deps.audit.record({ partnershipId, at: this.deps.clock.now().toISOString(), actor, action, subject, before, after });
  }

  private name(directory: Directory, personId: string): string {
    return directory.person(personId)?.displayName ?? personId;
  }

  private placeText(m: Meeting): string {
    if (m.place && m.joinUrl) return `${m.place} and on Teams`;
    return m.place ?? (m.joinUrl ? 'On Teams' : 'Place to be confirmed');
  }

  private summary(directory: Directory, m: Meeting, now: Date): MeetingSummary {
    return {
      meetingId: m.id,
      bodyName: directory.body(m.bodyId)?.name ?? m.bodyId,
      whenText: formatLondon(new Date(m.startsAt)),
      placeText: this.placeText(m),
      ...(m.joinUrl ? { joinUrl: m.joinUrl } : {}),
      statusLabel: m.status === 'cancelled' ? 'Cancelled' : m.status === 'held' ? 'Held' : hasStarted(m, now) ? 'Taken place; no register yet' : 'Scheduled',
    };
  }

  private answerLabel(directory: Directory, a?: Apology): string {
    if (!a) return 'No answer yet';
    if (a.response === 'attending') return 'Attending';
    if (a.proxyId) {
      const state = a.proxyAgreement === undefined ? '' : a.proxyAgreement.agreed ? ', agreed by the chair' : ', refused by the chair';
      const waiting = a.proxyAgreement === undefined && directory.body(a.bodyId)?.proxies?.chairAgreement ? ', waiting for the chair' : '';
      return `Apologies; ${this.name(directory, a.proxyId)} as proxy${state}${waiting}`;
    }
    return a.deputyId ? `Apologies; ${this.name(directory, a.deputyId)} attends as deputy` : 'Apologies';
  }

  private apologyLines(directory: Directory, body: Body, apologies: Apology[]): string[] {
    return apologies
      .filter((a) => a.response === 'apologies')
      .map((a) => {
        const seat = body.seats.find((s) => s.id === a.seatId);
        const agency = directory.agency(a.agencyId)?.name ?? seat?.title ?? a.seatId;
        const proxy = attendingProxy(a, body.proxies);
        return `${agency} (${seat?.title ?? a.seatId}): ${a.deputyId ? `deputy ${this.name(directory, a.deputyId)} attends` : proxy ? `proxy ${this.name(directory, proxy)} attends` : a.proxyId ? `proxy ${this.name(directory, a.proxyId)} not agreed` : 'no deputy'}`;
      });
  }

  private noAnswer(directory: Directory, body: Body, apologies: Apology[]): string[] {
    const answered = new Set(apologies.map((a) => a.seatId));
    return attendingSeats(body)
      .filter((s) => !answered.has(s.id))
      .map((s) => {
        const agency = directory.agency(s.agencyId)?.name;
        return agency && !s.title.includes(agency) ? `${s.title} (${agency})` : s.title;
      });
  }

  private chairAndManagers(directory: Directory, body: Body): string[] {
    return [...new Set([directory.chairSeat(body)?.holderId, ...directory.managers().map((p) => p.id)].filter((id): id is string => id !== undefined))];
  }

  /** Seat-holders and any deputy named to attend: everyone told of a change or a cancellation. */
  private async invitees(directory: Directory, m: Meeting): Promise<string[]> {
    const body = this.bodyOf(directory, m);
    const apologies = await this.deps.repo.listApologies(m.partnershipId, [m.id]);
    const sent = apologies.flatMap((a) => [a.deputyId, attendingProxy(a, body.proxies)]).filter((id): id is string => id !== undefined);
    return [...new Set([...attendingSeats(body).map((s) => s.holderId!), ...sent])];
  }

  private toPeople(directory: Directory, m: Meeting, personIds: string[], batchId: string, card: (personId: string) => CardPayload): NewDelivery[] {
    return personIds
      .map((id) => directory.person(id))
      .filter((p) => p !== undefined)
      .map((p) => ({ partnershipId: m.partnershipId, batchId, recipientAad: p.aadObjectId, card: card(p.id) }));
  }
}

const unknownMeeting = () => new DomainError('MEETING.NOT_FOUND', 'I could not find that meeting. It may belong to another partnership, or have been removed.');
