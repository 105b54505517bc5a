import { recipients, type AgencyAnswer, type Consultation } from '../domain/consultation.js';
import type { MemberDelivery, MemberDeliveryState, MemberReach } from '../domain/dashboard-views.js';
import type { Directory } from '../domain/directory.js';
import type { DeliveryFact, DeliveryQueries } from '../ports/dashboard.js';
import type { DeliveryStatus } from '../ports/outbox.js';
import { personName } from './support.js';

const STATE: Record<DeliveryStatus, MemberDeliveryState> = {
  pending: 'waiting',
  sending: 'waiting',
  sent: 'sent',
  bounced: 'bounced',
  failed: 'failed',
  unreachable: 'failed',
  blocked: 'failed',
  // Never resent; it may not have arrived, so it is not counted as sent.
  uncertain: 'failed',
};

const openBatch = (c: Pick<Consultation, 'id'>) => `consultation:${c.id}:open`;
const emptyCounts = (): Record<MemberDeliveryState, number> => ({ waiting: 0, sent: 0, bounced: 0, failed: 0, answered: 0 });

export interface DeliveryStates {
  /** How the consultation's card reached each member of the agency, per channel. */
  forItem(c: Consultation, agencyId: string): MemberDelivery[];
  /** Each member's states summed over the agency's consultations in view. */
  forAgency(agencyId: string): MemberReach[];
}

/**
 * Each member's delivery state per channel (sent, bounced, answered…), from the consultations' first
 * sending (`consultation:<id>:open`): who of the agency got the card, by Teams or email, and where it stands.
 */
export async function deliveryStates(
  queries: DeliveryQueries,
  directory: Directory,
  consultations: Consultation[],
  answers: AgencyAnswer[],
  visible: (c: Consultation, a: AgencyAnswer) => boolean,
): Promise<DeliveryStates> {
  const facts = consultations.length ? await queries.deliveries(directory.partnership.id, consultations.map(openBatch)) : [];
  const byKey = new Map<string, DeliveryFact>();
  for (const f of facts) byKey.set(`${f.batchId}|${f.recipientAad.toLowerCase()}|${f.channel}`, f);
  const answerOf = new Map(answers.map((a) => [`${a.consultationId}|${a.agencyId}`, a]));

  function forItem(c: Consultation, agencyId: string): MemberDelivery[] {
    const body = directory.body(c.bodyId);
    if (!body) return [];
    const a = answerOf.get(`${c.id}|${agencyId}`);
    const answeredBy = new Set([a?.answeredBy, ...(a?.conflicts ?? []).map((x) => x.personId)].filter((x): x is string => !!x));
    const out: MemberDelivery[] = [];
    for (const r of recipients(body, directory, c.kind, c.extraAgencyIds)) {
      if (!r.agencies.some((x) => x.agencyId === agencyId)) continue;
      const person = directory.person(r.personId);
      if (!person) continue;
      const channels: ('teams' | 'email')[] = person.channel === 'email' ? ['email'] : person.channel === 'both' ? ['teams', 'email'] : ['teams'];
      for (const channel of channels) {
        const fact = byKey.get(`${openBatch(c)}|${person.aadObjectId.toLowerCase()}|${channel}`);
        if (!fact && !answeredBy.has(person.id)) continue;
        out.push({ personId: person.id, personName: personName(directory, person.id), channel, state: answeredBy.has(person.id) ? 'answered' : STATE[fact!.status] });
      }
    }
    return out;
  }

  const byId = new Map(consultations.map((c) => [c.id, c]));
  const reach = new Map<string, Map<string, MemberReach>>();
  for (const a of answers) {
    const c = byId.get(a.consultationId);
    if (!c || !a.required || !visible(c, a)) continue;
    const members = reach.get(a.agencyId) ?? new Map<string, MemberReach>();
    reach.set(a.agencyId, members);
    for (const d of forItem(c, a.agencyId)) {
      const key = `${d.personId}|${d.channel}`;
      const m = members.get(key) ?? { personId: d.personId, personName: d.personName, channel: d.channel, counts: emptyCounts() };
      m.counts[d.state]++;
      members.set(key, m);
    }
  }

  return { forItem, forAgency: (agencyId) => [...(reach.get(agencyId)?.values() ?? [])] };
}
