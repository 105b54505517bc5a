import { addDays, addWorkingDays, isWorkingDay, londonDate, londonParts, parseDate, weekdayOf } from './calendar.js';
import { canSeeAction } from './authorization.js';
import type { Body, BodyKind, Directory, Office, Reporting, Seat, SeatAssignment } from './directory.js';

/**
 * The action register and its chasing rules (domain.md §5): actions from meetings, the business
 * plan, work plans, case reviews, absence reviews and policy reviews, each governed by one body and
 * led by seats, roles or agencies. Everything here is pure; dates are London 'YYYY-MM-DD' strings.
 */

export const ACTION_SOURCES = ['meeting', 'business-plan', 'work-plan', 'case-review', 'absence-review', 'policy-review', 'section-11'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];
export const SOURCE_LABEL: Record<ActionSource, string> = {
  meeting: 'Meeting',
  'business-plan': 'Business plan',
  'work-plan': 'Work plan',
  'case-review': 'Case review',
  'absence-review': 'Absence review',
  'policy-review': 'Policy review',
  'section-11': 'Section 11',
};

/** Red off track, Amber at risk, Green on track, Complete (domain.md §5: Blue is not used). */
export const RAGS = ['red', 'amber', 'green', 'complete'] as const;
export type Rag = (typeof RAGS)[number];
export const RAG_LABEL: Record<Rag, string> = {
  red: 'Red: off track',
  amber: 'Amber: at risk',
  green: 'Green: on track',
  complete: 'Complete',
};

export type ActionStatus = 'open' | 'complete';

/** Who leads an action: one seat (its holder), an office on a body (e.g. the chair of QA), or an agency. */
export type Lead = { kind: 'seat'; seatId: string } | { kind: 'role'; office: Office; bodyId: string } | { kind: 'agency'; agencyId: string };

export const LIMITS = { description: 2000, outcome: 2000, note: 2000, reason: 1000, ref: 40, objectiveRef: 20, leads: 10, viewers: 50 } as const;

export type ProgressKind =
  | 'created'
  | 'imported'
  | 'progress'
  | 'completed'
  | 'due-proposed'
  | 'due-accepted'
  | 'due-declined';

/** One line of the action's history: every update, RAG change, completion and due-date decision. */
export interface ProgressEntry {
  at: string;
  by: string;
  kind: ProgressKind;
  note?: string;
  rag?: { from: Rag; to: Rag };
  due?: { from?: string; to: string };
}

export interface DueProposal {
  dueDate: string;
  by: string;
  at: string;
  reason?: string;
}

export interface ActionItem {
  id: string;
  /** Short reference people can type, e.g. "A-7F3A2B", or the register's own ref. */
  ref: string;
  partnershipId: string;
  source: ActionSource;
  /** The business-plan objective it serves, e.g. "2.1". */
  objectiveRef?: string;
  outcome?: string;
  description: string;
  /** The body that governs it ("governance oversight"). */
  bodyId: string;
  leads: Lead[];
  /** Index-friendly keys of the leads, for "my actions". */
  leadKeys: string[];
  /** Absent when the action is ongoing. */
  dueDate?: string;
  rag: Rag;
  status: ActionStatus;
  progress: ProgressEntry[];
  /** Visible only to `viewers` (case reviews "carried out confidentially", C App8). */
  confidential: boolean;
  viewers: string[];
  proposal?: DueProposal;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  /** Reminders fire only on or after this London date (creation, or the last due-date change). */
  scheduleFrom: string;
  /** The last London date a chase sweep handled this action. */
  chasedThrough?: string;
  /** The next London date any reminder fires; absent when nothing will. The chase sweep queries on it. */
  nextChaseOn?: string;
  etag?: string;
}

// ----- who leads, who sees -----

export const OFFICE_LABEL: Record<Office, string> = {
  'independent-chair': 'Independent Chair',
  chair: 'Chair',
  'vice-chair': 'Vice Chair',
  manager: 'Manager',
  'business-support': 'Business support',
};

export function leadKey(lead: Lead): string {
  switch (lead.kind) {
    case 'seat':
      return `seat:${lead.seatId}`;
    case 'role':
      return `role:${lead.office}@${lead.bodyId}`;
    case 'agency':
      return `agency:${lead.agencyId}`;
  }
}

