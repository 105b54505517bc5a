import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import type { Directory, Seat } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import { applyResponse, apologyId, attendingProxy, isUpcoming, namedDeputies, type Apology, type AttendanceResponse, type Meeting } from '../domain/meeting.js';
import type { MeetingNews, MeetingSight } from '../ports/meetings.js';
import type { NewDelivery } from '../ports/outbox.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import { audit, bodyOf, requireMeeting, sight, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'outbox' | 'present' | 'audit' | 'clock' | 'onChanged'>;

export interface RespondInput {
  meetingId: string;
  seatId: string;
  response: AttendanceResponse;
  deputyId?: string;
  /** Someone the member sends for this one meeting, where the body allows proxies. */
  proxyId?: string;
  /** The answer came by a signed email link (services/email-answers): stored and audited as such. */
  via?: 'email';
}

export interface RespondOutcome {
  kind: 'recorded' | 'unchanged';
  response: AttendanceResponse;
  deputyId?: string;
  proxyId?: string;
  /** The proxy attends once the chair agrees, and the chair has been asked. */
  proxyAwaitsChair: boolean;
  /** The body needs someone in the member's place and nobody was named; the chair has been told. */
  substituteMissing: boolean;
  sight: MeetingSight;
}

/**
 * Attending, or apologies with an optional named deputy (C §5.6) or a proxy: the deputy is told, and
 * can change until the meeting starts; every answer is kept.
 */
export function apologies(ports: Ports, proxyRule: { afterProxyAnswer(directory: Directory, m: Meeting, seat: Seat, apology: Apology): Promise<void> }) {
  /** The named deputy is asked to attend; a deputy no longer needed is told so. One card per change. */
  async function tellDeputies(directory: Directory, m: Meeting, seat: Seat, apology: Apology, previousDeputyId?: string) {
    const now = ports.clock.now();
    const batchId = `meeting:${m.id}:deputy:${seat.id}:${apology.history.length}`;
    const items: NewDelivery[] = [];
    const to = (personId: string, news: MeetingNews) => {
      const person = directory.person(personId);
      if (person) items.push({ partnershipId: m.partnershipId, batchId, recipientAad: person.aadObjectId, card: ports.present.news(directory, m, now, news) });
    };
    if (apology.deputyId) to(apology.deputyId, { kind: 'deputy-asked', seatId: seat.id, holderId: apology.holderId });
    if (previousDeputyId && previousDeputyId !== apology.deputyId) {
      to(previousDeputyId, { kind: 'deputy-released', seatId: seat.id, holderId: apology.holderId, attending: apology.response === 'attending' });
    }
    if (items.length) await ports.outbox.enqueue(items);
  }

  async function respond(actor: Actor, input: RespondInput): Promise<RespondOutcome> {
    const directory = actor.directory;
    const m = await requireMeeting(ports.repo, actor, input.meetingId, 'meeting.apologies');
    const body = bodyOf(directory, m);
    const seat = body.seats.find((s) => s.id === input.seatId);
    if (!seat) throw meetingErrors.notASeat(body.name);
    if (seat.holderId !== actor.person.id) throw meetingErrors.notHolder(seat.title);
    authorize(subjectOf(actor), 'meeting.apologies', { bodyId: body.id });
    const now = ports.clock.now();
    if (m.status === 'cancelled') throw meetingErrors.cancelledNoAnswer();
    if (!isUpcoming(m, now)) throw meetingErrors.startedNoAnswer(new Date(m.startsAt));
    const deputyId = input.response === 'apologies' ? input.deputyId?.trim() || undefined : undefined;
    if (deputyId && !namedDeputies(directory.partnership, seat).includes(deputyId)) {
      throw meetingErrors.deputyNotNamed(directory.person(deputyId)?.displayName ?? deputyId, directory.agency(seat.agencyId)?.name);
    }
    const proxyId = input.response === 'apologies' ? input.proxyId?.trim() || undefined : undefined;
    if (proxyId) {
      if (!body.proxies) throw meetingErrors.noProxies(body.name);
      if (deputyId) throw meetingErrors.deputyAndProxy();
      if (!directory.person(proxyId)) throw meetingErrors.unknownProxy();
      if (proxyId === actor.person.id) throw meetingErrors.selfProxy();
    }
    const base = { id: apologyId(m.id, seat.id), partnershipId: m.partnershipId, meetingId: m.id, bodyId: body.id, seatId: seat.id, ...(seat.agencyId ? { agencyId: seat.agencyId } : {}), holderId: actor.person.id };
    const rule = body.proxies;
    const answered = { response: input.response, ...(deputyId ? { deputyId } : {}), ...(proxyId ? { proxyId } : {}) };
    const at = now.toISOString();
    const apply = (current: Apology | undefined) => applyResponse(current, base, { personId: actor.person.id, response: input.response, deputyId, proxyId, at, ...(input.via ? { via: input.via } : {}) });
    let current = await ports.repo.getApology(m.partnershipId, base.id);
    let outcome = apply(current);
    // The first answer is created once; one that lost the race to create is applied to the stored one.
    const created = !current && (await ports.repo.createApology(outcome.apology));
    if (!created) {
      current ??= await ports.repo.getApology(m.partnershipId, base.id);
      if (!current) throw meetingErrors.answerBusy();
      await updateOptimistically(
        current,
        (x) => {
          current = x;
          outcome = apply(x);
          return outcome.kind === 'unchanged' ? x : outcome.apology;
        },
        { replace: (n) => ports.repo.replaceApology(n), reread: () => ports.repo.getApology(m.partnershipId, base.id) },
        { ...recordErrors('meeting-answer'), busy: meetingErrors.answerBusy },
      );
    }
    if (outcome.kind === 'unchanged') {
      await tellDeputies(directory, m, seat, outcome.apology);
      await proxyRule.afterProxyAnswer(directory, m, seat, outcome.apology);
      return { kind: 'unchanged', ...answered, proxyAwaitsChair: false, substituteMissing: false, sight: await sight(ports, actor, m, seat.id) };
    }
    const prior = created ? undefined : current;
    await audit(ports, m.partnershipId, actor.person.id, `meeting.${input.response}`, base.id, prior && { response: prior.response, deputyId: prior.deputyId, proxyId: prior.proxyId }, { response: input.response, deputyId, proxyId, ...(input.via ? { via: input.via } : {}) });
    await tellDeputies(directory, m, seat, outcome.apology, outcome.previousDeputyId);
    await proxyRule.afterProxyAnswer(directory, m, seat, outcome.apology);
    await ports.onChanged?.(m.partnershipId, m.id);
    return {
      kind: 'recorded',
      ...answered,
      proxyAwaitsChair: proxyId !== undefined && rule?.chairAgreement === true && !attendingProxy(outcome.apology, rule),
      substituteMissing: input.response === 'apologies' && !deputyId && !proxyId && rule?.substituteRequired === true,
      sight: await sight(ports, actor, m, seat.id),
    };
  }

  return { respond };
}
