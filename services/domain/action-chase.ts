import { addDays, addWorkingDays, isWorkingDay, londonDate, londonParts, parseDate, weekdayOf } from './calendar.js';
import type { ActionItem, ActionSource } from './action.js';
import type { Body, BodyKind, Reporting } from './directory.js';

/**
 * When an action's leads are chased (domain.md §5): due soon, due today, weekly while overdue,
 * escalation to the chair, monthly progress requests; the weekly digest's slot; report reminders
 * before the parent body's meetings. Pure; dates are London 'YYYY-MM-DD' strings.
 */


export interface ChasePolicy {
  /** Calendar days before the due date for the "due soon" reminder. */
  dueSoonDays: number;
  /** Reminders every this many days while overdue. */
  overdueEveryDays: number;
  /** Days overdue after which the chair of the governing body is told. */
  escalateAfterDays: number;
  /** Sources whose leads get a monthly request for a progress update ("updated monthly", BP). */
  progressRequestSources: ActionSource[];
  /** Bodies whose chairs get the weekly digest. */
  digestBodyKinds: BodyKind[];
  /** Working days before a report is due that the reporting body's chair is reminded. */
  reportReminderWorkingDays: number[];
  /** How far ahead to look for the parent body's meetings. */
  reportLookaheadDays: number;
}

export const DEFAULT_CHASE_POLICY: ChasePolicy = {
  dueSoonDays: 7,
  overdueEveryDays: 7,
  escalateAfterDays: 14,
  progressRequestSources: ['business-plan'],
  digestBodyKinds: ['sub-group', 'task-and-finish'],
  reportReminderWorkingDays: [5],
  reportLookaheadDays: 120,
};

export type ReminderKind = 'due-soon' | 'due-today' | 'overdue' | 'escalation' | 'progress-request';

export interface Reminder {
  kind: ReminderKind;
  /** What makes this reminder unique for the action: the due date, the overdue week, or the month. */
  slot: string;
  /** The working day it goes out. */
  fireOn: string;
  audience: 'leads' | 'chair';
}

export const workingDayOnOrBefore = (date: string) => (isWorkingDay(date) ? date : addWorkingDays(date, -1));
export const workingDayOnOrAfter = (date: string) => (isWorkingDay(date) ? date : addWorkingDays(date, 1));
export const firstWorkingDayOfMonth = (month: string) => workingDayOnOrAfter(`${month}-01`);
/** The Monday of the week `date` falls in. */
export const weekStart = (date: string) => addDays(date, -((weekdayOf(date) + 6) % 7));

/** Calendar days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string) => {
  const x = parseDate(a);
  const y = parseDate(b);
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / 86_400_000);
};
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y! + 1}-01` : `${y}-${String(m! + 1).padStart(2, '0')}`;
};

/**
 * The London date a sweep at `now` works for: before the reminder hour it is still yesterday, so
 * reminders go out in working hours (domain.md §6).
 */
export function chaseDay(now: Date, reminderHour: number): string {
  const today = londonDate(now);
  return londonParts(now).hour >= reminderHour ? today : addDays(today, -1);
}

type ChaseFields = Pick<ActionItem, 'status' | 'dueDate' | 'source' | 'scheduleFrom' | 'chasedThrough'>;

const dueSoon = (due: string, p: ChasePolicy): Reminder => ({
  kind: 'due-soon',
  slot: due,
  fireOn: workingDayOnOrBefore(addDays(due, -p.dueSoonDays)),
  audience: 'leads',
});
const dueToday = (due: string): Reminder => ({ kind: 'due-today', slot: due, fireOn: workingDayOnOrBefore(due), audience: 'leads' });
const overdueWeek = (due: string, k: number, p: ChasePolicy): Reminder => {
  const nominal = addDays(due, k * p.overdueEveryDays);
  return { kind: 'overdue', slot: nominal, fireOn: workingDayOnOrAfter(nominal), audience: 'leads' };
};
const escalation = (due: string, p: ChasePolicy): Reminder => ({
  kind: 'escalation',
  slot: due,
  fireOn: workingDayOnOrAfter(addDays(due, p.escalateAfterDays)),
  audience: 'chair',
});
const progressRequest = (month: string): Reminder => ({ kind: 'progress-request', slot: month, fireOn: firstWorkingDayOfMonth(month), audience: 'leads' });

/** The first day a reminder not yet handled may fire on. */
const since = (a: ChaseFields) => (a.chasedThrough && a.chasedThrough >= a.scheduleFrom ? addDays(a.chasedThrough, 1) : a.scheduleFrom);

/**
 * The reminders to send for an action on London date `day`: each kind at most once, the latest
 * applicable (a later reminder of the same action supersedes an earlier one not yet sent), and
 * none before `scheduleFrom` or already handled by an earlier sweep.
 */
export function remindersDue(a: ChaseFields, day: string, p: ChasePolicy = DEFAULT_CHASE_POLICY): Reminder[] {
  if (a.status !== 'open') return [];
  const from = since(a);
  const fires = (r: Reminder) => r.fireOn >= from && r.fireOn <= day;
  const out: Reminder[] = [];
  if (a.dueDate) {
    const due = a.dueDate;
    const today = dueToday(due);
    const firstOverdue = overdueWeek(due, 1, p);
    const soon = dueSoon(due, p);
    if (fires(soon) && day < today.fireOn) out.push(soon);
    if (fires(today) && day < firstOverdue.fireOn) out.push(today);
    let k = Math.floor(daysBetween(due, day) / p.overdueEveryDays);
    while (k >= 1 && overdueWeek(due, k, p).fireOn > day) k--;
    if (k >= 1 && fires(overdueWeek(due, k, p))) out.push(overdueWeek(due, k, p));
    const esc = escalation(due, p);
    if (fires(esc)) out.push(esc);
  }
  if (p.progressRequestSources.includes(a.source)) {
    const request = progressRequest(day.slice(0, 7));
    if (fires(request)) out.push(request);
  }
  return out;
}

