import type { ActionItem, Reminder, ReportReminder } from '../domain/action.js';
import type { Body, Directory } from '../domain/directory.js';
import type { PolicyDocument, PolicyReminder } from '../domain/policy-document.js';
import type { CardPayload } from './outbox.js';

/** The action register. Every list is one partnership's; nothing here reads the whole register. */
export interface ActionRepo {
  /** Creates the action; false if one with its id exists already. */
  create(a: ActionItem): Promise<boolean>;
  /** Creates each action unless it exists; returns how many were new. */
  createMany(actions: ActionItem[]): Promise<number>;
  get(partnershipId: string, id: string): Promise<ActionItem | undefined>;
  getByRef(partnershipId: string, ref: string): Promise<ActionItem | undefined>;
  /** The actions holding any of these refs (case as stored). */
  findByRefs(partnershipId: string, refs: string[]): Promise<Pick<ActionItem, 'id' | 'ref'>[]>;
  /** Replaces if the ETag still matches; undefined when someone else changed it first. */
  replaceIfUnchanged(a: ActionItem): Promise<ActionItem | undefined>;
  /** Open actions whose `nextChaseOn` is on or before `day`: the chase sweep reads these and no others. */
  chaseDue(partnershipId: string, day: string): Promise<ActionItem[]>;
  /** Open actions with any of these lead keys. */
  listOpenForLeadKeys(partnershipId: string, leadKeys: string[]): Promise<ActionItem[]>;
  /** A body's open actions, and those completed at or after `completedSince` (an ISO instant) when given. */
  listForBody(partnershipId: string, bodyId: string, completedSince?: string): Promise<ActionItem[]>;
}

/** The policy register, in the same container as the actions. */
export interface PolicyRepo {
  createMany(policies: PolicyDocument[]): Promise<number>;
  get(partnershipId: string, id: string): Promise<PolicyDocument | undefined>;
  replaceIfUnchanged(p: PolicyDocument): Promise<PolicyDocument | undefined>;
  /** Current documents whose `nextChaseOn` is on or before `day`. */
  chaseDue(partnershipId: string, day: string): Promise<PolicyDocument[]>;
  /** Current documents, oldest review date first; only those due for review by `reviewBy` when given. */
  listCurrent(partnershipId: string, reviewBy?: string): Promise<PolicyDocument[]>;
}

/** When a body meets. The meetings feature will answer from its schedule; until then, from the cadence. */
export interface MeetingDates {
  /** London dates of the body's meetings between `from` and `to`, inclusive, in order. */
  between(directory: Directory, bodyId: string, from: string, to: string): Promise<string[]>;
}

/** What one person may do on an action's card. */
export interface ActionViewer {
  personId: string;
  /** A lead of an open action: progress, RAG, completion and a new due date. */
  canUpdate: boolean;
  /** Chairs the governing body, and a new due date is proposed. */
  canDecide: boolean;
}

/** Why an action's card was sent to someone, as facts. */
export type ActionNotice =
  | { kind: 'assigned'; by: string }
  | { kind: 'reminder'; reminder: Reminder }
  | { kind: 'due-proposed'; by: string; dueDate: string }
  | { kind: 'due-accepted'; dueDate: string }
  | { kind: 'due-declined'; dueDate: string; reason?: string };

/** The cards the action register queues, from domain facts; words and layout are the presenter's (cards/action/). */
export interface ActionPresenter {
  /** The action's card for one person, headed by why it was sent; `day` is the London date the sender works for. */
  notice(facts: { directory: Directory; action: ActionItem; viewer: ActionViewer; notice: ActionNotice; day: string; today: string }): CardPayload;
  /** The weekly digest of a body's actions (Monday `slot`) for its chair. */
  digest(facts: { directory: Directory; body: Body; slot: string; day: string; overdue: ActionItem[]; open: ActionItem[]; completed: ActionItem[] }): CardPayload;
  /** A reporting body's chair reminded of the report due to the parent body's meeting (C App2). */
  reportDue(facts: { body: Body; parent: Body; reminder: ReportReminder; description: string }): CardPayload;
}

/** The cards the policy register queues, from domain facts (cards/policy/). */
export interface PolicyPresenter {
  /** A review reminder to a document manager, or the overdue notice to the Policy sub-group chair. */
  reminder(facts: { directory: Directory; policy: PolicyDocument; viewer: PolicyViewer; reminder: PolicyReminder; policyBody?: Body; today: string }): CardPayload;
  /** The register reported to the board once a year: `register` in the order shown, at most `shown` of them. */
  annualReport(facts: { directory: Directory; financialYear: number; register: PolicyDocument[]; shown: number; overdue: number; dueSoon: number; horizon: string; today: string }): CardPayload;
}

export interface PolicyViewer {
  personId: string;
  canRecordReview: boolean;
}
