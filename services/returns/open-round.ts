import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { atLondonTime, londonDate } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import type { Section11Standard } from '../domain/returns-config.js';
import { returnLeadsOf, type ReturnLeads } from '../domain/returns-leads.js';
import { emptyReturns, indicatorsOwedBy, isPeriod, reminderDaysOf, RETURN_LIMITS, roundIdOf, type ReturnKind, type ReturnProblem, type ReturnRound } from '../domain/returns.js';
import type { NewDelivery } from '../ports/outbox.js';
import { configOf, roundFacts, type ReturnsPorts } from './support.js';

export interface OpenRoundInput {
  kind: ReturnKind;
  period: string;
  title: string;
  /** The last day for returns (YYYY-MM-DD): the deadline is 17:00 London that day. */
  deadline: string;
  agencyIds: string[];
  /** This round's standards, when the manager edits the framework's for it (Section 11). */
  standards?: { id: string; text: string }[];
}

export type OpenRoundOutcome =
  | { kind: 'opened'; round: ReturnRound; requested: number }
  | { kind: 'already-open'; round: ReturnRound }
  | { kind: 'rejected'; problems: ReturnProblem[] };

/** The deadline's hour: returns are due by the end of the working day. */
export const DEADLINE_HOUR = 17;

/**
 * The manager opens a round: Section 11 for a year, or a quarter of the data set. Every owing agency
 * gets a stored "not returned" return, and its return leads a card that opens it in the tab.
 */
export function openRound(ports: ReturnsPorts) {
  return async (actor: Actor, input: OpenRoundInput): Promise<OpenRoundOutcome> => {
    authorize(subjectOf(actor), 'returns.open');
    const d = actor.directory;
    const config = configOf(d);
    const now = ports.clock.now();
    const problems: ReturnProblem[] = [];
    const kind: ReturnKind = input.kind === 'data-set' ? 'data-set' : 'section-11';
    const period = (input.period ?? '').trim();
    if (!isPeriod(kind, period)) problems.push({ code: 'period-invalid', field: 'period', kind });
    const title = (input.title ?? '').trim();
    if (!title) problems.push({ code: 'title-missing', field: 'title' });
    else if (title.length > RETURN_LIMITS.title) problems.push({ code: 'too-long', field: 'title', limit: RETURN_LIMITS.title });
    let deadline: string | undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline ?? '')) problems.push({ code: 'deadline-invalid', field: 'deadline' });
    else if (input.deadline < londonDate(now)) problems.push({ code: 'deadline-past', field: 'deadline', deadline: input.deadline });
    else deadline = atLondonTime(input.deadline, DEADLINE_HOUR).toISOString();
    const agencyIds = [...new Set((input.agencyIds ?? []).map((a) => a.trim()).filter(Boolean))];
    if (agencyIds.length === 0) problems.push({ code: 'agencies-missing', field: 'agencyIds' });
    if (agencyIds.length > RETURN_LIMITS.agencies) problems.push({ code: 'too-long', field: 'agencyIds', limit: RETURN_LIMITS.agencies });
    const leads = new Map<string, ReturnLeads>();
    const indicators = kind === 'data-set' ? (config.dataSet?.indicators ?? []).filter((i) => agencyIds.includes(i.agencyId)) : [];
    for (const agencyId of agencyIds.slice(0, RETURN_LIMITS.agencies)) {
      if (!d.agency(agencyId)) {
        problems.push({ code: 'agency-unknown', field: 'agencyIds', agencyId: agencyId.slice(0, 60) });
        continue;
      }
      const l = returnLeadsOf(d, config, agencyId);
      if (l.holderIds.length + l.deputyIds.length + l.auditLeadIds.length === 0) problems.push({ code: 'agency-no-lead', field: 'agencyIds', agencyId });
      if (kind === 'data-set' && indicatorsOwedBy({ indicators }, agencyId).length === 0) problems.push({ code: 'agency-owes-nothing', field: 'agencyIds', agencyId });
      leads.set(agencyId, l);
    }
    const standards: Section11Standard[] =
      kind === 'section-11' ? (input.standards?.length ? input.standards : config.section11.standards).map((s) => ({ id: String(s.id).trim(), text: String(s.text).trim() })) : [];
    if (kind === 'section-11' && (standards.length === 0 || standards.some((s) => !s.id || !s.text))) problems.push({ code: 'standards-missing', field: 'standards' });
    if (standards.some((s) => s.text.length > RETURN_LIMITS.evidence)) problems.push({ code: 'too-long', field: 'standards', limit: RETURN_LIMITS.evidence });
    if (problems.length) return { kind: 'rejected', problems };

    const round: ReturnRound = {
      id: roundIdOf(kind, period),
      partnershipId: d.partnership.id,
      kind,
      period,
      title,
      deadline: deadline!,
      agencyIds,
      standards,
      indicators,
      reminderWorkingDays: reminderDaysOf(config),
      qaBodyId: config.qaBodyId,
      createdBy: actor.person.id,
      openedAt: now.toISOString(),
    };
    if (!(await ports.repo.createRound(round))) {
      const existing = await ports.repo.getRound(round.partnershipId, round.id);
      // A retried open by its opener finishes what the first did (the returns and cards are idempotent).
      if (!existing || existing.createdBy !== actor.person.id) return { kind: 'rejected', problems: [{ code: 'round-exists', field: 'period', kind, period }] };
      await ports.repo.createReturns(emptyReturns(existing));
      await ports.outbox.enqueue(requests(d, existing, leads, ports));
      return { kind: 'already-open', round: existing };
    }
    await ports.repo.createReturns(emptyReturns(round));
    const items = requests(d, round, leads, ports);
    await ports.outbox.enqueue(items);
    await ports.audit.record({ partnershipId: round.partnershipId, at: round.openedAt, actor: actor.person.id, action: 'returns.open', subject: round.id, after: { agencies: agencyIds } });
    ports.log.info({ roundId: round.id, agencies: agencyIds.length, cards: items.length }, 'return round opened');
    return { kind: 'opened', round, requested: items.length };
  };
}

function requests(d: Directory, round: ReturnRound, leads: Map<string, ReturnLeads>, ports: Pick<ReturnsPorts, 'presenter'>): NewDelivery[] {
  const items: NewDelivery[] = [];
  const seen = new Set<string>();
  for (const agencyId of round.agencyIds) {
    const l = leads.get(agencyId);
    if (!l) continue;
    const agency = { id: agencyId, name: d.agency(agencyId)?.name ?? agencyId };
    const asked: [string, 'holder' | 'deputy' | 'audit-lead'][] = [
      ...l.holderIds.map((id) => [id, 'holder'] as [string, 'holder']),
      ...l.deputyIds.map((id) => [id, 'deputy'] as [string, 'deputy']),
      ...l.auditLeadIds.map((id) => [id, 'audit-lead'] as [string, 'audit-lead']),
    ];
    for (const [personId, as] of asked) {
      const aad = d.person(personId)?.aadObjectId;
      // One person leading two agencies' returns gets one card per agency, each in its own batch.
      const batchId = `returns:${round.id}:${agencyId}:open`;
      if (!aad || seen.has(`${batchId}:${aad}`)) continue;
      seen.add(`${batchId}:${aad}`);
      items.push({ partnershipId: round.partnershipId, batchId, recipientAad: aad, card: ports.presenter.requested({ round: roundFacts(round), agency, as }) });
    }
  }
  return items;
}
