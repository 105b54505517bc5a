import type { EditProblemFact } from '../../services/domain/membership-edit-problems.js';
import type { MembershipProblemFact } from '../../services/domain/membership-problems.js';

export const isEditProblem = (p: MembershipProblemFact): p is EditProblemFact => String(p.code).startsWith('edit.');

export function editProblemText(p: EditProblemFact): string {
  return p;
}
