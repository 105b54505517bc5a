import { DomainError } from '../errors.js';

/** The outbox's errors (#16): only the late-bounce job meets them, and logs them. */
export const outboxErrors = {
  deliveryGone: () => new DomainError('OUTBOX.NOT_FOUND', 'That delivery is no longer stored.'),
  deliveryBusy: () => new DomainError('OUTBOX.BUSY', 'That delivery is being changed by someone else; it is tried again on the next run.'),
};
