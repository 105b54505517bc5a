/**
 * Quorum (domain.md §4): every condition of the body's rule must hold, and a deputy attending counts
 * for the seat's agency. Pure: the attendance is passed in.
 *
 * Forecasting is the same evaluation over the attendance expected from the apologies received:
 * `forecastQuorum` = `evaluateQuorum` over `expectedAttendance(body.seats, apologies)`.
 */
import { chairSeatOf, type Agency, type Body, type QuorumCondition, type Seat } from './directory.js';
import { evaluateCondition, type Attendee, type QuorumContext } from './quorum-conditions.js';

export interface PresentSeat {
  seatId: string;
  /** The holder attended (rather than a deputy). Shown, not counted differently: any attendance counts. */
  inPerson: boolean;
  /** A deputy attended for the seat; counts for the seat's agency (C §5.6). */
  deputy?: boolean;
}

/** An agency present for a condition; `deputy` when only deputies came for it. */
export interface AgencyPresence {
  name: string;
  deputy: boolean;
}

/** What one condition found, as facts (cards/meeting/quorum-words.ts words them). */
export type ConditionFacts =
  | {
      kind: 'min-agencies';
      /** Each counted unit (an agency, or a service area's agencies) present. */
      present: AgencyPresence[][];
      needed: number;
      statutoryOnly: boolean;
      byServiceArea: boolean;
      excludeChair: boolean;
      excludeBoardStaff: boolean;
    }
  | { kind: 'required-present'; groups: { label: string; present: AgencyPresence[] }[]; excludeChair: boolean }
  | { kind: 'commissioner-and-provider'; commissioners: AgencyPresence[]; providers: AgencyPresence[] }
  | { kind: 'membership-share'; present: number; members: number; share: number; needed: number }
  | { kind: 'each-safeguarding-partner'; partners: number; present: AgencyPresence[]; absent: string[] };

/** One thing a failed condition lacks. */
export type MissingItem =
  /** An agency (or a required group, by its label) that is not there. */
  | { kind: 'named'; name: string }
  | { kind: 'more-units'; count: number; statutoryOnly: boolean; byServiceArea: boolean; besidesChair: boolean }
  /** A statutory agency that commissions, provides, or (given one of each from one agency) either; candidates: absent ones on the body. */
  | { kind: 'statutory-role'; role: 'commissioner' | 'provider' | 'either'; candidates: string[] }
  | { kind: 'more-members'; count: number }
  | { kind: 'no-members' };

export interface ConditionResult {
  condition: QuorumCondition;
  met: boolean;
  facts: ConditionFacts;
  /** What is lacking. Empty when met. */
  missing: MissingItem[];
}

export interface QuorumResult {
  met: boolean;
  conditions: ConditionResult[];
}

export interface QuorumInput {
  body: Body;
  agencies: Agency[];
  present: PresentSeat[];
  /** The seat of whoever chairs this meeting (e.g. the vice-chair standing in); defaults to the body's chair seat. */
  chairSeatId?: string;
}

export interface Apology {
  seatId: string;
  /** The member named a deputy who will attend for them. */
  deputyAttending: boolean;
}

/** Board staff never count towards quorum where a rule excludes them (LD-ToR §2.3), nor as members. */
export function isBoardStaff(seat: Seat): boolean {
  return seat.roles.includes('BS') || seat.office === 'manager' || seat.office === 'business-support';
}

/**
 * Who is expected at a meeting: every filled seat that sent no apologies (the holder), and every seat
 * whose apologies name a deputy who will attend.
 */
export function expectedAttendance(seats: Seat[], apologies: Apology[]): PresentSeat[] {
  const bySeat = new Map(apologies.map((a) => [a.seatId, a]));
  const out: PresentSeat[] = [];
  for (const seat of seats) {
    const apology = bySeat.get(seat.id);
    if (apology) {
      if (apology.deputyAttending) out.push({ seatId: seat.id, inPerson: false, deputy: true });
    } else if (seat.holderId !== undefined) {
      out.push({ seatId: seat.id, inPerson: true });
    }
  }
  return out;
}

/** Quorum as it will stand if everyone expected comes: for warning the chair before the meeting. */
export function forecastQuorum(input: Omit<QuorumInput, 'present'> & { apologies: Apology[] }): QuorumResult {
  const { apologies, ...rest } = input;
  return evaluateQuorum({ ...rest, present: expectedAttendance(input.body.seats, apologies) });
}

export function evaluateQuorum(input: QuorumInput): QuorumResult {
  const agenciesById = new Map(input.agencies.map((a) => [a.id, a]));
  const seatsById = new Map(input.body.seats.map((s) => [s.id, s]));
  const bySeat = new Map<string, Attendee>();
  for (const p of input.present) {
    const seat = seatsById.get(p.seatId);
    if (!seat) continue;
    const deputy = p.deputy === true;
    const seen = bySeat.get(seat.id);
    // The holder and a deputy both listed for one seat: the holder's attendance is what is shown.
    if (seen && !seen.deputy) continue;
    bySeat.set(seat.id, { seat, agency: agenciesById.get(seat.agencyId ?? ''), deputy });
  }
  const attendees = [...bySeat.values()];
  const byHolder = new Set(attendees.filter((a) => !a.deputy).map((a) => a.seat.agencyId));
  const ctx: QuorumContext = {
    body: input.body,
    agenciesById,
    attendees,
    chairSeatId: input.chairSeatId ?? chairSeatOf(input.body)?.id,
    deputyOnly: new Set(attendees.filter((a) => a.agency && !byHolder.has(a.agency.id)).map((a) => a.seat.agencyId ?? '')),
  };
  const conditions = input.body.quorum.conditions.map((c) => evaluateCondition(c, ctx));
  return { met: conditions.every((c) => c.met), conditions };
}
