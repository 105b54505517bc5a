import type { AgencyAnswer, Consultation } from './consultation.js';
import type { Body, Directory, Partnership, Person } from './directory.js';
import { dataProtectionErrors } from './error-messages/data-protection.js';

/**
 * Subject access and removal of a person who has left (domain.md §7). The governance record
 * stays: what a person did in a seat is kept and attributed to the seat, never to a name.
 */

/** Where a removed person acted from, so the stand-in can name the seat rather than the person. */
export interface ActedFrom {
  seatId?: string;
  agencyId?: string;
  bodyId?: string;
}

/** The words that replace a removed person in the governance record. */
export type StandIn = (where?: ActedFrom) => string;

/** What the record will call a removed person: the seat they acted from, as holder or deputy, or no seat at all. */
export type StandInFact = { as: 'holder' | 'deputy'; seatTitle: string } | { as: 'former-member' };

/** Words a stand-in (cards/data-protection/words.ts): it is stored in the record in place of the person. */
export type StandInWords = (fact: StandInFact) => string;

/**
 * The stand-in for a person, from the seats they hold now (computed before they are removed): the
 * seat they acted from, as its holder or deputy; a former member when none of their seats fits.
 */
export function standInFor(directory: Directory, personId: string, words: StandInWords): StandIn {
  const assignments = directory.assignmentsOf(personId);
  const rank = (as: 'holder' | 'deputy') => (as === 'holder' ? 0 : 1);
  const sorted = [...assignments].sort((a, b) => rank(a.as) - rank(b.as));
  return (where = {}) => {
    const bySeat = where.seatId ? sorted.find((a) => a.seat.id === where.seatId) : undefined;
    const byAgency = where.agencyId
      ? (sorted.find((a) => a.seat.agencyId === where.agencyId && a.body.id === where.bodyId) ??
        sorted.find((a) => a.seat.agencyId === where.agencyId))
      : undefined;
    const byBody = where.bodyId ? sorted.find((a) => a.body.id === where.bodyId) : undefined;
    // With nothing to go on (the audit trail), the seat they are best known by.
    const primary = !where.seatId && !where.agencyId && !where.bodyId ? sorted[0] : undefined;
    const found = bySeat ?? byAgency ?? byBody ?? primary;
    return words(found ? { as: found.as, seatTitle: found.seat.title } : { as: 'former-member' });
  };
}

