import { invalid } from '../errors.js';
import { truncate } from '../format.js';

/** Dates and times that cannot be read, worded once (services/domain/calendar.ts throws these). */
export const calendarErrors = {
  notAnInstant: () => invalid('That is not a valid point in time.'),
  notATimeOfDay: (hour: number, minute: number) => invalid(`${hour}:${minute} is not a time of day.`),
  notADate: (date: string) => invalid(`"${truncate(date, 40)}" is not a date in the form YYYY-MM-DD.`),
  noBankHolidays: (year: number) => invalid(`${year} is not a year I can give bank holidays for.`),
  notWholeWorkingDays: (n: number) => invalid(`${n} is not a whole number of working days.`),
};
