import { chairSeatOf, NON_VOTING_ROLES, type Body, type DecisionRule, type Directory, type Seat } from './directory.js';

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
    const r = byPerson.get(personId) ?? { personId, agencies: [], isChair: false };
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

export type AnswerOutcome =
  | { kind: 'recorded'; answer: AgencyAnswer }
  | { kind: 'changed'; answer: AgencyAnswer }
  | { kind: 'unchanged'; answer: AgencyAnswer }
  | { kind: 'conflict'; answer: AgencyAnswer; conflict: Conflict };

const sameAnswer = (a: { choice: AnswerState; reason?: string; comment?: string }, s: Submission) =>
  a.choice === s.choice && (a.reason ?? '') === (s.reason ?? '') && (a.comment ?? '') === (s.comment ?? '');

/**
 * Applies one person's answer to their agency's answer. A deputy cannot overturn the substantive
 * member's answer (C §5.6), and a second member cannot overturn the first: both are kept as
 * conflicts for the manager, and the standing answer is unchanged. The same answer twice is a no-op,
 * so retried invokes and double clicks change nothing.
 */
export function applyAnswer(current: AgencyAnswer, s: Submission, signOffRequired: boolean): AnswerOutcome {
  const snapshot = { choice: current.choice, reason: current.reason, comment: current.comment };
  const record = (): AgencyAnswer => ({
    ...current,
    choice: s.choice,
    answeredBy: s.personId,
    answeredAs: s.as,
    seatId: s.seatId,
    reason: s.choice === 'disagree' ? s.reason : undefined,
    comment: s.comment,
    answeredAt: s.at,
    answeredVia: s.via,
    signOff: signOffRequired && s.choice === 'agree' ? { personId: s.personId, agencyId: current.agencyId, at: s.at } : undefined,
    history: [
      ...current.history,
      { at: s.at, personId: s.personId, as: s.as, before: snapshot, after: { choice: s.choice, reason: s.reason, comment: s.comment }, ...(s.via ? { via: s.via } : {}) },
    ],
  });

  if (current.choice === 'none') return { kind: 'recorded', answer: record() };
  if (current.answeredBy === s.personId) {
    return sameAnswer(current, s) ? { kind: 'unchanged', answer: current } : { kind: 'changed', answer: record() };
  }
  // A member replaces a deputy's answer: the member's word is the agency's.
  if (current.answeredAs === 'deputy' && s.as === 'member') {
    return sameAnswer(current, s) ? { kind: 'unchanged', answer: current } : { kind: 'changed', answer: record() };
  }
  if (current.choice === s.choice) return { kind: 'unchanged', answer: current };

  const conflict: Conflict = {
    at: s.at,
    personId: s.personId,
    as: s.as,
    choice: s.choice,
    reason: s.reason,
    kind: s.as === 'deputy' && current.answeredAs === 'member' ? 'deputy-differs-from-member' : 'members-differ',
  };
  const last = [...current.conflicts].reverse().find((c) => c.personId === s.personId);
  if (last && last.choice === conflict.choice && (last.reason ?? '') === (conflict.reason ?? '')) {
    return { kind: 'unchanged', answer: current };
  }
  return { kind: 'conflict', answer: { ...current, conflicts: [...current.conflicts, conflict] }, conflict };
}

/** Conflicts still standing: the latest differing answer of each person that differs from the agency's answer. */
export function openConflicts(answer: AgencyAnswer): Conflict[] {
  const latest = new Map<string, Conflict>();
  for (const c of answer.conflicts) latest.set(c.personId, c);
  return [...latest.values()].filter((c) => c.choice !== answer.choice && c.personId !== answer.answeredBy);
}

export interface Tally {
  required: number;
  agreed: number;
  disagreed: number;
  noResponse: number;
  nonResponders: string[];
  conflicts: number;
}

export function tally(answers: AgencyAnswer[]): Tally {
  const required = answers.filter((a) => a.required);
  return {
    required: required.length,
    agreed: required.filter((a) => a.choice === 'agree').length,
    disagreed: required.filter((a) => a.choice === 'disagree').length,
    noResponse: required.filter((a) => a.choice === 'none').length,
    nonResponders: required.filter((a) => a.choice === 'none').map((a) => a.agencyId),
    conflicts: answers.filter((a) => openConflicts(a).length > 0).length,
  };
}

/** The rule a body decides by: its own, else a simple majority of votes cast and the chair's casting vote (domain.md §3). */
export function decisionRuleOf(body: Body): DecisionRule {
  if (body.decision) return body.decision;
  const independent = body.seats.some((s) => s.office === 'independent-chair');
  return {
    threshold: { kind: 'majority-of-votes-cast' },
    source: 'domain.md §3 (default: a simple majority of votes cast)',
    castingVote: { holder: independent ? 'independent-chair' : 'chair', source: independent ? 'C App3' : 'domain.md §3 (default)' },
  };
}

/**
 * The outcome of a vote, one vote per agency, by the body's rule. What the threshold neither carries
 * nor rejects is "not decided", unless it is a tie and the rule gives someone the casting vote, which
 * then decides it. Without a rule: a simple majority of votes cast, a tie awaiting the casting vote.
 */
export function decide(answers: AgencyAnswer[], castingVote?: Choice, rule?: DecisionRule): DecisionOutcome {
  const voters = answers.filter((a) => a.votes);
  const cast = voters.filter((a) => a.choice !== 'none');
  const votesFor = cast.filter((a) => a.choice === 'agree').length;
  const against = cast.filter((a) => a.choice === 'disagree').length;
  const counted = { for: votesFor, against, ...(rule ? { voting: voters.length } : {}) };
  if (cast.length === 0) return { ...counted, result: 'no votes cast' };
  const threshold = rule?.threshold ?? { kind: 'majority-of-votes-cast' };
  const n = voters.length;
  let carried: boolean;
  let rejected: boolean;
  switch (threshold.kind) {
    case 'majority-of-votes-cast':
      carried = votesFor > against;
      rejected = against > votesFor;
      break;
    case 'majority-of-voting-agencies': {
      const majority = Math.floor(n / 2) + 1;
      carried = votesFor >= majority;
      rejected = against >= majority;
      break;
    }
    case 'unanimity':
      carried = votesFor === n;
      rejected = against > 0;
      break;
    case 'at-least':
      carried = votesFor >= threshold.count;
      rejected = n - against < threshold.count;
      break;
  }
  if (carried) return { ...counted, result: 'carried' };
  if (rejected) return { ...counted, result: 'not carried' };
  if (votesFor === against && rule?.castingVote.holder !== 'nobody') {
    if (!castingVote) return { ...counted, result: 'tied' };
    return { ...counted, castingVote, result: castingVote === 'agree' ? 'carried' : 'not carried' };
  }
  return { ...counted, result: 'not decided' };
}

/** The person with the casting vote under the body's rule: nobody, the independent chair, or whoever chairs the body (C App3). */
export function castingVoter(body: Body, rule: DecisionRule = decisionRuleOf(body)): string | undefined {
  switch (rule.castingVote.holder) {
    case 'nobody':
      return undefined;
    case 'independent-chair':
      return body.seats.find((s) => s.office === 'independent-chair' && s.holderId)?.holderId;
    case 'chair':
      return chairSeatOf(body)?.holderId;
  }
}

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

const STATUS_LABEL: Record<ConsultationStatus, string> = {
  draft: 'Not sent',
  open: 'Open',
  'awaiting-casting-vote': 'Tied: waiting for the casting vote',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** How people read a status, on every card and in the tab. */
export const statusLabel = (status: ConsultationStatus) => STATUS_LABEL[status];
