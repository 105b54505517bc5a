import type { AbsenceRule, Agency, Body, BodyKind, Cadence, DecisionRule, Office, Person, ProxyRule, QuorumRule, Reporting, RoleCode } from './directory.js';
import type { MembershipProblem, ProblemPlace } from './membership-problems.js';

/**
 * The Members page: what /api/tab/members returns and what its edits send. Types only, so the
 * browser bundle can import them.
 */

export interface MembersView {
  /** Absent on first run: the store holds no partnership yet and the viewer is a named manager. */
  partnership?: { id: string; name: string; source: string };
  /** Changes only when the membership is saved: edits and imports send it back as `basedOn`. */
  version: string;
  /** Today, London: the default effective date of a change. */
  today: string;
  agencies: Agency[];
  people: PersonRow[];
  bodies: BodyRow[];
  seats: SeatRow[];
  attention: AttentionItem[];
}

export interface PersonRow extends Person {
  /** Seats held or deputised today, as "Body: Seat title". */
  seats: string[];
  /** Whether Quorum can message this person in Teams. */
  reachable: boolean;
}

export interface BodyRow {
  id: string;
  name: string;
  kind: BodyKind;
  parentBodyId?: string;
  quorum: QuorumRule;
  absence: AbsenceRule;
  cadence: Cadence;
  reporting?: Reporting;
  decision?: DecisionRule;
  proxies?: ProxyRule;
  chairSeatId?: string;
  viceChairSeatId?: string;
}

export interface SeatRow {
  id: string;
  bodyId: string;
  title: string;
  agencyId?: string;
  roles: RoleCode[];
  office?: Office;
  /** Casts its agency's one vote on the body (C §4.10). */
  voting: boolean;
  holderId?: string;
  deputyId?: string;
  /** First day of the current term, when the seat has changed hands since it was set up. */
  since?: string;
  /** A later term already recorded (a change dated in the future). */
  next?: { from: string; holderId?: string; deputyId?: string; agencyId?: string };
  /** Earlier holders, newest first. */
  history: { from: string; to: string; holderId?: string; deputyId?: string; agencyId?: string }[];
}

export type AttentionItem =
  | { kind: 'vacant-seat'; bodyId: string; seatId: string }
  | { kind: 'no-voting-seat'; agencyId: string }
  | { kind: 'never-reached'; personId: string }
  | { kind: 'missing-deputy'; bodyId: string; seatId: string };

/** Someone found in the tenant's directory (Microsoft Graph), guests included. */
export interface DirectoryUserRef {
  objectId: string;
  displayName: string;
  email?: string;
  organisation?: string;
  guest: boolean;
}

/** Who fills a seat: someone already in the directory, or someone found in the tenant's directory. */
export type PersonPick = { personId: string } | { user: DirectoryUserRef };

/**
 * A body as the Members page sends it. A rule the body may go without (its parent, reporting, vice
 * chair rule, decision rule, proxy rule) is removed by sending it as `null`; left out, it is kept.
 */
export type BodyFields = Omit<BodyRow, 'chairSeatId' | 'viceChairSeatId' | 'parentBodyId' | 'reporting' | 'decision' | 'proxies'> & {
  parentBodyId?: string | null;
  reporting?: Body['reporting'] | null;
  viceChair?: Body['viceChair'] | null;
  decision?: Body['decision'] | null;
  proxies?: Body['proxies'] | null;
};

/** One change from the Members page. Seat changes take effect on `effective` (default today). */
export type MembershipEdit =
  | { kind: 'setup'; name: string; source?: string }
  | { kind: 'agency'; agency: Agency }
  | { kind: 'body'; body: BodyFields }
  | { kind: 'person'; person: Person }
  | {
      kind: 'seat';
      bodyId: string;
      /** Absent for a new seat. */
      seatId?: string;
      title: string;
      agencyId?: string;
      roles: RoleCode[];
      office?: Office;
      voting?: boolean;
      /** Absent: vacant. */
      holder?: PersonPick;
      deputy?: PersonPick;
    }
  | { kind: 'end-seat'; bodyId: string; seatId: string };