/** Every lead key a person could match through their seats; the query narrows, `isLead` decides. */
export function actorLeadKeys(assignments: SeatAssignment[]): string[] {
  const keys = new Set<string>();
  for (const a of assignments) {
    keys.add(`seat:${a.seat.id}`);
    if (a.seat.office) keys.add(`role:${a.seat.office}@${a.body.id}`);
    if (a.seat.office === 'independent-chair') keys.add(`role:chair@${a.body.id}`);
    if (a.seat.agencyId) keys.add(`agency:${a.seat.agencyId}`);
  }
  return [...keys];
}

function findSeat(directory: Directory, seatId: string): Seat | undefined {
  for (const b of directory.bodies) {
    const s = b.seats.find((x) => x.id === seatId);
    if (s) return s;
  }
  return undefined;
}

/** The seats a lead stands for. An agency leads through its seats on the governing body, else the nearest parent body. */
export function leadSeats(lead: Lead, directory: Directory, governingBodyId: string): Seat[] {
  switch (lead.kind) {
    case 'seat': {
      const seat = findSeat(directory, lead.seatId);
      return seat ? [seat] : [];
    }
    case 'role': {
      const body = directory.body(lead.bodyId);
      if (!body) return [];
      if (lead.office === 'chair') {
        const chair = directory.chairSeat(body);
        return chair ? [chair] : [];
      }
      return body.seats.filter((s) => s.office === lead.office);
    }
    case 'agency': {
      const seen = new Set<string>();
      for (let body = directory.body(governingBodyId); body && !seen.has(body.id); body = body.parentBodyId ? directory.body(body.parentBodyId) : undefined) {
        seen.add(body.id);
        const seats = body.seats.filter((s) => s.agencyId === lead.agencyId);
        if (seats.length) return seats;
      }
      return [];
    }
  }
}

/** The people who lead an action: seat-holders, and with `deputies` their standing deputies (same authority, C §5.6). */
export function leadPeople(a: Pick<ActionItem, 'leads' | 'bodyId'>, directory: Directory, opts: { deputies: boolean }): string[] {
  const people = new Set<string>();
  for (const lead of a.leads) {
    for (const seat of leadSeats(lead, directory, a.bodyId)) {
      if (seat.holderId) people.add(seat.holderId);
      if (opts.deputies && seat.deputyId) people.add(seat.deputyId);
    }
  }
  return [...people];
}

export const isLead = (a: Pick<ActionItem, 'leads' | 'bodyId'>, personId: string, directory: Directory) =>
  leadPeople(a, directory, { deputies: true }).includes(personId);

export function leadLabel(lead: Lead, directory: Directory): string {
  switch (lead.kind) {
    case 'seat':
      return findSeat(directory, lead.seatId)?.title ?? lead.seatId;
    case 'role':
      return `${OFFICE_LABEL[lead.office]}, ${directory.body(lead.bodyId)?.name ?? lead.bodyId}`;
    case 'agency':
      return directory.agency(lead.agencyId)?.name ?? lead.agencyId;
  }
}

/** Confidential actions are seen by their named viewers and nobody else, whatever their role. */
/** Whether one person may see the action: the policy's rule (authorization.ts), for the jobs that only know a person id. */
export const canSee = (a: Pick<ActionItem, 'confidential' | 'viewers'>, personId: string) => canSeeAction({ personId }, a);

/** The person who chairs the governing body, if the seat is filled. */
export const chairOf = (body: Body | undefined, directory: Directory) => (body ? directory.chairSeat(body)?.holderId : undefined);

// ----- reading leads and bodies typed by people -----

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const STOP = new Set(['and', 'of', 'the', 'for', '&']);
const acronym = (s: string) =>
  s
    .split(/[^A-Za-z]+/)
    .filter((w) => w && !STOP.has(w.toLowerCase()))
    .map((w) => w[0]!.toLowerCase())
    .join('');

