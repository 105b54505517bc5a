/**
 * The quorum conditions a body's rule is made of, each evaluated to the facts that explain it (domain.md §4). Pure:
 * cards/meeting/quorum-words.ts puts the facts into words.
 */
import type { Agency, Body, QuorumCondition, Seat } from './directory.js';
import { isBoardStaff, type AgencyPresence, type ConditionResult, type MissingItem } from './quorum.js';

export interface Attendee {
  seat: Seat;
  agency: Agency | undefined;
  deputy: boolean;
}

export interface QuorumContext {
  body: Body;
  agenciesById: Map<string, Agency>;
  attendees: Attendee[];
  chairSeatId: string | undefined;
  /** Agencies represented only by deputies, marked as such in the facts. */
  deputyOnly: Set<string>;
}

export function evaluateCondition(condition: QuorumCondition, ctx: QuorumContext): ConditionResult {
  switch (condition.kind) {
    case 'min-agencies':
      return minAgencies(condition, ctx);
    case 'required-present':
      return requiredPresent(condition, ctx);
    case 'commissioner-and-provider':
      return commissionerAndProvider(condition, ctx);
    case 'membership-share':
      return membershipShare(condition, ctx);
    case 'each-safeguarding-partner':
      return eachSafeguardingPartner(condition, ctx);
  }
}

/** The distinct agencies represented by the counted attendees, in order of first appearance. */
function presentAgencies(
  ctx: QuorumContext,
  opts: { excludeChair?: boolean; excludeBoardStaff?: boolean; statutoryOnly?: boolean } = {},
): Agency[] {
  const out = new Map<string, Agency>();
  for (const a of ctx.attendees) {
    if (opts.excludeChair && a.seat.id === ctx.chairSeatId) continue;
    if (opts.excludeBoardStaff && isBoardStaff(a.seat)) continue;
    if (!a.agency) continue;
    if (opts.statutoryOnly && !a.agency.statutory) continue;
    out.set(a.agency.id, a.agency);
  }
  return [...out.values()];
}

function nameOf(ctx: QuorumContext, a: Agency): AgencyPresence {
  return { name: a.name, deputy: ctx.deputyOnly.has(a.id) };
}

function minAgencies(condition: Extract<QuorumCondition, { kind: 'min-agencies' }>, ctx: QuorumContext): ConditionResult {
  const agencies = presentAgencies(ctx, condition);
  const byServiceArea = condition.countBy === 'service-area';
  const units = new Map<string, AgencyPresence[]>();
  for (const a of agencies) {
    const key = byServiceArea ? (a.serviceArea ?? a.id) : a.id;
    units.set(key, [...(units.get(key) ?? []), nameOf(ctx, a)]);
  }
  const count = units.size;
  const met = count >= condition.count;
  const unit = { statutoryOnly: condition.statutoryOnly === true, byServiceArea };
  return {
    condition,
    met,
    facts: {
      kind: 'min-agencies',
      ...unit,
      present: [...units.values()],
      needed: condition.count,
      excludeChair: condition.excludeChair === true,
      excludeBoardStaff: condition.excludeBoardStaff === true,
    },
    missing: met ? [] : [{ kind: 'more-units', count: condition.count - count, ...unit, besidesChair: condition.excludeChair === true }],
  };
}

function requiredPresent(condition: Extract<QuorumCondition, { kind: 'required-present' }>, ctx: QuorumContext): ConditionResult {
  const agencies = presentAgencies(ctx, { excludeChair: condition.excludeChair });
  const missing: MissingItem[] = [];
  const groups: { label: string; present: AgencyPresence[] }[] = [];
  for (const group of condition.groups) {
    const by = agencies.filter(
      (a) => (group.agencyIds?.includes(a.id) ?? false) || (group.sector !== undefined && a.sector === group.sector),
    );
    groups.push({ label: group.label, present: by.map((a) => nameOf(ctx, a)) });
    if (by.length === 0) {
      const only = group.sector === undefined && group.agencyIds?.length === 1 ? ctx.agenciesById.get(group.agencyIds[0] ?? '') : undefined;
      missing.push({ kind: 'named', name: only?.name ?? group.label });
    }
  }
  return {
    condition,
    met: missing.length === 0,
    facts: { kind: 'required-present', groups, excludeChair: condition.excludeChair === true },
    missing,
  };
}

