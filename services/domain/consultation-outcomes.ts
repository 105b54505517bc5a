import type { AgencyAnswer, AnswerOutcome, AnswerState, Consultation, ConsultationKind, Recipient } from './consultation.js';

/**
 * What the consultation use cases return: what happened, as data. The presenter in
 * cards/consultation/ puts it into words; nothing here is read by a person as it is.
 */

/** Something wrong with what the person sent, for the presenter to word (one field at a time). */
export type ConsultationProblem =
  | { code: 'missing'; field: 'title' | 'ask' | 'bodyId' | 'deadlineDate' | 'reason' | 'comment' | 'referReason' }
  | { code: 'too-long'; field: 'title' | 'ask' | 'reason' | 'comment' | 'referReason'; length: number; limit: number }
  | { code: 'not-https'; field: 'documentUrl' }
  | { code: 'body-not-allowed'; field: 'bodyId'; bodyId: string }
  | { code: 'deadline-too-soon'; field: 'deadlineDate' }
  | { code: 'unknown-agencies'; field: 'extraAgencyIds'; agencyIds: string[] };

export interface Rejected {
  kind: 'rejected';
  problems: ConsultationProblem[];
}

/** What the form sends: the same fields it shows. */
export interface DraftValues {
  title?: string;
  ask?: string;
  documentUrl?: string;
  bodyId?: string;
  deadlineDate?: string;
  deadlineTime?: string;
  kind?: ConsultationKind;
  signOffRequired?: boolean;
  extraAgencyIds?: string[];
}

/** The form to draft a consultation: the bodies the sender may consult, and the values so far. */
export interface ConsultationForm {
  formId: string;
  bodyIds: string[];
  values: DraftValues;
  problems: ConsultationProblem[];
}

/** Delivery of the opening cards so far. */
export interface DeliveryProgress {
  total: number;
  sent: number;
  pending: number;
  failed: number;
  unreachable: number;
  blocked: number;
  uncertain: number;
  /** The deliveries by email among those above, when there are any. */
  email?: EmailProgress;
}

/** Deliveries by email: counts, and who each one not yet delivered is (Entra object ids), so the sender can follow them up. */
export interface EmailProgress {
  total: number;
  sent: number;
  pending: number;
  bounced: number;
  failed: number;
  waitingFor: string[];
  bouncedFor: string[];
  failedFor: string[];
}

/** The consultation once sent (or as it stands, for a draft or a cancelled one): its progress and who cannot be reached. */
export interface SendOutcome {
  kind: 'sent';
  consultation: Consultation;
  progress: DeliveryProgress;
  /** Person ids of recipients Quorum cannot message. */
  unreachable: string[];
}

export type PreviewOutcome =
  | (Rejected & { form: ConsultationForm })
  | { kind: 'draft'; consultation: Consultation; recipients: number; units: number; unreachable: string[] }
  | SendOutcome;

export interface CancelOutcome {
  kind: 'cancelled';
  consultation: Consultation;
}

/** One person's card on a consultation: the agency it answers for and that agency's answer. */
export interface RequestModel {
  consultation: Consultation;
  recipient: Recipient;
  answer?: AgencyAnswer;
}

export type AnswerResult = (AnswerOutcome | (Rejected & { answer?: AgencyAnswer })) & {
  consultation: Consultation;
  recipient: Recipient;
  agencyId: string;
};

export type CommentOutcome = ({ kind: 'commented' } | { kind: 'unchanged' } | Rejected) & RequestModel;

export type ReferOutcome = ({ kind: 'referred'; referToTitle: string } | { kind: 'already-referred' } | Rejected) & RequestModel;

/** The tally of a consultation as it stands, as its viewer may see it. */
export interface TallyModel {
  consultation: Consultation;
  answers: AgencyAnswer[];
  /** The one looking, when what they may do depends on who they are (recording a referral's view). */
  viewerId?: string;
}

export type ConsensusOutcome = { kind: 'agreed' | 'already-agreed' } & TallyModel;

export type ReferralViewOutcome = { kind: 'recorded' | 'already-recorded' } & TallyModel;

export interface CastingOutcome {
  kind: 'decided' | 'already-decided';
  consultation: Consultation;
}

export interface OpenConsultations {
  items: { consultation: Consultation; agencyId?: string; state?: AnswerState }[];
}
