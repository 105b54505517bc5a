import type { EditProblemFact } from './membership-edit-problems.js';
import type { SheetProblemFact } from './membership-sheet/problems.js';
import type { ConfigProblemFact } from './partnership-problems.js';

/**
 * What is wrong with a membership edit, an imported file or the partnership configuration, as data: a code and its
 * facts, placed at the field (or sheet, row and column) it belongs to. cards/membership/problems.ts words them.
 * Codes start with their family: `config.` (the configuration's shape and rules), `sheet.` (a spreadsheet or CSV
 * file), `edit.` (the Members page's edits and the membership's own rules).
 */
export interface ProblemPlace {
  /** The edit's field ("holder", "agencyId", …), the configuration's path or, for an import, the sheet. */
  field: string;
  /** For an import: the row as the spreadsheet numbers it. */
  row?: number;
  /** For an import: the column's header. */
  column?: string;
}

export type MembershipProblemFact = ConfigProblemFact | SheetProblemFact | EditProblemFact;
export type MembershipProblem = ProblemPlace & MembershipProblemFact;
