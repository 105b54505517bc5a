/** The reach presenter: every word of the manager's "reach" report, from the use case's outcome. */
import type { ReachOutcome, UnreachableReason } from '../../services/domain/reach.js';
import template from '../templates/reach-report.json' with { type: 'json' };
import { expand, type AdaptiveCard } from '../render.js';

const WHY = {
  blocked: 'blocked Quorum in Teams; only they can unblock it',
  installed: 'installed just now; Teams has not confirmed it yet (say "reach" again in a minute)',
  alreadyInstalled: 'Quorum is installed for them, but Teams has not given the bot their chat: ask them to open Quorum once',
  externalAccess:
    'reached only by external access (federated chat): Teams lets no bot message people outside your organisation; invite them as a guest (docs/deploy.md)',
};

export function whyUnreachable(reason: UnreachableReason): string {
  switch (reason.code) {
    case 'blocked':
      return WHY.blocked;
    case 'external-access':
      return WHY.externalAccess;
    case 'never-opened':
      return reason.installUnavailable ? 'never opened Quorum (installing is not possible here, see above)' : 'never opened Quorum';
    case 'installed':
      return WHY.installed;
    case 'already-installed':
      return WHY.alreadyInstalled;
    case 'install-failed':
      return `installing failed: ${reason.detail}`;
  }
}

export const presentReach = {
  report(outcome: ReachOutcome): AdaptiveCard {
    return expand(template, {
      ...outcome,
      failed: outcome.failed.map((f) => ({ name: f.name, why: f.detail })),
      stillUnreachable: outcome.stillUnreachable.map((p) => ({ name: p.name, why: whyUnreachable(p.reason) })),
      hasUnavailable: outcome.unavailable !== undefined,
      unavailableText: outcome.unavailable ?? '',
    });
  },
};
