import type { DirectoryService } from '../directory/index.js';
import { leadPeople } from '../domain/action.js';
import { can } from '../domain/authorization.js';
import type { Body, Directory } from '../domain/directory.js';
import { policyErrors } from '../domain/error-messages/policy.js';
import { DEFAULT_POLICY_RULES, type PolicyDocument, type PolicyRules } from '../domain/policy-document.js';
import type { PolicyPresenter, PolicyRepo, PolicyViewer } from '../ports/actions.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { AuditLog } from '../ports/repositories.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';

export interface PolicyPorts {
  repo: PolicyRepo;
  directory: DirectoryService;
  outbox: Outbox;
  /** Words the cards the jobs queue. */
  cards: PolicyPresenter;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  reminderHour: number;
  rules?: PolicyRules;
}

export const rulesOf = (ports: Pick<PolicyPorts, 'rules'>): PolicyRules => ports.rules ?? DEFAULT_POLICY_RULES;

/** How many documents the annual register report lists in its card. */
export const ANNUAL_REPORT_SHOWN = 30;

/**
 * The Policy sub-group: the sub-group whose name says so (Policy-ToR), else the main board. Its
 * chair hears of documents overdue for review.
 */
export function policyBody(d: Directory): Body | undefined {
  return d.bodies.find((b) => (b.kind === 'sub-group' || b.kind === 'task-and-finish') && /\bpolic(y|ies)\b/i.test(b.name)) ?? d.mainBoard();
}

/** The board manager, or the document manager (and their deputy), may record a review. */
export function canRecordReview(d: Directory, p: PolicyDocument, personId: string): boolean {
  return (
    can({ personId, directory: d, assignments: d.assignmentsOf(personId), isManager: d.isManager(personId) }, 'policy.manage') ||
    leadPeople({ leads: [p.documentManager], bodyId: p.approvingBodyId }, d, { deputies: true }).includes(personId)
  );
}

export const viewerOf = (d: Directory, p: PolicyDocument, personId: string): PolicyViewer => ({ personId, canRecordReview: canRecordReview(d, p, personId) });

export async function requirePolicy(repo: Pick<PolicyRepo, 'get'>, d: Directory, id: string): Promise<PolicyDocument> {
  const p = await repo.get(d.partnership.id, id);
  if (!p) throw policyErrors.unknown();
  return p;
}

export function changePolicy(repo: Pick<PolicyRepo, 'get' | 'replaceIfUnchanged'>, p: PolicyDocument, change: (p: PolicyDocument) => PolicyDocument): Promise<PolicyDocument> {
  return updateOptimistically(p, change, { replace: (n) => repo.replaceIfUnchanged(n), reread: () => repo.get(p.partnershipId, p.id) }, recordErrors('policy'));
}
