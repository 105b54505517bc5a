/**
 * The rules of a partnership configuration beyond its shape (partnership-schema.ts checks the
 * shape): unique ids, references that resolve, deputies only where the constitution allows them,
 * one chair per body. Each problem is coded (partnership-problems.ts) at its path.
 */
import { NON_VOTING_ROLES, ROLE_CODES, type RoleCode } from './directory.js';
import type { ConfigProblem, ConfigRuleFact, UniqueId } from './partnership-problems.js';

const CHAIR_OFFICES: readonly string[] = ['chair', 'independent-chair'];
/** Advisors and observers have no deputies (C App3); nor do board staff. */
const NO_DEPUTY_ROLES: readonly RoleCode[] = NON_VOTING_ROLES;

export type Raw = Record<string, unknown>;
export const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The rules beyond shape: unique ids, references that resolve, deputies only where the constitution
 * allows them (C §5.6-5.7, C App3), one chair per body. Reads the raw input defensively so these are
 * reported alongside shape problems rather than after they are fixed.
 */
export function ruleProblems(json: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (field: string, fact: ConfigRuleFact) => problems.push({ field, ...fact });
  const p = isObj(json) ? json : {};
  const agencies = items(p.agencies);
  const people = items(p.people);
  const bodies = items(p.bodies);

  const firstAt = (list: unknown[], prefix: string, key: 'id' | 'aadObjectId', what: UniqueId, fold = false) => {
    const seen = new Map<string, string>();
    list.forEach((x, i) => {
      const raw = isObj(x) ? str(x[key]) : undefined;
      if (raw === undefined) return;
      const value = fold ? raw.toLowerCase() : raw;
      const here = `${prefix}[${i}]`;
      const first = seen.get(value);
      if (first) at(`${here}.${key}`, { code: 'config.duplicate', what, value: raw, also: first });
      else seen.set(value, here);
    });
    return seen;
  };
  const agencyIds = firstAt(agencies, 'agencies', 'id', 'agency-id');
  const personIds = firstAt(people, 'people', 'id', 'person-id');
  firstAt(people, 'people', 'aadObjectId', 'aad-object-id', true);
  const bodyIds = firstAt(bodies, 'bodies', 'id', 'body-id');

  const agencyById = new Map<string, Raw>();
  for (const a of agencies) if (isObj(a) && str(a.id) !== undefined && !agencyById.has(a.id as string)) agencyById.set(a.id as string, a);

  const seatIds = new Map<string, string>();
  const parents = new Map<string, string>();
  bodies.forEach((b, bi) => {
    if (!isObj(b)) return;
    const bat = `bodies[${bi}]`;
    const bodyId = str(b.id);
    const parent = str(b.parentBodyId);
    if (parent !== undefined) {
      if (!bodyIds.has(parent)) at(`${bat}.parentBodyId`, { code: 'config.unknown', thing: 'body', id: parent });
      else if (parent === bodyId) at(`${bat}.parentBodyId`, { code: 'config.own-parent' });
      else if (bodyId !== undefined) parents.set(bodyId, parent);
    }
    const reportsTo = isObj(b.reporting) ? str(b.reporting.toBodyId) : undefined;
    if (reportsTo !== undefined) {
      if (!bodyIds.has(reportsTo)) at(`${bat}.reporting.toBodyId`, { code: 'config.unknown', thing: 'body', id: reportsTo });
      else if (reportsTo === bodyId) at(`${bat}.reporting.toBodyId`, { code: 'config.reports-to-itself' });
    }

    const chairs: string[] = [];
    const voters = new Map<string, string>();
    items(b.seats).forEach((s, si) => {
      if (!isObj(s)) return;
      const sat = `${bat}.seats[${si}]`;
      const seatId = str(s.id);
      if (seatId !== undefined) {
        const first = seatIds.get(seatId);
        if (first) at(`${sat}.id`, { code: 'config.duplicate', what: 'seat-id', value: seatId, also: first });
        else seatIds.set(seatId, sat);
      }
      const agencyId = str(s.agencyId);
      if (agencyId !== undefined && !agencyIds.has(agencyId)) at(`${sat}.agencyId`, { code: 'config.unknown', thing: 'agency', id: agencyId });
      const holderId = str(s.holderId);
      if (holderId !== undefined && !personIds.has(holderId)) at(`${sat}.holderId`, { code: 'config.unknown', thing: 'person', id: holderId });
      const deputyId = str(s.deputyId);
      if (deputyId !== undefined) {
        if (!personIds.has(deputyId)) at(`${sat}.deputyId`, { code: 'config.unknown', thing: 'person', id: deputyId });
        const why = noDeputyReason(s, agencyId === undefined ? undefined : agencyById.get(agencyId));
        if (why) at(`${sat}.deputyId`, why);
        if (deputyId === holderId) at(`${sat}.deputyId`, { code: 'config.deputy-is-holder' });
      }
      const office = str(s.office);
      if (office !== undefined && CHAIR_OFFICES.includes(office)) chairs.push(`seats[${si}]`);
      if (s.voting === true) {
        if (!votingRoles(s)) at(`${sat}.voting`, { code: 'config.vote-without-voting-role' });
        else if (agencyId === undefined) at(`${sat}.voting`, { code: 'config.vote-without-agency' });
        else {
          const first = voters.get(agencyId);
          const name = str(agencyById.get(agencyId)?.name) ?? agencyId;
          if (first) at(`${sat}.voting`, { code: 'config.second-voter', voter: first, agency: name });
          else voters.set(agencyId, `seats[${si}]`);
        }
      }
      if (office === 'vice-chair' && isObj(b.viceChair)) {
        const rule = b.viceChair;
        const source = str(rule.source);
        const agency = agencyId === undefined ? undefined : agencyById.get(agencyId);
        if (items(rule.notFromAgencyIds).includes(agencyId)) {
          at(`${sat}.office`, { code: 'config.vice-chair-from-agency', agency: str(agency?.name) ?? String(agencyId), ...(source !== undefined ? { source } : {}) });
        } else if (rule.statutoryMembersOnly === true && (agency?.statutory !== true || !votingRoles(s))) {
          at(`${sat}.office`, { code: 'config.vice-chair-not-statutory', ...(source !== undefined ? { source } : {}) });
        }
      }
      items(s.terms).forEach((t, ti) => {
        if (!isObj(t)) return;
        const tat = `${sat}.terms[${ti}]`;
        for (const key of ['holderId', 'deputyId'] as const) {
          const who = str(t[key]);
          if (who !== undefined && !personIds.has(who)) at(`${tat}.${key}`, { code: 'config.unknown', thing: 'person', id: who });
        }
        const termAgency = str(t.agencyId);
        if (termAgency !== undefined && !agencyIds.has(termAgency)) at(`${tat}.agencyId`, { code: 'config.unknown', thing: 'agency', id: termAgency });
        const previous = ti > 0 ? items(s.terms)[ti - 1] : undefined;
        const from = str(t.from);
        const before = isObj(previous) ? str(previous.from) : undefined;
        if (from !== undefined && before !== undefined && from <= before) at(`${tat}.from`, { code: 'config.terms-out-of-order' });
        const endsOn = str(s.endsOn);
        if (from !== undefined && endsOn !== undefined && ti === 0 && endsOn < from) at(`${sat}.endsOn`, { code: 'config.ends-before-first-term' });
      });
    });
    const decision = isObj(b.decision) ? b.decision : undefined;
    const referTo = decision && isObj(decision.dissent) ? str(decision.dissent.referToPersonId) : undefined;
    if (referTo !== undefined && !personIds.has(referTo)) at(`${bat}.decision.dissent.referToPersonId`, { code: 'config.unknown', thing: 'person', id: referTo });
    if (decision && isObj(decision.castingVote) && decision.castingVote.holder === 'independent-chair' && !items(b.seats).some((s) => isObj(s) && s.office === 'independent-chair')) {
      at(`${bat}.decision.castingVote.holder`, { code: 'config.no-independent-chair' });
    }
    if (chairs.length === 0) at(`${bat}.seats`, { code: 'config.no-chair' });
    if (chairs.length > 1) at(`${bat}.seats`, { code: 'config.many-chairs', chairs });

    const conditions = isObj(b.quorum) ? items(b.quorum.conditions) : [];
    conditions.forEach((c, ci) => {
      if (!isObj(c)) return;
      const cat = `${bat}.quorum.conditions[${ci}]`;
      if (c.kind === 'required-present') {
        items(c.groups).forEach((g, gi) => {
          if (!isObj(g)) return;
          const ids = items(g.agencyIds);
          ids.forEach((a, ai) => {
            if (typeof a === 'string' && !agencyIds.has(a)) at(`${cat}.groups[${gi}].agencyIds[${ai}]`, { code: 'config.unknown', thing: 'agency', id: a });
          });
          if (ids.length === 0 && g.sector === undefined) at(`${cat}.groups[${gi}]`, { code: 'config.group-names-nobody' });
        });
      }
      if (c.kind === 'each-safeguarding-partner' && ![...agencyById.values()].some((a) => a.safeguardingPartner === true)) {
        at(cat, { code: 'config.no-safeguarding-partner' });
      }
    });
  });

  for (const [start] of parents) {
    const chain = [start];
    for (let next = parents.get(start); next !== undefined; next = parents.get(next)) {
      if (chain.includes(next)) {
        if (next === start) at(`${bodyIds.get(start)}.parentBodyId`, { code: 'config.parent-loop', chain: [...chain, next] });
        break;
      }
      chain.push(next);
    }
  }
  return problems;
}

/** Whether a seat's roles let it vote: V, and no non-voting role (C §4.10). */
function votingRoles(seat: Raw): boolean {
  const roles = items(seat.roles);
  return roles.includes('V') && !roles.some((r) => (NON_VOTING_ROLES as readonly unknown[]).includes(r));
}

/** Why this seat may not have a standing deputy, or undefined when it may (C §5.6-5.7, C App3). */
function noDeputyReason(seat: Raw, agency: Raw | undefined): ConfigRuleFact | undefined {
  const roles = items(seat.roles).filter((r): r is RoleCode => typeof r === 'string' && (ROLE_CODES as readonly string[]).includes(r));
  if (roles.length > 0 && roles.every((r) => NO_DEPUTY_ROLES.includes(r))) {
    return { code: 'config.deputy-for-non-voting-roles', roles };
  }
  if (str(seat.agencyId) === undefined) return { code: 'config.deputy-without-agency' };
  if (!agency) return undefined;
  const name = str(agency.name) ?? String(str(agency.id));
  if (agency.sectorSeat === true) return { code: 'config.deputy-for-sector-seat', agency: name };
  if (agency.statutory !== true) return { code: 'config.deputy-for-non-statutory', agency: name };
  return undefined;
}
