import type { BodyRef } from './dashboard-views.js';
import type { ReturnStatus } from './returns.js';
import type { DataSetView, RoundSummary } from './returns-views.js';

/** The dashboard's actions, policies and annual-report views (the JSON of /api/tab/views/*): data only. */


export type Rag = 'red' | 'amber' | 'green' | 'complete';

export interface ActionRow {
  id: string;
  ref: string;
  title: string;
  bodyId: string;
  bodyName: string;
  /** An action source id (ACTION_SOURCES); the tab words it. */
  source: string;
  /** The leads, as the directory names them. */
  lead: string;
  leadIds: string[];
  /** Absent when the action is ongoing. */
  due?: string;
  rag: Rag;
  status: 'open' | 'complete';
  daysOverdue: number;
  confidential: boolean;
}

export interface Option {
  id: string;
  label: string;
}

/** How many actions one response of the actions view lists; `offset` asks for the next page. */
export const ACTIONS_PAGE_SIZE = 100;

export interface ActionFilters {
  lead?: string;
  source?: string;
  status?: string;
  body?: string;
}

export interface ActionsView {
  generatedAt: string;
  hasData: boolean;
  applied: ActionFilters;
  /** The choices for each filter, from every action this viewer may see. */
  options: { leads: Option[]; sources: { id: string }[]; statuses: { id: 'open' | 'complete' }[]; bodies: BodyRef[] };
  /** RAG counts per body after filtering: the chart and its text alternative. */
  byBody: { body: BodyRef; counts: Record<Rag, number> }[];
  /** How many actions match the filters; `actions` holds one page of them, from `offset`. */
  total: number;
  offset: number;
  pageSize: number;
  /** The offset of the next page, when there is one. */
  nextOffset?: number;
  actions: ActionRow[];
  /** The most overdue first, at most a page of them (on the first page only); `overdueTotal` counts all. */
  overdue: ActionRow[];
  overdueTotal: number;
}

export interface PolicyRow {
  id: string;
  title: string;
  version: string;
  owner: string;
  approvingBody: string;
  approvedOn?: string;
  reviewDue: string;
  daysToReview: number;
  state: 'overdue' | 'due-soon' | 'current';
  documentManager: string;
  url?: string;
}

export interface PoliciesView {
  generatedAt: string;
  hasData: boolean;
  /** Reviews within this many days count as due soon. */
  dueSoonDays: number;
  policies: PolicyRow[];
}

// ---- annual report ----

export interface AnnualAgencyRow {
  agencyId: string;
  agencyName: string;
  /** Consultations with a deadline in the year this agency was required to answer. */
  required: number;
  answered: number;
  /** answered / required; null when nothing was asked. */
  responseRate: number | null;
  /** Seat-meetings: each held meeting of a body times each of the agency's seats marked on its register. */
  seatMeetings: number;
  inPerson: number;
  byDeputy: number;
  /** (in person + by deputy) / seat-meetings; null without held meetings. */
  attendanceShare: number | null;
}

/** One person's part in the year: each meeting and answer counted for whoever held the seat that day. */
export interface AnnualPersonRow {
  personId: string;
  name: string;
  /** The agencies they sat or answered for in the year (a seat may have moved agency). */
  agencies: string[];
  /** Meetings of their seats held while they held them. */
  seatMeetings: number;
  /** Of those, attended in person or through their deputy. */
  attended: number;
  /** Consultation answers they gave for their agency (the standing answer). */
  answers: number;
}

export interface AnnualReportView {
  generatedAt: string;
  /** The reporting year starts on 1 April (annual reports run April to March). */
  year: number;
  label: string;
  from: string;
  to: string;
  years: number[];
  bodies: BodyRef[];
  agencies: AnnualAgencyRow[];
  /** Members by the seats they held on the day of each meeting and answer. */
  people: AnnualPersonRow[];
  totals: { required: number; answered: number; responseRate: number | null; seatMeetings: number; attended: number; attendanceShare: number | null };
  /** The year's returns (#20): its Section 11 round and the data set's quarters. */
  returns: AnnualReturns;
}

/** One agency in the year's Section 11 round: counts only when it returned (never read as green or 0). */
export interface AnnualSection11Agency {
  agencyId: string;
  agency: string;
  status: ReturnStatus;
  late: boolean;
  /** Standards rated each colour in the submitted return; null when it did not return. */
  counts: { green: number; amber: number; red: number } | null;
  /** Its peer review's evaluation is recorded (C §6.5). */
  reviewed: boolean;
}

export interface AnnualReturns {
  /** Absent when no Section 11 round belongs to the year. */
  section11?: { round: RoundSummary; standards: number; agencies: AnnualSection11Agency[] };
  dataSet: {
    periods: string[];
    /** Per indicator its cells, the quarters with a figure, and how many asked quarters had none (a gap, never 0). */
    indicators: (DataSetView['indicators'][number] & { reported: string[]; gaps: number })[];
    /** Per quarter, the agencies that left at least one figure unreported. */
    gapAgencies: Record<string, number>;
  };
}
