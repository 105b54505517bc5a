/** Where a body's cadence meetings fall in the year (C §6.2-6.3, App4). Pure. */
import { addWorkingDays, isWorkingDay, parseDate, weekdayOf, type Weekday } from './calendar.js';
import type { Cadence } from './directory.js';



/** Where in the month cadence meetings fall: by default the third Tuesday at 10:00. */
export interface CadencePattern {
  weekday: Weekday;
  /** 1-4: the nth such weekday of the month. */
  week: number;
  hour: number;
  minute: number;
}

export const DEFAULT_CADENCE_PATTERN: CadencePattern = { weekday: 2, week: 3, hour: 10, minute: 0 };

/** The months a body meets in: those the documents name, else spread evenly through the year. */
export function cadenceMonths(cadence: Cadence): number[] {
  if (cadence.months && cadence.months.length > 0) return [...new Set(cadence.months)].sort((a, b) => a - b);
  const n = Math.min(12, Math.max(0, Math.floor(cadence.meetingsPerYear)));
  return Array.from({ length: n }, (_, i) => 1 + Math.floor((i * 12) / n));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The nth weekday of a month, moved to the next working day when it is a bank holiday. */
export function nthWeekday(year: number, month: number, weekday: Weekday, week: number): string {
  const first = `${year}-${pad(month)}-01`;
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  const date = `${year}-${pad(month)}-${pad(1 + offset + (Math.min(Math.max(week, 1), 4) - 1) * 7)}`;
  return isWorkingDay(date) ? date : addWorkingDays(date, 1);
}

export interface CadenceSlot {
  /** YYYY-MM: one meeting per slot, so the id is stable however often planning runs. */
  slot: string;
  date: string;
  time: string;
}

/** The body's cadence meetings with dates in [from, until]. */
export function cadenceSlots(cadence: Cadence, from: string, until: string, pattern: CadencePattern = DEFAULT_CADENCE_PATTERN): CadenceSlot[] {
  const start = parseDate(from);
  const end = parseDate(until);
  const months = new Set(cadenceMonths(cadence));
  const out: CadenceSlot[] = [];
  for (let index = start.year * 12 + start.month - 1; index <= end.year * 12 + end.month - 1; index++) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    if (!months.has(month)) continue;
    const date = nthWeekday(year, month, pattern.weekday, pattern.week);
    if (date < from || date > until) continue;
    out.push({ slot: `${year}-${pad(month)}`, date, time: `${pad(pattern.hour)}:${pad(pattern.minute)}` });
  }
  return out;
}