/** The person a manager means by a name, a person id or an Entra object id. Exactly one, or a clear refusal. */
export function findPerson(directory: Directory, query: string): Person {
  const q = query.trim().replace(/^["'“”]|["'“”]$/g, '').trim();
  if (!q) throw dataProtectionErrors.sayWho();
  const people = directory.partnership.people;
  const lower = q.toLowerCase();
  const exact =
    people.find((p) => p.id === q) ??
    people.find((p) => p.aadObjectId.toLowerCase() === lower) ??
    uniqueOrUndefined(people.filter((p) => p.displayName.toLowerCase() === lower));
  if (exact) return exact;
  const partial = people.filter((p) => p.displayName.toLowerCase().includes(lower));
  if (partial.length === 1) return partial[0]!;
  if (partial.length > 1) {
    const shown = partial.slice(0, 6).map((p) => `${p.displayName} (${p.id})`);
    throw dataProtectionErrors.ambiguous(q, partial.length, shown);
  }
  throw dataProtectionErrors.nobodyCalled(q);
}

const uniqueOrUndefined = <T>(xs: T[]): T | undefined => (xs.length === 1 ? xs[0] : undefined);

/**
 * The directory without the person: their seats vacated, their deputy roles cleared, and any body's
 * dissent route that names them dropped (it would point at nobody; the manager names a new one).
 */
export function withoutPerson(partnership: Partnership, personId: string): { partnership: Partnership; vacated: VacatedSeat[]; dissentCleared: string[] } {
  const vacated: VacatedSeat[] = [];
  const dissentCleared = dissentRoutesOf(partnership, personId);
  const bodies = partnership.bodies.map((body) => ({
    ...withoutDissentTo(body, personId),
    seats: body.seats.map((seat) => {
      if (seat.holderId !== personId && seat.deputyId !== personId) return seat;
      const next = { ...seat };
      if (seat.holderId === personId) {
        delete next.holderId;
        vacated.push({ bodyId: body.id, seatId: seat.id, as: 'holder' });
      }
      if (seat.deputyId === personId) {
        delete next.deputyId;
        vacated.push({ bodyId: body.id, seatId: seat.id, as: 'deputy' });
      }
      return next;
    }),
  }));
  return { partnership: { ...partnership, people: partnership.people.filter((p) => p.id !== personId), bodies }, vacated, dissentCleared };
}

/** The bodies whose dissent route refers decisions to the person (the Scrutineer). */
export function dissentRoutesOf(partnership: Partnership, personId: string): string[] {
  return partnership.bodies.filter((b) => b.decision?.dissent?.referToPersonId === personId).map((b) => b.id);
}

function withoutDissentTo(body: Body, personId: string): Body {
  if (body.decision?.dissent?.referToPersonId !== personId) return body;
  const { dissent: _gone, ...decision } = body.decision;
  return { ...body, decision };
}

export interface VacatedSeat {
  bodyId: string;
  seatId: string;
  as: 'holder' | 'deputy';
}

/** What one agency answer holds about one person: only their own acts, not their colleagues'. */
export function answerExport(a: AgencyAnswer, personId: string): Record<string, unknown> | undefined {
  const mine = <T extends { personId: string }>(xs: T[]) => xs.filter((x) => x.personId === personId);
  const record = {
    consultationId: a.consultationId,
    agencyId: a.agencyId,
    standingAnswer:
      a.answeredBy === personId
        ? { choice: a.choice, as: a.answeredAs, seatId: a.seatId, reason: a.reason, comment: a.comment, at: a.answeredAt }
        : undefined,
    signOff: a.signOff?.personId === personId ? a.signOff : undefined,
    changes: mine(a.history),
    conflicts: mine(a.conflicts),
    comments: mine(a.comments),
  };
  const involved = record.standingAnswer || record.signOff || record.changes.length || record.conflicts.length || record.comments.length;
  return involved ? record : undefined;
}

/** A person's part in a consultation, in the export; cards/data-protection/ words each. */
export type ConsultationRole =
  | 'sender'
  | 'casting-voter'
  | 'consensus-recorder'
  | 'referrer'
  | 'referred-to'
  | 'referral-viewer'
  | 'named-for-referrals'
  | 'progress-card';

/** A consultation in the person's export: which it is, and their part in it. */
export interface ConsultationExport {
  kind: 'consultation';
  consultationId: string;
  ref: string;
  title: string;
  bodyId: string;
  createdAt: string;
  roles: ConsultationRole[];
}

export function consultationExport(c: Consultation, person: Person): ConsultationExport | undefined {
  const roles = [
    c.createdBy === person.id ? 'sender' : undefined,
    c.outcome?.castBy === person.id ? 'casting-voter' : undefined,
    c.outcome?.recordedBy === person.id ? 'consensus-recorder' : undefined,
    c.referral?.by === person.id ? 'referrer' : undefined,
    c.referral?.toPersonId === person.id ? 'referred-to' : undefined,
    c.referral?.view && c.referral.toPersonId === person.id ? 'referral-viewer' : undefined,
    c.rule?.dissent?.referToPersonId === person.id ? 'named-for-referrals' : undefined,
    c.senderCard?.aadObjectId.toLowerCase() === person.aadObjectId.toLowerCase() ? 'progress-card' : undefined,
  ].filter((r): r is ConsultationRole => r !== undefined);
  if (roles.length === 0) return undefined;
  return { kind: 'consultation', consultationId: c.id, ref: c.ref, title: c.title, bodyId: c.bodyId, createdAt: c.createdAt, roles };
}

/** The answer with the person replaced by the seat they answered from; undefined when they are not in it. */
export function pseudonymiseAnswer(a: AgencyAnswer, personId: string, standIn: StandIn): AgencyAnswer | undefined {
  const forAgency = standIn({ agencyId: a.agencyId });
  let changed = false;
  const swap = <T extends { personId: string }>(x: T): T => {
    if (x.personId !== personId) return x;
    changed = true;
    return { ...x, personId: forAgency };
  };
  const next: AgencyAnswer = {
    ...a,
    history: a.history.map(swap),
    conflicts: a.conflicts.map(swap),
    comments: a.comments.map(swap),
    ...(a.signOff ? { signOff: swap(a.signOff) } : {}),
  };
  if (a.answeredBy === personId) {
    changed = true;
    next.answeredBy = standIn({ seatId: a.seatId, agencyId: a.agencyId });
  }
  return changed ? next : undefined;
}

export function pseudonymiseConsultation(c: Consultation, person: Person, standIn: StandIn): Consultation | undefined {
  let changed = false;
  const next: Consultation = { ...c };
  if (c.createdBy === person.id) {
    next.createdBy = standIn({ bodyId: c.bodyId });
    changed = true;
  }
  if (c.outcome?.castBy === person.id) {
    next.outcome = { ...c.outcome, castBy: standIn({ bodyId: c.bodyId }) };
    changed = true;
  }
  if (next.outcome?.recordedBy === person.id) {
    next.outcome = { ...next.outcome, recordedBy: standIn({ bodyId: c.bodyId }) };
    changed = true;
  }
  if (c.referral && (c.referral.by === person.id || c.referral.toPersonId === person.id)) {
    next.referral = {
      ...c.referral,
      ...(c.referral.by === person.id ? { by: standIn({ agencyId: c.referral.agencyId }) } : {}),
      ...(c.referral.toPersonId === person.id ? { toPersonId: standIn({ bodyId: c.bodyId }) } : {}),
    };
    changed = true;
  }
  if (c.rule?.dissent?.referToPersonId === person.id) {
    next.rule = { ...c.rule, dissent: { ...c.rule.dissent, referToPersonId: standIn({ bodyId: c.bodyId }) } };
    changed = true;
  }
  if (c.senderCard && c.senderCard.aadObjectId.toLowerCase() === person.aadObjectId.toLowerCase()) {
    delete next.senderCard;
    changed = true;
  }
  return changed ? next : undefined;
}

/** Replaces every string that identifies the person (id, Entra id, name) anywhere in a JSON value. */
export function replaceIdentity<T>(value: T, person: Person, replacement: string): { value: T; changed: boolean } {
  const ids = new Set([person.id, person.aadObjectId.toLowerCase(), person.displayName]);
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (ids.has(v) || ids.has(v.toLowerCase())) {
        changed = true;
        return replacement;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value) as T;
  return { value: out, changed };
}

// ----- what the cards show -----

export interface PersonalDataSection {
  store: string;
  records: unknown[];
}

/** Everything stored about one person, every store's records as they are; the presenter writes it out as JSON. */
export interface PersonalDataExport {
  partnership: string;
  exportedAt: string;
  person: Person;
  sections: PersonalDataSection[];
}

export interface ExportView {
  personName: string;
  personId: string;
  exportedAt: string;
  sections: { store: string; count: number }[];
  /** The whole export, with the person's part in each consultation as codes (ConsultationRole). */
  document: PersonalDataExport;
}

export interface RemovalPreviewView {
  personId: string;
  personName: string;
  seats: { body: string; seat: string; as: 'holder' | 'deputy'; standIn: string }[];
  chairs: string[];
  /** Bodies whose dissent route names them: the route is dropped with them. */
  dissentRoutes: string[];
  sections: { store: string; count: number }[];
}

export interface RemovalDoneView {
  personName: string;
  seats: { body: string; seat: string; as: 'holder' | 'deputy' }[];
  sections: { store: string; count: number }[];
  alreadyRemoved: boolean;
}

export interface RemovalCancelledView {
  personName: string;
}
