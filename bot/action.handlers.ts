import { presentActions } from '../cards/action/present.js';
import { presentPolicies } from '../cards/policy/present.js';
import type { ActionUseCases, NewActionInput } from '../services/action/index.js';
import type { Actor } from '../services/directory/index.js';
import type { PolicyUseCases } from '../services/policy/index.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

/** What the bot answers to each request: the use case, then the presenter with its outcome. */
export function actionReplies(actions: ActionUseCases, policies: PolicyUseCases) {
  const update = async (actor: Actor, outcome: Promise<Parameters<typeof presentActions.updated>[1]>) => presentActions.updated(actor.directory, await outcome);
  return {
    actions: {
      form: (actor: Actor) => presentActions.form(actions.form(actor)),
      create: async (actor: Actor, input: NewActionInput) => presentActions.created(actor.directory, await actions.create(actor, input)),
      importForm: (actor: Actor) => presentActions.importForm(actions.importForm(actor)),
      importCsv: async (actor: Actor, input: { formId: string; csv?: string; source?: string }) => presentActions.imported(actor.directory, await actions.importCsv(actor, input)),
      view: async (actor: Actor, actionId: string) => presentActions.shown(actor.directory, await actions.view(actor, actionId)),
      openByRef: async (actor: Actor, ref: string) => presentActions.shown(actor.directory, await actions.openByRef(actor, ref)),
      myActions: async (actor: Actor) => presentActions.list(actor.directory, await actions.myActions(actor)),
      bodyActions: async (actor: Actor, body: string) => presentActions.list(actor.directory, await actions.bodyActions(actor, body)),
      update: (actor: Actor, input: { actionId: string; note?: string; rag?: string }) => update(actor, actions.update(actor, input)),
      complete: (actor: Actor, input: { actionId: string; note?: string }) => update(actor, actions.complete(actor, input)),
      proposeDueDate: (actor: Actor, input: { actionId: string; dueDate?: string; reason?: string }) => update(actor, actions.proposeDueDate(actor, input)),
      decideDueDate: (actor: Actor, input: { actionId: string; dueDate: string; accept: boolean; reason?: string }) => update(actor, actions.decideDueDate(actor, input)),
    },
    policies: {
      importForm: (actor: Actor) => presentPolicies.importForm(policies.importForm(actor)),
      importCsv: async (actor: Actor, input: { formId: string; csv?: string }) => presentPolicies.imported(await policies.importCsv(actor, input)),
      due: async (actor: Actor) => presentPolicies.due(actor.directory, await policies.due(actor)),
      view: async (actor: Actor, policyId: string) => presentPolicies.shown(actor.directory, await policies.view(actor, policyId)),
      recordReview: async (actor: Actor, input: { policyId: string; version?: string; approvalDate?: string; reviewDate?: string }) =>
        presentPolicies.shown(actor.directory, await policies.recordReview(actor, input)),
    },
  };
}

export function actionCommands(actions: ActionUseCases, policies: PolicyUseCases): Command[] {
  const r = actionReplies(actions, policies);
  return [
    {
      name: 'my actions',
      description: 'The open actions you lead: update progress, RAG or completion, or propose a new due date',
      button: 'My actions',
      run: ({ actor }) => r.actions.myActions(actor),
    },
    {
      name: 'actions',
      description: 'A body\'s open and overdue actions, e.g. "actions qa" (chairs and manager)',
      permission: 'action.view-body',
      run: ({ actor, args }) => r.actions.bodyActions(actor, args),
    },
    {
      name: 'action',
      description: 'One action by its reference, e.g. "action A-7F3A2B"',
      run: ({ actor, args }) => r.actions.openByRef(actor, args),
    },
    {
      name: 'new action',
      description: 'Add an action to the register (manager and chairs)',
      permission: 'action.create',
      run: async ({ actor }) => r.actions.form(actor),
    },
    {
      name: 'import actions',
      description: 'Paste a business plan or work plan as CSV (manager and chairs)',
      permission: 'action.create',
      run: async ({ actor }) => r.actions.importForm(actor),
    },
    {
      name: 'policies due',
      description: 'Policies due for review in the next three months, and any overdue',
      run: ({ actor }) => r.policies.due(actor),
    },
    {
      name: 'import policies',
      description: 'Paste the policy register as CSV (manager)',
      permission: 'policy.manage',
      run: async ({ actor }) => r.policies.importForm(actor),
    },
  ];
}

export function actionActions(router: CardActionRouter, actions: ActionUseCases, policies: PolicyUseCases): void {
  const r = actionReplies(actions, policies);
  router
    .on('action.new', async (_d, { actor }) => r.actions.form(actor))
    .on('action.create', (d, { actor }) => r.actions.create(actor, d))
    .on('action.open', (d, { actor }) => r.actions.view(actor, d.actionId))
    .on('action.update', (d, { actor }) => r.actions.update(actor, d))
    .on('action.complete', (d, { actor }) => r.actions.complete(actor, d))
    .on('action.propose-due', (d, { actor }) => r.actions.proposeDueDate(actor, { actionId: d.actionId, dueDate: d.proposedDue, reason: d.proposalReason }))
    .on('action.accept-due', (d, { actor }) => r.actions.decideDueDate(actor, { actionId: d.actionId, dueDate: d.dueDate, accept: true, reason: d.decisionReason }))
    .on('action.decline-due', (d, { actor }) => r.actions.decideDueDate(actor, { actionId: d.actionId, dueDate: d.dueDate, accept: false, reason: d.decisionReason }))
    .on('action.import', (d, { actor }) => r.actions.importCsv(actor, d))
    .on('policy.import', (d, { actor }) => r.policies.importCsv(actor, d))
    .on('policy.open', (d, { actor }) => r.policies.view(actor, d.policyId))
    .on('policy.review', (d, { actor }) => r.policies.recordReview(actor, d));
}
