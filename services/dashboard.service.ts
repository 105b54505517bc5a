import type { Actor } from './directory.service.js';
import { ACTION_SOURCES, isLead, leadKey, leadLabel, SOURCE_LABEL, type ActionItem, type Lead } from './domain/action.js';
import { absenceStreak } from './domain/absence.js';
import { authorize, can, rolesOf, subjectOf, type Permission, type Subject } from './domain/authorization.js';
import { addDays, addMonths, londonDate, parseDate, workingDaysBefore, workingDaysBetween } from './domain/calendar.js';
import { asOf, openConflicts, type AgencyAnswer, type Consultation } from './domain/consultation.js';
import {
  reportingYearLabel,
  reportingYearOf,
  VIEW_NAMES,
  type ActionFilters,
  type ActionRow,
  type ActionsView,
  type AnnualAgencyRow,
  type AnnualPersonRow,
  type AnnualReportView,
  type AttendanceBody,
  type AttendanceMeeting,
  type AttendanceView,
  type BodyRef,
  type CellState,
  type ConsultationColumn,
  type ConsultationsView,
  type MatrixCell,
  type MatrixRow,
  type MeView,
  type NonResponseAgency,
  type NonResponseView,
  type PoliciesView,
  type PolicyRow,
  type QuorumSummary,
  type Rag,
  type SeatMark,
  type ViewName,
} from './domain/dashboard-views.js';
import type { Body, Directory } from './domain/directory.js';
import { invalid } from './domain/errors.js';
import { formatLondon } from './domain/format.js';
import { attendingSeats, presentFromMarks, quorumApologies, toMeetingRecords, type AttendanceRecord } from './domain/meeting.js';
import { evaluateQuorum, forecastQuorum, type QuorumResult } from './domain/quorum.js';
import type { Clock } from './ports/clock.js';
import type { ActionQueries, AttendanceQueries, ConsultationQueries, DashboardActionItem } from './ports/dashboard.js';
import type { MeetingRepo } from './ports/meetings.js';

export interface DashboardDeps {
  consultations: ConsultationQueries;
  attendance: AttendanceQueries;
  actions: ActionQueries;
  clock: Clock;
  /** The hour reminders go out (REMINDER_HOUR), to tell when each agency was last reminded. */
  reminderHour: number;
}

const SHOWN_STATUSES: Consultation['status'][] = ['open', 'awaiting-casting-vote', 'closed'];
const DUE_SOON_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

const dayNumber = (date: string) => {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};
const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateText = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
/** Plain ordering of ISO dates, ids and refs (localeCompare is needlessly slow over thousands of rows). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byText = new Intl.Collator('en-GB').compare;
/** formatLondon of an ISO instant, remembered: many rows share a deadline or a reminder time. */
const londonTexts = new Map<string, string>();
function londonText(iso: string): string {
  let text = londonTexts.get(iso);
  if (text === undefined) {
    if (londonTexts.size > 5000) londonTexts.clear();
    londonTexts.set(iso, (text = formatLondon(new Date(iso))));
  }
  return text;
}

/**
 * The dashboard's views. Every view starts from the viewer's roles and asks the one authorization
 * policy which bodies, rows and items they may see; nothing here decides access on its own terms.
 */
export class DashboardService {
  constructor(private readonly deps: DashboardDeps) {}

  me(actor: Actor, signedInWith: MeView['signedInWith']): MeView {
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const views = VIEW_NAMES.filter((v) => v !== 'annual-report' || this.bodiesWhere(actor, subject, 'dashboard.annual-report').length > 0);
    return {
      personId: actor.person.id,
      name: actor.person.displayName,
      partnership: actor.directory.partnership.name,
      isManager: actor.isManager,
      roles: rolesOf(subject),
      bodies: this.bodiesWhere(actor, subject, 'dashboard.view').map(ref),
      views,
      managesMembers: actor.isManager,
      setup: false,
      signedInWith,
    };
  }

