import { daysBetween, daysOverdue, OFFICE_LABEL, type ActionSource, type ProgressEntry, type Rag, type Reminder } from '../../services/domain/action.js';
import type { Directory } from '../../services/domain/directory.js';
import { formatDay, formatMonth, truncate } from '../text.js';
import { actionLineText } from './problems.js';

/** The action register's words: labels, banners, history lines, and what each problem means. */

export const SOURCE_LABEL: Record<ActionSource, string> = {
  meeting: 'Meeting',
  'business-plan': 'Business plan',
  'work-plan': 'Work plan',
  'case-review': 'Case review',
  'absence-review': 'Absence review',
  'policy-review': 'Policy review',
  'section-11': 'Section 11',
};

export const RAG_LABEL: Record<Rag, string> = {
  red: 'Red: off track',
  amber: 'Amber: at risk',
  green: 'Green: on track',
  complete: 'Complete',
};

export const STATUS_LABEL: Record<'open' | 'complete', string> = { open: 'Open', complete: 'Complete' };

/** Why a reminder card was sent, on the London date `day` the sweep works for. */
export function reminderBanner(d: Directory, a: { bodyId: string; dueDate?: string; status: 'open' | 'complete' }, r: Reminder, day: string): string {
  const due = a.dueDate ? formatDay(a.dueDate) : '';
  switch (r.kind) {
    case 'due-soon':
      return `Reminder: due in ${daysBetween(day, a.dueDate!)} days, on ${due}.`;
    case 'due-today':
      return a.dueDate === day ? `Due today, ${due}.` : `Due on ${due}.`;
    case 'overdue':
      return `Overdue: it was due on ${due}, ${daysOverdue(a, day)} days ago. Please update its progress, mark it complete, or propose a new due date.`;
    case 'escalation':
      return `Escalated to you as chair of ${d.body(a.bodyId)?.name ?? a.bodyId}: ${daysOverdue(a, day)} days overdue (due ${due}).`;
    case 'progress-request':
      return `Monthly progress update for ${formatMonth(r.slot)}: please add a note and check the RAG.`;
  }
}

/**
 * What the creator is told about the reminders to come. An action due sooner than the "due soon"
 * reminder gets no such reminder, and is told so rather than promised one.
 */
export function scheduleText(dueDate: string | undefined, reminders: { dueSoonOn?: string; dueOn?: string }, dueSoonDays: number): string {
  if (!dueDate) return 'It is ongoing, so it has no due-date reminders.';
  if (reminders.dueSoonOn) return `Its leads will be reminded ${dueSoonDays} days before and on ${formatDay(dueDate)}.`;
  if (reminders.dueOn) return `It is due in less than ${dueSoonDays} days, so there is no earlier reminder: its leads will be reminded on ${formatDay(reminders.dueOn)}, and weekly if it becomes overdue.`;
  return 'Its leads will be reminded weekly if it becomes overdue.';
}

export function progressText(p: ProgressEntry): string {
  const parts: string[] = [];
  switch (p.kind) {
    case 'created':
      parts.push('Created');
      break;
    case 'imported':
      parts.push('Imported');
      break;
    case 'completed':
      parts.push('Marked complete');
      break;
    case 'due-proposed':
      parts.push(`Proposed a new due date: ${formatDay(p.due!.to)}`);
      break;
    case 'due-accepted':
      parts.push(`Accepted the new due date: ${formatDay(p.due!.to)}`);
      break;
    case 'due-declined':
      parts.push(`Declined the new due date of ${formatDay(p.due!.to)}`);
      break;
    case 'progress':
      break;
  }
  if (p.rag && p.kind !== 'completed') parts.push(`RAG ${RAG_LABEL[p.rag.from]} → ${RAG_LABEL[p.rag.to]}`);
  if (p.note) parts.push(p.note);
  return parts.join(' · ') || 'Updated';
}

/** A lead choice on the form, worded. */
export function leadChoiceTitle(c: { kind: 'chair' | 'manager' | 'agency' | 'person'; name: string }): string {
  switch (c.kind) {
    case 'chair':
      return `Chair, ${c.name}`;
    case 'manager':
      return `${OFFICE_LABEL.manager}, ${c.name}`;
    case 'agency':
      return `Agency: ${c.name}`;
    case 'person':
      return truncate(c.name, 60);
  }
}

