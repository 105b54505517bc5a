import type { ActionItem } from '../domain/action.js';
import type { AgencyAnswer, Consultation } from '../domain/consultation.js';
import type { AbsenceReview, Apology, AttendanceRecord, Meeting } from '../domain/meeting.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import type { DeliveryStatus } from './outbox.js';

/**
 * Read-only queries behind the dashboard. Each answers a whole view's worth of data in one round trip
 * (a partnership has tens of consultations and thousands of actions), always inside one partnership.
 */

export interface ConsultationQueries {
  /** Consultations of these bodies in these states whose deadline is at or after `deadlineFrom` (ISO), if given. */
  consultations(
    partnershipId: string,
    bodyIds: string[],
    opts: { statuses: Consultation['status'][]; deadlineFrom?: string; deadlineTo?: string },
  ): Promise<Consultation[]>;
  /** Every agency answer of these consultations. */
  answers(partnershipId: string, consultationIds: string[]): Promise<AgencyAnswer[]>;
}

/** One delivery of a card to one person by one channel, as the dashboard reads it. */
export interface DeliveryFact {
  batchId: string;
  recipientAad: string;
  channel: 'teams' | 'email';
  status: DeliveryStatus;
}

export interface DeliveryQueries {
  /** The deliveries of these batches (e.g. `consultation:<id>:open`), in one round trip. */
  deliveries(partnershipId: string, batchIds: string[]): Promise<DeliveryFact[]>;
}

export interface AttendanceData {
  meetings: Meeting[];
  registers: AttendanceRecord[];
  apologies: Apology[];
  pendingReviews: AbsenceReview[];
}

export interface AttendanceQueries {
  /** Meetings of these bodies dated in [from, to] (YYYY-MM-DD), their registers and apologies, and the bodies' pending absence reviews. */
  attendance(partnershipId: string, bodyIds: string[], range: { from: string; to: string }): Promise<AttendanceData>;
}

/** What the dashboard reads of an action: not its progress history. */
export type DashboardActionItem = Pick<
  ActionItem,
  'id' | 'ref' | 'source' | 'description' | 'bodyId' | 'leads' | 'dueDate' | 'rag' | 'status' | 'confidential' | 'viewers'
>;

export interface ActionQueries {
  /** The actions of these bodies: every open one, and those completed at or after `completedSince` (ISO). */
  actions(partnershipId: string, bodyIds: string[], completedSince: string): Promise<DashboardActionItem[]>;
  /** The current documents of the policy register. */
  policies(partnershipId: string): Promise<PolicyDocument[]>;
}
