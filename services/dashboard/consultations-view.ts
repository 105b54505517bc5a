import type { Actor } from '../directory/index.js';
import { authorize, can, subjectOf } from '../domain/authorization.js';
import { addMonths, londonDate, workingDaysBefore, workingDaysBetween } from '../domain/calendar.js';
import { asOf, openConflicts, type AgencyAnswer, type Consultation } from '../domain/consultation.js';
import type { CellState, ConsultationColumn, ConsultationsView, MatrixCell, MatrixRow, NonResponseAgency, NonResponseView } from '../domain/dashboard-views.js';
import type { Directory } from '../domain/directory.js';
import { deliveryStates } from './delivery-state.js';
import type { DashboardPorts } from './support.js';
import { agencyOrder, bodiesWhere, cmp, daysBetween, groupBy, ownAgencies, personName, SHOWN_STATUSES } from './support.js';

/** The response matrix and the non-response view: the consultations of the last 12 months as the viewer may see them. */
export function consultationViews(ports: Pick<DashboardPorts, 'consultations' | 'deliveries' | 'clock' | 'reminderHour'>) {
  // ----- consultations -----

  async function consultations(actor: Actor): Promise<ConsultationsView> {
    const now = ports.clock.now();
    const { subject, consultations, answers, visible } = await visibleAnswers(actor, now);
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
      ...(c.documentUrl ? { documentUrl: c.documentUrl } : {}),
      counts: { agree: 0, disagree: 0, noResponse: 0, conflict: 0 },
    }));
    const cellsByAgency = new Map<string, (MatrixCell | null)[]>();
    consultations.forEach((c, index) => {
      for (const a of byConsultation.get(c.id) ?? []) {
        if (!visible(c, a)) continue;
        const cell = matrixCell(directory, a);
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
    const rows: MatrixRow[] = agencyOrder(directory, [...cellsByAgency.keys()]).map((agencyId) => ({
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
          workingDaysLeft: workingDaysBetween(today, londonDate(new Date(c.deadline))),
          answered: shown.filter((a) => a.choice !== 'none').length,
          required: shown.length,
        };
      });

    const viewBodies = bodiesWhere(actor, subject, 'dashboard.view');
    return {
      generatedAt: now.toISOString(),
      allAgencies: viewBodies.every((b) => can(subject, 'consultation.tally', { bodyId: b.id })),
      columns,
      rows,
      openItems,
    };
  }

  function matrixCell(directory: Directory, a: AgencyAnswer): MatrixCell {
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
      ...(a.signOff ? { signedOff: { by: name(a.signOff.personId), at: a.signOff.at } } : {}),
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

  async function nonResponse(actor: Actor): Promise<NonResponseView> {
    const now = ports.clock.now();
    const today = londonDate(now);
    const { consultations, answers, visible, since } = await visibleAnswers(actor, now);
    const directory = actor.directory;
    const byId = new Map(consultations.map((c) => [c.id, c]));
    const byAgency = new Map<string, NonResponseAgency>();
    const reminders = new Map<string, string | undefined>();
    const lastReminderOf = (c: Consultation) => {
      if (!reminders.has(c.id)) reminders.set(c.id, lastReminder(c, now));
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
      }
      entry.items.push({
        consultationId: c.id,
        ref: c.ref,
        title: c.title,
        bodyName: directory.body(c.bodyId)?.name ?? c.bodyId,
        deadline: c.deadline,
        status: open ? 'open' : 'closed',
        daysOverdue,
        ...(lastReminder ? { lastReminder } : {}),
      });
      byAgency.set(a.agencyId, entry);
    }
    const order = agencyOrder(directory, [...byAgency.keys()]);
    const agencies = [...byAgency.values()].sort(
      (x, y) => y.overdue - x.overdue || y.unanswered - x.unanswered || order.indexOf(x.agencyId) - order.indexOf(y.agencyId),
    );
    for (const a of agencies) a.items.sort((x, y) => y.daysOverdue - x.daysOverdue || cmp(x.deadline, y.deadline));
    if (ports.deliveries) {
      const states = await deliveryStates(ports.deliveries, directory, consultations, answers, visible);
      for (const a of agencies) {
        a.members = states.forAgency(a.agencyId);
        for (const i of a.items) i.deliveries = states.forItem(byId.get(i.consultationId)!, a.agencyId);
      }
    }
    return { generatedAt: now.toISOString(), since, agencies };
  }

  /**
   * When the agency was last reminded: reminders go to every agency still silent at each of the
   * consultation's reminder times (ConsultationService.remind), so for a silent agency it is the latest
   * reminder time that has passed.
   */
  function lastReminder(c: Consultation, now: Date): string | undefined {
    const deadline = new Date(c.deadline);
    const opened = Date.parse(c.openedAt ?? c.createdAt);
    let last: number | undefined;
    for (const days of c.reminderWorkingDays) {
      const at = workingDaysBefore(deadline, days, ports.reminderHour).getTime();
      if (at <= now.getTime() && at > opened && at < deadline.getTime() && (last === undefined || at > last)) last = at;
    }
    return last === undefined ? undefined : new Date(last).toISOString();
  }

  /**
   * The consultations of the last 12 months on the viewer's bodies and the answers they may see: every
   * agency's where they may see the tally (chairs, manager), otherwise their own agencies' only.
   */
  async function visibleAnswers(actor: Actor, now: Date) {
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const bodies = bodiesWhere(actor, subject, 'dashboard.view');
    const since = addMonths(londonDate(now), -12);
    const stored = (
      await ports.consultations.consultations(
        directory.partnership.id,
        bodies.map((b) => b.id),
        { statuses: SHOWN_STATUSES, deadlineFrom: `${since}T00:00:00.000Z` },
      )
    ).sort((a, b) => cmp(a.deadline, b.deadline) || cmp(a.ref, b.ref));
    const answers = stored.length
      ? await ports.consultations.answers(
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

  return { consultations, nonResponse };
}
