import type { AttendanceMark } from './absence.js';
import type { ActionsView, AnnualReportView, PoliciesView } from './dashboard-report-views.js';
import type { Role } from './authorization.js';
import type { AnswerState, ConsultationKind, ConsultationStatus } from './consultation.js';
import type { AbsenceRule } from './directory.js';
import type { MissingItem } from './quorum.js';
import type { AbsenceBreach } from './meeting.js';

/**
 * What the dashboard tab shows, view by view: the JSON of /api/tab/views/*. The service fills these
 * after filtering through the authorization policy; the tab words and renders them and exports them
 * as CSV. Data only (names, dates, codes; no sentences), so the browser bundle can import them.
 */

export const VIEW_NAMES = ['consultations', 'non-response', 'attendance', 'actions', 'policies', 'annual-report'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export interface BodyRef {
  id: string;
  name: string;
}

export interface MeView {
  personId: string;
  name: string;
  partnership: string;
  isManager: boolean;
  roles: Role[];
  /** Bodies the viewer sits on, chairs or manages. */
  bodies: BodyRef[];
  /** The views this viewer may open, in tab order. */
  views: ViewName[];
  /** Whether the viewer keeps the membership (a board manager): the Members page is theirs. */
  managesMembers: boolean;
  /** First run: no partnership is stored yet, and the viewer is one of the managers named in QUORUM_MANAGERS. */
  setup: boolean;
  signedInWith: 'sso' | 'dev';
}

// ---- consultations ----

/** A matrix cell: the agency's standing answer, or a conflict the manager must resolve. */
export type CellState = Exclude<AnswerState, 'none'> | 'no-response' | 'conflict' | 'not-required';

export interface ConsultationColumn {
  id: string;
  ref: string;
  title: string;
  kind: ConsultationKind;
  bodyId: string;
  bodyName: string;
  status: ConsultationStatus;
  /** ISO instant. */
  deadline: string;
  documentUrl?: string;
  /** Counts over the rows this viewer may see. */
  counts: { agree: number; disagree: number; noResponse: number; conflict: number };
}

export interface ConflictDetail {
  by: string;
  as: 'member' | 'deputy';
  choice: 'agree' | 'disagree';
  reason?: string;
  at: string;
  kind: 'deputy-differs-from-member' | 'members-differ';
}

export interface MatrixCell {
  consultationId: string;
  state: CellState;
  /** The agency's standing answer (a conflict does not change it, C §5.6). */
  choice: AnswerState;
  required: boolean;
  answeredBy?: string;
  answeredAs?: 'member' | 'deputy';
  answeredAt?: string;
  reason?: string;
  comment?: string;
  /** Formal sign-off: who (their name) and when (ISO). */
  signedOff?: { by: string; at: string };
  conflicts: ConflictDetail[];
}

export interface MatrixRow {
  agencyId: string;
  agencyName: string;
  /** One per column, in column order; null when the agency was not asked or the cell is not this viewer's to see. */
  cells: (MatrixCell | null)[];
}

export interface OpenItem {
  consultationId: string;
  ref: string;
  title: string;
  bodyName: string;
  deadline: string;
  workingDaysLeft: number;
  answered: number;
  required: number;
}

export interface ConsultationsView {
  generatedAt: string;
  /** Whether every agency's row is shown on every body (chairs, manager), or only the viewer's agencies on some. */
  allAgencies: boolean;
  columns: ConsultationColumn[];
  rows: MatrixRow[];
  openItems: OpenItem[];
}

// ---- non-response ----

export interface NonResponseItem {
  consultationId: string;
  ref: string;
  title: string;
  bodyName: string;
  deadline: string;
  status: 'open' | 'closed';
  /** Whole days since the deadline; 0 while open. */
  daysOverdue: number;
  lastReminder?: string;
}

export interface NonResponseAgency {
  agencyId: string;
  agencyName: string;
  unanswered: number;
  overdue: number;
  maxDaysOverdue: number;
  lastReminder?: string;
  /** The agency's members who get Quorum by email (or by Teams and email), by name. */
  byEmail?: string[];
  items: NonResponseItem[];
}

export interface NonResponseView {
  generatedAt: string;
  since: string;
  agencies: NonResponseAgency[];
}

// ---- attendance ----

export interface QuorumSummary {
  met: boolean;
  /** What is lacking (empty when met); the tab words it with cards/meeting/quorum-words.ts. */
  missing: MissingItem[];
}

export interface AttendanceMeeting {
  id: string;
  date: string;
  time: string;
  status: 'scheduled' | 'held' | 'cancelled' | 'awaiting-register';
  /** From the register, for held meetings. */
  recorded?: QuorumSummary;
  /** From the apologies received, for meetings still to come. */
  forecast?: QuorumSummary;
  apologies: number;
}

export type SeatMark = AttendanceMark | 'expected' | 'apologies-sent' | 'deputy-expected';

export interface AttendanceSeatRow {
  seatId: string;
  seatTitle: string;
  agencyName?: string;
  holder?: string;
  /** One per meeting, in meeting order; null when there is no mark (not held, cancelled, or register not taken). */
  marks: (SeatMark | null)[];
  /** The current run of meetings not attended in person. */
  streak: number;
  /** The run has reached the body's rule. */
  streakBreach: boolean;
  attended: number;
  held: number;
}

export interface PendingReview {
  id: string;
  seatTitle: string;
  holder: string;
  agencyName?: string;
  /** The tab words these with cards/meeting/absence-words.ts: the facts, or the words stored on older reviews. */
  breach?: AbsenceBreach;
  summary?: string;
  createdAt: string;
}

export interface AttendanceBody {
  body: BodyRef;
  /** The body's absence rule, for the tab to state. */
  absenceRule: AbsenceRule;
  quorumRule: { description: string; source: string };
  /** Whether the whole register is shown, or only the viewer's own seats. */
  allSeats: boolean;
  meetings: AttendanceMeeting[];
  seats: AttendanceSeatRow[];
  pendingReviews: PendingReview[];
}

export interface AttendanceView {
  generatedAt: string;
  /** False until the meeting store has anything for these bodies. */
  hasData: boolean;
  bodies: AttendanceBody[];
}

export type * from './dashboard-report-views.js';

export interface ViewModels {
  consultations: ConsultationsView;
  'non-response': NonResponseView;
  attendance: AttendanceView;
  actions: ActionsView;
  policies: PoliciesView;
  'annual-report': AnnualReportView;
}

/** The reporting year (from 1 April) a London date falls in. */
export function reportingYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return (m ?? 1) >= 4 ? (y ?? 0) : (y ?? 0) - 1;
}

export const reportingYearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