const NOTHING = ' Nothing was recorded.';
const str = (v: unknown) => truncate(String(v ?? ''), 100);

/** One sentence per problem a use case reports; unknown codes fall back to a plain refusal. */
export function problemText(p: { code: string; [fact: string]: unknown }): string {
  switch (p.code) {
    case 'description.missing':
      return 'Say what is to be done.';
    case 'description.too-long':
      return `The action is ${p.length} characters; the limit is ${p.limit}.`;
    case 'body.missing':
      return 'Choose the body that governs the action.';
    case 'body.not-yours':
      return `You cannot add actions for ${p.bodyName}: only its chair or the board manager can.`;
    case 'lead.unknown':
      return `"${str(p.text)}" is not a seat, a role or an agency in the directory.`;
    case 'lead.missing':
      return 'Choose at least one lead: a seat, a role or an agency.';
    case 'lead.too-many':
      return `Choose at most ${p.limit} leads.`;
    case 'due.missing':
      return p.field === 'proposedDue' ? `Choose the new due date you propose.${NOTHING}` : 'Choose a due date, or tick "Ongoing".';
    case 'due.past':
      return `The due date ${formatDay(String(p.dueDate))} is in the past.`;
    case 'due.not-after-today':
      return `The new due date must be after today (${formatDay(String(p.today))}); ${formatDay(String(p.dueDate))} is not.${NOTHING}`;
    case 'due.same':
      return `${str(p.ref)} is already due on ${formatDay(String(p.dueDate))}.${NOTHING}`;
    case 'source.missing':
      return 'Choose where the action comes from.';
    case 'rag.not-open':
      return 'A new action is Red, Amber or Green.';
    case 'rag.unknown':
      return `"${str(p.text)}" is not Red, Amber, Green or Complete.${NOTHING}`;
    case 'objective-ref.too-long':
      return `The objective ref is longer than ${p.limit} characters.`;
    case 'viewers.unknown':
      return `Unknown viewers: ${truncate((p.ids as string[]).join(', '), 200)}.`;
    case 'viewers.not-confidential':
      return 'Viewers are named only for a confidential action: tick "Confidential" or clear them.';
    case 'note.too-long':
      return `Your note is ${p.length} characters; the limit is ${p.limit}.${NOTHING}`;
    case 'reason.too-long':
      return `Your reason is ${p.length} characters; the limit is ${p.limit}.${NOTHING}`;
    case 'update.empty':
      return `Write a progress note or choose a new RAG.${NOTHING}`;
    case 'proposal.not-after-today':
      return `The proposed date ${formatDay(String(p.dueDate))} is not after today; decline it and ask the lead for a new one.`;
    case 'ref.missing':
      return 'Say which action, e.g. "action A-7F3A2B". "my actions" lists yours.';
    case 'body.which':
      return `Say which body, e.g. "actions ${(p.bodies as string[])[0]}". Bodies: ${(p.bodies as string[]).join(', ')}.`;
    case 'line.body-not-yours':
      return `Line ${p.line}: you cannot add actions for ${p.bodyName}: only its chair or the board manager can.`;
    case 'line.ref-taken':
      return `Line ${p.line}: the ref "${str(p.ref)}" is already used by another action in the register.`;
    default: {
      const line = actionLineText(p);
      return line === undefined ? 'That could not be accepted.' : `Line ${String(p.line)}: ${line}`;
    }
  }
}

/** The heading and lines of a refused import (at most 20 lines shown), each worded by `word`. */
export function importProblems(
  problems: { code: string; [fact: string]: unknown }[],
  limit = 20,
  word: (p: { code: string; [fact: string]: unknown }) => string = problemText,
): string[] {
  return [
    `Nothing was stored: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`} to fix.`,
    ...problems.slice(0, limit).map(word),
    ...(problems.length > limit ? [`… and ${problems.length - limit} more.`] : []),
  ];
}
