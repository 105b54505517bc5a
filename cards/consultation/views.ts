import type { AnswerState, Choice, ConsultationKind, DecisionOutcome } from '../../services/domain/consultation.js';
import type { DraftValues } from '../../services/domain/consultation-outcomes.js';

/** What the consultation cards show. The presenter fills these; cards/ turns them into Adaptive Cards. */

export interface ConsultationFormView {
  formId: string;
  bodies: { id: string; name: string }[];
  agencies: { id: string; name: string }[];
  values: DraftValues;
  errors: string[];
}

export interface ConsultationSummaryLine {
  consultationId: string;
  ref: string;
  title: string;
  kind: ConsultationKind;
  kindLabel: string;
  bodyName: string;
  deadlineText: string;
}

export interface PreviewView extends ConsultationSummaryLine {
  ask: string;
  documentUrl?: string;
  signOffRequired: boolean;
  recipients: number;
  units: number;
  unreachable: string[];
  cancelled: boolean;
}

export interface ProgressView extends ConsultationSummaryLine {
  status: string;
  total: number;
  sent: number;
  pending: number;
  failed: number;
  blocked: number;
  uncertain: number;
  unreachable: string[];
  /** Deliveries by email, when some people take email, with the names of those not yet delivered. */
  email?: { total: number; sent: number; pending: number; bounced: number; failed: number; waiting: string[]; bouncedNames: string[]; failedNames: string[] };
}

export interface AgencyAnswerView {
  agencyId: string;
  agencyName: string;
  canAnswer: boolean;
  state: AnswerState;
  stateLabel: string;
  answeredBy?: string;
  answeredAt?: string;
  reason?: string;
  comment?: string;
  signedOff?: string;
  conflicts: string[];
}

export interface RequestView extends ConsultationSummaryLine {
  ask: string;
  documentUrl?: string;
  signOffRequired: boolean;
  isOpen: boolean;
  /** "Open", "Closed"...: the state at the moment the card was made. */
  statusLabel: string;
  /** e.g. "Reminder: 1 working day left" or "This vote has closed". */
  banner?: string;
  /** Why this person cannot answer, if they cannot. */
  note?: string;
  /** The agency this card answers for; absent for the chair or manager without an agency. */
  agency?: AgencyAnswerView;
  /** A refusal or confirmation from the last action, shown at the top. */
  message?: { text: string; tone: 'good' | 'warning' | 'attention' };
  reasonLimit: number;
  commentLimit: number;
  /** A member who voted against a carried decision may refer it, e.g. "Refer to the Independent Scrutineer". */
  refer?: { title: string; grounds: string; source: string };
  /** The referral, once made. */
  referral?: string;
}

export interface TallyView extends ConsultationSummaryLine {
  statusLabel: string;
  required: number;
  agreed: { agency: string; by: string; at: string; comment?: string; signedOff?: string }[];
  disagreed: { agency: string; by: string; at: string; reason: string }[];
  noResponse: string[];
  conflicts: { agency: string; standing: string; other: string }[];
  comments: { agency: string; by: string; text: string }[];
  outcome?: DecisionOutcome & { text: string };
  /** The vote is open on a body that seeks consensus first: the chair may record it as agreed by consensus instead. */
  canRecordConsensus?: boolean;
  /** A referred decision: who referred it, why, and the view once recorded. */
  referral?: { text: string; view?: string };
  /** The one the decision was referred to sees a box for their view. */
  canRecordView?: boolean;
  viewLimit?: number;
}

export interface CastingVoteView extends ConsultationSummaryLine {
  for: number;
  against: number;
  /** Where the casting vote comes from, e.g. "C App3". */
  castingSource: string;
  decided?: { choice: Choice; text: string };
}

export interface ConsultationListView {
  title: string;
  empty: string;
  items: (ConsultationSummaryLine & { yourAgency: string; yourState: string })[];
}
