import { invalid } from '../errors.js';
import { truncate } from '../format.js';

/** The dashboard's refusals, worded once. */
export const dashboardErrors = {
  notAReportingYear: (given: string | undefined, current: number) =>
    invalid(`"${truncate(given ?? '', 40)}" is not a reporting year: give the year it starts, e.g. ${current}.`),
};
