import { canSeeAction } from './authorization.js';
import type { Body, Directory, Office, Seat, SeatAssignment } from './directory.js';

/**
 * The action register and its chasing rules (domain.md §5): actions from meetings, the business
 * plan, work plans, case reviews, absence reviews and policy reviews, each governed by one body and
 * led by seats, roles or agencies. Everything here is pure; dates are London 'YYYY-MM-DD' strings.
 */

export const ACTION_SOURCES = ['meeting', 'business-plan', 'work-plan', 'case-review', 'absence-review', 'policy-review'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

/** Red off track, Amber at risk, Green on track, Complete (domain.md §5: Blue is not used). */
export const RAGS = ['red', 'amber', 'green', 'complete'] as const;
export type Rag = (typeof RAGS)[number];

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

// The chasing rules live beside this file; their importers reach them through here too.
export * from './action-chase.js';
