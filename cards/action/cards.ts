import type {
  ActionCardView,
  ActionFormView,
  ActionListView,
  CardMessage,
  DigestView,
  ImportFormView,
  ImportResultView,
  ReportDueView,
} from './views.js';
import cardTemplate from '../templates/action-card.json' with { type: 'json' };
import digestTemplate from '../templates/action-digest.json' with { type: 'json' };
import formTemplate from '../templates/action-form.json' with { type: 'json' };
import importResultTemplate from '../templates/action-import-result.json' with { type: 'json' };
import importTemplate from '../templates/action-import.json' with { type: 'json' };
import listTemplate from '../templates/action-list.json' with { type: 'json' };
import reportDueTemplate from '../templates/action-report-due.json' with { type: 'json' };
import policyImportTemplate from '../templates/policy-import.json' with { type: 'json' };
import { expand, type AdaptiveCard } from '../render.js';

export const message = (m?: CardMessage) => ({
  hasMessage: m !== undefined,
  messageText: m?.text ?? '',
  messageStyle: m?.tone ?? 'default',
});

export const actionCards = {
  form(view: ActionFormView): AdaptiveCard {
    const v = view.values;
    return expand(formTemplate, {
      ...view,
      values: {
        description: v.description ?? '',
        bodyId: v.bodyId ?? view.bodies[0]?.value ?? '',
        leadsText: (v.leads ?? []).join(','),
        dueDate: v.dueDate ?? '',
        ongoingText: v.ongoing ? 'true' : 'false',
        source: v.source ?? 'meeting',
        objectiveRef: v.objectiveRef ?? '',
        rag: v.rag ?? 'green',
        confidentialText: v.confidential ? 'true' : 'false',
        viewersText: (v.viewers ?? []).join(','),
      },
    });
  },

  card(view: ActionCardView): AdaptiveCard {
    return expand(cardTemplate, {
      ...view,
      ...message(view.message),
      hasBanner: view.banner !== undefined,
      hasProposal: view.proposal !== undefined,
      proposal: view.proposal ?? { dueDate: '', dueText: '', by: '' },
      confidentialText: view.confidential ? ' · Confidential' : '',
    });
  },

  list(view: ActionListView): AdaptiveCard {
    return expand(listTemplate, view);
  },

  digest(view: DigestView): AdaptiveCard {
    return expand(digestTemplate, view);
  },

  importForm(view: ImportFormView): AdaptiveCard {
    return expand(view.kind === 'actions' ? importTemplate : policyImportTemplate, {
      ...view,
      sources: view.sources ?? [],
      values: { csv: view.values.csv ?? '', source: view.values.source ?? '' },
    });
  },

  importResult(view: ImportResultView): AdaptiveCard {
    return expand(importResultTemplate, view);
  },

  reportDue(view: ReportDueView): AdaptiveCard {
    return expand(reportDueTemplate, view);
  },
};
