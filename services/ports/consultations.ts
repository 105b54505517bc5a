import type { AgencyAnswer, Consultation } from '../domain/consultation.js';
import type {
  CastingVoteView,
  ConsultationFormView,
  ConsultationListView,
  PreviewView,
  ProgressView,
  RequestView,
  TallyView,
} from '../domain/consultation-views.js';
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

export interface ConsultationCards {
  form(view: ConsultationFormView): CardPayload;
  preview(view: PreviewView): CardPayload;
  progress(view: ProgressView): CardPayload;
  request(view: RequestView): CardPayload;
  tally(view: TallyView): CardPayload;
  castingVote(view: CastingVoteView): CardPayload;
  list(view: ConsultationListView): CardPayload;
}

/** The part of the outbox the consultation service uses. */
export interface Outbox {
  enqueue(items: NewDelivery[]): Promise<{ created: number }>;
  progress(partnershipId: string, batchId: string): Promise<BatchProgress>;
}
