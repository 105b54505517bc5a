import type {
  ActionForm,
  ActionImportForm,
  ActionList,
  ActionShown,
  CreateOutcome,
  ImportOutcome,
  LookupRejected,
  UpdateOutcome,
} from '../../services/action/index.js';
import { daysOverdue, isOverdue, leadLabel, LIMITS, type ActionItem } from '../../services/domain/action.js';
import { addDays } from '../../services/domain/calendar.js';
import type { Directory } from '../../services/domain/directory.js';
import type { ActionNotice, ActionPresenter, ActionViewer } from '../../services/ports/actions.js';
import { buildNotice } from '../notice.card.js';
import type { AdaptiveCard } from '../render.js';
import { formatDay, formatLondon, truncate } from '../text.js';
import { actionCards } from './cards.js';
import type { ActionCardView, ActionLine, CardMessage } from './views.js';
import { importProblems, leadChoiceTitle, problemText, progressText, RAG_LABEL, reminderBanner, scheduleText, SOURCE_LABEL } from './words.js';

/** The action register in words: outcomes of the use cases and the jobs' facts become cards here. */

const ACTION_COLUMNS_HELP =
  'Columns (header names as in the business plan and work plans): Objective, Outcome, Action, Lead (or Who), Governance oversight, When (a date, a month or Ongoing); optional Ref, RAG, Status, Progress, Source, Confidential, Viewers. Several leads: separate with ";".';
const ACTION_EXAMPLE = 'Objective,Action,Lead,Governance oversight,When,RAG\n2.1,"Approve the DVA strategy",Policy Sub Group,Policy Sub Group,January 2027,Green';

const sources = (ids: readonly (keyof typeof SOURCE_LABEL)[]) => ids.map((s) => ({ value: s, title: SOURCE_LABEL[s] }));

export function actionLine(d: Directory, a: ActionItem, day: string): ActionLine {
  const last = [...a.progress].reverse().find((p) => p.note);
  return {
    actionId: a.id,
    ref: a.ref,
    description: truncate(a.description, 300),
    bodyName: d.body(a.bodyId)?.name ?? a.bodyId,
    leads: a.leads.map((l) => leadLabel(l, d)).join('; '),
    dueText: a.dueDate ? `${formatDay(a.dueDate)}${isOverdue(a, day) ? ` (${daysOverdue(a, day)} days overdue)` : ''}` : 'Ongoing',
    rag: a.rag,
    ragLabel: RAG_LABEL[a.rag],
    overdue: isOverdue(a, day),
    confidential: a.confidential,
    lastProgress: last ? `${truncate(last.note!, 200)} (${d.person(last.by)?.displayName ?? last.by}, ${formatLondon(new Date(last.at))})` : undefined,
  };
}

function cardView(d: Directory, a: ActionItem, viewer: ActionViewer, today: string, banner?: string): ActionCardView {
  const name = (id: string) => d.person(id)?.displayName ?? id;
  return {
    ...actionLine(d, a, today),
    sourceLabel: SOURCE_LABEL[a.source],
    objectiveRef: a.objectiveRef,
    outcome: a.outcome,
    statusLabel: a.status === 'open' ? 'Open' : `Complete${a.completedAt ? ` (${formatLondon(new Date(a.completedAt))})` : ''}`,
    viewers: a.confidential ? a.viewers.map(name).join('; ') : undefined,
    banner,
    history: [...a.progress]
      .reverse()
      .slice(0, 6)
      .map((p) => ({ at: formatLondon(new Date(p.at)), by: name(p.by), text: progressText(p) })),
    proposal: a.proposal ? { dueDate: a.proposal.dueDate, dueText: formatDay(a.proposal.dueDate), by: name(a.proposal.by), reason: a.proposal.reason } : undefined,
    canUpdate: viewer.canUpdate,
    canDecide: viewer.canDecide,
    isOpen: a.status === 'open',
    minDate: addDays(today, 1),
    noteLimit: LIMITS.note,
  };
}

const card = (d: Directory, a: ActionItem, viewer: ActionViewer, today: string, message?: CardMessage, banner?: string): AdaptiveCard =>
  actionCards.card({ ...cardView(d, a, viewer, today, banner), message });

function noticeBanner(d: Directory, a: ActionItem, notice: ActionNotice, day: string): string {
  switch (notice.kind) {
    case 'assigned':
      return `New action for you, from ${d.person(notice.by)?.displayName ?? 'the board'}.`;
    case 'reminder':
      return reminderBanner(d, a, notice.reminder, day);
    case 'due-proposed':
      return `${d.person(notice.by)?.displayName ?? 'A lead'} proposes a new due date: ${formatDay(notice.dueDate)}. Please accept or decline.`;
    case 'due-accepted':
      return `The chair accepted your new due date: ${formatDay(notice.dueDate)}.`;
    case 'due-declined':
      return `The chair declined your new due date of ${formatDay(notice.dueDate)}${notice.reason ? `: ${notice.reason}` : '.'} It stays due on ${a.dueDate ? formatDay(a.dueDate) : 'no date'}.`;
  }
}

