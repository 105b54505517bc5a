/** The text helpers every presenter shares: one copy of each. */
export { formatDay, formatLondon, formatMonth, truncate } from '../services/domain/format.js';
