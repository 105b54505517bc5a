import { invalid } from '../errors.js';
import { echo } from './input.js';

/** The dashboard's refusals, worded once. */
export const dashboardErrors = {
  notAReportingYear: (given: string | undefined, current: number) =>
    invalid(`"${echo(given ?? '')}" is not a reporting year: give the year it starts, e.g. ${current}.`),
};
