import { parseDate } from './calendar.js';

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

// Cards show the same few deadlines and answer times again and again, and formatToParts is not
// cheap. The text shows minutes, so every instant within one minute shares an entry.
const formatted = new Map<number, string>();
const MINUTE_MS = 60_000;

/** "Fri 4 Dec 2026, 17:00", in Europe/London. */
export function formatLondon(instant: Date): string {
  const key = Math.floor(instant.getTime() / MINUTE_MS);
  let text = formatted.get(key);
  if (text === undefined) {
    const parts = Object.fromEntries(londonFormat.formatToParts(instant).map((p) => [p.type, p.value]));
    text = `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
    if (formatted.size >= 1000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
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

/** Cuts text to `n` characters, the last one an ellipsis, so echoed input stays small. */
export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
