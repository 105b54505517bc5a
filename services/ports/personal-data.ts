import type { StandIn } from '../domain/data-protection.js';
import type { Person } from '../domain/directory.js';

export type { StandIn, StandInFact, StandInWords } from '../domain/data-protection.js';

/**
 * One store's share of a person's data (subject access and erasure). Each store that keeps
 * anything about people implements it; the data protection service asks every one of them, so a
 * new store (meetings, actions) is covered by adding its implementation to the list in compose.
 */
export interface PersonalData {
  /** Shown in the export and the removal report, e.g. "consultations". */
  name: string;
  /** Everything this store keeps about the person, as plain JSON records. */
  export(partnershipId: string, person: Person): Promise<unknown[]>;
  /**
   * Deletes what is only about the person and, in what belongs to the governance record, replaces
   * them with `standIn(...)` (the seat they acted from). Safe to repeat. Returns how many records
   * were changed or deleted.
   */
  erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number>;
}
