import { DomainError, forbidden } from '../errors.js';
import { formatDay } from '../format.js';

/** The action capability's refusals, worded once; the use cases throw these. */
export const actionErrors = {
  unknown: (what: string) => new DomainError('ACTION.NOT_FOUND', `I could not find action "${what}". Say "my actions" to see yours.`),
  notCreator: (verb: 'create' | 'import') => forbidden(`Only the board manager or the chair of a body can ${verb} actions.`),
  notLead: (ref: string) => forbidden(`Only the lead of ${ref} can update it. Nothing was recorded.`),
  cannotListBody: () => forbidden('Only the board manager and the chair of a body can list its actions.'),
  /** `bodyText` is what the person typed: only its start is echoed. */
  unknownBody: (bodyText: string, known: readonly string[]) =>
    new DomainError('BODY.NOT_FOUND', `There is no body "${bodyText.slice(0, 60)}". Try one of: ${known.join(', ')}.`),
  complete: (ref: string) => new DomainError('ACTION.COMPLETE', `${ref} is complete; nothing was changed.`),
  completeNoNewDate: (ref: string) => new DomainError('ACTION.COMPLETE', `${ref} is complete; it needs no new due date.`),
  noChair: (bodyName: string, confidential: boolean) =>
    new DomainError(
      'ACTION.NO_CHAIR',
      confidential
        ? `The chair of ${bodyName} is not named on this confidential action, so nobody can accept a new date. Ask the board manager.`
        : `${bodyName} has no chair to accept a new date. Ask the board manager.`,
    ),
  noProposal: (dueDate: string, ref: string) =>
    new DomainError('ACTION.NO_PROPOSAL', `There is no proposal of ${formatDay(dueDate)} for ${ref} to decide; it may have been decided already.`, { dueDate }),
};
