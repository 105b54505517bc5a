import type { EditProblemFact, SizeBound } from '../../services/domain/membership-edit-problems.js';
import type { MembershipProblemFact } from '../../services/domain/membership-problems.js';

export const isEditProblem = (p: MembershipProblemFact): p is EditProblemFact => String(p.code).startsWith('edit.');

/** The edit schema's findings read as its validator (zod) words them: the Members page has always shown these. */
const SIZE_UNITS: Record<string, string> = { string: 'characters', array: 'items', set: 'items', map: 'entries', file: 'bytes' };
const FORMATS: Record<string, string> = { guid: 'GUID', uuid: 'UUID', email: 'email address', url: 'URL', date: 'ISO date', datetime: 'ISO datetime' };
const MORE: Record<SizeBound, string> = { exactly: 'exactly ', inclusive: '<=', exclusive: '<' };
const LESS: Record<SizeBound, string> = { exactly: 'exactly ', inclusive: '>=', exclusive: '>' };

const literal = (v: string | number | boolean | null): string => (typeof v === 'string' ? `"${v}"` : String(v));

function sizeText(dir: 'big' | 'small', origin: string, bound: string, limit: number): string {
  const unit = SIZE_UNITS[origin];
  return `Too ${dir}: expected ${origin} ${unit ? `to have ${bound}${limit} ${unit}` : `to be ${bound}${limit}`}`;
}

export function editProblemText(p: EditProblemFact): string {
  switch (p.code) {
    case 'edit.not-a-form':
      return 'is not one of the accepted forms';
    case 'edit.wrong-type':
      return `Invalid input: expected ${p.expected}, received ${p.received}`;
    case 'edit.not-an-option':
      return p.options.length === 1 ? `Invalid input: expected ${literal(p.options[0]!)}` : `Invalid option: expected one of ${p.options.map(literal).join('|')}`;
    case 'edit.too-big':
      return sizeText('big', p.origin, MORE[p.bound], p.maximum);
    case 'edit.too-small':
      return sizeText('small', p.origin, LESS[p.bound], p.minimum);
    case 'edit.bad-format':
      return `Invalid ${FORMATS[p.format] ?? p.format}`;
    case 'edit.unknown-keys':
      return `Unrecognized key${p.keys.length > 1 ? 's' : ''}: ${p.keys.map(literal).join(', ')}`;
    case 'edit.invalid':
      return 'Invalid input';
    case 'edit.not-a-date':
      return `"${p.given}" is not a date: use YYYY-MM-DD.`;
    case 'edit.not-set-up':
      return 'Set up the partnership first: give it a name, or import your membership.';
    case 'edit.set-up-already':
      return 'The partnership is set up already.';
    case 'edit.name-needed':
      return 'Give the partnership its name, e.g. "Merton Safeguarding Children Partnership".';
    case 'edit.body-needed':
      return 'Choose a body for the seat.';
    case 'edit.person-gone':
      return 'That person is not in the directory any more; search for them again.';
    case 'edit.user-gone':
      return "That person is no longer in your organisation's directory.";
    case 'edit.locked-out':
      return 'After this change you would no longer hold a board manager seat, and nobody could change the membership: keep your own seat (office "manager") in it.';
    case 'edit.other-partnership':
      return `This file is for partnership "${p.fileId}", but this Quorum holds "${p.storedId}".`;
    case 'edit.body-missing':
      return `"${p.body}" is missing. A body keeps its meetings and history, so it is not removed: end its seats instead.`;
  }
}
