import type { Directory } from '../domain/directory.js';
import type { AbsenceReview, Apology, AttendanceRecord, Meeting, MeetingDetails, MeetingStatus, RiskRegisterEntry } from '../domain/meeting.js';
import type { QuorumResult } from '../domain/quorum.js';
import type { CarryForward } from './consultations.js';
import type { CardPayload } from './outbox.js';

export interface MeetingQuery {
  bodyIds?: string[];
  statuses?: MeetingStatus[];
  /** ISO instants: meetings starting after `from` and at or before `to`. */
  from?: string;
  to?: string;
}

/**
 * Meetings and everything recorded about them, in one partition per partnership. Every create is
 * create-once by a deterministic id (false when it existed); every replace is guarded by the ETag
 * (undefined when someone changed it first).
 */
export interface MeetingRepo {
  createMeeting(m: Meeting): Promise<boolean>;
  getMeeting(partnershipId: string, id: string): Promise<Meeting | undefined>;
  replaceMeeting(m: Meeting): Promise<Meeting | undefined>;
  listMeetings(partnershipId: string, query?: MeetingQuery): Promise<Meeting[]>;

  createApology(a: Apology): Promise<boolean>;
  getApology(partnershipId: string, id: string): Promise<Apology | undefined>;
  replaceApology(a: Apology): Promise<Apology | undefined>;
  listApologies(partnershipId: string, meetingIds: string[]): Promise<Apology[]>;

  createRegister(r: AttendanceRecord): Promise<boolean>;
  getRegister(partnershipId: string, id: string): Promise<AttendanceRecord | undefined>;
  replaceRegister(r: AttendanceRecord): Promise<AttendanceRecord | undefined>;
  listRegisters(partnershipId: string, bodyIds?: string[]): Promise<AttendanceRecord[]>;

  createReview(r: AbsenceReview): Promise<boolean>;
  getReview(partnershipId: string, id: string): Promise<AbsenceReview | undefined>;
  replaceReview(r: AbsenceReview): Promise<AbsenceReview | undefined>;
  listReviews(partnershipId: string, query?: { status?: AbsenceReview['status']; bodyIds?: string[] }): Promise<AbsenceReview[]>;

  createRiskEntry(e: RiskRegisterEntry): Promise<boolean>;
  listRiskEntries(partnershipId: string): Promise<RiskRegisterEntry[]>;
}

/** A meeting as one person sees it: their seat's answer and what they may do. Facts only. */
export interface MeetingSight {
  meeting: Meeting;
  apologies: Apology[];
  personId: string;
  /** The viewer's own seat at the meeting, if any. */
  seatId?: string;
  isManager: boolean;
  now: Date;
  can: { edit: boolean; cancel: boolean; brief: boolean; register: boolean };
}

/** A one-off message about a meeting, to one person. */
export type MeetingNews =
  | { kind: 'changed' }
  | { kind: 'cancelled' }
  | { kind: 'deputy-asked'; seatId: string; holderId: string }
  | { kind: 'deputy-released'; seatId: string; holderId: string; attending: boolean }
  | { kind: 'proxy-request'; seatId: string; holderId: string; proxyId: string }
  | { kind: 'proxy-asked'; seatId: string; holderId: string; agreed: boolean }
  | { kind: 'proxy-confirmed'; seatId: string; holderId: string }
  | { kind: 'proxy-answered'; proxyId: string; agreed: boolean }
  | { kind: 'no-substitute'; seatId: string; holderId: string };

export interface BriefFacts {
  meeting: Meeting;
  apologies: Apology[];
  carried: CarryForward[];
  reviews: AbsenceReview[];
  forecast: QuorumResult;
  now: Date;
}

export interface QuorumWarningFacts {
  meeting: Meeting;
  apologies: Apology[];
  forecast: QuorumResult;
  now: Date;
}

export interface ReviewFacts {
  review: AbsenceReview;
  /** The body's meetings, to date the ones the review names. */
  meetings: Meeting[];
  canDecide: boolean;
}

/**
 * The cards the meeting jobs and use cases queue for people, from domain facts; implemented in
 * cards/meeting/. The payload is opaque here.
 */
export interface MeetingPresenter {
  /** The meeting card a seat-holder is sent: the notice, or the notice again after a move (`movedFrom`). */
  notice(directory: Directory, sight: MeetingSight, movedFrom?: MeetingDetails): CardPayload;
  news(directory: Directory, meeting: Meeting, now: Date, news: MeetingNews): CardPayload;
  quorumWarning(directory: Directory, facts: QuorumWarningFacts): CardPayload;
  brief(directory: Directory, facts: BriefFacts): CardPayload;
  review(directory: Directory, facts: ReviewFacts): CardPayload;
}
