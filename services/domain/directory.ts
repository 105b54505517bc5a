/**
 * The partnership directory: who sits on which body, for which agency, in what role.
 * Rules differ per partnership (Merton 2015, Lewisham 2019), so everything a rule needs is data here.
 */
import type { Agency, Body, Partnership, Person, Seat, SeatTerm } from './directory-model.js';

export * from './directory-model.js';

/** The seat that chairs the body: its chair, or the independent chair. */
export function chairSeatOf(body: Body): Seat | undefined {
  return body.seats.find((s) => s.office === 'chair' || s.office === 'independent-chair');
}

export interface SeatAssignment {
  body: Body;
  seat: Seat;
  agency?: Agency;
  /** Whether the person holds the seat or is its standing deputy. */
  as: 'holder' | 'deputy';
}

/** The seat as it stood on a day: the term in force then, or undefined when it did not exist. */
export function seatOn(seat: Seat, day: string): Seat | undefined {
  if (seat.endsOn !== undefined && day > seat.endsOn) return undefined;
  if (!seat.terms || seat.terms.length === 0) return seat;
  let term: SeatTerm | undefined;
  for (const t of seat.terms) if (t.from <= day) term = t;
  if (!term) return undefined;
  const { holderId, deputyId, agencyId } = term;
  if (holderId === seat.holderId && deputyId === seat.deputyId && agencyId === seat.agencyId) return seat;
  const at: Seat = { ...seat };
  delete at.holderId;
  delete at.deputyId;
  delete at.agencyId;
  return { ...at, ...(holderId ? { holderId } : {}), ...(deputyId ? { deputyId } : {}), ...(agencyId ? { agencyId } : {}) };
}

/** The partnership as it stands on a day: seats not yet begun or already ended left out, each seat's term in force. */
export function partnershipOn(stored: Partnership, day: string): Partnership {
  let changed = false;
  const bodies = stored.bodies.map((body) => {
    const seats: Seat[] = [];
    for (const seat of body.seats) {
      const at = seatOn(seat, day);
      if (at !== seat) changed = true;
      if (at) seats.push(at);
    }
    return seats.length === body.seats.length && seats.every((s, i) => s === body.seats[i]) ? body : { ...body, seats };
  });
  return changed ? { ...stored, bodies } : stored;
}

export class Directory {
  private readonly peopleByAad = new Map<string, Person>();
  private readonly agenciesById = new Map<string, Agency>();
  private readonly bodiesById = new Map<string, Body>();
  /** The partnership as it stands today: what every rule and card works with. */
  readonly partnership: Partnership;

  /**
   * @param stored the partnership as stored, with every seat's past and planned terms
   * @param today the London date the directory stands on; without it, each seat's own fields
   */
  constructor(
    readonly stored: Partnership,
    today?: string,
    /** The stored version this directory was loaded from, when it came from the store. */
    readonly version?: string,
  ) {
    const partnership = (this.partnership = today === undefined ? stored : partnershipOn(stored, today));
    for (const p of partnership.people) this.peopleByAad.set(p.aadObjectId.toLowerCase(), p);
    for (const a of partnership.agencies) this.agenciesById.set(a.id, a);
    for (const b of partnership.bodies) this.bodiesById.set(b.id, b);
  }

  personByAad(aadObjectId: string): Person | undefined {
    return this.peopleByAad.get(aadObjectId.toLowerCase());
  }

  person(personId: string): Person | undefined {
    return this.partnership.people.find((p) => p.id === personId);
  }

  agency(agencyId: string | undefined): Agency | undefined {
    return agencyId === undefined ? undefined : this.agenciesById.get(agencyId);
  }

  body(bodyId: string): Body | undefined {
    return this.bodiesById.get(bodyId);
  }

  get bodies(): Body[] {
    return this.partnership.bodies;
  }

  /** A seat of a body as it stood on a day (an ended seat included), for records of that day. */
  seatOn(bodyId: string, seatId: string, day: string): Seat | undefined {
    const seat = this.stored.bodies.find((b) => b.id === bodyId)?.seats.find((s) => s.id === seatId);
    return seat ? seatOn(seat, day) : undefined;
  }

  /** Every seat a person holds or deputises for, across all bodies. */
  assignmentsOf(personId: string): SeatAssignment[] {
    const out: SeatAssignment[] = [];
    for (const body of this.partnership.bodies) {
      for (const seat of body.seats) {
        const as = seat.holderId === personId ? 'holder' : seat.deputyId === personId ? 'deputy' : undefined;
        if (as) out.push({ body, seat, agency: this.agency(seat.agencyId), as });
      }
    }
    return out;
  }

  chairSeat(body: Body): Seat | undefined {
    return chairSeatOf(body);
  }

  /** The main board: the one body that answers to no other. */
  mainBoard(): Body | undefined {
    return this.partnership.bodies.find((b) => !b.parentBodyId);
  }

  /** The board manager(s): seats with office 'manager' on any body. */
  managers(): Person[] {
    const ids = new Set<string>();
    for (const b of this.partnership.bodies)
      for (const s of b.seats) if (s.office === 'manager' && s.holderId) ids.add(s.holderId);
    return [...ids].map((id) => this.person(id)).filter((p): p is Person => p !== undefined);
  }

  isManager(personId: string): boolean {
    return this.managers().some((p) => p.id === personId);
  }

  /** Bodies this person chairs. */
  chairedBodies(personId: string): Body[] {
    return this.partnership.bodies.filter((b) => this.chairSeat(b)?.holderId === personId);
  }
}
