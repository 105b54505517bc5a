import type { Actor } from '../directory/index.js';
import { leadLabel } from '../domain/action.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { londonDate } from '../domain/calendar.js';
import type { PoliciesView, PolicyRow } from '../domain/dashboard-views.js';
import type { DashboardPorts } from './support.js';
import { byText, cmp, daysBetween } from './support.js';

const DUE_SOON_DAYS = 90;

/** The policy register as the dashboard shows it: soonest review first. */
export function policyViews(ports: Pick<DashboardPorts, 'actions' | 'clock'>) {
  async function policies(actor: Actor): Promise<PoliciesView> {
    const now = ports.clock.now();
    const today = londonDate(now);
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const register = (await ports.actions.policies(directory.partnership.id)).filter((p) => p.status === 'current');
    const policies: PolicyRow[] = register
      .map((p) => {
        const daysToReview = daysBetween(today, p.reviewDate);
        return {
          id: p.id,
          title: p.title,
          version: p.version,
          owner: leadLabel(p.owner, directory),
          approvingBody: directory.body(p.approvingBodyId)?.name ?? p.approvingBodyId,
          approvedOn: p.approvalDate,
          reviewDue: p.reviewDate,
          daysToReview,
          state: daysToReview < 0 ? ('overdue' as const) : daysToReview <= DUE_SOON_DAYS ? ('due-soon' as const) : ('current' as const),
          documentManager: leadLabel(p.documentManager, directory),
          ...(p.url ? { url: p.url } : {}),
        };
      })
      .sort((a, b) => cmp(a.reviewDue, b.reviewDue) || byText(a.title, b.title));
    return { generatedAt: now.toISOString(), hasData: register.length > 0, dueSoonDays: DUE_SOON_DAYS, policies };
  }

  return { policies };
}
