import type { AbsenceReview, Apology, AttendanceRecord, Meeting, MeetingStatus, RiskRegisterEntry } from '../domain/meeting.js';
import type {
  BriefView,
  MeetingCardView,
  MeetingFormView,
  MeetingListView,
  MeetingMessageView,
  QuorumWarningView,
  RegisterFormView,
  RegisterView,
  ReviewListView,
  ReviewView,
  RiskRegisterView,
} from '../domain/meeting-views.js';
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

export interface MeetingCards {
  form(view: MeetingFormView): CardPayload;
  meeting(view: MeetingCardView): CardPayload;
  message(view: MeetingMessageView): CardPayload;
  list(view: MeetingListView): CardPayload;
  quorumWarning(view: QuorumWarningView): CardPayload;
  registerForm(view: RegisterFormView): CardPayload;
  register(view: RegisterView): CardPayload;
  brief(view: BriefView): CardPayload;
  review(view: ReviewView): CardPayload;
  reviews(view: ReviewListView): CardPayload;
  risks(view: RiskRegisterView): CardPayload;
}
