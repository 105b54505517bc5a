import type { CardMessage } from '../action/views.js';

/** What the policy cards show, worded by the presenter (present.ts). */

export interface PolicyLine {
  policyId: string;
  ref: string;
  title: string;
  version: string;
  reviewText: string;
  overdue: boolean;
  manager: string;
  committee: string;
}

export interface PolicyListView {
  title: string;
  empty: string;
  items: PolicyLine[];
}

export interface PolicyCardView extends PolicyLine {
  documentType?: string;
  owner: string;
  approvalText: string;
  sponsor?: string;
  url?: string;
  banner?: string;
  message?: CardMessage;
  canRecordReview: boolean;
  history: { at: string; by: string; text: string }[];
  minDate: string;
}
