import type { Body, Directory, RoleCode, Seat } from './directory.js';
import { NON_VOTING_ROLES } from './directory.js';
import type { AnswerRole, ConsultationKind } from './consultation.js';

/** Who is asked, and who answers or votes for an agency (C §4.10; domain.md §2-3). */

/** A seat answers for its agency unless every role it has is non-voting (PO, SA, A, BS). */
export const seatAnswers = (seat: Seat) =>
  seat.agencyId !== undefined && seat.roles.some((r) => !NON_VOTING_ROLES.includes(r));

/**
 * Only V seats vote, and never a non-voting role (C §4.10). Where the body names the one seat that
 * casts an agency's vote, the agency's other seats do not.
 */
export const seatVotes = (seat: Seat, body?: Body) =>
  seat.agencyId !== undefined &&
  seat.roles.includes('V') &&
  !seat.roles.some((r) => NON_VOTING_ROLES.includes(r)) &&
  (seat.voting === true || !body?.seats.some((s) => s.voting === true && s.agencyId === seat.agencyId));

export interface RespondingUnit {
  agencyId: string;
  required: boolean;
  votes: boolean;
}

/** The agencies asked to answer: every agency with an answering seat on the body, plus extras. */
export function respondingUnits(body: Body, kind: ConsultationKind, extraAgencyIds: string[] = []): RespondingUnit[] {
  const units = new Map<string, RespondingUnit>();
  for (const seat of body.seats) {
    if (!seat.agencyId) continue;
    const unit = units.get(seat.agencyId) ?? { agencyId: seat.agencyId, required: false, votes: false };
    unit.required ||= kind === 'decision' ? seatVotes(seat, body) : seatAnswers(seat);
    unit.votes ||= kind === 'decision' && seatVotes(seat, body);
    units.set(seat.agencyId, unit);
  }
  for (const agencyId of extraAgencyIds) {
    const unit = units.get(agencyId) ?? { agencyId, required: true, votes: false };
    unit.required = true;
    units.set(agencyId, unit);
  }
  return [...units.values()];
}

export interface Recipient {
  personId: string;
  /** The agencies this person may answer or comment for on this body. */
  agencies: { agencyId: string; seatId: string; as: AnswerRole; canAnswer: boolean }[];
  isChair: boolean;
  /** Seats this person holds on the body that speak for no agency (board support, advisors, co-opted): they never answer or vote for one. */
  seatsWithoutAgency: { seatId: string; roles: RoleCode[] }[];
}

/**
 * The roles of a person's seats on the body when none of them speaks for an agency (board support,
 * advisors, co-opted members): such a person never answers or votes for one (C §4.10). Undefined for
 * anyone with an agency's seat, and for the chair, whose card says what the chair gets.
 */
export function seatsWithoutVote(r: Recipient): { roles: RoleCode[] } | undefined {
  if (r.isChair || r.agencies.length > 0 || r.seatsWithoutAgency.length === 0) return undefined;
  return { roles: [...new Set(r.seatsWithoutAgency.flatMap((s) => s.roles))] };
}

/** Recipients by directory (a directory is rebuilt, never changed, when its data changes): every answer asks again. */
const recipientsSeen = new WeakMap<Directory, Map<string, readonly Recipient[]>>();

/** Everyone who gets the card: each seat-holder of the body, each named deputy, the chair and the manager. */
export function recipients(body: Body, directory: Directory, kind: ConsultationKind, extraAgencyIds: string[] = []): readonly Recipient[] {
  let seen = recipientsSeen.get(directory);
  if (!seen) recipientsSeen.set(directory, (seen = new Map()));
  const key = JSON.stringify([body.id, kind, extraAgencyIds]);
  let found = seen.get(key);
  if (!found) seen.set(key, (found = listRecipients(body, directory, kind, extraAgencyIds)));
  return found;
}

function listRecipients(body: Body, directory: Directory, kind: ConsultationKind, extraAgencyIds: string[]): readonly Recipient[] {
  const byPerson = new Map<string, Recipient>();
  const entry = (personId: string) => {
    const r = byPerson.get(personId) ?? { personId, agencies: [], isChair: false, seatsWithoutAgency: [] };
    byPerson.set(personId, r);
    return r;
  };
  for (const seat of body.seats) {
    const canAnswer = kind === 'decision' ? seatVotes(seat, body) : seatAnswers(seat);
    for (const [personId, as] of [
      [seat.holderId, 'member'],
      [seat.deputyId, 'deputy'],
    ] as const) {
      if (!personId) continue;
      const r = entry(personId);
      if (seat.office === 'chair' || seat.office === 'independent-chair') r.isChair = true;
      if (seat.agencyId) r.agencies.push({ agencyId: seat.agencyId, seatId: seat.id, as, canAnswer });
      else r.seatsWithoutAgency.push({ seatId: seat.id, roles: seat.roles });
    }
  }
  for (const agencyId of extraAgencyIds) {
    for (const b of directory.bodies) {
      for (const seat of b.seats.filter((s) => s.agencyId === agencyId && s.holderId)) {
        const r = entry(seat.holderId!);
        if (!r.agencies.some((a) => a.agencyId === agencyId)) r.agencies.push({ agencyId, seatId: seat.id, as: 'member', canAnswer: true });
      }
    }
  }
  for (const manager of directory.managers()) entry(manager.id);
  return [...byPerson.values()];
}