/** The presenter port the action jobs and notices queue cards through. */
export const actionPresenter: ActionPresenter = {
  notice: ({ directory, action, viewer, notice, day, today }) => card(directory, action, viewer, today, undefined, noticeBanner(directory, action, notice, day)),
  digest: ({ directory, body, slot, day, overdue, open, completed }) =>
    actionCards.digest({
      bodyName: body.name,
      weekText: `Week of ${formatDay(slot)}`,
      overdue: overdue.map((a) => actionLine(directory, a, day)),
      open: open.map((a) => actionLine(directory, a, day)),
      completed: completed.map((a) => actionLine(directory, a, day)),
    }),
  reportDue: ({ body, parent, reminder, description }) =>
    actionCards.reportDue({ bodyName: body.name, toBodyName: parent.name, meetingText: formatDay(reminder.meetingDate), dueText: formatDay(reminder.reportDue), description }),
};

const refused = (problems: { code: string }[]): AdaptiveCard =>
  buildNotice({ title: 'Which one?', text: problems.map(problemText).join(' '), tone: 'warning' });

/** What the bot shows for each outcome of the action use cases. */
export const presentActions = {
  form(f: ActionForm, problems: { code: string }[] = []): AdaptiveCard {
    return actionCards.form({
      formId: f.formId,
      bodies: f.bodies.map((b) => ({ value: b.id, title: b.name })),
      leads: f.leads.map((c) => ({ value: c.value, title: leadChoiceTitle(c) })),
      people: f.people.map((p) => ({ value: p.id, title: truncate(p.name, 60) })),
      sources: sources(f.sources),
      minDate: f.minDate,
      values: f.values,
      errors: problems.map(problemText),
    });
  },

  created(d: Directory, o: CreateOutcome): AdaptiveCard {
    if (o.kind === 'rejected') return presentActions.form(o.form, o.problems);
    const a = o.action;
    const text = o.replay ? `Action ${a.ref} is in the register.` : `Action ${a.ref} is in the register. ${scheduleText(a.dueDate, o.reminders, o.dueSoonDays)}`;
    return card(d, a, o.viewer, o.today, { text, tone: 'good' });
  },

  importForm(f: ActionImportForm, errors: string[] = []): AdaptiveCard {
    return actionCards.importForm({ formId: f.formId, kind: 'actions', columnsHelp: ACTION_COLUMNS_HELP, example: ACTION_EXAMPLE, sources: sources(f.sources), values: f.values, errors });
  },

  imported(d: Directory, o: ImportOutcome): AdaptiveCard {
    if (o.kind === 'rejected') return presentActions.importForm(o.form, importProblems(o.problems));
    const { actions, created, ignoredColumns } = o;
    const line = (a: ActionItem) =>
      `${a.ref} · ${d.body(a.bodyId)?.name ?? a.bodyId} · ${a.leads.map((l) => leadLabel(l, d)).join('; ')} · ${a.dueDate ? formatDay(a.dueDate) : 'Ongoing'}${a.status === 'complete' ? ' · Complete' : ''}${a.confidential ? ' · Confidential' : ''}`;
    return actionCards.importResult({
      title: created === 0 ? 'Already imported' : `Imported ${created} action${created === 1 ? '' : 's'}`,
      text:
        created === 0
          ? `These ${actions.length} actions were imported before; nothing new was stored.`
          : `${actions.length} rows read; ${created} new actions are in the register. Their leads will be chased from their due dates.${ignoredColumns.length ? ` Columns not used: ${ignoredColumns.join(', ')}.` : ''}`,
      lines: actions.slice(0, 50).map(line).concat(actions.length > 50 ? [`… and ${actions.length - 50} more.`] : []),
    });
  },

  updated(d: Directory, o: UpdateOutcome): AdaptiveCard {
    const a = o.action;
    const due = (date?: string) => (date ? formatDay(date) : 'no date (ongoing)');
    const message: CardMessage = (() => {
      switch (o.kind) {
        case 'rejected':
          return { text: o.problems.map(problemText).join(' '), tone: 'attention' };
        case 'progress-recorded':
          return { text: 'Progress recorded.', tone: 'good' };
        case 'completed':
          return { text: o.already ? `${a.ref} is complete.` : `${a.ref} is marked complete. Thank you.`, tone: 'good' };
        case 'due-proposed':
          return { text: `Proposed ${formatDay(o.dueDate)}; the chair of ${o.bodyName} has been asked to decide.`, tone: 'good' };
        case 'due-accepted':
          return { text: `Accepted: ${a.ref} is now due on ${formatDay(o.dueDate)}.`, tone: 'good' };
        case 'due-declined':
          return { text: `Declined: ${a.ref} stays due on ${due(a.dueDate)}.`, tone: 'good' };
        case 'due-unchanged':
          return { text: `${a.ref} is due on ${due(a.dueDate)}.`, tone: 'good' };
      }
    })();
    return card(d, a, o.viewer, o.today, message);
  },

  shown(d: Directory, o: ActionShown | LookupRejected): AdaptiveCard {
    return o.kind === 'rejected' ? refused(o.problems) : card(d, o.action, o.viewer, o.today);
  },

  list(d: Directory, o: ActionList | LookupRejected): AdaptiveCard {
    if (o.kind === 'rejected') return refused(o.problems);
    const items = o.actions.map((a) => actionLine(d, a, o.today));
    if (o.kind === 'mine') return actionCards.list({ title: 'Your open actions', empty: 'You lead no open actions.', items });
    return actionCards.list({
      title: `Open actions: ${o.body.name}`,
      subtitle: `${o.actions.length} open, ${o.actions.filter((a) => isOverdue(a, o.today)).length} overdue`,
      empty: `${o.body.name} has no open actions.`,
      items,
    });
  },
};
