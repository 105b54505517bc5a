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
