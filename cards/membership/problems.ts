import type { MembershipProblem, MembershipProblemFact } from '../../services/domain/membership-problems.js';
import type { FieldProblem, ImportPlan, ImportPlanView } from '../../services/domain/membership-views.js';
import { truncate } from '../text.js';
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

/** A fact's text is often the person's own (a cell, a key, a name): each is cut before it is worded. */
const ECHOED_CHARS = 80;
/** A file can hold thousands of problems: the reply lists the first ones and says how many more there are. */
export const LISTED_PROBLEMS = 200;

function bounded(p: MembershipProblemFact): MembershipProblemFact {
  const cut = Object.entries(p).map(([k, v]) => [k, typeof v === 'string' && k !== 'code' ? truncate(v, ECHOED_CHARS) : v]);
  return Object.fromEntries(cut) as MembershipProblemFact;
}

export function wordProblem(p: MembershipProblem): FieldProblem {
  return { field: p.field, ...(p.row !== undefined ? { row: p.row } : {}), ...(p.column !== undefined ? { column: p.column } : {}), message: membershipProblemText(bounded(p)) };
}

export function wordProblems(problems: readonly MembershipProblem[]): FieldProblem[] {
  const listed = problems.slice(0, LISTED_PROBLEMS).map(wordProblem);
  const more = problems.length - listed.length;
  return more > 0 ? [...listed, { field: 'File', message: `…and ${more.toLocaleString('en-GB')} more problems like these: correct them and import the file again.` }] : listed;
}

export const wordImportPlan = (plan: ImportPlan): ImportPlanView => ({ ...plan, changes: plan.changes.map(wordChange), problems: wordProblems(plan.problems) });

/** The summary above the problems the Members page marks by their fields: the one problem itself, or how many. */
export function invalidMembershipText(problems: readonly FieldProblem[], total = problems.length): string {
  return total === 1 ? problems[0]!.message : `The membership has ${total.toLocaleString('en-GB')} problems; each is shown by its field.`;
}
