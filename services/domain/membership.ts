/**
 * Changing a partnership's membership over time. A change (one edit, or a whole imported
 * spreadsheet) is the membership as it should stand from an effective date; planning compares it
 * with what is stored, lists what it adds, changes and ends, and keeps each seat's history, so that
 * answers, attendance and the annual report go on referring to who held a seat then.
 */
import { addDays } from './calendar.js';
import { seatOn, type Agency, type Body, type Partnership, type Person, type Seat, type SeatTerm } from './directory.js';
import { truncate } from './format.js';
import type { ChangeDetail, MembershipChange, PlannedChange } from './membership-views.js';
import type { MembershipProblem } from './membership-problems.js';
import { frameworkChange } from './membership-sheet/returns-sheets.js';

/** The first day of a seat's first term when it was set up before Quorum kept history. */
export const FROM_THE_START = '0001-01-01';

export interface MembershipPlan {
  changes: PlannedChange[];
  /** The partnership to store: the change applied, history kept. */
  result: Partnership;
  /** What the change cannot do (a body left out, say); nothing is applied when there are any. */
  problems: MembershipProblem[];
}

type Held = Pick<SeatTerm, 'holderId' | 'deputyId' | 'agencyId'>;

/**
 * @param stored what is stored now (undefined on first run)
 * @param next the membership as it should stand from `effective`: today's seats and people, no history
 * @param effective the day seat changes take effect (YYYY-MM-DD)
 * @param today the London date now: the stored seats' own fields are the terms in force today
 */
export function planMembership(stored: Partnership | undefined, next: Partnership, effective: string, today: string): MembershipPlan {
  if (!stored) return firstMembership(next);
  const changes: PlannedChange[] = [];
  const problems: MembershipProblem[] = [];
  const names = nameLookup(stored, next);

  if (stored.id !== next.id) {
    problems.push({ field: 'partnership', code: 'edit.other-partnership', fileId: next.id, storedId: stored.id });
  }
  const partnershipDetails = diffFields(stored, next, ['name', 'source']);
  if (partnershipDetails.length) changes.push({ kind: 'change', entity: 'partnership', id: next.id, name: next.name, details: partnershipDetails });

  const agencies = mergeById(stored.agencies, next.agencies, (a) => a.name, changes, 'agency');
  const people = mergeById(stored.people, next.people, (p) => p.displayName, changes, 'person');

  const bodies: Body[] = [];
  const nextBodies = new Map(next.bodies.map((b) => [b.id, b]));
  for (const before of stored.bodies) {
    if (!nextBodies.has(before.id)) {
      problems.push({ field: 'bodies', code: 'edit.body-missing', body: before.name });
      bodies.push(before);
    }
  }
  for (const body of next.bodies) {
    const before = stored.bodies.find((b) => b.id === body.id);
    if (!before) {
      changes.push({ kind: 'add', entity: 'body', id: body.id, name: body.name, details: [] });
      const seats = body.seats.map((s) => startSeat(s, effective, today));
      for (const s of body.seats) changes.push(seatChange('add', s, body, names, [holding(s, names, effective)]));
      bodies.push({ ...body, seats });
      continue;
    }
    const details = diffFields(before, body, ['name', 'kind', 'parentBodyId', 'quorum', 'absence', 'cadence', 'reporting', 'viceChair', 'decision', 'proxies']);
    if (details.length) changes.push({ kind: 'change', entity: 'body', id: body.id, name: body.name, details });
    bodies.push({ ...body, seats: mergeSeats(before, body, effective, today, names, changes) });
  }
  const order = new Map(next.bodies.map((b, i) => [b.id, i]));
  bodies.sort((a, b) => (order.get(a.id) ?? -1) - (order.get(b.id) ?? -1));

  // A file without the returns sheets keeps the stored framework; rounds keep their own copies.
  const framework = frameworkChange(stored.returns, next.returns);
  if (framework) changes.push(framework);
  const result: Partnership = { ...stored, name: next.name, source: next.source, agencies, people, bodies, ...(next.returns ? { returns: next.returns } : {}) };
  return { changes, result: keepReferenced(result, next, changes), problems };
}

