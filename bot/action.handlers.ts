import type { AdaptiveCard } from '../cards/render.js';
import type { ActionService } from '../services/action.service.js';
import type { PolicyService } from '../services/policy.service.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

const asCard = (payload: Record<string, unknown>) => payload as AdaptiveCard;

export function actionCommands(actions: ActionService, policies: PolicyService): Command[] {
  return [
    {
      name: 'my actions',
      description: 'The open actions you lead: update progress, RAG or completion, or propose a new due date',
      button: 'My actions',
      run: async ({ actor }) => asCard(await actions.myActions(actor)),
    },
    {
      name: 'actions',
      description: 'A body\'s open and overdue actions, e.g. "actions qa" (chairs and manager)',
      permission: 'action.view-body',
      run: async ({ actor, args }) => asCard(await actions.bodyActions(actor, args)),
    },
    {
      name: 'action',
      description: 'One action by its reference, e.g. "action A-7F3A2B"',
      run: async ({ actor, args }) => asCard(await actions.openByRef(actor, args)),
    },
    {
      name: 'new action',
      description: 'Add an action to the register (manager and chairs)',
      permission: 'action.create',
      run: async ({ actor }) => asCard(actions.form(actor)),
    },
    {
      name: 'import actions',
      description: 'Paste a business plan or work plan as CSV (manager and chairs)',
      permission: 'action.create',
      run: async ({ actor }) => asCard(actions.importForm(actor)),
    },
    {
      name: 'policies due',
      description: 'Policies due for review in the next three months, and any overdue',
      run: async ({ actor }) => asCard(await policies.due(actor)),
    },
    {
      name: 'import policies',
      description: 'Paste the policy register as CSV (manager)',
      permission: 'policy.manage',
      run: async ({ actor }) => asCard(policies.importForm(actor)),
    },
  ];
}

export function actionActions(router: CardActionRouter, actions: ActionService, policies: PolicyService): void {
  router
    .on('action.new', async (_d, { actor }) => asCard(actions.form(actor)))
    .on('action.create', async (d, { actor }) => asCard(await actions.create(actor, d)))
    .on('action.open', async (d, { actor }) => asCard(await actions.view(actor, d.actionId)))
    .on('action.update', async (d, { actor }) => asCard(await actions.update(actor, d)))
    .on('action.complete', async (d, { actor }) => asCard(await actions.complete(actor, d)))
    .on('action.propose-due', async (d, { actor }) =>
      asCard(await actions.proposeDueDate(actor, { actionId: d.actionId, dueDate: d.proposedDue, reason: d.proposalReason })),
    )
    .on('action.accept-due', async (d, { actor }) =>
      asCard(await actions.decideDueDate(actor, { actionId: d.actionId, dueDate: d.dueDate, accept: true, reason: d.decisionReason })),
    )
    .on('action.decline-due', async (d, { actor }) =>
      asCard(await actions.decideDueDate(actor, { actionId: d.actionId, dueDate: d.dueDate, accept: false, reason: d.decisionReason })),
    )
    .on('action.import', async (d, { actor }) => asCard(await actions.importCsv(actor, d)))
    .on('policy.import', async (d, { actor }) => asCard(await policies.importCsv(actor, d)))
    .on('policy.open', async (d, { actor }) => asCard(await policies.view(actor, d.policyId)))
    .on('policy.review', async (d, { actor }) => asCard(await policies.recordReview(actor, d)));
}
