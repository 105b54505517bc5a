import type { MembershipProblem, MembershipProblemFact } from '../../services/domain/membership-problems.js';
import type { FieldProblem, ImportPlan, ImportPlanView } from '../../services/domain/membership-views.js';
import { configProblemText, isConfigProblem } from './config-problem-words.js';
import { editProblemText, isEditProblem } from './edit-problem-words.js';
import { wordChange } from './plan-words.js';
import { isSheetProblem, sheetProblemText } from './sheet-problem-words.js';

/** The words of one membership problem (without its place). */
export function membershipProblemText(p: MembershipProblemFact): string {
  if (isConfigProblem(p)) return configProblemText(p);
  if (isSheetProblem(p)) return sheetProblemText(p);
  if (isEditProblem(p)) return editProblemText(p);
  return unknownProblem(p);
}

/** Every family is worded above: a code of no family does not compile. */
function unknownProblem(p: never): never {
  throw new Error(`No words for the membership problem ${String((p as { code?: unknown }).code)}`);
}

export function wordProblem(p: MembershipProblem): FieldProblem {
  return { field: p.field, ...(p.row !== undefined ? { row: p.row } : {}), ...(p.column !== undefined ? { column: p.column } : {}), message: membershipProblemText(p) };
}

export const wordProblems = (problems: readonly MembershipProblem[]): FieldProblem[] => problems.map(wordProblem);

export const wordImportPlan = (plan: ImportPlan): ImportPlanView => ({ ...plan, changes: plan.changes.map(wordChange), problems: wordProblems(plan.problems) });

/** The summary above the problems the Members page marks by their fields: the one problem itself, or how many. */
export function invalidMembershipText(problems: readonly FieldProblem[]): string {
  return problems.length === 1 ? problems[0]!.message : `The membership has ${problems.length} problems; each is shown by its field.`;
}
