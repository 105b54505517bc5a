/**
 * Europe/London wall-clock time and England and Wales working days (domain.md §6).
 * Dates are plain 'YYYY-MM-DD' strings; instants are `Date`s. Nothing here reads the clock.
 */
import { calendarErrors } from './error-messages/calendar.js';

export const LONDON = 'Europe/London';

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface LondonParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0-23 */
  hour: number;
  minute: number;
  weekday: Weekday;
}

export interface BankHoliday {
  date: string;
  name: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function londonParts(instant: Date): LondonParts {
  if (Number.isNaN(instant.getTime())) throw calendarErrors.notAnInstant();
  const parts: Record<string, number> = {};
  for (const p of londonFormat.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const year = parts.year ?? NaN;
  const month = parts.month ?? NaN;
  const day = parts.day ?? NaN;
  return {
    year,
    month,
    day,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() as Weekday,
  };
}

export function londonDate(instant: Date): string {
  const { year, month, day } = londonParts(instant);
  return formatDate(year, month, day);
}

/**
 * The instant at which London clocks show `hour:minute` on `date`.
 * A time skipped by the spring change is read with the winter offset (01:30 → 02:30 BST); a time that
 * occurs twice in autumn resolves to the first (BST) occurrence — Temporal's "compatible" rule.
 */
export function atLondonTime(date: string, hour: number, minute = 0): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59)
    throw calendarErrors.notATimeOfDay(hour, minute);
  const { year, month, day } = parseDate(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((t) => wall - offsetAt(t) === t);
  if (candidates.length === 0) return new Date(wall - before);
  return new Date(Math.min(...candidates));
}

/** How far London is ahead of UTC at an instant, in ms. */
function offsetAt(utcMs: number): number {
  const p = londonParts(new Date(utcMs));
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return wall - (utcMs - (((utcMs % 60_000) + 60_000) % 60_000));
}

// ---- plain dates ----

export function parseDate(date: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day) return { year, month, day };
  }
  throw calendarErrors.notADate(date);
}

function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toUtc(date: string): Date {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day));
}

