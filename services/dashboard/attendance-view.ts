import type { Actor } from '../directory/index.js';
import { absenceStreak } from '../domain/absence.js';
import { authorize, can, subjectOf } from '../domain/authorization.js';
import { addDays, addMonths, londonDate } from '../domain/calendar.js';
import type { AttendanceBody, AttendanceMeeting, AttendanceView, QuorumSummary, SeatMark } from '../domain/dashboard-views.js';
import { attendingSeats, presentFromMarks, quorumApologies, toMeetingRecords, type AttendanceRecord } from '../domain/meeting.js';
import { evaluateQuorum, forecastQuorum, type QuorumResult } from '../domain/quorum.js';
import type { AttendanceQueries } from '../ports/dashboard.js';
import type { MeetingRepo } from '../ports/meetings.js';
import type { DashboardPorts } from './support.js';
import { bodiesWhere, cmp, groupBy, personName, ref } from './support.js';

function quorumSummary(result: QuorumResult): QuorumSummary {
  return { met: result.met, missing: result.conditions.flatMap((c) => c.missing) };
}

/** The attendance view: each body's meetings of the last 12 months and the next 6, seat by seat. */
export function attendanceViews(ports: Pick<DashboardPorts, 'attendance' | 'clock'>) {
  async function attendance(actor: Actor): Promise<AttendanceView> {
    const now = ports.clock.now();
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const today = londonDate(now);
    const bodies = bodiesWhere(actor, subject, 'dashboard.view');
    const data = await ports.attendance.attendance(
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
          return { ...base, status: 'held', recorded: quorumSummary(evaluateQuorum({ body, agencies, present: presentFromMarks(register.marks), ...(register.chairedBySeatId ? { chairSeatId: register.chairedBySeatId } : {}) })) };
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
              ...(r.breach ? { breach: r.breach } : {}),
              ...(r.summary ? { summary: r.summary } : {}),
              createdAt: r.createdAt,
            }))
        : [];

      return {
        body: ref(body),
        absenceRule: body.absence,
        quorumRule: { description: body.quorum.description, source: body.quorum.source },
        allSeats,
        meetings,
        seats,
        pendingReviews,
      };
    });
    return { generatedAt: now.toISOString(), hasData: data.meetings.length > 0, bodies: out };
  }

  return { attendance };
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
