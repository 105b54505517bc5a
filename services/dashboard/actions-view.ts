import type { Actor } from '../directory/index.js';
import { ACTION_SOURCES, isLead, leadKey, leadLabel, type Lead } from '../domain/action.js';
import { authorize, can, subjectOf } from '../domain/authorization.js';
import { addMonths, londonDate } from '../domain/calendar.js';
import { ACTIONS_PAGE_SIZE, type ActionFilters, type ActionRow, type ActionsView, type Rag } from '../domain/dashboard-report-views.js';
import type { Directory } from '../domain/directory.js';
import type { DashboardActionItem } from '../ports/dashboard.js';
import type { DashboardPorts } from './support.js';
import { byText, cmp, daysBetween, ownAgencies, ref } from './support.js';

function actionRow(directory: Directory, a: DashboardActionItem, today: string, labelOf: (l: Lead) => string): ActionRow {
  return {
    id: a.id,
    ref: a.ref,
    title: a.description,
    bodyId: a.bodyId,
    bodyName: directory.body(a.bodyId)?.name ?? a.bodyId,
    source: a.source,
    lead: a.leads.map(labelOf).join('; '),
    leadIds: a.leads.map(leadKey),
    ...(a.dueDate ? { due: a.dueDate } : {}),
    rag: a.rag,
    status: a.status,
    daysOverdue: a.status === 'open' && a.dueDate && a.dueDate < today ? daysBetween(a.dueDate, today) : 0,
    confidential: a.confidential,
  };
}

/** The actions view: every action the viewer may see, filtered, counted by body and RAG, the list one page at a time. */
export function actionViews(ports: Pick<DashboardPorts, 'actions' | 'clock'>) {
  async function actions(actor: Actor, filters: ActionFilters = {}, page: { offset?: number } = {}): Promise<ActionsView> {
    const now = ports.clock.now();
    const today = londonDate(now);
    const subject = subjectOf(actor);
    authorize(subject, 'dashboard.view');
    const directory = actor.directory;
    const all = await ports.actions.actions(
      directory.partnership.id,
      directory.bodies.map((b) => b.id),
      `${addMonths(today, -12)}T00:00:00.000Z`,
    );
    const own = ownAgencies(actor);
    const mine = (a: DashboardActionItem) =>
      isLead(a, actor.person.id, directory) || a.leads.some((l) => l.kind === 'agency' && own.has(l.agencyId));
    // Confidential actions: the named viewers and nobody else, whatever their role (C App8).
    const visible = all.filter((a) =>
      a.confidential
        ? can(subject, 'dashboard.view', { confidentialTo: a.viewers })
        : can(subject, 'action.view-body', { bodyId: a.bodyId }) || (mine(a) && can(subject, 'dashboard.view')),
    );
    const labels = new Map<string, string>();
    const labelOf = (l: Lead) => {
      const key = leadKey(l);
      let label = labels.get(key);
      if (label === undefined) labels.set(key, (label = leadLabel(l, directory)));
      return label;
    };
    const rows = visible.map((a) => actionRow(directory, a, today, labelOf));
    const bodyIndex = new Map(directory.bodies.map((b, i) => [b.id, i]));
    const bodyOrder = (id: string) => bodyIndex.get(id) ?? bodyIndex.size;

    const leads = new Map<string, string>();
    for (const a of visible) for (const l of a.leads) leads.set(leadKey(l), labelOf(l));
    const options = {
      leads: [...leads].map(([id, label]) => ({ id, label })).sort((a, b) => byText(a.label, b.label)),
      sources: ACTION_SOURCES.filter((s) => rows.some((r) => r.source === s)).map((id) => ({ id })),
      statuses: (['open', 'complete'] as const).filter((s) => rows.some((r) => r.status === s)).map((id) => ({ id })),
      bodies: directory.bodies.filter((b) => rows.some((r) => r.bodyId === b.id)).map(ref),
    };
    const applied: ActionFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
    const shown = rows
      .filter(
        (r) =>
          (!applied.lead || r.leadIds.includes(applied.lead)) &&
          (!applied.source || r.source === applied.source) &&
          (!applied.status || r.status === applied.status) &&
          (!applied.body || r.bodyId === applied.body),
      )
      .sort((a, b) => bodyOrder(a.bodyId) - bodyOrder(b.bodyId) || cmp(a.due ?? '9999', b.due ?? '9999') || cmp(a.ref, b.ref));

    const byBody = options.bodies
      .map((body) => {
        const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0, complete: 0 };
        for (const r of shown) if (r.bodyId === body.id) counts[r.rag]++;
        return { body, counts };
      })
      .filter((b) => Object.values(b.counts).some((n) => n > 0));
    // One page of the list: a register of thousands would otherwise be a megabyte per view.
    const offset = Math.max(0, Math.min(Math.floor(page.offset ?? 0), shown.length));
    const next = offset + ACTIONS_PAGE_SIZE;
    const overdue = shown.filter((r) => r.daysOverdue > 0).sort((a, b) => b.daysOverdue - a.daysOverdue || cmp(a.ref, b.ref));
    return {
      generatedAt: now.toISOString(),
      hasData: all.length > 0,
      applied,
      options,
      byBody,
      total: shown.length,
      offset,
      pageSize: ACTIONS_PAGE_SIZE,
      ...(next < shown.length ? { nextOffset: next } : {}),
      actions: shown.slice(offset, next),
      overdueTotal: overdue.length,
      overdue: offset === 0 ? overdue.slice(0, ACTIONS_PAGE_SIZE) : [],
    };
  }

  return { actions };
}
