import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { addDays, londonDate } from '../domain/calendar.js';
import { reportingYearLabel, reportingYearOf, type AnnualAgencyRow, type AnnualPersonRow, type AnnualReportView } from '../domain/dashboard-views.js';
import { dashboardErrors } from '../domain/error-messages/dashboard.js';
import { annualReturns } from './annual-report-returns.js';
import type { DashboardPorts } from './support.js';
import { agencyOrder, bodiesWhere, byText, personName, ref, SHOWN_STATUSES } from './support.js';

/**
 * The annual-report figures for a reporting year (April to March): each agency's response rate and
 * attendance, and each person's part, counted for whoever held the seat on the day.
 */
export function annualReportViews(ports: Pick<DashboardPorts, 'consultations' | 'attendance' | 'returns' | 'clock'>) {
  // ----- annual report -----

  async function annualReport(actor: Actor, yearParam?: string): Promise<AnnualReportView> {
    const now = ports.clock.now();
    const subject = subjectOf(actor);
    const directory = actor.directory;
    const bodies = bodiesWhere(actor, subject, 'dashboard.annual-report');
    if (bodies.length === 0) authorize(subject, 'dashboard.annual-report');
    const current = reportingYearOf(londonDate(now));
    const year = yearParam === undefined || yearParam === '' ? current : Number(yearParam);
    if (!Number.isInteger(year) || year < 2000 || year > current + 1) throw dashboardErrors.notAReportingYear(yearParam, current);
    const from = `${year}-04-01`;
    const to = `${year + 1}-03-31`;
    const bodyIds = bodies.map((b) => b.id);

    const returnsRead = annualReturns(ports.returns, directory, year, from, to);
    const attendanceRead = ports.attendance.attendance(directory.partnership.id, bodyIds, { from, to });
    const consultations = (
      await ports.consultations.consultations(directory.partnership.id, bodyIds, {
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
      ? await ports.consultations.answers(
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
    const agencies = agencyOrder(directory, [...rows.keys()]).map((id) => {
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
      returns: await returnsRead,
    };
  }

  return { annualReport };
}
