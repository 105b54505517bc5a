import type { ReachView } from '../services/domain/reach.js';
import template from './templates/reach-report.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';

export const reachCards = {
  report(view: ReachView): AdaptiveCard {
    return expand(template, { ...view, hasUnavailable: view.unavailable !== undefined, unavailableText: view.unavailable ?? '' });
  },
};
