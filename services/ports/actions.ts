import type { ActionItem } from '../domain/action.js';
import type {
  ActionCardView,
  ActionFormView,
  ActionListView,
  DigestView,
  ImportFormView,
  ImportResultView,
  PolicyCardView,
  PolicyListView,
  ReportDueView,
} from '../domain/action-views.js';
import type { Directory } from '../domain/directory.js';
import type { PolicyDocument } from '../domain/policy-document.js';
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

export interface ActionCards {
  form(view: ActionFormView): CardPayload;
  card(view: ActionCardView): CardPayload;
  list(view: ActionListView): CardPayload;
  digest(view: DigestView): CardPayload;
  importForm(view: ImportFormView): CardPayload;
  importResult(view: ImportResultView): CardPayload;
  reportDue(view: ReportDueView): CardPayload;
}

export interface PolicyCards {
  card(view: PolicyCardView): CardPayload;
  list(view: PolicyListView): CardPayload;
  importForm(view: ImportFormView): CardPayload;
  importResult(view: ImportResultView): CardPayload;
}
