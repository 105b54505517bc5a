/** Pure helpers of the Members page: words a manager uses, no DOM. */
import type { AbsenceRule, BodyKind, Cadence, Office, QuorumCondition, Sector, ServiceRole } from '../../services/domain/directory.js';
import type { AttentionItem, DirectoryUserRef, MembersView, PersonRow, SeatRow } from '../../services/domain/membership-views.js';
import type { MembershipFormat } from './api.js';
import { ROLE_MEANINGS } from '../../cards/roles.js';
import { slug as slugOf } from '../../services/domain/slug.js';

export { ROLE_MEANINGS };

export const OFFICES: Record<Office, string> = {
  'independent-chair': 'Independent chair',
  chair: 'Chair',
  'vice-chair': 'Vice chair',
  manager: 'Board manager',
  'business-support': 'Business support',
};

export const BODY_KINDS: Record<BodyKind, string> = {
  board: 'Board',
  executive: 'Executive',
  'sub-group': 'Sub-group',
  'task-and-finish': 'Task and finish group',
  network: 'Network',
};

export const SECTOR_LABELS: Record<Sector, string> = {
  council: 'Council',
  health: 'Health',
  police: 'Police',
  education: 'Education',
  probation: 'Probation',
  justice: 'Justice',
  voluntary: 'Voluntary',
  lay: 'Lay members',
  other: 'Other',
};

export const SERVICE_ROLES: Record<ServiceRole, string> = {
  commissioner: 'Commissioner',
  provider: 'Provider',
  both: 'Commissioner and provider',
  neither: 'Neither',
};

export const CONDITION_KINDS: Record<QuorumCondition['kind'], string> = {
  'min-agencies': 'At least so many agencies present',
  'required-present': 'Named groups present',
  'commissioner-and-provider': 'A commissioner and a provider present',
  'membership-share': 'A share of the members present',
  'each-safeguarding-partner': 'Each safeguarding partner present',
};

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatOfFile(name: string): MembershipFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' || ext === 'json' ? ext : undefined;
}

/** A readable id from a name: "Merton Police" → "merton-police". */
export const slug = (name: string): string => slugOf(name, 60);

/**
 * The form field a problem belongs to: the field itself, or the nearest enclosing one
 * ("quorum.conditions[1].count" → "quorum.conditions"), or undefined for the whole form.
 */
export function fieldFor(problemField: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const k of known) {
    if (problemField === k) return k;
    if ((problemField.startsWith(`${k}.`) || problemField.startsWith(`${k}[`)) && (!best || k.length > best.length)) best = k;
  }
  return best;
}

export interface Names {
  person: (id: string | undefined) => PersonRow | undefined;
  personName: (id: string | undefined) => string;
  agencyName: (id: string | undefined) => string;
  bodyName: (id: string | undefined) => string;
  seat: (id: string) => SeatRow | undefined;
}

export function names(view: MembersView): Names {
  const people = new Map(view.people.map((p) => [p.id, p]));
  const agencies = new Map(view.agencies.map((a) => [a.id, a.name]));
  const bodies = new Map(view.bodies.map((b) => [b.id, b.name]));
  const seats = new Map(view.seats.map((s) => [s.id, s]));
  return {
    person: (id) => (id ? people.get(id) : undefined),
    personName: (id) => (id ? (people.get(id)?.displayName ?? id) : ''),
    agencyName: (id) => (id ? (agencies.get(id) ?? id) : ''),
    bodyName: (id) => (id ? (bodies.get(id) ?? id) : ''),
    seat: (id) => seats.get(id),
  };
}

export type Section = 'seats' | 'bodies' | 'agencies' | 'people' | 'import';

export interface AttentionLine {
  /** What it is, e.g. "Vacant seat". */
  label: string;
  /** Which one, e.g. "Borough Commander on the Board". */
  subject: string;
  /** A hint after the subject. */
  hint?: string;
  section: Section;
  /** The id of the row to show. */
  rowId: string;
}

export function attentionLine(item: AttentionItem, n: Names): AttentionLine {
  switch (item.kind) {
    case 'vacant-seat':
    case 'missing-deputy': {
      const title = n.seat(item.seatId)?.title ?? item.seatId;
      return {
        label: item.kind === 'vacant-seat' ? 'Vacant seat' : 'No standing deputy',
        subject: `${title} on ${n.bodyName(item.bodyId)}`,
        section: 'seats',
        rowId: seatRowId(item.seatId),
      };
    }
    case 'no-voting-seat':
      return { label: 'No voting seat', subject: n.agencyName(item.agencyId), section: 'agencies', rowId: agencyRowId(item.agencyId) };
    case 'never-reached':
      return {
        label: 'Never reached in Teams',
        subject: n.personName(item.personId),
        hint: n.person(item.personId)?.externalAccessOnly ? 'reached only by external access: invite them as a guest' : 'use reach in the bot',
        section: 'people',
        rowId: personRowId(item.personId),
      };
  }
}

export const seatRowId = (id: string) => `seat-row-${id}`;
export const agencyRowId = (id: string) => `agency-row-${id}`;
export const personRowId = (id: string) => `person-row-${id}`;
export const bodyRowId = (id: string) => `body-row-${id}`;

export function conditionText(c: QuorumCondition, n: Pick<Names, 'agencyName'>): string {
  switch (c.kind) {
    case 'min-agencies': {
      const extra = [c.statutoryOnly ? 'statutory only' : '', c.excludeChair ? "not counting the chair's agency" : '', c.excludeBoardStaff ? 'not counting board staff' : '']
        .filter(Boolean)
        .join(', ');
      return `At least ${c.count} ${c.countBy === 'service-area' ? 'service areas' : 'agencies'}${extra ? ` (${extra})` : ''}`;
    }
    case 'required-present':
      return `Present: ${c.groups.map((g) => g.label || [...(g.agencyIds ?? []).map(n.agencyName), g.sector ? SECTOR_LABELS[g.sector] : ''].filter(Boolean).join(' or ')).join('; ')}`;
    case 'commissioner-and-provider':
      return 'A commissioner and a provider';
    case 'membership-share':
      return `${Math.round(c.share * 100)}% of the members`;
    case 'each-safeguarding-partner':
      return 'Each safeguarding partner';
  }
}

export function absenceText(a: AbsenceRule): string {
  return a.kind === 'consecutive'
    ? `${a.count} meetings missed in a row${a.deputyResets ? ' (a deputy attending resets it)' : ''}`
    : `Below ${Math.round(a.minShare * 100)}% over ${a.windowMonths} months${a.deputyCounts ? ' (a deputy counts)' : ''}`;
}

export function cadenceText(c: Cadence): string {
  const months = c.months?.length ? ` (${c.months.map((m) => MONTHS[m - 1] ?? String(m)).join(', ')})` : '';
  return `${c.meetingsPerYear} a year${months}; notice ${c.noticeWorkingDays}, papers ${c.papersWorkingDays} working days before`;
}

/** Directory matches for a typed name or email: people already in the partnership first. */
export function localMatches(people: PersonRow[], q: string, max = 8): PersonRow[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [];
  return people.filter((p) => p.displayName.toLowerCase().includes(needle) || (p.email ?? '').toLowerCase().includes(needle)).slice(0, max);
}

/** Directory results not already offered as partnership people. */
export function newUsers(found: DirectoryUserRef[], people: PersonRow[]): DirectoryUserRef[] {
  const known = new Set(people.map((p) => p.aadObjectId.toLowerCase()));
  return found.filter((u) => !known.has(u.objectId.toLowerCase()));
}