  async view(actor: Actor, name: ViewName, params: Record<string, string | undefined> = {}) {
    switch (name) {
      case 'consultations':
        return this.consultations(actor);
      case 'non-response':
        return this.nonResponse(actor);
      case 'attendance':
        return this.attendance(actor);
      case 'actions':
        return this.actions(actor, { lead: params.lead, source: params.source, status: params.status, body: params.body });
      case 'policies':
        return this.policies(actor);
      case 'annual-report':
        return this.annualReport(actor, params.year);
    }
  }

  // ----- consultations -----

  async consultations(actor: Actor): Promise<ConsultationsView> {
    const now = this.deps.clock.now();
    const { subject, consultations, answers, visible } = await this.visibleAnswers(actor, now);
    const directory = actor.directory;
    const byConsultation = groupBy(answers, (a) => a.consultationId);

    const columns: ConsultationColumn[] = consultations.map((c) => ({
      id: c.id,
      ref: c.ref,
      title: c.title,
      kind: c.kind,
      bodyId: c.bodyId,
      bodyName: directory.body(c.bodyId)?.name ?? c.bodyId,
      status: c.status,
      deadline: c.deadline,
      deadlineText: londonText(c.deadline),
      ...(c.documentUrl ? { documentUrl: c.documentUrl } : {}),
      counts: { agree: 0, disagree: 0, noResponse: 0, conflict: 0 },
    }));
    const cellsByAgency = new Map<string, (MatrixCell | null)[]>();
    consultations.forEach((c, index) => {
      for (const a of byConsultation.get(c.id) ?? []) {
        if (!visible(c, a)) continue;
        const cell = this.cell(directory, a);
        const counts = columns[index]!.counts;
        if (cell.state === 'agree') counts.agree++;
        else if (cell.state === 'disagree') counts.disagree++;
        else if (cell.state === 'no-response') counts.noResponse++;
        else if (cell.state === 'conflict') counts.conflict++;
        const row = cellsByAgency.get(a.agencyId) ?? Array<MatrixCell | null>(consultations.length).fill(null);
        row[index] = cell;
        cellsByAgency.set(a.agencyId, row);
      }
    });
    const rows: MatrixRow[] = this.agencyOrder(directory, [...cellsByAgency.keys()]).map((agencyId) => ({
      agencyId,
      agencyName: directory.agency(agencyId)?.name ?? agencyId,
      cells: cellsByAgency.get(agencyId)!,
    }));

    const today = londonDate(now);
    const openItems = consultations
      .filter((c) => c.status === 'open')
      .map((c) => {
        const shown = (byConsultation.get(c.id) ?? []).filter((a) => a.required && visible(c, a));
        return {
          consultationId: c.id,
          ref: c.ref,
          title: c.title,
          bodyName: directory.body(c.bodyId)?.name ?? c.bodyId,
          deadline: c.deadline,
          deadlineText: londonText(c.deadline),
          workingDaysLeft: workingDaysBetween(today, londonDate(new Date(c.deadline))),
          answered: shown.filter((a) => a.choice !== 'none').length,
          required: shown.length,
        };
      });

    const viewBodies = this.bodiesWhere(actor, subject, 'dashboard.view');
    return {
      generatedAt: now.toISOString(),
      allAgencies: viewBodies.every((b) => can(subject, 'consultation.tally', { bodyId: b.id })),
      columns,
      rows,
      openItems,
    };
  }

  private cell(directory: Directory, a: AgencyAnswer): MatrixCell {
    const name = (id: string) => personName(directory, id);
    const conflicts = openConflicts(a);
    const state: CellState = conflicts.length > 0 ? 'conflict' : a.choice === 'none' ? (a.required ? 'no-response' : 'not-required') : a.choice;
    return {
      consultationId: a.consultationId,
      state,
      choice: a.choice,
      required: a.required,
      ...(a.answeredBy ? { answeredBy: name(a.answeredBy) } : {}),
      ...(a.answeredAs ? { answeredAs: a.answeredAs } : {}),
      ...(a.answeredAt ? { answeredAt: a.answeredAt } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.comment ? { comment: a.comment } : {}),
      ...(a.signOff ? { signedOff: `Signed off by ${name(a.signOff.personId)} on ${formatLondon(new Date(a.signOff.at))}` } : {}),
      conflicts: conflicts.map((c) => ({
        by: name(c.personId),
        as: c.as,
        choice: c.choice,
        ...(c.reason ? { reason: c.reason } : {}),
        at: c.at,
        kind: c.kind,
      })),
    };
  }

