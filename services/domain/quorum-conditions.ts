/** The quorum conditions a body's rule is made of, each evaluated with its explanation (domain.md §4). Pure. */
import type { Agency, Body, QuorumCondition, Seat } from './directory.js';
import { isBoardStaff, type ConditionResult } from './quorum.js';

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
  /** Agencies represented only by deputies, marked as such in explanations. */
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

function nameOf(ctx: QuorumContext, a: Agency): string {
  return ctx.deputyOnly.has(a.id) ? `${a.name} (deputy)` : a.name;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// Agency names contain commas ("Children, Schools and Families"), so lists use semicolons.
function list(names: string[]): string {
  return names.length === 0 ? 'none' : names.join('; ');
}

function orList(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join('; ')} or ${names[names.length - 1]}`;
}

function minAgencies(condition: Extract<QuorumCondition, { kind: 'min-agencies' }>, ctx: QuorumContext): ConditionResult {
  const agencies = presentAgencies(ctx, condition);
  const byServiceArea = condition.countBy === 'service-area';
  const units = new Map<string, string[]>();
  for (const a of agencies) {
    const key = byServiceArea ? (a.serviceArea ?? a.id) : a.id;
    units.set(key, [...(units.get(key) ?? []), nameOf(ctx, a)]);
  }
  const count = units.size;
  const met = count >= condition.count;
  const kind = `${condition.statutoryOnly ? 'statutory ' : ''}${byServiceArea ? 'service area' : 'agency'}`;
  const kinds = `${condition.statutoryOnly ? 'statutory ' : ''}${byServiceArea ? 'service areas' : 'agencies'}`;
  const notCounted = [condition.excludeChair ? 'the chair' : '', condition.excludeBoardStaff ? 'board staff' : '']
    .filter(Boolean)
    .join(' or ');
  const present = [...units.values()].map((names) => names.join(' / '));
  const explanation =
    `${plural(count, `separate ${kind}`, `separate ${kinds}`)} present, ${condition.count} needed` +
    `${notCounted ? ` (not counting ${notCounted})` : ''}: ${list(present)}.`;
  const short = condition.count - count;
  return {
    condition,
    met,
    explanation,
    missing: met ? [] : [`${short} more ${short === 1 ? kind : kinds}${condition.excludeChair ? ' besides the chair' : ''}`],
  };
}

function requiredPresent(condition: Extract<QuorumCondition, { kind: 'required-present' }>, ctx: QuorumContext): ConditionResult {
  const agencies = presentAgencies(ctx, { excludeChair: condition.excludeChair });
  const missing: string[] = [];
  const parts: string[] = [];
  for (const group of condition.groups) {
    const by = agencies.filter(
      (a) => (group.agencyIds?.includes(a.id) ?? false) || (group.sector !== undefined && a.sector === group.sector),
    );
    if (by.length > 0) {
      parts.push(`${group.label}: ${list(by.map((a) => nameOf(ctx, a)))}`);
    } else {
      const only = group.sector === undefined && group.agencyIds?.length === 1 ? ctx.agenciesById.get(group.agencyIds[0] ?? '') : undefined;
      missing.push(only?.name ?? group.label);
      parts.push(`${group.label}: missing`);
    }
  }
  const chair = condition.excludeChair ? ' (not counting the chair)' : '';
  return {
    condition,
    met: missing.length === 0,
    explanation: `${missing.length === 0 ? 'Every required agency is present' : 'Required agencies are missing'}${chair}. ${parts.join('. ')}.`,
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
  const wanted = (what: string, test: (a: Agency) => boolean) => {
    const candidates = absentOnBody(test);
    return candidates.length ? `${what} (${orList(candidates)})` : what;
  };
  const missing: string[] = [];
  if (!met) {
    if (commissioners.length === 0) missing.push(wanted('a commissioning statutory agency', commissions));
    if (providers.length === 0) missing.push(wanted('a providing statutory agency', provides));
    if (missing.length === 0) missing.push(wanted('another statutory agency that commissions or provides', (a) => commissions(a) || provides(a)));
  }
  return {
    condition,
    met,
    explanation:
      `Statutory commissioners present: ${list(commissioners.map((a) => nameOf(ctx, a)))}; ` +
      `statutory providers present: ${list(providers.map((a) => nameOf(ctx, a)))}.` +
      (met ? '' : ' Quorum needs at least one of each, from different agencies.'),
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
  const pct = `${Math.round(condition.share * 1000) / 10}%`;
  return {
    condition,
    met,
    explanation:
      members.length === 0
        ? 'The body has no filled seats.'
        : `${present} of ${plural(members.length, 'member', 'members')} present; ${pct} of the membership is ${needed}.`,
    missing: met ? [] : [members.length === 0 ? 'members appointed to the body' : `${plural(needed - present, 'more member', 'more members')}`],
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
  const missing = partners.filter((a) => !presentIds.has(a.id)).map((a) => a.name);
  const present = partners.filter((a) => presentIds.has(a.id)).map((a) => nameOf(ctx, a));
  return {
    condition,
    met: missing.length === 0,
    explanation:
      partners.length === 0
        ? 'No safeguarding partner sits on this body.'
        : `Safeguarding partners present: ${list(present)}.${missing.length ? ` Absent: ${list(missing)}.` : ''}`,
    missing,
  };
}
