/**
 * The one catalogue of error codes a person can cause, each with the kind of refusal it is. Adapters
 * map by code through this table (the bot titles its card, the tab API picks the HTTP status); a
 * new code is a new row here. The words live beside it, in `error-messages/<capability>.ts`: use cases
 * throw those factories, never a message of their own.
 */
export const DOMAIN_ERRORS = {
  'AUTH.FORBIDDEN': 'forbidden',
  'INPUT.INVALID': 'invalid',
  'PARTNERSHIP.NOT_FOUND': 'not-found',
  'PARTNERSHIP.UNREADABLE': 'invalid',
  'PARTNERSHIP.INVALID': 'invalid',
  'MEMBERSHIP.INVALID': 'invalid',
  'MEMBERSHIP.CHANGED': 'conflict',
  'DIRECTORY.LOOKUP_FAILED': 'unavailable',
  'DIRECTORY.LOOKUP_UNAVAILABLE': 'unavailable',
  'BODY.NOT_FOUND': 'not-found',
  'SEAT.NOT_FOUND': 'not-found',
  'PERSON.NOT_FOUND': 'not-found',
  'PERSON.SELF': 'invalid',
  'PERSON.AMBIGUOUS': 'invalid',
  'CONSULTATION.NOT_FOUND': 'not-found',
  'CONSULTATION.BUSY': 'busy',
  'CONSULTATION.CLOSED': 'closed',
  'CONSULTATION.NOT_ASKED': 'invalid',
  'CONSULTATION.NOT_OPEN': 'closed',
  'CONSULTATION.DEADLINE_PASSED': 'closed',
  'CONSULTATION.CANCELLED': 'closed',
  'CONSULTATION.ALREADY_SENT': 'invalid',
  'CONSULTATION.VIEW_TOO_LONG': 'invalid',
  'CONSULTATION.VIEW_EMPTY': 'invalid',
  'CONSULTATION.NO_REFERRAL': 'invalid',
  'CONSULTATION.NO_CONSENSUS_RULE': 'invalid',
  'CONSULTATION.NOT_TIED': 'invalid',
  'CONSULTATION.NOT_REFERABLE': 'invalid',
  'CONSULTATION.NO_VOTE': 'forbidden',
  'MEETING.NOT_FOUND': 'not-found',
  'MEETING.BUSY': 'busy',
  'MEETING.STARTED': 'closed',
  'MEETING.CANCELLED': 'closed',
  'MEETING.NOT_HELD': 'closed',
  'MEETING.NOT_A_SEAT': 'invalid',
  'MEETING.DEPUTY_NOT_NAMED': 'invalid',
  'MEETING.DEPUTY_AND_PROXY': 'invalid',
  'MEETING.UNKNOWN_PROXY': 'invalid',
  'MEETING.SELF_PROXY': 'invalid',
  'MEETING.NO_PROXY': 'invalid',
  'MEETING.NO_PROXIES': 'invalid',
  'REVIEW.NOT_FOUND': 'not-found',
  'REVIEW.BUSY': 'busy',
  'ACTION.NOT_FOUND': 'not-found',
  'ACTION.BUSY': 'busy',
  'ACTION.COMPLETE': 'closed',
  'ACTION.NO_PROPOSAL': 'invalid',
  'ACTION.NO_CHAIR': 'invalid',
  'POLICY.NOT_FOUND': 'not-found',
  'POLICY.BUSY': 'busy',
  'RETURNS.NOT_CONFIGURED': 'invalid',
  'RETURN_ROUND.NOT_FOUND': 'not-found',
  'RETURN_ROUND.BUSY': 'busy',
  'RETURN.NOT_FOUND': 'not-found',
  'RETURN.BUSY': 'busy',
  'RETURN.SUBMITTED': 'closed',
  'RETURN.NOT_SUBMITTED': 'invalid',
} as const satisfies Record<string, ErrorKind>;

/** forbidden: not allowed; not-found: no such record (or one the caller may not see); closed: too late;
 * busy: changed by someone else meanwhile, try again; conflict: the caller's copy is stale;
 * unavailable: an outside service failed; invalid: anything else the person should correct. */
export type ErrorKind = 'forbidden' | 'not-found' | 'closed' | 'busy' | 'conflict' | 'unavailable' | 'invalid';

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/** An error the person who caused it should read: a code from the catalogue for adapters, a plain message for people. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get kind(): ErrorKind {
    return DOMAIN_ERRORS[this.code];
  }
}

export const forbidden = (message: string) => new DomainError('AUTH.FORBIDDEN', message);

export const invalid = (message: string, details?: Record<string, unknown>) =>
  new DomainError('INPUT.INVALID', message, details);

/**
 * The one catalogue of HTTP refusals: every error response of the server is `{ error: { code, message } }`
 * with a code from here. The messages are fixed: nothing from the request is echoed, and nothing
 * names a file, a library or a stack frame.
 */
export const HTTP_ERRORS = {
  'REQUEST.EMPTY': { status: 400, message: 'The request has no body.' },
  'REQUEST.INVALID_JSON': { status: 400, message: 'The request body is not valid JSON.' },
  'REQUEST.TOO_LARGE': { status: 413, message: 'The request body is too large.' },
  'REQUEST.INVALID': { status: 400, message: 'The request could not be read.' },
  'REQUEST.UNSUPPORTED': { status: 415, message: 'The request body is in an encoding this server does not read.' },
  'ACTIVITY.INVALID': { status: 400, message: 'The activity lacks a field every activity needs.' },
  'AUTH.UNAUTHENTICATED': { status: 401, message: 'The request is not authenticated.' },
  'AUTH.INVALID_TOKEN': { status: 401, message: 'Please sign in again.' },
  'AUTH.FORBIDDEN': { status: 403, message: 'You are not allowed to do that.' },
  'DIRECTORY.NOT_A_MEMBER': { status: 403, message: 'You are not in the partnership directory.' },
  'DEV.UNKNOWN_USER': { status: 400, message: 'Choose one of the sample users.' },
  'VIEW.NOT_FOUND': { status: 404, message: 'There is no such view.' },
  'TAB.NOT_BUILT': { status: 503, message: 'The dashboard tab is not available on this server.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed here.' },
  INTERNAL: { status: 500, message: 'Something went wrong; please try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export const httpErrorBody = (code: HttpErrorCode) => ({ error: { code, message: HTTP_ERRORS[code].message } });
