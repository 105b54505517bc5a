import { DomainError } from '../errors.js';

/** The outbox's errors (#16). */
export const outboxErrors = {
  /** Without the directory Quorum cannot tell who is reached by email: the whole batch waits for a retry rather than go by Teams. */
  directoryUnavailable: () =>
    new DomainError('OUTBOX.DIRECTORY_UNAVAILABLE', "Quorum could not read the partnership's directory to see how each member is reached, so nothing was sent. Please try again in a minute."),
  deliveryGone: () => new DomainError('OUTBOX.NOT_FOUND', 'That delivery is no longer stored.'),
  deliveryBusy: () => new DomainError('OUTBOX.BUSY', 'That delivery is being changed by someone else; it is tried again on the next run.'),
};
