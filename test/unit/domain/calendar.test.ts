import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  atLondonTime,
  bankHolidays,
  easterSunday,
  isBankHoliday,
  isWorkingDay,
  londonDate,
  londonParts,
  workingDaysBefore,
  workingDaysBetween,
} from '../../../services/domain/calendar.js';
import { DomainError } from '../../../services/domain/errors.js';
import { formatLondon } from '../../../services/domain/format.js';

// gov.uk/bank-holidays, England and Wales.
const GOV_UK: Record<number, string[]> = {
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

describe('bank holidays', () => {
  it.each(Object.entries(GOV_UK))('%s matches gov.uk exactly', (year, dates) => {
    expect(bankHolidays(Number(year)).map((h) => h.date)).toEqual(dates);
  });

  it.each([
    ['2020-05-08', 'Early May moved to VE Day Friday'],
    ['2012-06-04', 'Spring moved for the Diamond Jubilee'],
    ['2012-06-05', 'Diamond Jubilee'],
    ['2002-06-03', 'Golden Jubilee'],
    ['2002-06-04', 'Spring moved for the Golden Jubilee'],
    ['2011-04-29', 'Royal wedding'],
    ['1999-12-31', 'Millennium'],
    ['1995-05-08', 'Early May moved for VE Day 50'],
    ['2021-12-27', 'Christmas substitute (25th a Saturday)'],
    ['2021-12-28', 'Boxing Day substitute'],
    ['2028-01-03', "New Year's Day substitute (1st a Saturday)"],
    ['2023-01-02', "New Year's Day substitute (1st a Sunday)"],
    ['2019-04-19', 'Good Friday 2019'],
    ['2038-04-26', 'Easter Monday, latest Easter of the century'],
  ])('%s is a bank holiday (%s)', (date) => {
    expect(isBankHoliday(date)).toBe(true);
  });

  it.each([
    ['2020-05-04', 'the usual Early May Monday, moved in 2020'],
    ['2012-05-28', 'the usual Spring Monday, moved in 2012'],
    ['2022-05-30', 'the usual Spring Monday, moved in 2022'],
    ['2002-05-27', 'the usual Spring Monday, moved in 2002'],
    ['2026-12-26', 'Boxing Day on a Saturday: the substitute is the holiday'],
    ['2026-12-24', 'Christmas Eve'],
    ['2026-03-30', 'a Monday'],
  ])('%s is not a bank holiday (%s)', (date) => {
    expect(isBankHoliday(date)).toBe(false);
  });

  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('names substitute days', () => {
    expect(bankHolidays(2026).find((h) => h.date === '2026-12-28')?.name).toBe('Boxing Day (substitute day)');
  });

  it('has every year eight regular holidays at least (from 1978)', () => {
    for (let y = 1978; y <= 2100; y++) expect(bankHolidays(y).length).toBeGreaterThanOrEqual(8);
  });
});

describe('working days', () => {
  it.each([
    ['2026-04-02', true, 'Maundy Thursday'],
    ['2026-04-03', false, 'Good Friday'],
    ['2026-04-04', false, 'Saturday'],
    ['2026-04-05', false, 'Sunday'],
    ['2026-04-06', false, 'Easter Monday'],
    ['2026-04-07', true, 'Tuesday after Easter'],
    ['2026-12-28', false, 'Boxing Day substitute'],
    ['2026-12-29', true, 'Tuesday between Christmas and New Year'],
  ])('isWorkingDay(%s) is %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-12-29', -3, '2026-12-22'],
    ['2026-12-22', 3, '2026-12-29'],
    ['2026-12-24', 1, '2026-12-29'],
    ['2026-12-31', 1, '2027-01-04'],
    ['2027-01-04', -1, '2026-12-31'],
    ['2026-04-02', 1, '2026-04-07'],
    ['2026-04-07', -1, '2026-04-02'],
    ['2026-04-09', -5, '2026-03-31'],
    ['2026-04-14', -10, '2026-03-27'],
    ['2026-04-04', 0, '2026-04-04'],
    ['2026-04-04', 1, '2026-04-07'],
    ['2026-04-04', -1, '2026-04-02'],
    ['2027-12-31', -3, '2027-12-24'],
  ])('addWorkingDays(%s, %i) is %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it.each([
    ['2026-12-22', '2026-12-29', 3],
    ['2026-12-29', '2026-12-22', -3],
    ['2026-04-02', '2026-04-07', 1],
    ['2026-04-01', '2026-04-01', 0],
    ['2026-03-27', '2026-04-10', 8],
    ['2026-12-24', '2027-01-04', 4],
  ])('workingDaysBetween(%s, %s) is %i', (a, b, expected) => {
    expect(workingDaysBetween(a, b)).toBe(expected);
  });

  it('workingDaysBetween undoes addWorkingDays', () => {
    for (const n of [-12, -5, -1, 1, 5, 12]) {
      expect(workingDaysBetween('2026-12-23', addWorkingDays('2026-12-23', n))).toBe(n);
    }
  });

  it.each([
    // Papers 5 working days before a meeting on Thursday 9 April 2026 (Easter in between), 09:00 BST.
    ['2026-04-09T13:00:00Z', 5, 9, '2026-03-31T08:00:00.000Z'],
    // Invitations 10 working days before 14 January 2027, at 09:00 GMT: across Christmas and New Year.
    ['2027-01-14T14:00:00Z', 10, 9, '2026-12-30T09:00:00.000Z'],
    // The deadline's London date is used: 23:30 UTC on 30 June is 1 July in London.
    ['2026-06-30T23:30:00Z', 1, 9, '2026-06-30T08:00:00.000Z'],
    // Reminder 1 working day before a Monday-after-the-clocks-change deadline.
    ['2026-03-30T10:00:00Z', 1, 9, '2026-03-27T09:00:00.000Z'],
  ])('workingDaysBefore(%s, %i, %i) is %s', (deadline, n, hour, expected) => {
    expect(workingDaysBefore(new Date(deadline), n, hour).toISOString()).toBe(expected);
  });
});

