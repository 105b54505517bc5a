/** The text helpers every presenter shares: one copy of each. */
export { formatDay, formatLondon, formatMonth } from '../services/domain/format.js';

/** Cuts text to `n` characters, the last one an ellipsis, so echoed input stays small. */
export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