  // ----- non-response -----

  async nonResponse(actor: Actor): Promise<NonResponseView> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const { consultations, answers, visible, since } = await this.visibleAnswers(actor, now);
    const directory = actor.directory;
    const byId = new Map(consultations.map((c) => [c.id, c]));
    const byAgency = new Map<string, NonResponseAgency>();
    const reminders = new Map<string, string | undefined>();
    const lastReminderOf = (c: Consultation) => {
      if (!reminders.has(c.id)) reminders.set(c.id, this.lastReminder(c, now));
      return reminders.get(c.id);
    };
    for (const a of answers) {
      const c = byId.get(a.consultationId);
      if (!c || !a.required || a.choice !== 'none' || !visible(c, a)) continue;
      const open = c.status === 'open';
      const lastReminder = lastReminderOf(c);
      const entry = byAgency.get(a.agencyId) ?? {
        agencyId: a.agencyId,
        agencyName: directory.agency(a.agencyId)?.name ?? a.agencyId,
        unanswered: 0,
        overdue: 0,
        maxDaysOverdue: 0,
        items: [],
      };
      const daysOverdue = open ? 0 : Math.max(0, daysBetween(londonDate(new Date(c.deadline)), today));
      entry.unanswered++;
      if (!open) entry.overdue++;
      entry.maxDaysOverdue = Math.max(entry.maxDaysOverdue, daysOverdue);
      if (lastReminder && (!entry.lastReminder || lastReminder > entry.lastReminder)) {
        entry.lastReminder = lastReminder;
        entry.lastReminderText = londonText(lastReminder);
      }
      entry.items.push({
        consultationId: c.id,
        ref: c.ref,
        title: c.title,
        bodyName: directory.body(c.bodyId)?.name ?? c.bodyId,
        deadline: c.deadline,
        deadlineText: londonText(c.deadline),
        status: open ? 'open' : 'closed',
        daysOverdue,
        ...(lastReminder ? { lastReminder, lastReminderText: londonText(lastReminder) } : {}),
      });
      byAgency.set(a.agencyId, entry);
    }
    const order = this.agencyOrder(directory, [...byAgency.keys()]);
    const agencies = [...byAgency.values()].sort(
      (x, y) => y.overdue - x.overdue || y.unanswered - x.unanswered || order.indexOf(x.agencyId) - order.indexOf(y.agencyId),
    );
    for (const a of agencies) a.items.sort((x, y) => y.daysOverdue - x.daysOverdue || cmp(x.deadline, y.deadline));
    for (const a of agencies) {
      const byEmail = emailMembersOf(directory, a.agencyId);
      if (byEmail.length) a.byEmail = byEmail;
    }
    return { generatedAt: now.toISOString(), since, agencies };
  }

  /**
   * When the agency was last reminded: reminders go to every agency still silent at each of the
   * consultation's reminder times (ConsultationService.remind), so for a silent agency it is the latest
   * reminder time that has passed.
   */
  private lastReminder(c: Consultation, now: Date): string | undefined {
    const deadline = new Date(c.deadline);
    const opened = Date.parse(c.openedAt ?? c.createdAt);
    let last: number | undefined;
    for (const days of c.reminderWorkingDays) {
      const at = workingDaysBefore(deadline, days, this.deps.reminderHour).getTime();
      if (at <= now.getTime() && at > opened && at < deadline.getTime() && (last === undefined || at > last)) last = at;
    }
    return last === undefined ? undefined : new Date(last).toISOString();
  }

  /**
   * The consultations of the last 12 months on the viewer's bodies and the answers they may see: every
   * agency's where they may see the tally (chairs, manager), otherwise their own agencies' only.
   */
  private async visibleAnswers(actor: Actor, now: Date) {
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const bodies = this.bodiesWhere(actor, subject, 'dashboard.view');
    const since = addMonths(londonDate(now), -12);
    const stored = (
      await this.deps.consultations.consultations(
        directory.partnership.id,
        bodies.map((b) => b.id),
        { statuses: SHOWN_STATUSES, deadlineFrom: `${since}T00:00:00.000Z` },
      )
    ).sort((a, b) => cmp(a.deadline, b.deadline) || cmp(a.ref, b.ref));
    const answers = stored.length
      ? await this.deps.consultations.answers(
          directory.partnership.id,
          stored.map((c) => c.id),
        )
      : [];
    // As they stand now: past its deadline a consultation reads closed before the closing job has run.
    const answersOf = groupBy(answers, (a) => a.consultationId);
    const consultations = stored.map((c) => asOf(c, now, answersOf.get(c.id) ?? []));
    const tally = new Set(bodies.filter((b) => can(subject, 'consultation.tally', { bodyId: b.id })).map((b) => b.id));
    const own = ownAgencies(actor);
    const visible = (c: Consultation, a: AgencyAnswer) => tally.has(c.bodyId) || own.has(a.agencyId);
    return { subject, consultations, answers, visible, since };
  }

  // ----- attendance -----

  async attendance(actor: Actor): Promise<AttendanceView> {
    const now = this.deps.clock.now();
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const today = londonDate(now);
    const bodies = this.bodiesWhere(actor, subject, 'dashboard.view');
    const data = await this.deps.attendance.attendance(
      directory.partnership.id,
      bodies.map((b) => b.id),
      { from: addMonths(today, -12), to: addMonths(today, 6) },
    );
    const person = (id: string | undefined) => (id ? personName(directory, id) : undefined);
    const registers = new Map(data.registers.map((r) => [r.meetingId, r]));
    const apologies = groupBy(data.apologies, (a) => a.meetingId);

    const out: AttendanceBody[] = bodies.map((body) => {
      const allSeats = can(subject, 'attendance.view-body', { bodyId: body.id });
      const bodyMeetings = data.meetings.filter((m) => m.bodyId === body.id).sort((a, b) => cmp(a.startsAt, b.startsAt));
      const bodyRegisters = bodyMeetings.map((m) => registers.get(m.id)).filter((r): r is AttendanceRecord => r !== undefined);
      const records = toMeetingRecords(bodyMeetings, bodyRegisters);
      const agencies = directory.partnership.agencies;

      const meetings: AttendanceMeeting[] = bodyMeetings.map((m) => {
        const register = m.status === 'cancelled' ? undefined : registers.get(m.id);
        const sent = apologies.get(m.id) ?? [];
        // Apologies as recorded on the register once the meeting is held; as sent before then.
        const apologiesCount = register
          ? Object.values(register.marks).filter((x) => x.mark === 'apologies').length
          : sent.filter((a) => a.response === 'apologies').length;
        const base = { id: m.id, date: m.date, time: m.time, apologies: apologiesCount };
        if (m.status === 'cancelled') return { ...base, status: 'cancelled' };
        if (register) {
          return { ...base, status: 'held', recorded: quorumSummary(evaluateQuorum({ body, agencies, present: presentFromMarks(register.marks) })) };
        }
        if (Date.parse(m.startsAt) <= now.getTime()) return { ...base, status: 'awaiting-register' };
        return { ...base, status: 'scheduled', forecast: quorumSummary(forecastQuorum({ body, agencies, apologies: quorumApologies(sent) })) };
      });

      const seats = attendingSeats(body)
        .filter((s) => allSeats || s.holderId === actor.person.id || s.deputyId === actor.person.id)
        .map((seat) => {
          const marks: (SeatMark | null)[] = bodyMeetings.map((m) => {
            if (m.status === 'cancelled') return null;
            const register = registers.get(m.id);
            if (register) return register.marks[seat.id]?.mark ?? null;
            const apology = (apologies.get(m.id) ?? []).find((a) => a.seatId === seat.id);
            if (!apology) return null;
            return apology.response === 'attending' ? 'expected' : apology.deputyId ? 'deputy-expected' : 'apologies-sent';
          });
          const rule = body.absence;
          const streak = absenceStreak(seat.id, records, rule, { asOf: today, holderId: seat.holderId });
          const held = records.filter((r) => r.status === 'held' && r.marks[seat.id] !== undefined);
          const attended = held.filter((r) => r.marks[seat.id] === 'present').length;
          const streakBreach =
            rule.kind === 'consecutive'
              ? streak.length >= rule.count
              : held.length >= 2 && (attended + (rule.deputyCounts ? held.filter((r) => r.marks[seat.id] === 'deputy').length : 0)) / held.length < rule.minShare;
          return {
            seatId: seat.id,
            seatTitle: seat.title,
            ...(seat.agencyId ? { agencyName: directory.agency(seat.agencyId)?.name ?? seat.agencyId } : {}),
            ...(seat.holderId ? { holder: person(seat.holderId) } : {}),
            marks,
            streak: streak.length,
            streakBreach,
            attended,
            held: held.length,
          };
        });

      const pendingReviews = allSeats
        ? data.pendingReviews
            .filter((r) => r.bodyId === body.id && r.status === 'pending')
            .sort((a, b) => cmp(a.createdAt, b.createdAt))
            .map((r) => ({
              id: r.id,
              seatTitle: body.seats.find((s) => s.id === r.seatId)?.title ?? r.seatId,
              holder: person(r.holderId) ?? r.holderId,
              ...(r.agencyId ? { agencyName: directory.agency(r.agencyId)?.name ?? r.agencyId } : {}),
              summary: r.summary,
              createdAt: r.createdAt,
              createdText: londonText(r.createdAt),
            }))
        : [];

      return {
        body: ref(body),
        absenceRule:
          body.absence.kind === 'consecutive'
            ? `Reviewed after ${body.absence.count} consecutive meetings missed (${body.absence.source})`
            : `At least ${Math.round(body.absence.minShare * 100)}% of meetings over ${body.absence.windowMonths} months (${body.absence.source})`,
        quorumRule: `${body.quorum.description} (${body.quorum.source})`,
        allSeats,
        meetings,
        seats,
        pendingReviews,
      };
    });
    return { generatedAt: now.toISOString(), hasData: data.meetings.length > 0, bodies: out };
  }

  // ----- actions and policies -----

  async actions(actor: Actor, filters: ActionFilters = {}): Promise<ActionsView> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const all = await this.deps.actions.actions(
      directory.partnership.id,
      directory.bodies.map((b) => b.id),
      `${addMonths(today, -12)}T00:00:00.000Z`,
    );
    const own = ownAgencies(actor);
    const mine = (a: DashboardActionItem) =>
      isLead(a, actor.person.id, directory) || a.leads.some((l) => l.kind === 'agency' && own.has(l.agencyId));
    // Confidential actions: the named viewers and nobody else, whatever their role (C App8).
    const visible = all.filter((a) =>
      a.confidential
        ? can(subject, 'dashboard.view', { confidentialTo: a.viewers })
        : can(subject, 'action.view-body', { bodyId: a.bodyId }) || (mine(a) && can(subject, 'dashboard.view')),
    );
    const labels = new Map<string, string>();
    const labelOf = (l: Lead) => {
      const key = leadKey(l);
      let label = labels.get(key);
      if (label === undefined) labels.set(key, (label = leadLabel(l, directory)));
      return label;
    };
    const rows = visible.map((a) => actionRow(directory, a, today, labelOf));
    const bodyIndex = new Map(directory.bodies.map((b, i) => [b.id, i]));
    const bodyOrder = (id: string) => bodyIndex.get(id) ?? bodyIndex.size;

    const leads = new Map<string, string>();
    for (const a of visible) for (const l of a.leads) leads.set(leadKey(l), labelOf(l));
    const options = {
      leads: [...leads].map(([id, label]) => ({ id, label })).sort((a, b) => byText(a.label, b.label)),
      sources: ACTION_SOURCES.filter((s) => rows.some((r) => r.source === s)).map((id) => ({ id, label: SOURCE_LABEL[id] })),
      statuses: (['open', 'complete'] as const).filter((s) => rows.some((r) => r.status === s)).map((id) => ({ id, label: STATUS_LABEL[id] })),
      bodies: directory.bodies.filter((b) => rows.some((r) => r.bodyId === b.id)).map(ref),
    };
    const applied: ActionFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
    const shown = rows
      .filter(
        (r) =>
          (!applied.lead || r.leadIds.includes(applied.lead)) &&
          (!applied.source || r.source === applied.source) &&
          (!applied.status || r.status === applied.status) &&
          (!applied.body || r.bodyId === applied.body),
      )
      .sort((a, b) => bodyOrder(a.bodyId) - bodyOrder(b.bodyId) || cmp(a.due ?? '9999', b.due ?? '9999') || cmp(a.ref, b.ref));

    const byBody = options.bodies
      .map((body) => {
        const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, complete: 0 };
        for (const r of shown) if (r.bodyId === body.id) counts[r.rag]++;
        return { body, counts };
      })
      .filter((b) => Object.values(b.counts).some((n) => n > 0));
    return {
      generatedAt: now.toISOString(),
      hasData: all.length > 0,
      applied,
      options,
      byBody,
      actions: shown,
      overdue: shown.filter((r) => r.daysOverdue > 0).sort((a, b) => b.daysOverdue - a.daysOverdue || cmp(a.ref, b.ref)),
    };
  }

  async policies(actor: Actor): Promise<PoliciesView> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const register = (await this.deps.actions.policies(directory.partnership.id)).filter((p) => p.status === 'current');
    const policies: PolicyRow[] = register
      .map((p) => {
        const daysToReview = daysBetween(today, p.reviewDate);
        return {
          id: p.id,
          title: p.title,
          version: p.version,
          owner: leadLabel(p.owner, directory),
          approvingBody: directory.body(p.approvingBodyId)?.name ?? p.approvingBodyId,
          approvedOn: p.approvalDate,
          reviewDue: p.reviewDate,
          daysToReview,
          state: daysToReview < 0 ? ('overdue' as const) : daysToReview <= DUE_SOON_DAYS ? ('due-soon' as const) : ('current' as const),
          documentManager: leadLabel(p.documentManager, directory),
          ...(p.url ? { url: p.url } : {}),
        };
      })
      .sort((a, b) => cmp(a.reviewDue, b.reviewDue) || byText(a.title, b.title));
    return { generatedAt: now.toISOString(), hasData: register.length > 0, dueSoonDays: DUE_SOON_DAYS, policies };
  }

  // ----- annual report -----

  async annualReport(actor: Actor, yearParam?: string): Promise<AnnualReportView> {
    const now = this.deps.clock.now();
    const subject = subjectOf(actor);
    const directory = actor.directory;
    const bodies = this.bodiesWhere(actor, subject, 'dashboard.annual-report');
    if (bodies.length === 0) authorize(subject, 'dashboard.annual-report');
    const current = reportingYearOf(londonDate(now));
    const year = yearParam === undefined || yearParam === '' ? current : Number(yearParam);
    if (!Number.isInteger(year) || year < 2000 || year > current + 1) throw invalid(`"${yearParam}" is not a reporting year: give the year it starts, e.g. ${current}.`);
    const from = `${year}-04-01`;
    const to = `${year + 1}-03-31`;
    const bodyIds = bodies.map((b) => b.id);

    const attendanceRead = this.deps.attendance.attendance(directory.partnership.id, bodyIds, { from, to });
    const consultations = (
      await this.deps.consultations.consultations(directory.partnership.id, bodyIds, {
        statuses: SHOWN_STATUSES,
        // A day either side: deadlines are instants, the year is London dates.
        deadlineFrom: `${addDays(from, -1)}T00:00:00.000Z`,
        deadlineTo: `${addDays(to, 2)}T00:00:00.000Z`,
      })
    ).filter((c) => {
      const day = londonDate(new Date(c.deadline));
      return day >= from && day <= to && Date.parse(c.deadline) <= now.getTime();
    });
    const answers = consultations.length
      ? await this.deps.consultations.answers(
          directory.partnership.id,
          consultations.map((c) => c.id),
        )
      : [];
    const rows = new Map<string, AnnualAgencyRow>();
    const row = (agencyId: string) => {
      const existing = rows.get(agencyId);
      if (existing) return existing;
      const created: AnnualAgencyRow = {
        agencyId,
        agencyName: directory.agency(agencyId)?.name ?? agencyId,
        required: 0,
        answered: 0,
        responseRate: null,
        seatMeetings: 0,
        inPerson: 0,
        byDeputy: 0,
        attendanceShare: null,
      };
      rows.set(agencyId, created);
      return created;
    };
    const people = new Map<string, AnnualPersonRow>();
    const person = (personId: string, agencyId: string | undefined) => {
      let found = people.get(personId);
      if (!found) people.set(personId, (found = { personId, name: personName(directory, personId), agencies: [], seatMeetings: 0, attended: 0, answers: 0 }));
      const agencyName = agencyId ? (directory.agency(agencyId)?.name ?? agencyId) : undefined;
      if (agencyName && !found.agencies.includes(agencyName)) found.agencies.push(agencyName);
      return found;
    };
    const asked = new Set(consultations.map((c) => c.id));
    for (const a of answers) {
      if (!a.required || !asked.has(a.consultationId)) continue;
      const r = row(a.agencyId);
      r.required++;
      if (a.choice !== 'none') r.answered++;
      if (a.choice !== 'none' && a.answeredBy) person(a.answeredBy, a.agencyId).answers++;
    }

    const data = await attendanceRead;
    const held = new Map(data.meetings.filter((m) => m.status !== 'cancelled' && m.date >= from && m.date <= to).map((m) => [m.id, m]));
    for (const register of data.registers) {
      const meeting = held.get(register.meetingId);
      const body = meeting ? directory.body(meeting.bodyId) : undefined;
      if (!body) continue;
      for (const [seatId, mark] of Object.entries(register.marks)) {
        // The seat as it stood on the day: a seat that has since moved agency counts for the agency it had then.
        const then = directory.seatOn(body.id, seatId, meeting!.date);
        const agencyId = then?.agencyId;
        if (!agencyId) continue;
        const r = row(agencyId);
        r.seatMeetings++;
        if (mark.mark === 'present') r.inPerson++;
        if (mark.mark === 'deputy') r.byDeputy++;
        const holderId = register.holders[seatId] ?? then.holderId;
        if (holderId) {
          const p = person(holderId, agencyId);
          p.seatMeetings++;
          if (mark.mark === 'present' || mark.mark === 'deputy') p.attended++;
        }
      }
    }
    const ratio = (n: number, d: number) => (d === 0 ? null : n / d);
    const agencies = this.agencyOrder(directory, [...rows.keys()]).map((id) => {
      const r = rows.get(id)!;
      return { ...r, responseRate: ratio(r.answered, r.required), attendanceShare: ratio(r.inPerson + r.byDeputy, r.seatMeetings) };
    });
    const sum = (f: (r: AnnualAgencyRow) => number) => agencies.reduce((n, r) => n + f(r), 0);
    const totals = {
      required: sum((r) => r.required),
      answered: sum((r) => r.answered),
      responseRate: ratio(
        sum((r) => r.answered),
        sum((r) => r.required),
      ),
      seatMeetings: sum((r) => r.seatMeetings),
      attended: sum((r) => r.inPerson + r.byDeputy),
      attendanceShare: ratio(
        sum((r) => r.inPerson + r.byDeputy),
        sum((r) => r.seatMeetings),
      ),
    };
    return {
      generatedAt: now.toISOString(),
      year,
      label: reportingYearLabel(year),
      from,
      to,
      years: Array.from({ length: 5 }, (_, i) => current - i),
      bodies: bodies.map(ref),
      agencies,
      people: [...people.values()].sort((a, b) => byText(a.agencies[0] ?? '', b.agencies[0] ?? '') || byText(a.name, b.name)),
      totals,
    };
  }

  // ----- the policy, applied -----

  /** The bodies on which the viewer holds a role the permission allows (the manager: every body). */
  private bodiesWhere(actor: Actor, subject: Subject, permission: Permission): Body[] {
    return actor.directory.bodies.filter((b) => can(subject, permission, { bodyId: b.id }));
  }

  /** Agencies in the order the partnership lists them. */
  private agencyOrder(directory: Directory, ids: string[]): string[] {
    const order = new Map(directory.partnership.agencies.map((a, i) => [a.id, i]));
    return [...ids].sort((a, b) => (order.get(a) ?? 1e6) - (order.get(b) ?? 1e6) || cmp(a, b));
  }
}