describe('Europe/London', () => {
  it.each([
    ['2026-03-28', 9, 0, '2026-03-28T09:00:00.000Z', 'last GMT morning'],
    ['2026-03-29', 0, 30, '2026-03-29T00:30:00.000Z', 'before the change at 01:00 GMT'],
    ['2026-03-29', 1, 30, '2026-03-29T01:30:00.000Z', 'a skipped time reads as 02:30 BST'],
    ['2026-03-29', 2, 0, '2026-03-29T01:00:00.000Z', 'first BST hour'],
    ['2026-03-29', 9, 0, '2026-03-29T08:00:00.000Z', 'BST morning of the change'],
    ['2026-10-24', 9, 0, '2026-10-24T08:00:00.000Z', 'last BST morning'],
    ['2026-10-25', 0, 30, '2026-10-24T23:30:00.000Z', 'still BST'],
    ['2026-10-25', 1, 30, '2026-10-25T00:30:00.000Z', 'a repeated time resolves to its first (BST) occurrence'],
    ['2026-10-25', 2, 0, '2026-10-25T02:00:00.000Z', 'GMT again'],
    ['2026-10-25', 9, 0, '2026-10-25T09:00:00.000Z', 'GMT morning of the change'],
    ['2026-07-01', 23, 59, '2026-07-01T22:59:00.000Z', 'summer'],
    ['2026-01-15', 17, 45, '2026-01-15T17:45:00.000Z', 'winter'],
  ])('atLondonTime(%s, %i, %i) is %s (%s)', (date, hour, minute, expected) => {
    expect(atLondonTime(date, hour, minute).toISOString()).toBe(expected);
  });

  it.each([
    ['2026-06-30T23:30:00Z', { year: 2026, month: 7, day: 1, hour: 0, minute: 30, weekday: 3 }],
    ['2026-12-31T23:30:00Z', { year: 2026, month: 12, day: 31, hour: 23, minute: 30, weekday: 4 }],
    ['2026-03-29T00:59:00Z', { year: 2026, month: 3, day: 29, hour: 0, minute: 59, weekday: 0 }],
    ['2026-03-29T01:00:00Z', { year: 2026, month: 3, day: 29, hour: 2, minute: 0, weekday: 0 }],
    ['2026-10-25T00:30:00Z', { year: 2026, month: 10, day: 25, hour: 1, minute: 30, weekday: 0 }],
    ['2026-10-25T01:30:00Z', { year: 2026, month: 10, day: 25, hour: 1, minute: 30, weekday: 0 }],
  ])('londonParts(%s)', (instant, expected) => {
    expect(londonParts(new Date(instant))).toEqual(expected);
  });

  it('londonDate reads the London calendar day', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('round-trips every day of 2026 at 00:00, 09:00 and 23:00', () => {
    for (let d = '2026-01-01'; d < '2027-01-01'; d = addDays(d, 1)) {
      for (const hour of [0, 9, 23]) {
        const p = londonParts(atLondonTime(d, hour));
        expect(londonDate(atLondonTime(d, hour))).toBe(d);
        expect(p.hour).toBe(hour);
      }
    }
  });

  it.each([
    ['2026-01-31', -1, '2025-12-31'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-06-15', -12, '2025-06-15'],
  ])('addMonths(%s, %i) is %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it.each(['2026-02-30', '26-01-01', '2026-1-1', ''])('rejects %j as a date', (bad) => {
    expect(() => isWorkingDay(bad)).toThrow(DomainError);
  });

  it('rejects an hour out of range', () => {
    expect(() => atLondonTime('2026-01-01', 24)).toThrow(DomainError);
  });
});

describe('formatLondon', () => {
  it.each([
    ['2026-12-04T17:00:00Z', 'Fri 4 Dec 2026, 17:00'],
    ['2026-07-01T16:00:00Z', 'Wed 1 Jul 2026, 17:00'],
    ['2026-03-29T01:00:00Z', 'Sun 29 Mar 2026, 02:00'],
  ])('%s reads %s', (instant, expected) => {
    expect(formatLondon(new Date(instant))).toBe(expected);
  });

  it('shows every instant of a minute as that minute, whatever was asked first', () => {
    expect(formatLondon(new Date('2026-12-04T16:59:59.999Z'))).toBe('Fri 4 Dec 2026, 16:59');
    expect(formatLondon(new Date('2026-12-04T16:59:00.000Z'))).toBe('Fri 4 Dec 2026, 16:59');
    expect(formatLondon(new Date('2026-12-04T17:00:30.000Z'))).toBe('Fri 4 Dec 2026, 17:00');
    expect(formatLondon(new Date('2026-12-04T17:00:00.000Z'))).toBe('Fri 4 Dec 2026, 17:00');
  });
});
