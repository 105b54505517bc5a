import { actionDigestUseCases } from './action-digest.js';
import { actionQueries } from './action-queries.js';
import { chaseActionUseCases } from './chase-actions.js';
import { createActionUseCases } from './create-action.js';
import { importActionUseCases } from './import-actions.js';
import { reportReminderUseCases } from './report-reminders.js';
import type { ActionPorts } from './support.js';
import { updateActionUseCases } from './update-action.js';

export type { ActionPorts, Problem } from './support.js';
export type { ActionForm, CreateOutcome, LeadChoice, NewActionInput } from './create-action.js';
export type { ActionImportForm, ImportOutcome } from './import-actions.js';
export type { UpdateOutcome } from './update-action.js';
export type { ActionList, ActionShown, LookupRejected } from './action-queries.js';
export type { ChaseReport } from './chase-actions.js';
export { cadenceMeetings, scheduledMeetings } from './report-reminders.js';

/**
 * The action register's use cases: created from a card or imported from CSV, updated by their leads,
 * a new due date proposed by a lead and decided by the chair of the governing body; and the jobs that
 * chase, digest and remind about reports. Every send goes through the outbox with a deterministic
 * batch id, so a rerun or a second instance sends nothing twice.
 */
export function actionUseCases(ports: ActionPorts) {
  return {
    ...createActionUseCases(ports),
    ...importActionUseCases(ports),
    ...updateActionUseCases(ports),
    ...actionQueries(ports),
    ...chaseActionUseCases(ports),
    ...actionDigestUseCases(ports),
    ...reportReminderUseCases(ports),
  };
}

export type ActionUseCases = ReturnType<typeof actionUseCases>;
