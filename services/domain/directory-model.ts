/**
 * The partnership's model: agencies, people, bodies, seats and their rules (quorum, absence,
 * decisions, proxies). Rules differ per partnership (Merton 2015, Lewisham 2019), so everything a
 * rule needs is data here. `directory.ts` re-exports it beside the Directory that answers questions of it.
 */
import type { ReturnsConfig } from './returns-config.js';

/** Role codes of the constitution's Appendix 3. */
export const ROLE_CODES = ['P', 'S', 'C', 'V', 'PO', 'SA', 'A', 'BS'] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

/** Roles that never vote (C §4.10). */
export const NON_VOTING_ROLES: readonly RoleCode[] = ['PO', 'SA', 'A', 'BS'];

export const SECTORS = [
  'council',
  'health',
  'police',
  'education',
  'probation',
  'justice',
  'voluntary',
  'lay',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

/** Commissioner or provider of services, for the board's quorum split (C §4.11). */
export type ServiceRole = 'commissioner' | 'provider' | 'both' | 'neither';

export interface Agency {
  id: string;
  name: string;
  sector: Sector;
  /** A statutory agency (Children Act 2004 s.13 board partner). */
  statutory: boolean;
  /** One of the safeguarding partners (Children and Social Work Act 2017: council, CCG, police). */
  safeguardingPartner?: boolean;
  serviceRole: ServiceRole;
  /** A sector seat (head teachers, voluntary sector, lay members) answers as its own unit. */
  sectorSeat?: boolean;
  /** Service area for L&D-style quorum rules ("separate service areas"); defaults to the agency id. */
  serviceArea?: string;
}

/** A person known to Teams. Named by role title in fixtures: no personal names. */
export interface Person {
  id: string;
  /** Entra (Azure AD) object id in the host tenant (a guest's too): how Teams identifies the user. */
  aadObjectId: string;
  displayName: string;
  email?: string;
  /** The organisation a B2B guest comes from (their home tenant's organisation). */
  organisation?: string;
  /** A B2B guest of the host tenant: a member from another organisation's Microsoft 365. */
  guest?: boolean;
  /**
   * Reached only by external access (federated chat), not as a guest: Teams lets no bot message
   * them, so they are listed as unreachable with that reason until they are invited as a guest.
   */
  externalAccessOnly?: boolean;
  /** How Quorum's cards reach them: Teams (the default), email (to `email`), or both. */
  channel?: DeliveryChannel;
}

export const DELIVERY_CHANNELS = ['teams', 'email', 'both'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export type Office = 'independent-chair' | 'chair' | 'vice-chair' | 'manager' | 'business-support';

export interface Seat {
  id: string;
  /** The role title, e.g. "Director of Children, Schools and Families". */
  title: string;
  /** The agency the seat represents; absent for the independent chair and board staff. */
  agencyId?: string;
  roles: RoleCode[];
  office?: Office;
  /** The person who holds the seat; absent when the seat is vacant. */
  holderId?: string;
  /** Standing deputy with the same authority (C §5.6); statutory partners only. */
  deputyId?: string;
  /**
   * The one seat that casts its agency's vote on this body (C §4.10: "only one Member per agency may
   * vote"). When no seat of an agency is so named, any of its voting (V) seats may cast the one vote.
   */
  voting?: boolean;
  /**
   * Who held the seat, deputised and for which agency, over time, oldest first; each term lasts until
   * the next one's first day. Without terms the seat's own fields have always applied. The seat's own
   * holderId, deputyId and agencyId are the term in force on the day it was saved.
   */
  terms?: SeatTerm[];
  /** The seat's last day, once it has been ended. */
  endsOn?: string;
}

/** One period of a seat: from its first day (YYYY-MM-DD, London) until the next term's. */
export interface SeatTerm {
  from: string;
  holderId?: string;
  deputyId?: string;
  agencyId?: string;
}

export type QuorumCondition =
  | {
      kind: 'min-agencies';
      count: number;
      /** Count only statutory agencies. */
      statutoryOnly?: boolean;
      /** The chair's own agency presence does not count (sub-group ToRs §2.3). */
      excludeChair?: boolean;
      /** Board staff (BS) do not count. */
      excludeBoardStaff?: boolean;
      /** Count separate service areas rather than agencies (L&D ToR). */
      countBy?: 'agency' | 'service-area';
    }
  | {
      kind: 'required-present';
      /** Each group must be represented by at least one present agency. */
      groups: { label: string; agencyIds?: string[]; sector?: Sector }[];
      excludeChair?: boolean;
    }
  | { kind: 'commissioner-and-provider' }
  | { kind: 'membership-share'; share: number }
  | { kind: 'each-safeguarding-partner' };

export interface QuorumRule {
  description: string;
  source: string;
  conditions: QuorumCondition[];
}

export type AbsenceRule =
  | {
      kind: 'consecutive';
      count: number;
      /** Whether a deputy's attendance resets the member's streak (default: no). */
      deputyResets: boolean;
      source: string;
    }
  | {
      kind: 'attendance-share';
      minShare: number;
      windowMonths: number;
      /** Whether a deputy's attendance counts as the member attending (default: no). */
      deputyCounts?: boolean;
      source: string;
    };

/** What carries a vote (domain.md §3): a majority of the votes cast, of the body's voting agencies, every voting agency, or a number of them. */
export type DecisionThreshold =
  | { kind: 'majority-of-votes-cast' }
  | { kind: 'majority-of-voting-agencies' }
  | { kind: 'unanimity' }
  | { kind: 'at-least'; count: number };

/** Who settles a tie: nobody (the tie is "not decided"), the independent chair, or whoever chairs the body. */
export type CastingVoteHolder = 'nobody' | 'independent-chair' | 'chair';
export const CASTING_VOTE_HOLDERS = ['nobody', 'independent-chair', 'chair'] as const satisfies readonly CastingVoteHolder[];

/** How a body decides, each part with the document and section it comes from. */
export interface DecisionRule {
  threshold: DecisionThreshold;
  /** Consensus is sought first and may be recorded without a vote; a vote is taken only when it is not reached. */
  consensusFirst?: boolean;
  source: string;
  /** Quorum's own rule for a body that sets none (domain.md §3): its source cites that, and the cards say it is the default. */
  default?: true;
  castingVote: { holder: CastingVoteHolder; source: string; default?: true };
  /** Where a tie or a missed threshold goes when no casting vote settles it, e.g. the dispute resolution of the MoU. */
  notDecidedRoute?: string;
  /**
   * A member who voted against may refer the decision, with a reason, to someone outside the body
   * (Lewisham: the Scrutineer, on risk to children or the partnership's reputation).
   */
  dissent?: { referToPersonId: string; referToTitle: string; grounds: string; source: string };
}

/** Who a member may send in their place for one meeting, beyond the standing deputy. */
export interface ProxyRule {
  /** A proxy counts only once the chair agrees (L, Partnership Group ToR). */
  chairAgreement: boolean;
  /** Someone must attend in the member's place: apologies naming nobody warn the member and the chair (L, MESI ToR). */
  substituteRequired: boolean;
  source: string;
}

export interface Cadence {
  meetingsPerYear: number;
  /** Months (1-12) in which meetings normally fall, when the documents say. */
  months?: number[];
  /** Invitations go out this many working days before (ToRs §2.6). */
  noticeWorkingDays: number;
  /** Papers go out this many working days before (ToRs §2.7). */
  papersWorkingDays: number;
  /** How long its meetings are usually booked for, in minutes (the board calendar's events). */
  meetingMinutes?: number;
  description: string;
}

export interface Reporting {
  /** The body this one reports to. */
  toBodyId: string;
  description: string;
  /** Working days before the parent's meeting that the report is due. */
  dueWorkingDaysBefore: number;
}

export type BodyKind = 'board' | 'executive' | 'sub-group' | 'task-and-finish' | 'network';

export interface Body {
  id: string;
  name: string;
  kind: BodyKind;
  parentBodyId?: string;
  seats: Seat[];
  quorum: QuorumRule;
  absence: AbsenceRule;
  cadence: Cadence;
  reporting?: Reporting;
  /** Who may not be vice chair (C §3.3: chosen from the statutory members, not CSF, the CCG or the Lead Member). */
  viceChair?: { notFromAgencyIds: string[]; statutoryMembersOnly: boolean; source: string };
  /** How the body decides; without it, a majority of votes cast and the (independent) chair's casting vote. */
  decision?: DecisionRule;
  /** Proxies for one meeting; without it, only standing deputies attend for a member. */
  proxies?: ProxyRule;
}

export interface Partnership {
  id: string;
  name: string;
  /** Where the rules come from, e.g. "Merton LSCB Constitution 2015". */
  source: string;
  timeZone: 'Europe/London';
  agencies: Agency[];
  people: Person[];
  bodies: Body[];
  /** The Section 11 framework and the performance data set the agencies return (returns-config.ts). */
  returns?: ReturnsConfig;
}
