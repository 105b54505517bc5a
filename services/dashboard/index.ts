import type { Actor } from '../directory/index.js';
import { authorize, rolesOf, subjectOf } from '../domain/authorization.js';
import { VIEW_NAMES, type MeView, type ViewName } from '../domain/dashboard-views.js';
import { actionViews } from './actions-view.js';
import { annualReportViews } from './annual-report-view.js';
import { attendanceViews } from './attendance-view.js';
import { consultationViews } from './consultations-view.js';
import { policyViews } from './policies-view.js';
import type { DashboardPorts } from './support.js';
import { bodiesWhere, ref } from './support.js';

export type { DashboardPorts } from './support.js';
export { attendanceOver } from './attendance-view.js';

/**
 * The dashboard's views. Every view starts from the viewer's roles and asks the one authorization
 * policy which bodies, rows and items they may see; nothing here decides access on its own terms.
 * The views are data: the tab words them.
 */
export function dashboardUseCases(ports: DashboardPorts) {
  const views = {
    ...consultationViews(ports),
    ...attendanceViews(ports),
    ...actionViews(ports),
    ...policyViews(ports),
    ...annualReportViews(ports),
  };

  function me(actor: Actor, signedInWith: MeView['signedInWith']): MeView {
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const views = VIEW_NAMES.filter((v) => v !== 'annual-report' || bodiesWhere(actor, subject, 'dashboard.annual-report').length > 0);
    return {
      personId: actor.person.id,
      name: actor.person.displayName,
      partnership: actor.directory.partnership.name,
      isManager: actor.isManager,
      roles: rolesOf(subject),
      bodies: bodiesWhere(actor, subject, 'dashboard.view').map(ref),
      views,
      managesMembers: actor.isManager,
      setup: false,
      signedInWith,
    };
  }

  async function view(actor: Actor, name: ViewName, params: Record<string, string | undefined> = {}) {
    switch (name) {
      case 'consultations':
        return views.consultations(actor);
      case 'non-response':
        return views.nonResponse(actor);
      case 'attendance':
        return views.attendance(actor);
      case 'actions':
        return views.actions(actor, { lead: params.lead, source: params.source, status: params.status, body: params.body }, { offset: params.offset ? Number(params.offset) || 0 : 0 });
      case 'policies':
        return views.policies(actor);
      case 'annual-report':
        return views.annualReport(actor, params.year);
    }
  }

  return { me, view, ...views };
}

export type DashboardUseCases = ReturnType<typeof dashboardUseCases>;
