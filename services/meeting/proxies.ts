import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import type { Directory, Seat } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import { apologyId, attendingProxy, type Apology, type Meeting } from '../domain/meeting.js';
import type { MeetingNews, MeetingSight } from '../ports/meetings.js';
import type { NewDelivery } from '../ports/outbox.js';
import { updateOptimistically } from '../optimistic-update.js';
import { assertUpcoming, audit, bodyOf, requireMeeting, sight, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'outbox' | 'present' | 'audit' | 'clock' | 'onChanged'>;

export interface ProxyAnswerInput {
  meetingId: string;
  seatId: string;
  agree: boolean;
}

export type ProxyAnswerOutcome = { kind: 'recorded' | 'unchanged'; agree: boolean; proxyId: string; holderId: string; sight: MeetingSight };

/**
 * Proxies where a body takes them (L, Partnership Group ToR): a proxy waiting for the chair is put to
 * the chair, an attending proxy is told, apologies naming nobody where someone must attend are put to
 * the chair; and the chair's answer.
 */
export function proxies(ports: Ports) {
  /** One card per answer, to whoever the rule says must hear of it. */
  async function afterProxyAnswer(directory: Directory, m: Meeting, seat: Seat, apology: Apology) {
    const rule = bodyOf(directory, m).proxies;
    if (!rule || apology.response !== 'apologies') return;
    const now = ports.clock.now();
    const chairId = directory.chairSeat(bodyOf(directory, m))?.holderId;
    const items: NewDelivery[] = [];
    const to = (personId: string | undefined, batch: string, news: MeetingNews) => {
      const person = personId ? directory.person(personId) : undefined;
      if (person) {
        items.push({ partnershipId: m.partnershipId, batchId: `meeting:${m.id}:${batch}:${seat.id}:${apology.history.length}`, recipientAad: person.aadObjectId, card: ports.present.news(directory, m, now, news) });
      }
    };
    const proxy = apology.proxyId;
    const about = { seatId: seat.id, holderId: apology.holderId };
    if (proxy && rule.chairAgreement && !apology.proxyAgreement) to(chairId, 'proxy-request', { kind: 'proxy-request', ...about, proxyId: proxy });
    else if (proxy && attendingProxy(apology, rule)) to(proxy, 'proxy', { kind: 'proxy-asked', ...about, agreed: apology.proxyAgreement?.agreed === true });
    else if (!proxy && !apology.deputyId && rule.substituteRequired) to(chairId, 'no-substitute', { kind: 'no-substitute', ...about });
    if (items.length) await ports.outbox.enqueue(items);
  }

  /** The chair agrees to a member's proxy, or refuses it; the member and the proxy are told. */
  async function answerProxy(actor: Actor, input: ProxyAnswerInput): Promise<ProxyAnswerOutcome> {
    const directory = actor.directory;
    const m = await requireMeeting(ports.repo, actor, input.meetingId, 'meeting.proxy');
    const body = bodyOf(directory, m);
    authorize(subjectOf(actor), 'meeting.proxy', { bodyId: body.id });
    const now = ports.clock.now();
    assertUpcoming(directory, m, now);
    const waiting = (x: Apology | undefined): x is Apology & { proxyId: string } => x !== undefined && x.response === 'apologies' && x.proxyId !== undefined;
    const a = await ports.repo.getApology(m.partnershipId, apologyId(m.id, input.seatId));
    if (!waiting(a)) throw meetingErrors.noProxyWaiting();
    if (a.proxyAgreement?.agreed === input.agree) return { kind: 'unchanged', agree: input.agree, proxyId: a.proxyId, holderId: a.holderId, sight: await sight(ports, actor, m) };
    let before = a;
    const stored = await updateOptimistically(
      a,
      (x) => {
        if (!waiting(x)) throw meetingErrors.noProxyWaiting();
        before = x;
        return x.proxyAgreement?.agreed === input.agree ? x : { ...x, proxyAgreement: { agreed: input.agree, by: actor.person.id, at: now.toISOString() } };
      },
      { replace: (n) => ports.repo.replaceApology(n), reread: () => ports.repo.getApology(m.partnershipId, a.id) },
      { gone: meetingErrors.noProxyWaiting, busy: meetingErrors.proxyBusy },
    );
    const about = { agree: input.agree, proxyId: before.proxyId, holderId: before.holderId };
    // Someone recorded the same answer meanwhile: nothing more to tell.
    if (stored === before) return { kind: 'unchanged', ...about, sight: await sight(ports, actor, m) };
    await audit(ports, m.partnershipId, actor.person.id, input.agree ? 'meeting.proxy.agree' : 'meeting.proxy.refuse', a.id, before.proxyAgreement, stored.proxyAgreement);
    await ports.onChanged?.(m.partnershipId, m.id);
    const seat = body.seats.find((s) => s.id === before.seatId);
    const batchId = `meeting:${m.id}:proxy-answer:${before.seatId}:${before.history.length}:${input.agree ? 'agreed' : 'refused'}`;
    const tell = (personId: string, news: MeetingNews): NewDelivery[] => {
      const person = directory.person(personId);
      return person ? [{ partnershipId: m.partnershipId, batchId, recipientAad: person.aadObjectId, card: ports.present.news(directory, m, now, news) }] : [];
    };
    await ports.outbox.enqueue([
      ...tell(before.holderId, { kind: 'proxy-answered', proxyId: about.proxyId, agreed: input.agree }),
      ...(input.agree && seat ? tell(about.proxyId, { kind: 'proxy-confirmed', seatId: seat.id, holderId: before.holderId }) : []),
    ]);
    return { kind: 'recorded', ...about, sight: await sight(ports, actor, m) };
  }

  return { answerProxy, afterProxyAnswer };
}
