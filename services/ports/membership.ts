import type { Partnership } from '../domain/directory.js';
import type { MembershipProblem } from '../domain/membership-problems.js';
import type { CardPayload } from './outbox.js';

export type MembershipFormat = 'csv' | 'xlsx' | 'json';

/** The whole membership as a file a board manager keeps: a spreadsheet, or the partnership JSON. */
export interface MembershipFiles {
  /** Reads an uploaded file. People given only by email come back with an empty aadObjectId. */
  read(format: MembershipFormat, bytes: Uint8Array): Promise<{ partnership?: Partnership; problems: MembershipProblem[] }>;
  write(format: MembershipFormat, partnership: Partnership): Promise<{ bytes: Uint8Array; contentType: string; filename: string }>;
}

/** What a person is told when their seats change. */
export interface SeatNotice {
  partnership: string;
  effective: string;
  /** Seats they now hold or deputise for. */
  gained: { body: string; seat: string; agency?: string; as: 'holder' | 'deputy'; holderName?: string }[];
  /** Seats they no longer hold or deputise for. */
  lost: { body: string; seat: string; as: 'holder' | 'deputy' }[];
}

/** The words a new partnership starts with: stored with it, and edited on the Members page like any other. */
export interface NewPartnershipWords {
  /** Where the configuration comes from, when the manager gives none. */
  source: string;
  quorumDescription: string;
  quorumSource: string;
  absenceSource: string;
  cadenceDescription: string;
}

export interface MembershipCards {
  seatsChanged(notice: SeatNotice): CardPayload;
  newPartnership: NewPartnershipWords;
}