/** The agencies the viewer sits for, as member or standing deputy, anywhere in the partnership. */
function ownAgencies(actor: Actor): Set<string> {
  return new Set(actor.assignments.map((a) => a.seat.agencyId).filter((id): id is string => id !== undefined));
}

function quorumSummary(result: QuorumResult): QuorumSummary {
  return { met: result.met, missing: result.conditions.flatMap((c) => c.missing) };
}

const ref = (b: Body): BodyRef => ({ id: b.id, name: b.name });

const names = new WeakMap<Directory, Map<string, string>>();
/** A person's display name; the directory's own lookup is a scan, too slow for thousands of cells. */
function personName(directory: Directory, personId: string): string {
  let map = names.get(directory);
  if (!map) {
    map = new Map(directory.partnership.people.map((p) => [p.id, p.displayName]));
    names.set(directory, map);
  }
  return map.get(personId) ?? personId;
}

const STATUS_LABEL: Record<ActionItem['status'], string> = { open: 'Open', complete: 'Complete' };

function actionRow(directory: Directory, a: DashboardActionItem, today: string, labelOf: (l: Lead) => string): ActionRow {
  return {
    id: a.id,
    ref: a.ref,
    title: a.description,
    bodyId: a.bodyId,
    bodyName: directory.body(a.bodyId)?.name ?? a.bodyId,
    source: a.source,
    sourceLabel: SOURCE_LABEL[a.source],
    lead: a.leads.map(labelOf).join('; '),
    leadIds: a.leads.map(leadKey),
    ...(a.dueDate ? { due: a.dueDate } : {}),
    dueText: a.dueDate ? dateText(a.dueDate) : 'Ongoing',
    rag: a.rag,
    status: a.status,
    statusLabel: STATUS_LABEL[a.status],
    daysOverdue: a.status === 'open' && a.dueDate && a.dueDate < today ? daysBetween(a.dueDate, today) : 0,
    confidential: a.confidential,
  };
}