function firstMembership(next: Partnership): MembershipPlan {
  const changes: PlannedChange[] = [{ kind: 'add', entity: 'partnership', id: next.id, name: next.name, details: [] }];
  const names = nameLookup(next, next);
  for (const a of next.agencies) changes.push({ kind: 'add', entity: 'agency', id: a.id, name: a.name, details: [] });
  for (const p of next.people) changes.push({ kind: 'add', entity: 'person', id: p.id, name: p.displayName, details: [] });
  for (const b of next.bodies) {
    changes.push({ kind: 'add', entity: 'body', id: b.id, name: b.name, details: [] });
    for (const s of b.seats) changes.push(seatChange('add', s, b, names, [holding(s, names)]));
  }
  const framework = frameworkChange(undefined, next.returns);
  if (framework) changes.push(framework);
  return { changes, result: next, problems: [] };
}

/** Seats of a body that existed before: changed holders get a new term from `effective`; seats left out end the day before. */
function mergeSeats(before: Body, body: Body, effective: string, today: string, names: Names, changes: PlannedChange[]): Seat[] {
  const out: Seat[] = [];
  const wanted = new Set(body.seats.map((s) => s.id));
  for (const old of before.seats) {
    if (wanted.has(old.id)) continue;
    const live = seatOn(old, effective);
    if (!live) {
      out.push(old);
      continue;
    }
    const endsOn = addDays(effective, -1);
    out.push({ ...old, endsOn });
    changes.push(seatChange('end', old, body, names, [{ code: 'ends', lastDay: endsOn }]));
  }
  for (const seat of body.seats) {
    const old = before.seats.find((s) => s.id === seat.id);
    if (!old) {
      out.push(startSeat(seat, effective, today));
      changes.push(seatChange('add', seat, body, names, [holding(seat, names, effective)]));
      continue;
    }
    const details = diffFields(old, seat, ['title', 'roles', 'office', 'voting']);
    const then = seatOn(old, effective);
    const wantedHeld = held(seat);
    let merged: Seat = { ...old, title: seat.title, roles: seat.roles };
    assign(merged, 'office', seat.office);
    assign(merged, 'voting', seat.voting);
    if (!then || !sameHeld(held(then), wantedHeld)) {
      const terms = [...termsOf(old).filter((t) => t.from < effective), { from: effective, ...wantedHeld }, ...termsOf(old).filter((t) => t.from > effective)];
      merged = { ...withHeld(merged, heldOn(terms, today)), terms };
      delete merged.endsOn;
      if (!then) details.push({ code: 'starts-again', effective });
      for (const key of ['holderId', 'deputyId', 'agencyId'] as const) {
        const was = then?.[key];
        if (was !== wantedHeld[key]) details.push({ code: 'term', role: ROLE[key], from: names.of(key, was), to: names.of(key, wantedHeld[key]), effective });
      }
    }
    out.push(merged);
    if (details.length) changes.push(seatChange('change', seat, body, names, details));
  }
  const order = new Map(body.seats.map((s, i) => [s.id, i]));
  return out.sort((a, b) => (order.get(a.id) ?? 1e6) - (order.get(b.id) ?? 1e6));
}

/** A seat added from `effective`: before then it did not exist. */
function startSeat(seat: Seat, effective: string, today: string): Seat {
  const terms = [{ from: effective, ...held(seat) }];
  return { ...withHeld(seat, heldOn(terms, today)), terms };
}

/** A seat's terms; a seat without terms has had its own fields from the start. */
function termsOf(seat: Seat): SeatTerm[] {
  return seat.terms && seat.terms.length > 0 ? seat.terms : [{ from: FROM_THE_START, ...held(seat) }];
}

function heldOn(terms: SeatTerm[], day: string): Held {
  let found: Held = {};
  for (const t of terms) if (t.from <= day) found = held(t);
  return found;
}

function held(x: Held): Held {
  const out: Held = {};
  if (x.holderId) out.holderId = x.holderId;
  if (x.deputyId) out.deputyId = x.deputyId;
  if (x.agencyId) out.agencyId = x.agencyId;
  return out;
}

const sameHeld = (a: Held, b: Held) => a.holderId === b.holderId && a.deputyId === b.deputyId && a.agencyId === b.agencyId;

