import type { CardPayload } from './outbox.js';

/** The kinds of governance record that age out after RETENTION_YEARS. */
export const RETAINED_KINDS = ['consultations', 'answers', 'meetings', 'attendance', 'teams-meetings', 'actions', 'audit'] as const;
export type RetainedKind = (typeof RETAINED_KINDS)[number];

/** One stored record past its retention date. */
export interface ExpiredRecord {
  kind: RetainedKind;
  id: string;
}

/** A run of the retention job, kept in the audit trail (deterministic id: one per partnership and day). */
export interface RetentionRunRecord {
  partnershipId: string;
  /** 'report': the dry run sent to the managers; 'purge': the records deleted. */
  step: 'report' | 'purge';
  /** The London day the purge happens (for a report, the day it announces). */
  purgeOn: string;
  /** Records older than this (ISO) are, or will then be, past retention. */
  cutoff: string;
  counts: Partial<Record<RetainedKind, number>>;
  at: string;
}

/**
 * The store as the retention job sees it. A record's age is counted from when it was finished:
 * a consultation from its close, its answers with it, a meeting and its apologies, register and
 * reviews from its date, the records of a meeting held in Teams (invitation, attendance report, live
 * attendance) with their meeting, an action from its completion, an audit entry from when it was made.
 */
export interface RetentionStore {
  /** Every record of the partnership finished before `cutoff`. */
  expired(partnershipId: string, cutoff: string): Promise<ExpiredRecord[]>;
  /** Deletes one; false when it was already gone (another instance, an earlier run). */
  delete(partnershipId: string, record: ExpiredRecord): Promise<boolean>;
  /** Records a run in the audit trail once; false when this run was already recorded. */
  recordRun(run: RetentionRunRecord): Promise<boolean>;
  /** The report run announcing the purge of `purgeOn`, if one was made. */
  reportFor(partnershipId: string, purgeOn: string): Promise<RetentionRunRecord | undefined>;
}

/** The manager's dry-run card: facts in, the card out (implemented in cards/retention/). */
export interface RetentionPresenter {
  report(facts: { partnershipName: string; years: number; purgeOn: string; cutoff: string; counts: Partial<Record<RetainedKind, number>> }): CardPayload;
}
