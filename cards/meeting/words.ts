/** The words the meeting cards share: names, places, answers, quorum and marks (domain.md §4). */
import type { AttendanceMark } from '../../services/domain/absence.js';
import type { Body, Directory } from '../../services/domain/directory.js';
import { attendingProxy, attendingSeats, hasStarted, type Apology, type Meeting, type RegisterMark, type ReviewEnd } from '../../services/domain/meeting.js';
import type { QuorumResult } from '../../services/domain/quorum.js';
import { conditionLine, missingTexts } from './quorum-words.js';
import { formatLondon } from '../text.js';
import type { MeetingSummary, QuorumView } from './views.js';

export const MARK_LABELS: Record<AttendanceMark, string> = {
  present: 'Present',
  deputy: 'Present as deputy',
  apologies: 'Apologies',
  absent: 'Absent',
};

export const REVIEW_OUTCOMES: Record<ReviewEnd, string> = {
  'reason-accepted': 'Reason accepted',
  'no-further-action': 'Reviewed, no further action',
  'risk-register': 'Added to the risk register',
  recovered: 'Closed: attendance recovered',
};

export const nameOf = (directory: Directory, personId: string): string => directory.person(personId)?.displayName ?? personId;
export const whenOf = (m: Pick<Meeting, 'startsAt'>): string => formatLondon(new Date(m.startsAt));
export const seatTitle = (body: Body | undefined, seatId: string): string => body?.seats.find((s) => s.id === seatId)?.title ?? seatId;

export function placeText(m: Meeting): string {
  if (m.place && m.joinUrl) return `${m.place} and on Teams`;
  return m.place ?? (m.joinUrl ? 'On Teams' : 'Place to be confirmed');
}

export function summary(directory: Directory, m: Meeting, now: Date): MeetingSummary {
  return {
    meetingId: m.id,
    bodyName: directory.body(m.bodyId)?.name ?? m.bodyId,
    whenText: whenOf(m),
    placeText: placeText(m),
    ...(m.joinUrl ? { joinUrl: m.joinUrl } : {}),
    statusLabel: m.status === 'cancelled' ? 'Cancelled' : m.status === 'held' ? 'Held' : hasStarted(m, now) ? 'Taken place; no register yet' : 'Scheduled',
  };
}

export function answerLabel(directory: Directory, a?: Apology): string {
  if (!a) return 'No answer yet';
  if (a.response === 'attending') return 'Attending';
  if (a.proxyId) {
    const state = a.proxyAgreement === undefined ? '' : a.proxyAgreement.agreed ? ', agreed by the chair' : ', refused by the chair';
    const waiting = a.proxyAgreement === undefined && directory.body(a.bodyId)?.proxies?.chairAgreement ? ', waiting for the chair' : '';
    return `Apologies; ${nameOf(directory, a.proxyId)} as proxy${state}${waiting}`;
  }
  return a.deputyId ? `Apologies; ${nameOf(directory, a.deputyId)} attends as deputy` : 'Apologies';
}

export function apologyLines(directory: Directory, body: Body, apologies: Apology[]): string[] {
  return apologies
    .filter((a) => a.response === 'apologies')
    .map((a) => {
      const seat = body.seats.find((s) => s.id === a.seatId);
      const agency = directory.agency(a.agencyId)?.name ?? seat?.title ?? a.seatId;
      const proxy = attendingProxy(a, body.proxies);
      const who = a.deputyId
        ? `deputy ${nameOf(directory, a.deputyId)} attends`
        : proxy
          ? `proxy ${nameOf(directory, proxy)} attends`
          : a.proxyId
            ? `proxy ${nameOf(directory, a.proxyId)} not agreed`
            : 'no deputy';
      return `${agency} (${seat?.title ?? a.seatId}): ${who}`;
    });
}

export function noAnswer(directory: Directory, body: Body, apologies: Apology[]): string[] {
  const answered = new Set(apologies.map((a) => a.seatId));
  return attendingSeats(body)
    .filter((s) => !answered.has(s.id))
    .map((s) => {
      const agency = directory.agency(s.agencyId)?.name;
      return agency && !s.title.includes(agency) ? `${s.title} (${agency})` : s.title;
    });
}

export function quorumView(result: QuorumResult, kind: 'forecast' | 'recorded'): QuorumView {
  const met = result.met ? 'quorate' : 'NOT quorate';
  return {
    met: result.met,
    label: kind === 'forecast' ? `Quorum forecast: ${met} on the answers so far` : `Recorded quorum: ${met}`,
    conditions: result.conditions.map((c) => ({ met: c.met, text: conditionLine(c) })),
    missing: missingTexts(result.conditions),
  };
}

export function markLabel(directory: Directory, x?: RegisterMark): string {
  if (!x) return 'not marked';
  if (x.mark === 'deputy' && x.proxy) return `Present as proxy (${nameOf(directory, x.deputyId ?? '')})${x.proxy.agreedBy ? ', agreed by the chair' : ''}`;
  if (x.mark === 'deputy') return `Present as deputy (${nameOf(directory, x.deputyId ?? '')})`;
  return MARK_LABELS[x.mark];
}