function withHeld(seat: Seat, h: Held): Seat {
  const out: Seat = { ...seat };
  delete out.holderId;
  delete out.deputyId;
  delete out.agencyId;
  return { ...out, ...h };
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** Adds and changes by id; what `next` leaves out is kept for now (keepReferenced decides). */
function mergeById<T extends Agency | Person>(
  before: T[],
  next: T[],
  name: (x: T) => string,
  changes: PlannedChange[],
  entity: 'agency' | 'person',
): T[] {
  const out: T[] = [...next];
  for (const item of next) {
    const old = before.find((b) => b.id === item.id);
    if (!old) changes.push({ kind: 'add', entity, id: item.id, name: name(item), details: [] });
    else {
      const details = diffFields(old, item, Object.keys({ ...old, ...item }) as (keyof T)[]);
      if (details.length) changes.push({ kind: 'change', entity, id: item.id, name: name(item), details });
    }
  }
  const kept = new Set(next.map((n) => n.id));
  for (const old of before) if (!kept.has(old.id)) out.push(old);
  return out;
}

/**
 * Agencies and people the change leaves out are removed, unless a seat, a term or a quorum rule
 * still refers to them: history keeps its names.
 */
function keepReferenced(result: Partnership, next: Partnership, changes: PlannedChange[]): Partnership {
  const people = new Set<string>();
  const agencies = new Set<string>();
  for (const b of result.bodies) {
    for (const s of b.seats) {
      for (const t of [s, ...(s.terms ?? [])]) {
        if (t.holderId) people.add(t.holderId);
        if (t.deputyId) people.add(t.deputyId);
        if (t.agencyId) agencies.add(t.agencyId);
      }
    }
    for (const c of b.quorum.conditions) if (c.kind === 'required-present') for (const g of c.groups) for (const a of g.agencyIds ?? []) agencies.add(a);
    for (const a of b.viceChair?.notFromAgencyIds ?? []) agencies.add(a);
  }
  const inNext = { agencies: new Set(next.agencies.map((a) => a.id)), people: new Set(next.people.map((p) => p.id)) };
  const agencyList = result.agencies.filter((a) => {
    if (inNext.agencies.has(a.id) || agencies.has(a.id)) return true;
    changes.push({ kind: 'end', entity: 'agency', id: a.id, name: a.name, details: [{ code: 'unreferenced' }] });
    return false;
  });
  const peopleList = result.people.filter((p) => {
    if (inNext.people.has(p.id) || people.has(p.id)) return true;
    changes.push({ kind: 'end', entity: 'person', id: p.id, name: p.displayName, details: [{ code: 'unreferenced' }] });
    return false;
  });
  return { ...result, agencies: agencyList, people: peopleList };
}

interface Names {
  /** The name of a holder, deputy or agency (its id when unknown); undefined for none. */
  of(key: keyof Held, id: string | undefined): string | undefined;
  body(id: string): string;
}

const ROLE = { holderId: 'holder', deputyId: 'deputy', agencyId: 'agency' } as const;

function nameLookup(stored: Partnership, next: Partnership): Names {
  const people = new Map<string, string>();
  const agencies = new Map<string, string>();
  for (const p of [...stored.people, ...next.people]) people.set(p.id, p.displayName);
  for (const a of [...stored.agencies, ...next.agencies]) agencies.set(a.id, a.name);
  const bodies = new Map([...stored.bodies, ...next.bodies].map((b) => [b.id, b.name]));
  return {
    of: (key, id) => (id === undefined ? undefined : ((key === 'agencyId' ? agencies : people).get(id) ?? id)),
    body: (id) => bodies.get(id) ?? id,
  };
}

function holding(seat: Seat, names: Names, from?: string): ChangeDetail {
  return { code: 'holding', holder: names.of('holderId', seat.holderId), deputy: names.of('deputyId', seat.deputyId), from };
}

function seatChange(kind: PlannedChange['kind'], seat: Seat, body: Body, names: Names, details: ChangeDetail[]): MembershipChange {
  return { kind, entity: 'seat', id: `${body.id}/${seat.id}`, title: seat.title, body: names.body(body.id), details };
}

/** A field's change for each listed field whose value differs. */
function diffFields<T extends object>(before: T, after: T, keys: (keyof T)[]): ChangeDetail[] {
  const out: ChangeDetail[] = [];
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (sameValue(a, b)) continue;
    out.push({ code: 'field', field: String(key), from: shown(a), to: shown(b) });
  }
  return out;
}

/** Deep equality of JSON values, whatever the order of their keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameValue(x, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A value as a line shows it (a list space-separated, a rule by its description, at most 60 characters); undefined for none. */
function shown(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return truncate(v, 60);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? truncate(v.join(' '), 60) : undefined;
  if (typeof v === 'object' && v !== null && 'description' in v && typeof v.description === 'string') return shown(v.description);
  return shown(JSON.stringify(v));
}