function bodyNames(body: Body): string[] {
  const plain = body.name.replace(/\(.*?\)/g, '').trim();
  const short = body.id.includes('-') ? body.id.slice(body.id.indexOf('-') + 1) : body.id;
  const core = plain.replace(/\bsub[- ]?group\b/i, '').trim();
  return [body.id, short, `${short}subgroup`, body.name, plain, acronym(plain), acronym(core), `${acronym(core)}s`, `${short}s`].map(norm).filter(Boolean);
}

/** A body by id, name, short id ("qa"), or acronym ("BIG", "PPYPS"); undefined when none or several match. */
export function findBody(text: string, directory: Directory): Body | undefined {
  const wanted = norm(text.replace(/^\s*the\s+/i, ''));
  if (!wanted) return undefined;
  const exact = directory.bodies.find((b) => b.id === text.trim());
  if (exact) return exact;
  const matches = directory.bodies.filter((b) => bodyNames(b).includes(wanted));
  return matches.length === 1 ? matches[0] : undefined;
}

const rootBody = (directory: Directory) => directory.mainBoard() ?? directory.bodies[0];

/**
 * A lead as written in a register or a form: `seat:<id>`, `agency:<id>`, `role:<office>@<body>`, or
 * text naming a seat (id or title), an agency (id or name), "manager", "independent chair", or a body
 * (its chair leads for it). Undefined when nothing, or more than one thing, matches.
 */
export function parseLead(text: string, directory: Directory): Lead | undefined {
  const t = text.trim();
  const prefixed = /^(seat|agency|role):(.+)$/i.exec(t);
  if (prefixed) {
    const [, kind, rest] = prefixed;
    if (kind!.toLowerCase() === 'seat') return findSeat(directory, rest!) ? { kind: 'seat', seatId: rest! } : undefined;
    if (kind!.toLowerCase() === 'agency') return directory.agency(rest) ? { kind: 'agency', agencyId: rest! } : undefined;
    const [office, bodyId] = rest!.split('@');
    if (!office || !bodyId || !(office in OFFICE_LABEL) || !directory.body(bodyId)) return undefined;
    return { kind: 'role', office: office as Office, bodyId };
  }
  if (findSeat(directory, t)) return { kind: 'seat', seatId: t };
  if (directory.agency(t)) return { kind: 'agency', agencyId: t };
  const n = norm(t.replace(/^\s*the\s+/i, ''));
  if (!n) return undefined;
  const root = rootBody(directory);
  if (root && ['manager', 'boardmanager', 'businessmanager', `${acronym(root.name.replace(/\(.*?\)/g, ''))}businessmanager`, `${acronym(root.name.replace(/\(.*?\)/g, ''))}manager`].includes(n)) {
    return { kind: 'role', office: 'manager', bodyId: root.id };
  }
  if (root && n === 'independentchair') return { kind: 'role', office: 'independent-chair', bodyId: root.id };
  const agencies = directory.partnership.agencies.filter((a) => norm(a.name) === n);
  if (agencies.length === 1) return { kind: 'agency', agencyId: agencies[0]!.id };
  const seats = directory.bodies.flatMap((b) => b.seats).filter((s) => norm(s.title) === n);
  if (seats.length === 1) return { kind: 'seat', seatId: seats[0]!.id };
  const chairOfBody = /^(?:the\s+)?(.+?)\s+chair$/i.exec(t) ?? /^chair\s+(?:of\s+)?(?:the\s+)?(.+)$/i.exec(t);
  const body = findBody(chairOfBody ? chairOfBody[1]! : t, directory);
  if (body) return { kind: 'role', office: 'chair', bodyId: body.id };
  return undefined;
}

// ----- chasing -----

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

// ----- references -----

/** A short, stable reference from an id (FNV-1a), e.g. "A-K3X9QZ". */
export function shortRef(prefix: string, id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${prefix}-${h.toString(36).toUpperCase().padStart(6, '0').slice(-6)}`;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Fri 4 Dec 2026" for a plain date. */
export function formatDay(date: string): string {
  const { year, month, day } = parseDate(date);
  const parts = Object.fromEntries(dayFormat.formatToParts(new Date(Date.UTC(year, month - 1, day))).map((x) => [x.type, x.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
/** "December 2026" for 'YYYY-MM'. */
export const formatMonth = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));
