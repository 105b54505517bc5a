import type { Actor } from '../directory/index.js';
import type { AgencyReturn, ReturnAction, ReturnKind, ReturnRound } from '../domain/returns.js';
import type { CarryForwardRepo } from './consultations.js';
import type { CardPayload, NewDelivery } from './outbox.js';

/** Rounds and agency returns of one partnership; every list stays inside it. */
export interface ReturnsRepo {
  /** Creates the round; false if one with its id exists already. */
  createRound(round: ReturnRound): Promise<boolean>;
  getRound(partnershipId: string, id: string): Promise<ReturnRound | undefined>;
  replaceRoundIfUnchanged(round: ReturnRound): Promise<ReturnRound | undefined>;
  /** A partnership's rounds, newest period first; of one kind when given. */
  listRounds(partnershipId: string, kind?: ReturnKind): Promise<ReturnRound[]>;
  /** A partnership's rounds whose summary has not gone out (scheduled jobs). */
  listUnsummarised(partnershipId: string): Promise<ReturnRound[]>;
  /** Creates each return unless it exists, so a retried open adds nothing. */
  createReturns(returns: AgencyReturn[]): Promise<void>;
  getReturn(partnershipId: string, id: string): Promise<AgencyReturn | undefined>;
  replaceReturnIfUnchanged(r: AgencyReturn): Promise<AgencyReturn | undefined>;
  listReturns(partnershipId: string, roundIds: string[]): Promise<AgencyReturn[]>;
  /**
   * The data-set view's reading in one query: the data-set rounds (of one year's quarters when
   * given, e.g. '2026') and the submitted returns' figures of those rounds.
   */
  listDataSet(partnershipId: string, year?: string): Promise<{ rounds: ReturnRound[]; figures: SubmittedFigures[] }>;
}

export type SubmittedFigures = Pick<AgencyReturn, 'id' | 'roundId' | 'agencyId' | 'status' | 'figures'>;

export interface RoundFacts {
  id: string;
  kind: ReturnKind;
  period: string;
  title: string;
  deadline: string;
}

/** Facts the cards are made from: the presenter in cards/returns words them. */
export interface ReturnRequestFacts {
  round: RoundFacts;
  agency: { id: string; name: string };
  /** Why this person is asked. */
  as: 'holder' | 'deputy' | 'audit-lead';
}

export interface ReturnReminderFacts extends ReturnRequestFacts {
  workingDaysLeft: number;
  status: 'not-returned' | 'draft';
}

export interface RoundSummaryFacts {
  round: RoundFacts;
  notReturned: { id: string; name: string; draft: boolean }[];
  late: { id: string; name: string }[];
  submitted: number;
  total: number;
}

/** Turns domain facts into cards for the jobs and the opening; implemented in cards/returns. */
export interface ReturnsPresenter {
  requested(facts: ReturnRequestFacts): CardPayload;
  reminder(facts: ReturnReminderFacts): CardPayload;
  summary(facts: RoundSummaryFacts): CardPayload;
}

/** One Amber or Red action of a submitted return, bound for the action register. */
export interface RegisterActionFacts {
  /** Deterministic, so a retried submission adds nothing. */
  id: string;
  partnershipId: string;
  /** The body that governs it (the QA sub-group). */
  bodyId: string;
  agencyId: string;
  standardId: string;
  standardText: string;
  rating: 'amber' | 'red';
  action: ReturnAction;
  round: RoundFacts;
  /** The manager who opened the round, on whose behalf the action is registered. */
  registeredFor: string;
}

/** The action capability's create entry point, as the returns use it. */
export interface ReturnActionRegister {
  /** Puts each action in the register unless it is there; returns the ids now there. */
  register(actions: RegisterActionFacts[]): Promise<string[]>;
}

export interface ReturnsOutbox {
  enqueue(items: NewDelivery[]): Promise<{ created: number }>;
}

export type ReturnsCarryForward = Pick<CarryForwardRepo, 'add'>;

/** A peer review meeting to add to the QA body's calendar (C §6.5), through the meetings capability. */
export interface PeerReviewMeetingRequest {
  /** Deterministic (UUID-shaped), so planning twice finds it. */
  meetingId: string;
  bodyId: string;
  date: string;
  time: string;
  place: string;
  /** Invited besides the body's members: the chair and the agency's return leads. */
  guestIds: string[];
  roundId: string;
  agencyId: string;
}

export type PeerReviewMeetingOutcome = { kind: 'added'; date: string; time: string } | { kind: 'rejected'; codes: string[] };

/** The meetings capability's schedule entry point, as the returns use it. */
export interface ReturnsMeetings {
  /** The meeting with that id, if it exists. */
  find(partnershipId: string, meetingId: string): Promise<{ date: string; time: string; status: string } | undefined>;
  /** Days (YYYY-MM-DD) the body already meets between two days, so no two meetings share a day. */
  busyDays(partnershipId: string, bodyId: string, from: string, to: string): Promise<string[]>;
  /** Adds the meeting as the actor (who must be able to schedule the body's meetings). */
  schedule(actor: Actor, request: PeerReviewMeetingRequest): Promise<PeerReviewMeetingOutcome>;
}