const commissions = (a: Agency) => a.serviceRole === 'commissioner' || a.serviceRole === 'both';
const provides = (a: Agency) => a.serviceRole === 'provider' || a.serviceRole === 'both';

/**
 * "split between commissioners and providers" (C §4.11): among present statutory agencies, one that
 * commissions and a different one that provides. A single agency that does both is not a split.
 */
function commissionerAndProvider(
  condition: Extract<QuorumCondition, { kind: 'commissioner-and-provider' }>,
  ctx: QuorumContext,
): ConditionResult {
  const present = presentAgencies(ctx, { statutoryOnly: true });
  const commissioners = present.filter(commissions);
  const providers = present.filter(provides);
  const distinct = new Set([...commissioners, ...providers].map((a) => a.id));
  const met = commissioners.length > 0 && providers.length > 0 && distinct.size >= 2;

  const presentIds = new Set(present.map((a) => a.id));
  const absentOnBody = (test: (a: Agency) => boolean) => {
    const ids = new Set(ctx.body.seats.map((s) => s.agencyId).filter((id): id is string => id !== undefined));
    return [...ids]
      .map((id) => ctx.agenciesById.get(id))
      .filter((a): a is Agency => a !== undefined && a.statutory && !presentIds.has(a.id) && test(a))
      .map((a) => a.name);
  };
  const missing: MissingItem[] = [];
  if (!met) {
    if (commissioners.length === 0) missing.push({ kind: 'statutory-role', role: 'commissioner', candidates: absentOnBody(commissions) });
    if (providers.length === 0) missing.push({ kind: 'statutory-role', role: 'provider', candidates: absentOnBody(provides) });
    if (missing.length === 0) missing.push({ kind: 'statutory-role', role: 'either', candidates: absentOnBody((a) => commissions(a) || provides(a)) });
  }
  return {
    condition,
    met,
    facts: {
      kind: 'commissioner-and-provider',
      commissioners: commissioners.map((a) => nameOf(ctx, a)),
      providers: providers.map((a) => nameOf(ctx, a)),
    },
    missing,
  };
}

/**
 * "fifty percent of the membership" (L): attended seats over filled seats. Vacant seats and board staff
 * are not membership.
 */
function membershipShare(condition: Extract<QuorumCondition, { kind: 'membership-share' }>, ctx: QuorumContext): ConditionResult {
  const isMember = (s: Seat) => s.holderId !== undefined && !isBoardStaff(s);
  const members = ctx.body.seats.filter(isMember);
  const present = ctx.attendees.filter((a) => isMember(a.seat)).length;
  const needed = Math.ceil(condition.share * members.length - 1e-9);
  const met = members.length > 0 && present >= needed;
  return {
    condition,
    met,
    facts: { kind: 'membership-share', present, members: members.length, share: condition.share, needed },
    missing: met ? [] : [members.length === 0 ? { kind: 'no-members' } : { kind: 'more-members', count: needed - present }],
  };
}

function eachSafeguardingPartner(
  condition: Extract<QuorumCondition, { kind: 'each-safeguarding-partner' }>,
  ctx: QuorumContext,
): ConditionResult {
  const onBody = new Set(ctx.body.seats.map((s) => s.agencyId).filter((id): id is string => id !== undefined));
  const partners = [...onBody]
    .map((id) => ctx.agenciesById.get(id))
    .filter((a): a is Agency => a !== undefined && a.safeguardingPartner === true);
  const presentIds = new Set(presentAgencies(ctx).map((a) => a.id));
  const absent = partners.filter((a) => !presentIds.has(a.id)).map((a) => a.name);
  const present = partners.filter((a) => presentIds.has(a.id)).map((a) => nameOf(ctx, a));
  return {
    condition,
    met: absent.length === 0,
    facts: { kind: 'each-safeguarding-partner', partners: partners.length, present, absent },
    missing: absent.map((name) => ({ kind: 'named', name })),
  };
}
