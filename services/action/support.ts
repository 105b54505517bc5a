import type { Actor, DirectoryService } from '../directory/index.js';
import { canSee, chairOf, DEFAULT_CHASE_POLICY, isLead, leadPeople, type ActionItem, type ChasePolicy } from '../domain/action.js';
import { can, subjectOf } from '../domain/authorization.js';
import { londonDate } from '../domain/calendar.js';
import type { Body, Directory } from '../domain/directory.js';
import { actionErrors } from '../domain/error-messages/action.js';
import type { ActionPresenter, ActionRepo, ActionViewer, MeetingDates } from '../ports/actions.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { AuditLog } from '../ports/repositories.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';

/** Every port the action slices use; each slice picks the ones it needs. */
export interface ActionPorts {
  repo: ActionRepo;
  directory: DirectoryService;
  outbox: Outbox;
  /** Words the cards the jobs and notices queue. */
  cards: ActionPresenter;
  /** When the parent bodies meet, for report reminders. */
  meetings: MeetingDates;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  reminderHour: number;
  chase?: ChasePolicy;
}

/** A validation failure, for the presenter to word: a code and the facts it needs. */
export interface Problem {
  code: string;
  field?: string;
  [fact: string]: unknown;
}

export const chasePolicy = (ports: Pick<ActionPorts, 'chase'>): ChasePolicy => ports.chase ?? DEFAULT_CHASE_POLICY;

export const todayOf = (clock: Clock) => londonDate(clock.now());

/** The bodies the actor may add actions to. */
export function creatableBodies(actor: Actor): Body[] {
  return actor.directory.bodies.filter((b) => can(subjectOf(actor), 'action.create', { bodyId: b.id }));
}

/** The action by id, only if the actor may see it; one they may not see is answered as unknown. */
export async function requireVisible(repo: Pick<ActionRepo, 'get'>, actor: Actor, actionId: string): Promise<ActionItem> {
  const a = await repo.get(actor.directory.partnership.id, actionId);
  if (!a || !canSee(a, actor.person.id)) throw actionErrors.unknown(actionId);
  return a;
}

export async function requireLead(repo: Pick<ActionRepo, 'get'>, actor: Actor, actionId: string): Promise<ActionItem> {
  const a = await requireVisible(repo, actor, actionId);
  if (!isLead(a, actor.person.id, actor.directory)) throw actionErrors.notLead(a.ref);
  return a;
}

/** What one person may do on the action's card. */
export function viewerOf(d: Directory, a: ActionItem, personId: string): ActionViewer {
  const canDecide =
    a.proposal !== undefined &&
    chairOf(d.body(a.bodyId), d) === personId &&
    can({ personId, directory: d, assignments: d.assignmentsOf(personId), isManager: d.isManager(personId) }, 'action.accept-due-date', { bodyId: a.bodyId });
  return { personId, canUpdate: a.status === 'open' && isLead(a, personId, d), canDecide };
}

export function changeAction(repo: Pick<ActionRepo, 'replaceIfUnchanged' | 'get'>, a: ActionItem, change: (a: ActionItem) => ActionItem): Promise<ActionItem> {
  return updateOptimistically(a, change, { replace: (n) => repo.replaceIfUnchanged(n), reread: () => repo.get(a.partnershipId, a.id) }, { ...recordErrors('action'), gone: () => actionErrors.unknown(a.ref) });
}

export async function audited(ports: Pick<ActionPorts, 'audit' | 'clock'>, actor: Actor, a: ActionItem, action: string, after: Record<string, unknown>) {
  await ports.audit.record({ partnershipId: a.partnershipId, at: ports.clock.now().toISOString(), actor: actor.person.id, action, subject: a.id, after });
}

/** Who may see a confidential action: those named, the creator, and the people who lead it. */
export function viewersOf(a: Pick<ActionItem, 'confidential' | 'leads' | 'bodyId'>, named: string[], creatorId: string, d: Directory): string[] {
  if (!a.confidential) return [];
  return [...new Set([...named, creatorId, ...leadPeople(a, d, { deputies: true })])];
}

/** Due date first (ongoing last), then ref. */
export const sortedActions = (actions: ActionItem[]): ActionItem[] =>
  [...actions].sort((x, y) => (x.dueDate ?? '9999').localeCompare(y.dueDate ?? '9999') || x.ref.localeCompare(y.ref));

/** Queues the action's card to each lead who may see it, headed by why it was sent. */
export async function noticeToLeads(
  ports: Pick<ActionPorts, 'outbox' | 'cards' | 'clock'>,
  d: Directory,
  a: ActionItem,
  batchId: string,
  notice: Parameters<ActionPresenter['notice']>[0]['notice'],
): Promise<void> {
  const today = todayOf(ports.clock);
  const items = leadPeople(a, d, { deputies: false })
    .filter((id) => canSee(a, id))
    .map((id) => d.person(id))
    .filter((p) => p !== undefined)
    .map((p) => ({ partnershipId: a.partnershipId, batchId, recipientAad: p.aadObjectId, card: ports.cards.notice({ directory: d, action: a, viewer: viewerOf(d, a, p.id), notice, day: today, today }) }));
  if (items.length) await ports.outbox.enqueue(items);
}