/** The dashboard's attendance reads over the meetings repository: three queries, then the apologies of the meetings found. */
export function attendanceOver(repo: MeetingRepo): AttendanceQueries {
  return {
    async attendance(partnershipId, bodyIds, range) {
      if (bodyIds.length === 0) return { meetings: [], registers: [], apologies: [], pendingReviews: [] };
      const [meetings, registers, pendingReviews] = await Promise.all([
        // startsAt is an instant; a day either side covers London dates at the edges.
        repo.listMeetings(partnershipId, { bodyIds, from: `${addDays(range.from, -2)}T00:00:00.000Z`, to: `${addDays(range.to, 2)}T00:00:00.000Z` }),
        repo.listRegisters(partnershipId, bodyIds),
        repo.listReviews(partnershipId, { status: 'pending', bodyIds }),
      ]);
      const inRange = meetings.filter((m) => m.date >= range.from && m.date <= range.to);
      const ids = new Set(inRange.map((m) => m.id));
      const apologies = ids.size ? await repo.listApologies(partnershipId, [...ids]) : [];
      return { meetings: inRange, registers: registers.filter((r) => ids.has(r.meetingId)), apologies, pendingReviews };
    },
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The agency's seat holders and deputies whose channel includes email: a silence may be a lost mail. */
function emailMembersOf(directory: Directory, agencyId: string): string[] {
  const ids = new Set(directory.partnership.bodies.flatMap((b) => b.seats.filter((s) => s.agencyId === agencyId).flatMap((s) => [s.holderId, s.deputyId])));
  return directory.partnership.people.filter((p) => ids.has(p.id) && (p.channel === 'email' || p.channel === 'both')).map((p) => p.displayName);
}
