import type { SheetProblemFact } from '../../services/domain/membership-sheet/problems.js';
import type { MembershipProblemFact } from '../../services/domain/membership-problems.js';

export const isSheetProblem = (p: MembershipProblemFact): p is SheetProblemFact => String(p.code).startsWith('sheet.');

export function sheetProblemText(p: SheetProblemFact): string {
  return p;
}
