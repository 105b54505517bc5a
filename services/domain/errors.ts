/** An error the person who caused it should read: a stable code for adapters, a plain message for people. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
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
