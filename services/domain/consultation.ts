import type { DecisionRule } from './directory.js';
import { decide } from './consultation-decision.js';

/**
 * Consultations between meetings and votes (C §4.9, §4.10, App3; domain.md §2-3).
 * The responding unit is the agency: silence is stored as 'none' and never read as agreement.
 */

export type ConsultationKind = 'consultation' | 'decision';
export type Choice = 'agree' | 'disagree';
export type AnswerState = Choice | 'none';
export type ConsultationStatus = 'draft' | 'open' | 'awaiting-casting-vote' | 'closed' | 'cancelled';

export const LIMITS = { title: 200, ask: 2000, reason: 2000, comment: 2000, url: 1000 } as const;
export const DEFAULT_REMINDER_WORKING_DAYS = [3, 1];

export interface Consultation {
  id: string;
  /** Short reference people can type, e.g. "C-7F3A2B". */
  ref: string;
  partnershipId: string;
  kind: ConsultationKind;
  title: string;
  /** What the body is asked to do. */
  ask: string;
  documentUrl?: string;
  bodyId: string;
  /** ISO instant; answers are accepted until then. */
  deadline: string;
  signOffRequired: boolean;
  /** Agencies required to answer beyond the body's own (e.g. PM §9's consultation list). */
  extraAgencyIds: string[];
  reminderWorkingDays: number[];
  createdBy: string;
  createdAt: string;
  status: ConsultationStatus;
  openedAt?: string;
  closedAt?: string;
  /** The sender's preview card, updated with delivery progress. */
  senderCard?: { aadObjectId: string; activityId: string };
  outcome?: DecisionOutcome;
  /** The body's decision rule when the vote opened: a later change of the rules does not change a vote already taken. */
  rule?: DecisionRule;
  /** A decision referred by a member who voted against, to whom the rule names (L, Decision Making: the Scrutineer). */
  referral?: Referral;
  etag?: string;
}

export interface Referral {
  by: string;
  agencyId: string;
  reason: string;
  at: string;
  toPersonId: string;
  /** The view of the one it was referred to; until then the decision shows "referred". */
  view?: { text: string; at: string };
}

export type DecisionResult = 'carried' | 'not carried' | 'tied' | 'no votes cast' | 'not decided' | 'agreed by consensus';

export interface DecisionOutcome {
  for: number;
  against: number;
  /** Agencies holding a vote, for thresholds counted on them rather than on the votes cast. */
  voting?: number;
  castingVote?: Choice;
  castBy?: string;
  /** Who recorded a consensus. */
  recordedBy?: string;
  result: DecisionResult;
}

export type AnswerRole = 'member' | 'deputy';

export interface Submission {
  personId: string;
  as: AnswerRole;
  seatId: string;
  choice: Choice;
  reason?: string;
  comment?: string;
  at: string;
  /** 'email' when the answer came through a signed email link rather than Teams. */
  via?: 'email';
}

export interface Conflict {
  at: string;
  personId: string;
  as: AnswerRole;
  choice: Choice;
  reason?: string;
  kind: 'deputy-differs-from-member' | 'members-differ';
}

export interface AnswerChange {
  at: string;
  personId: string;
  as: AnswerRole;
  before: { choice: AnswerState; reason?: string; comment?: string };
  after: { choice: AnswerState; reason?: string; comment?: string };
  via?: 'email';
}

/** One agency's answer to one consultation. Created as 'none' when the consultation opens. */
export interface AgencyAnswer {
  id: string;
  partnershipId: string;
  consultationId: string;
  agencyId: string;
  /** Required to answer (a responding unit), as opposed to invited to comment. */
  required: boolean;
  /** Holds a vote (decisions only). */
  votes: boolean;
  choice: AnswerState;
  answeredBy?: string;
  answeredAs?: AnswerRole;
  seatId?: string;
  reason?: string;
  comment?: string;
  answeredAt?: string;
  /** 'email' when the standing answer came by a signed email link. */
  answeredVia?: 'email';
  /** Formal endorsement (Policy-ToR App2): who signed, when, for which agency. */
  signOff?: { personId: string; agencyId: string; at: string };
  conflicts: Conflict[];
  history: AnswerChange[];
  comments: { personId: string; at: string; text: string }[];
  etag?: string;
}

export const answerId = (consultationId: string, agencyId: string) => `${consultationId}:${agencyId}`;

/**
 * The consultation as it stands at `now`, the one place its state is derived from the clock: past
 * its deadline an open one is closed (a vote whose `answers` tie awaits the casting vote), whether
 * or not the closing job has run. The job records exactly this and sends the summary and the
 * carry-forward; every reader shows this.
 */
export function asOf(c: Consultation, now: Date, answers?: AgencyAnswer[]): Consultation {
  if (c.status !== 'open' || now.getTime() < Date.parse(c.deadline)) return c;
  const outcome = c.kind === 'decision' && answers ? decide(answers, undefined, c.rule) : undefined;
  return { ...c, status: outcome?.result === 'tied' ? 'awaiting-casting-vote' : 'closed', outcome };
}

export const statusAt = (c: Consultation, now: Date, answers?: AgencyAnswer[]): ConsultationStatus => asOf(c, now, answers).status;

export function isOpenForAnswers(c: Consultation, now: Date): boolean {
  return statusAt(c, now) === 'open';
}


export * from './consultation-recipients.js';
export * from './consultation-answers.js';
export * from './consultation-decision.js';
