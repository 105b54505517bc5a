import { DomainError } from '../errors.js';
import { truncate } from '../format.js';

/** The refusals of subject access and removal (domain.md §7), worded once; what the manager typed is echoed shortened. */
export const dataProtectionErrors = {
  sayWho: () => new DomainError('INPUT.INVALID', 'Say who: their name as the directory has it, or their person id.'),
  /** `matches` are the first few people the name matched, already as "name (id)". */
  ambiguous: (query: string, count: number, matches: string[]) =>
    new DomainError(
      'PERSON.AMBIGUOUS',
      `"${truncate(query, 60)}" matches ${count} people: ${matches.join('; ')}${count > matches.length ? '; …' : ''}. Use the full name or the id.`,
    ),
  nobodyCalled: (query: string) =>
    new DomainError('PERSON.NOT_FOUND', `Nobody in the directory is called "${truncate(query, 60)}". Use the name as the directory has it, or the person id.`),
  cannotRemoveSelf: () =>
    new DomainError(
      'PERSON.SELF',
      'You cannot remove yourself: the partnership would lose its manager. Ask the new manager to do it once they are in the directory.',
    ),
};
