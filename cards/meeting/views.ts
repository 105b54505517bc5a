/** What the meeting cards show: the presenter (present.ts) fills these from outcomes; cards.ts turns them into Adaptive Cards. */

export type Tone = 'good' | 'warning' | 'attention';
export interface CardMessage {
  text: string;
  tone: Tone;
}

export interface MeetingSummary {
  meetingId: string;
  bodyName: string;
  /** "Tue 19 Jan 2027, 10:00" */
  whenText: string;
  placeText: string;
  joinUrl?: string;
  statusLabel: string;
}

export interface MeetingFormView {
  formId: string;
  /** Set when editing an existing meeting. */
  meetingId?: string;
  bodies: { id: string; name: string }[];
  values: { bodyId?: string; date?: string; time?: string; place?: string; joinUrl?: string; durationMinutes?: string };
  errors: string[];
}

export interface SeatAnswerView {
  seatId: string;
  seatTitle: string;
  agencyName: string;
  answerLabel: string;
  answeredAt?: string;
  /** The agency's named deputies, for "send apologies with a deputy". */
  deputies: { id: string; name: string }[];
  deputyId?: string;
  /** Whom the member may send as proxy for this meeting, where the body takes proxies. */
  proxies?: { id: string; name: string }[];
  proxyId?: string;
  /** e.g. "Or a proxy for this meeting (the chair must agree)". */
  proxyLabel?: string;
  canAnswer: boolean;
}

/** A meeting as one person sees it: their seat's answer, and what they may do. */
export interface MeetingCardView extends MeetingSummary {
  message?: CardMessage;
  banner?: string;
  seat?: SeatAnswerView;
  note?: string;
  canEdit: boolean;
  canCancel: boolean;
  canBrief: boolean;
  canRegister: boolean;
}

/** A one-off message about a meeting: a deputy asked to attend, a cancellation, a change. */
export interface MeetingMessageView extends MeetingSummary {
  title: string;
  text: string;
  /** A proxy waiting for the chair: the card offers Agree and Refuse. */
  proxyRequest?: { seatId: string };
}

export interface MeetingListItem extends MeetingSummary {
  line: string;
  verb: 'meeting.open' | 'meeting.register.open' | 'meeting.brief';
}

export interface MeetingListView {
  title: string;
  empty: string;
  items: MeetingListItem[];
  canAdd: boolean;
}

export interface QuorumView {
  met: boolean;
  label: string;
  conditions: { met: boolean; text: string }[];
  missing: string[];
}

export interface QuorumWarningView extends MeetingSummary {
  quorum: QuorumView;
  apologies: string[];
  noAnswer: string[];
}

export interface RegisterRowView {
  seatId: string;
  seatTitle: string;
  holderName: string;
  markInputId: string;
  mark: string;
  deputyId: string;
  /** The agency's named deputies, and the member's proxy for this meeting (`proxy`). */
  deputies: { id: string; name: string; proxy?: boolean }[];
  /** What the seat-holder answered beforehand, as a hint. */
  answered: string;
}

export interface RegisterFormView extends MeetingSummary {
  /** The register revision the card was built on: a submission against an older one is refused. */
  basedOn: number;
  rows: RegisterRowView[];
  errors: string[];
  correcting: boolean;
}

export interface RegisterView extends MeetingSummary {
  message?: CardMessage;
  quorum: QuorumView;
  /** Who chaired in the chair's place, when the chair did not (a vice chair standing in). */
  chairedText?: string;
  rows: { seat: string; mark: string }[];
  recordedText: string;
  corrections: string[];
  counts: string;
}

export interface BriefView extends MeetingSummary {
  quorum: QuorumView;
  answers: string;
  apologies: string[];
  noAnswer: string[];
  carryForward: { title: string; agencies: string }[];
  reviews: { member: string; detail: string }[];
}

export interface ReviewView {
  reviewId: string;
  member: string;
  seat: string;
  agency: string;
  bodyName: string;
  summary: string;
  meetings: string[];
  deputyMeetings: string[];
  source: string;
  statusLabel: string;
  decided?: string;
  canDecide: boolean;
  noteLimit: number;
  message?: CardMessage;
}

export interface ReviewListView {
  title: string;
  empty: string;
  items: { reviewId: string; member: string; line: string }[];
}

export interface RiskRegisterView {
  title: string;
  empty: string;
  items: { member: string; agency: string; reason: string; date: string; decidedBy: string }[];
}