export interface MembershipEditRequest {
  edit: MembershipEdit;
  /** YYYY-MM-DD; default today. */
  effective?: string;
  basedOn: string;
}

/** A membership problem as the Members API sends it: where it is, worded (cards/membership/problems.ts). */
export interface FieldProblem extends ProblemPlace {
  message: string;
}

export type ChangeKind = 'add' | 'change' | 'end';

/** One thing a change adds, changes or ends, as data: cards/membership/plan-words.ts words it for the Members API. */
export type PlannedChange = MembershipChange | ReturnsChange;

export type MembershipChange = NamedChange | SeatChange;

interface ChangeOf {
  kind: ChangeKind;
  id: string;
  details: ChangeDetail[];
}

export interface NamedChange extends ChangeOf {
  entity: 'partnership' | 'agency' | 'body' | 'person';
  /** The partnership's, agency's, body's or person's name. */
  name: string;
}

export interface SeatChange extends ChangeOf {
  entity: 'seat';
  title: string;
  /** The body's name. */
  body: string;
}

/**
 * What changes, one detail a line. Names are as stored (an id when the name is not known); a value absent is none
 * (a holder or deputy absent: vacant). Values are cut to 60 characters.
 */
export type ChangeDetail =
  /** A field of the thing, from one value to another. */
  | { code: 'field'; field: string; from?: string; to?: string }
  /** A seat's holder, deputy or agency, from one name to another, from a day. */
  | { code: 'term'; role: 'holder' | 'deputy' | 'agency'; from?: string; to?: string; effective: string }
  /** A new seat's holder and deputy, from a day (on first run, from the start). */
  | { code: 'holding'; holder?: string; deputy?: string; from?: string }
  /** An ended seat taken up again. */
  | { code: 'starts-again'; effective: string }
  | { code: 'ends'; lastDay: string }
  /** An agency or person left out that nothing refers to: removed. */
  | { code: 'unreferenced' };

/** The returns framework's entry (membership-sheet/returns-sheets.ts): its settings and lists, each difference a detail. */
export interface ReturnsChange {
  kind: ChangeKind;
  entity: 'returns';
  id: 'returns';
  /** Empty when the framework is added. */
  details: ReturnsChangeDetail[];
}

export type ReturnsSetting = 'qaBody' | 's11Source' | 'dsSource' | 'reminders';

export type ReturnsChangeDetail =
  /** A setting, from one value to another (absent: none). */
  | { code: 'setting'; setting: ReturnsSetting; from?: string; to?: string }
  /** A standard, indicator or audit lead (by its id) added, changed or removed. */
  | { code: 'item'; list: 'standard' | 'indicator' | 'audit-lead'; id: string; change: 'added' | 'changed' | 'removed' };

/** A planned change as the Members API sends it, worded. */
export interface PlannedChangeView {
  kind: ChangeKind;
  entity: PlannedChange['entity'];
  id: string;
  /** e.g. "Seat Borough Commander on the Board". */
  label: string;
  /** What changes, e.g. ["holder: A → B from 2027-01-01"]. */
  details: string[];
}

/** What an import would change (or changed), as the use case returns it: its problems and changes are data. */
export interface ImportPlan {
  format: 'csv' | 'xlsx' | 'json';
  effective: string;
  /** Whether the plan was applied (false for a dry run, or when there were problems). */
  applied: boolean;
  changes: PlannedChange[];
  counts: Record<ChangeKind, number>;
  problems: MembershipProblem[];
  /** The version the plan was made against: send it back to apply. */
  basedOn: string;
}

/** An import plan as the Members API sends it: its problems and changes worded. */
export type ImportPlanView = Omit<ImportPlan, 'problems' | 'changes'> & { problems: FieldProblem[]; changes: PlannedChangeView[] };
