import type { AgencyAnswer, Consultation, Recipient } from '../domain/consultation.js';
import type { DeliveryProgress } from '../domain/consultation-outcomes.js';
import type { Directory } from '../domain/directory.js';
import type { BatchProgress, CardPayload, NewDelivery } from './outbox.js';

/** Consultations and answers from `get`, `getAnswer` and the replaces may be shared copies, frozen: change them by building new values. */
export interface ConsultationRepo {
  /** Creates the consultation; false if one with its id exists already. */
  create(c: Consultation): Promise<boolean>;
  get(partnershipId: string, id: string): Promise<Consultation | undefined>;
  getByRef(partnershipId: string, ref: string): Promise<Consultation | undefined>;
  /** Replaces if the ETag still matches; undefined when someone else changed it first. */
  replaceIfUnchanged(c: Consultation): Promise<Consultation | undefined>;
  /** Consultations in the given states across every partnership (scheduled jobs). */
  listByStatus(statuses: Consultation['status'][]): Promise<Consultation[]>;
  listForBodies(partnershipId: string, bodyIds: string[], statuses: Consultation['status'][]): Promise<Consultation[]>;
  /** The most recently created of those consultations (`status` without a reference), read alone. */
  latestForBodies(partnershipId: string, bodyIds: string[], statuses: Consultation['status'][]): Promise<Consultation | undefined>;

  /** Creates each answer unless it exists (so reopening or a retried open adds nothing). */
  createAnswers(answers: AgencyAnswer[]): Promise<void>;
  /**
   * With `maybeStale`, the repository may answer from its own last copy, which another instance may
   * since have changed: fit only to start a conditional write, whose ETag check catches the change.
   */
  getAnswer(partnershipId: string, consultationId: string, agencyId: string, options?: { maybeStale?: boolean }): Promise<AgencyAnswer | undefined>;
  replaceAnswerIfUnchanged(answer: AgencyAnswer): Promise<AgencyAnswer | undefined>;
  listAnswers(partnershipId: string, consultationId: string): Promise<AgencyAnswer[]>;
}

/** Items carried to a body's next meeting, e.g. agencies that did not answer a consultation (C §4.9). */
export interface CarryForward {
  id: string;
  partnershipId: string;
  bodyId: string;
  kind: 'consultation-non-response' | 'returns-non-response';
  /** The consultation, or for returns the round. */
  consultationId: string;
  title: string;
  agencyIds: string[];
  createdAt: string;
  /** Set when the item is raised at a meeting. */
  raisedAtMeetingId?: string;
}

export interface CarryForwardRepo {
  /** Idempotent by id. */
  add(item: CarryForward): Promise<void>;
  listOpen(partnershipId: string, bodyId: string): Promise<CarryForward[]>;
  /** Records that the item was raised at a meeting; an item already raised keeps its first meeting. */
  markRaised(partnershipId: string, id: string, meetingId: string): Promise<void>;
}

/**
 * The cards the scheduled jobs and the fan-out queue, made from domain facts (implemented in
 * cards/consultation/, which holds every word).
 */
export interface ConsultationPresenter {
  /** One recipient's card: at opening, as a reminder to an agency that has not answered, or after a change. */
  request(facts: { directory: Directory; consultation: Consultation; recipient: Recipient; answer?: AgencyAnswer; reminder?: { workingDaysLeft: number } }): CardPayload;
  /** The tally: the summary at the deadline, a vote's result, a referral and its view. */
  tally(facts: { directory: Directory; consultation: Consultation; answers: AgencyAnswer[]; viewerId?: string }): CardPayload;
  /** The casting vote asked of the chair on a tied vote. */
  castingVote(facts: { directory: Directory; consultation: Consultation }): CardPayload;
  /** The sender's card with the delivery progress. */
  progress(facts: { directory: Directory; consultation: Consultation; progress: DeliveryProgress; unreachable: string[] }): CardPayload;
}

/** The sender's card to refresh with the delivery progress (Teams message id and the new card). */
export interface SenderCardUpdate {
  partnershipId: string;
  aadObjectId: string;
  activityId: string;
  card: CardPayload;
}

/** The part of the outbox the consultation use cases use. */
export interface Outbox {
  enqueue(items: NewDelivery[]): Promise<{ created: number }>;
  progress(partnershipId: string, batchId: string): Promise<BatchProgress>;
}
