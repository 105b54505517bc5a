import { parseDate } from './calendar.js';
import type { CsvProblem, LineProblem } from './csv.js';
import { ACTION_SOURCES, type ActionSource, type Rag } from './action.js';
import type { Directory } from './directory.js';

/**
 * Reading the action register and the policy register from CSV (columns as in the business plan,
 * the sub-group work plans and the policy front sheet). A file is all or nothing: every row is
 * checked first and every problem is reported with its line, so a bad row stores nothing.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const pad = (n: number) => String(n).padStart(2, '0');
const validDate = (y: number, m: number, d: number): string | undefined => {
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  try {
    parseDate(iso);
    return iso;
  } catch {
    return undefined;
  }
};
const monthIndex = (word: string) => {
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((m) => m === w || (w.length >= 3 && m.startsWith(w)));
  return i < 0 ? undefined : i + 1;
};

/**
 * A date as registers write it: 2026-12-04, 4/12/2026 (UK order), 4 December 2026, or a month
 * ("January 2019", meaning by the end of that month).
 */
export function parseDateText(text: string): string | undefined {
  const t = text.trim().replace(/(\d)(st|nd|rd|th)\b/gi, '$1');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = monthIndex(m[2]!);
    return month ? validDate(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (m) {
    const month = monthIndex(m[1]!);
    return month ? lastDayOf(Number(m[2]), month) : undefined;
  }
  return undefined;
}

const lastDayOf = (year: number, month: number) => `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;

export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['', 'no', 'n', 'false', '0'].includes(t)) return t === '' ? undefined : false;
  if (['yes', 'y', 'true', '1'].includes(t)) return true;
  return undefined;
}

export function parseRag(text: string): Rag | 'blue' | undefined {
  const t = text.trim().toLowerCase();
  if (['r', 'red'].includes(t)) return 'red';
  if (['a', 'amber'].includes(t)) return 'amber';
  if (['g', 'green'].includes(t)) return 'green';
  if (['c', 'complete', 'completed', 'done'].includes(t)) return 'complete';
  if (['b', 'blue'].includes(t)) return 'blue';
  return undefined;
}

export function parseSource(text: string): ActionSource | undefined {
  const t = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (t === 'meeting-action-log' || t === 'action-log' || t === 'minutes') return 'meeting';
  if (t === 'bp') return 'business-plan';
  return (ACTION_SOURCES as readonly string[]).includes(t) ? (t as ActionSource) : undefined;
}

/** Several entries in one cell, separated by semicolons or line breaks. */
export const entries = (text: string) =>
  text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** People named as viewers: a person id, a seat id (its holder) or a display name. */
export function parsePerson(text: string, directory: Directory): string | undefined {
  const t = text.trim();
  if (directory.person(t)) return t;
  for (const b of directory.bodies) {
    const seat = b.seats.find((s) => s.id === t);
    if (seat) return seat.holderId;
  }
  const n = t.toLowerCase();
  const named = directory.partnership.people.filter((p) => p.displayName.toLowerCase() === n);
  return named.length === 1 ? named[0]!.id : undefined;
}

export interface ImportResult<T, P extends { code: string } = never> {
  rows: T[];
  /** Every problem with its line: the text's own, then each row's. */
  errors: LineProblem<CsvProblem | P>[];
  ignoredColumns: string[];
}

/** The body ids of the partnership, as a hint in a problem. */
export const bodyIds = (directory: Directory) => directory.bodies.map((b) => b.id);