function fromUtc(d: Date): string {
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function weekdayOf(date: string): Weekday {
  return toUtc(date).getUTCDay() as Weekday;
}

export function addDays(date: string, n: number): string {
  return fromUtc(new Date(toUtc(date).getTime() + n * DAY_MS));
}

/** Calendar months, clamped to the month's end: 2026-03-31 minus 1 month is 2026-02-28. */
export function addMonths(date: string, n: number): string {
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return formatDate(y, m, Math.min(day, last));
}

// ---- bank holidays ----

/** Easter Sunday (Gregorian; anonymous computus). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatDate(year, month, day);
}

function firstMonday(year: number, month: number): string {
  const first = formatDate(year, month, 1);
  return addDays(first, (8 - weekdayOf(first)) % 7);
}

function lastMonday(year: number, month: number): string {
  const last = formatDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return addDays(last, -((weekdayOf(last) + 6) % 7));
}

/** Regular holidays moved by proclamation, by year. */
const MOVED: Record<number, { earlyMay?: string; spring?: string }> = {
  1995: { earlyMay: '1995-05-08' },
  2002: { spring: '2002-06-04' },
  2012: { spring: '2012-06-04' },
  2020: { earlyMay: '2020-05-08' },
  2022: { spring: '2022-06-02' },
};

/** One-off holidays by proclamation. */
const ONE_OFF: readonly BankHoliday[] = [
  { date: '1973-11-14', name: 'Wedding of Princess Anne' },
  { date: '1977-06-07', name: 'Silver Jubilee of Elizabeth II' },
  { date: '1981-07-29', name: 'Wedding of the Prince of Wales' },
  { date: '1999-12-31', name: 'Millennium celebrations' },
  { date: '2002-06-03', name: 'Golden Jubilee of Elizabeth II' },
  { date: '2011-04-29', name: 'Wedding of Prince William' },
  { date: '2012-06-05', name: 'Diamond Jubilee of Elizabeth II' },
  { date: '2022-06-03', name: 'Platinum Jubilee of Elizabeth II' },
  { date: '2022-09-19', name: 'State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Coronation of King Charles III' },
];

const byYear = new Map<number, readonly BankHoliday[]>();

/**
 * England and Wales bank holidays of a year, in date order. The modern pattern (New Year's Day from 1974,
 * Early May from 1978) plus the proclaimed moves and one-offs listed above.
 */
export function bankHolidays(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw calendarErrors.noBankHolidays(year);
  const cached = byYear.get(year);
  if (cached) return cached;
  const out: BankHoliday[] = [];

  if (year >= 1974) {
    const newYear = formatDate(year, 1, 1);
    const wd = weekdayOf(newYear);
    out.push(
      wd === 6
        ? { date: addDays(newYear, 2), name: "New Year's Day (substitute day)" }
        : wd === 0
          ? { date: addDays(newYear, 1), name: "New Year's Day (substitute day)" }
          : { date: newYear, name: "New Year's Day" },
    );
  }
  const easter = easterSunday(year);
  out.push({ date: addDays(easter, -2), name: 'Good Friday' }, { date: addDays(easter, 1), name: 'Easter Monday' });
  if (year >= 1978) out.push({ date: MOVED[year]?.earlyMay ?? firstMonday(year, 5), name: 'Early May bank holiday' });
  out.push({ date: MOVED[year]?.spring ?? lastMonday(year, 5), name: 'Spring bank holiday' });
  out.push({ date: lastMonday(year, 8), name: 'Summer bank holiday' });

  const christmas = formatDate(year, 12, 25);
  switch (weekdayOf(christmas)) {
    case 5: // Friday: Boxing Day falls on Saturday
      out.push({ date: christmas, name: 'Christmas Day' }, { date: addDays(christmas, 3), name: 'Boxing Day (substitute day)' });
      break;
    case 6:
      out.push(
        { date: addDays(christmas, 2), name: 'Christmas Day (substitute day)' },
        { date: addDays(christmas, 3), name: 'Boxing Day (substitute day)' },
      );
      break;
    case 0:
      out.push({ date: addDays(christmas, 1), name: 'Boxing Day' }, { date: addDays(christmas, 2), name: 'Christmas Day (substitute day)' });
      break;
    case 1:
    case 2:
    case 3:
    case 4:
      out.push({ date: christmas, name: 'Christmas Day' }, { date: addDays(christmas, 1), name: 'Boxing Day' });
  }

  for (const h of ONE_OFF) if (h.date.startsWith(`${year}-`)) out.push({ ...h });
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(out.map((h) => Object.freeze(h)));
  byYear.set(year, frozen);
  return frozen;
}

export function bankHolidayName(date: string): string | undefined {
  const { year } = parseDate(date);
  return bankHolidays(year).find((h) => h.date === date)?.name;
}

export function isBankHoliday(date: string): boolean {
  return bankHolidayName(date) !== undefined;
}

export function isWorkingDay(date: string): boolean {
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6 && !isBankHoliday(date);
}

/**
 * The working day `n` working days after (n > 0) or before (n < 0) `date`; `date` itself need not be a
 * working day. n = 0 returns `date` unchanged.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw calendarErrors.notWholeWorkingDays(n);
  const step = n < 0 ? -1 : 1;
  let current = date;
  parseDate(current);
  for (let left = Math.abs(n); left > 0; ) {
    current = addDays(current, step);
    if (isWorkingDay(current)) left--;
  }
  return current;
}

/**
 * Working days in (a, b]: after `a`, up to and including `b`; negative when b is before a.
 * So `addWorkingDays(a, workingDaysBetween(a, b)) === b` whenever b is a working day.
 */
export function workingDaysBetween(a: string, b: string): number {
  if (a === b) return 0;
  const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1];
  parseDate(to);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
  return sign * count;
}

/** `hour`:00 London time on the working day `n` working days before the deadline's London date. */
export function workingDaysBefore(deadline: Date, n: number, hour: number): Date {
  return atLondonTime(addWorkingDays(londonDate(deadline), -n), hour);
}
