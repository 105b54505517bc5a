import type { Actor } from '../directory/index.js';
import { can, type Permission, type Subject } from '../domain/authorization.js';
import { parseDate } from '../domain/calendar.js';
import type { Consultation } from '../domain/consultation.js';
import type { BodyRef } from '../domain/dashboard-views.js';
import type { Body, Directory } from '../domain/directory.js';
import type { Clock } from '../ports/clock.js';
import type { AnnualReturnsRepo } from './annual-report-returns.js';
import type { ActionQueries, AttendanceQueries, ConsultationQueries, DeliveryQueries } from '../ports/dashboard.js';

export interface DashboardPorts {
  consultations: ConsultationQueries;
  attendance: AttendanceQueries;
  actions: ActionQueries;
  /** The outbox's deliveries, for each member's delivery state on the non-response view. */
  deliveries?: DeliveryQueries;
  /** The returns capability's repository, read for the annual report's returns (#20). */
  returns: AnnualReturnsRepo;
  clock: Clock;
  /** The hour reminders go out (REMINDER_HOUR), to tell when each agency was last reminded. */
  reminderHour: number;
}

export const SHOWN_STATUSES: Consultation['status'][] = ['open', 'awaiting-casting-vote', 'closed'];

const DAY_MS = 24 * 3600 * 1000;
const dayNumber = (date: string) => {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

/** Plain ordering of ISO dates, ids and refs (localeCompare is needlessly slow over thousands of rows). */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const byText = new Intl.Collator('en-GB').compare;


/** The bodies on which the viewer holds a role the permission allows (the manager: every body). */
export function bodiesWhere(actor: Actor, subject: Subject, permission: Permission): Body[] {
  return actor.directory.bodies.filter((b) => can(subject, permission, { bodyId: b.id }));
}

/** Agencies in the order the partnership lists them. */
export function agencyOrder(directory: Directory, ids: string[]): string[] {
  const order = new Map(directory.partnership.agencies.map((a, i) => [a.id, i]));
  return [...ids].sort((a, b) => (order.get(a) ?? 1e6) - (order.get(b) ?? 1e6) || cmp(a, b));
}

/** The agencies the viewer sits for, as member or standing deputy, anywhere in the partnership. */
export function ownAgencies(actor: Actor): Set<string> {
  return new Set(actor.assignments.map((a) => a.seat.agencyId).filter((id): id is string => id !== undefined));
}

export const ref = (b: Body): BodyRef => ({ id: b.id, name: b.name });

const names = new WeakMap<Directory, Map<string, string>>();
/** A person's display name; the directory's own lookup is a scan, too slow for thousands of cells. */
export function personName(directory: Directory, personId: string): string {
  let map = names.get(directory);
  if (!map) {
    map = new Map(directory.partnership.people.map((p) => [p.id, p.displayName]));
    names.set(directory, map);
  }
  return map.get(personId) ?? personId;
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