/** The first London date after `day` on which any reminder of the action fires; undefined when none will. */
export function nextChaseOn(a: ChaseFields, day: string, p: ChasePolicy = DEFAULT_CHASE_POLICY): string | undefined {
  if (a.status !== 'open') return undefined;
  const after = (d: string) => d > day && d >= a.scheduleFrom;
  const candidates: string[] = [];
  if (a.dueDate) {
    const due = a.dueDate;
    candidates.push(dueSoon(due, p).fireOn, dueToday(due).fireOn, escalation(due, p).fireOn);
    let k = Math.max(1, Math.floor(daysBetween(due, day) / p.overdueEveryDays));
    while (!after(overdueWeek(due, k, p).fireOn)) k++;
    candidates.push(overdueWeek(due, k, p).fireOn);
  }
  if (p.progressRequestSources.includes(a.source)) {
    for (let month = day.slice(0, 7), i = 0; i < 3; month = nextMonth(month), i++) candidates.push(progressRequest(month).fireOn);
  }
  return candidates.filter(after).sort()[0];
}

/** The outbox batch of one reminder: its deterministic delivery ids are the reminder ledger. */
export const chaseBatchId = (itemId: string, r: { kind: string; slot: string }) => `chase:${itemId}:${r.kind}:${r.slot}`;

export const isOverdue = (a: Pick<ActionItem, 'status' | 'dueDate'>, day: string) => a.status === 'open' && a.dueDate !== undefined && a.dueDate < day;

/** Whole days overdue on `day` (0 when not overdue). */
export const daysOverdue = (a: Pick<ActionItem, 'status' | 'dueDate'>, day: string) =>
  isOverdue(a, day) ? daysBetween(a.dueDate!, day) : 0;

/** Schedules the action afresh from `day` (creation, or a new due date). */
export function scheduled<T extends ChaseFields & { nextChaseOn?: string }>(
  a: T,
  day: string,
  p: ChasePolicy = DEFAULT_CHASE_POLICY,
): T & { chasedThrough?: string; nextChaseOn?: string } {
  const fresh = { ...a, scheduleFrom: day, chasedThrough: undefined };
  return { ...fresh, nextChaseOn: nextChaseOn(fresh, addDays(day, -1), p) };
}

// ----- digests and reports -----

/** The weekly digest's slot (the week's Monday) when it is due on `day`: from the week's first working day. */
export function digestSlot(day: string): string | undefined {
  const monday = weekStart(day);
  const first = workingDayOnOrAfter(monday);
  return first <= day && weekStart(first) === monday ? monday : undefined;
}

/**
 * Meeting dates from a body's cadence when no meetings are scheduled yet: the first Tuesday of each
 * cadence month (the next working day if that is a bank holiday), between `from` and `to` inclusive.
 */
export function cadenceMeetingDates(body: Body, from: string, to: string): string[] {
  const months = body.cadence.months ?? [];
  const out: string[] = [];
  for (let year = parseDate(from).year; year <= parseDate(to).year; year++) {
    for (const month of [...months].sort((a, b) => a - b)) {
      const first = `${year}-${String(month).padStart(2, '0')}-01`;
      const tuesday = addDays(first, (2 - weekdayOf(first) + 7) % 7);
      const date = workingDayOnOrAfter(tuesday);
      if (date >= from && date <= to) out.push(date);
    }
  }
  return out;
}

export interface ReportReminder {
  meetingDate: string;
  reportDue: string;
  workingDaysBefore: number;
  fireOn: string;
}

/**
 * The report reminders due on `day` for a body that reports to a parent (C App2): the report is due
 * `reporting.dueWorkingDaysBefore` working days before each parent meeting; the chair is reminded
 * `n` working days before that. For each meeting only the latest applicable reminder is returned.
 */
export function reportRemindersDue(reporting: Reporting, meetingDates: string[], day: string, p: ChasePolicy = DEFAULT_CHASE_POLICY): ReportReminder[] {
  const out: ReportReminder[] = [];
  for (const meetingDate of meetingDates) {
    const reportDue = addWorkingDays(meetingDate, -reporting.dueWorkingDaysBefore);
    if (day > reportDue) continue;
    const applicable = p.reportReminderWorkingDays
      .map((n) => ({ meetingDate, reportDue, workingDaysBefore: n, fireOn: addWorkingDays(reportDue, -n) }))
      .filter((r) => r.fireOn <= day)
      .sort((a, b) => b.fireOn.localeCompare(a.fireOn));
    if (applicable[0]) out.push(applicable[0]);
  }
  return out;
}

/**
 * The due-date reminders still to come for an action scheduled from `scheduleFrom`: the "due soon"
 * one only when its day has not passed (an action created a few days before its due date gets none).
 */
export function dueRemindersAhead(a: Pick<ActionItem, 'dueDate' | 'scheduleFrom' | 'status'>, p: ChasePolicy = DEFAULT_CHASE_POLICY): { dueSoonOn?: string; dueOn?: string } {
  if (a.status !== 'open' || !a.dueDate) return {};
  const soon = dueSoon(a.dueDate, p).fireOn;
  const due = dueToday(a.dueDate).fireOn;
  return {
    ...(soon >= a.scheduleFrom && soon < due ? { dueSoonOn: soon } : {}),
    ...(due >= a.scheduleFrom ? { dueOn: due } : {}),
  };
}
