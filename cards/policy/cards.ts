import policyCardTemplate from '../templates/policy-card.json' with { type: 'json' };
import policyListTemplate from '../templates/policy-list.json' with { type: 'json' };
import { actionCards, message } from '../action/cards.js';
import { expand, type AdaptiveCard } from '../render.js';
import type { PolicyCardView, PolicyListView } from './views.js';

export const policyCards = {
  card(view: PolicyCardView): AdaptiveCard {
    return expand(policyCardTemplate, { ...view, ...message(view.message), hasBanner: view.banner !== undefined, hasUrl: view.url !== undefined });
  },

  list(view: PolicyListView): AdaptiveCard {
    return expand(policyListTemplate, view);
  },

  importForm: actionCards.importForm,
  importResult: actionCards.importResult,
};
