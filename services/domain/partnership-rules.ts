/**
 * The rules of a partnership configuration beyond its shape (partnership-schema.ts checks the
 * shape): unique ids, references that resolve, deputies only where the constitution allows them,
 * one chair per body. Each problem is `path: what is wrong`.
 */
import { NON_VOTING_ROLES, ROLE_CODES, type RoleCode } from './directory.js';

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
export function ruleProblems(json: unknown): string[] {
  const problems: string[] = [];
  const p = isObj(json) ? json : {};
  const agencies = items(p.agencies);
  const people = items(p.people);
  const bodies = items(p.bodies);

  const firstAt = (list: unknown[], prefix: string, key: 'id' | 'aadObjectId', what: string, fold = false) => {
    const seen = new Map<string, string>();
    list.forEach((x, i) => {
      const raw = isObj(x) ? str(x[key]) : undefined;
      if (raw === undefined) return;
      const value = fold ? raw.toLowerCase() : raw;
      const here = `${prefix}[${i}]`;
      const first = seen.get(value);
      if (first) problems.push(`${here}.${key}: duplicate ${what} "${raw}" (also ${first})`);
      else seen.set(value, here);
    });
    return seen;
  };
  const agencyIds = firstAt(agencies, 'agencies', 'id', 'agency id');
  const personIds = firstAt(people, 'people', 'id', 'person id');
  firstAt(people, 'people', 'aadObjectId', 'aadObjectId', true);
  const bodyIds = firstAt(bodies, 'bodies', 'id', 'body id');

  const agencyById = new Map<string, Raw>();
  for (const a of agencies) if (isObj(a) && str(a.id) !== undefined && !agencyById.has(a.id as string)) agencyById.set(a.id as string, a);

  const seatIds = new Map<string, string>();
  const parents = new Map<string, string>();
  bodies.forEach((b, bi) => {
    if (!isObj(b)) return;
    const at = `bodies[${bi}]`;
    const bodyId = str(b.id);
    const parent = str(b.parentBodyId);
    if (parent !== undefined) {
      if (!bodyIds.has(parent)) problems.push(`${at}.parentBodyId: unknown body "${parent}"`);
      else if (parent === bodyId) problems.push(`${at}.parentBodyId: a body cannot be its own parent`);
      else if (bodyId !== undefined) parents.set(bodyId, parent);
    }
    const reportsTo = isObj(b.reporting) ? str(b.reporting.toBodyId) : undefined;
    if (reportsTo !== undefined) {
      if (!bodyIds.has(reportsTo)) problems.push(`${at}.reporting.toBodyId: unknown body "${reportsTo}"`);
      else if (reportsTo === bodyId) problems.push(`${at}.reporting.toBodyId: a body cannot report to itself`);
    }

    const chairs: string[] = [];
    const voters = new Map<string, string>();
    items(b.seats).forEach((s, si) => {
      if (!isObj(s)) return;
      const sat = `${at}.seats[${si}]`;
      const seatId = str(s.id);
      if (seatId !== undefined) {
        const first = seatIds.get(seatId);
        if (first) problems.push(`${sat}.id: duplicate seat id "${seatId}" (also ${first})`);
        else seatIds.set(seatId, sat);
      }
      const agencyId = str(s.agencyId);
      if (agencyId !== undefined && !agencyIds.has(agencyId)) problems.push(`${sat}.agencyId: unknown agency "${agencyId}"`);
      const holderId = str(s.holderId);
      if (holderId !== undefined && !personIds.has(holderId)) problems.push(`${sat}.holderId: unknown person "${holderId}"`);
      const deputyId = str(s.deputyId);
      if (deputyId !== undefined) {
        if (!personIds.has(deputyId)) problems.push(`${sat}.deputyId: unknown person "${deputyId}"`);
        const why = noDeputyReason(s, agencyId === undefined ? undefined : agencyById.get(agencyId));
        if (why) problems.push(`${sat}.deputyId: ${why}`);
        if (deputyId === holderId) problems.push(`${sat}.deputyId: the deputy is the seat's holder; a standing deputy is someone else`);
      }
      const office = str(s.office);
      if (office !== undefined && CHAIR_OFFICES.includes(office)) chairs.push(`seats[${si}]`);
      if (s.voting === true) {
        if (!votingRoles(s)) problems.push(`${sat}.voting: only a voting member (role V, and no PO, SA, A or BS role) can cast its agency's vote (C §4.10)`);
        else if (agencyId === undefined) problems.push(`${sat}.voting: the seat represents no agency, so it has no agency vote to cast (C §4.10)`);
        else {
          const first = voters.get(agencyId);
          const name = str(agencyById.get(agencyId)?.name) ?? agencyId;
          if (first) problems.push(`${sat}.voting: ${first} already casts the vote of "${name}" on this body; only one member per agency may vote (C §4.10)`);
          else voters.set(agencyId, `seats[${si}]`);
        }
      }
      if (office === 'vice-chair' && isObj(b.viceChair)) {
        const rule = b.viceChair;
        const source = str(rule.source) ?? 'the constitution';
        const agency = agencyId === undefined ? undefined : agencyById.get(agencyId);
        if (items(rule.notFromAgencyIds).includes(agencyId)) {
          problems.push(`${sat}.office: the vice chair may not come from "${str(agency?.name) ?? agencyId}" (${source})`);
        } else if (rule.statutoryMembersOnly === true && (agency?.statutory !== true || !votingRoles(s))) {
          problems.push(`${sat}.office: the vice chair is chosen from the statutory, voting members (${source})`);
        }
      }
      items(s.terms).forEach((t, ti) => {
        if (!isObj(t)) return;
        const tat = `${sat}.terms[${ti}]`;
        for (const key of ['holderId', 'deputyId'] as const) {
          const who = str(t[key]);
          if (who !== undefined && !personIds.has(who)) problems.push(`${tat}.${key}: unknown person "${who}"`);
        }
        const termAgency = str(t.agencyId);
        if (termAgency !== undefined && !agencyIds.has(termAgency)) problems.push(`${tat}.agencyId: unknown agency "${termAgency}"`);
        const previous = ti > 0 ? items(s.terms)[ti - 1] : undefined;
        const from = str(t.from);
        const before = isObj(previous) ? str(previous.from) : undefined;
        if (from !== undefined && before !== undefined && from <= before) problems.push(`${tat}.from: terms run oldest first, each starting after the one before`);
        const endsOn = str(s.endsOn);
        if (from !== undefined && endsOn !== undefined && ti === 0 && endsOn < from) problems.push(`${sat}.endsOn: the seat ends before its first term begins`);
      });
    });
    const decision = isObj(b.decision) ? b.decision : undefined;
    const referTo = decision && isObj(decision.dissent) ? str(decision.dissent.referToPersonId) : undefined;
    if (referTo !== undefined && !personIds.has(referTo)) problems.push(`${at}.decision.dissent.referToPersonId: unknown person "${referTo}"`);
    if (decision && isObj(decision.castingVote) && decision.castingVote.holder === 'independent-chair' && !items(b.seats).some((s) => isObj(s) && s.office === 'independent-chair')) {
      problems.push(`${at}.decision.castingVote.holder: the body has no independent chair to hold the casting vote`);
    }
    if (chairs.length === 0) problems.push(`${at}.seats: no chair; a body has exactly one seat with office "chair" or "independent-chair"`);
    if (chairs.length > 1) problems.push(`${at}.seats: ${chairs.length} chairs (${chairs.join(', ')}); a body has exactly one`);

    const conditions = isObj(b.quorum) ? items(b.quorum.conditions) : [];
    conditions.forEach((c, ci) => {
      if (!isObj(c)) return;
      const cat = `${at}.quorum.conditions[${ci}]`;
      if (c.kind === 'required-present') {
        items(c.groups).forEach((g, gi) => {
          if (!isObj(g)) return;
          const ids = items(g.agencyIds);
          ids.forEach((a, ai) => {
            if (typeof a === 'string' && !agencyIds.has(a)) problems.push(`${cat}.groups[${gi}].agencyIds[${ai}]: unknown agency "${a}"`);
          });
          if (ids.length === 0 && g.sector === undefined) problems.push(`${cat}.groups[${gi}]: names no agencyIds and no sector, so nobody can meet it`);
        });
      }
      if (c.kind === 'each-safeguarding-partner' && ![...agencyById.values()].some((a) => a.safeguardingPartner === true)) {
        problems.push(`${cat}: no agency is marked safeguardingPartner`);
      }
    });
  });

  for (const [start] of parents) {
    const chain = [start];
    for (let next = parents.get(start); next !== undefined; next = parents.get(next)) {
      if (chain.includes(next)) {
        if (next === start) problems.push(`${bodyIds.get(start)}.parentBodyId: the parent chain loops (${[...chain, next].join(' → ')})`);
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
function noDeputyReason(seat: Raw, agency: Raw | undefined): string | undefined {
  const roles = items(seat.roles).filter((r): r is RoleCode => typeof r === 'string' && (ROLE_CODES as readonly string[]).includes(r));
  if (roles.length > 0 && roles.every((r) => NO_DEPUTY_ROLES.includes(r))) {
    return `advisors, observers and board staff (roles ${roles.join(', ')}) have no deputies (C App3)`;
  }
  if (str(seat.agencyId) === undefined) return 'only statutory partner seats have a standing deputy (C §5.6), and this seat represents no agency';
  if (!agency) return undefined;
  const name = str(agency.name) ?? str(agency.id);
  if (agency.sectorSeat === true) return `"${name}" is a sector seat: sector members cover each other and have no deputy (C §5.7)`;
  if (agency.statutory !== true) return `"${name}" is not a statutory agency: only statutory partners name a standing deputy (C §5.6)`;
  return undefined;
}
