import { DomainError } from '../errors.js';

/** The records written read-modify-write, each with its code and the noun people read. */
const RECORDS = {
  consultation: { code: 'CONSULTATION', noun: 'consultation' },
  meeting: { code: 'MEETING', noun: 'meeting' },
  'meeting-invitation': { code: 'MEETING', noun: 'meeting invitation' },
  'attendance-report': { code: 'MEETING', noun: 'attendance report' },
  'live-attendance': { code: 'MEETING', noun: 'live attendance' },
  'meeting-answer': { code: 'MEETING', noun: 'answer' },
  register: { code: 'MEETING', noun: 'register' },
  'absence-review': { code: 'REVIEW', noun: 'absence review' },
  action: { code: 'ACTION', noun: 'action' },
  policy: { code: 'POLICY', noun: 'document' },
  return: { code: 'RETURN', noun: 'return' },
  'return-round': { code: 'RETURN_ROUND', noun: 'round of returns' },
} as const;

export type StoredRecord = keyof typeof RECORDS;

/**
 * What `updateOptimistically` throws for a record: gone when it was removed under the writer, busy
 * when others kept writing first. A capability with its own words overrides one of the two.
 */
export function recordErrors(record: StoredRecord): { gone: () => DomainError; busy: () => DomainError } {
  const { code, noun } = RECORDS[record];
  return {
    gone: () => new DomainError(`${code}.NOT_FOUND`, `The ${noun} was removed.`),
    busy: () => new DomainError(`${code}.BUSY`, `The ${noun} is being changed by someone else; please try again.`),
  };
}
