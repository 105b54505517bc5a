import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import type { MailRecipient, MailRecipients } from '../ports/email.js';

/**
 * Each recipient's channel and address, from the partnership's directory today. A directory that
 * cannot be read throws (the batch or the delivery waits); a person not in it is undefined.
 */
export function directoryRecipients(directories: { directory(partnershipId: string): Promise<Directory> }): MailRecipients {
  return {
    async lookup(partnershipId, aadObjectId): Promise<MailRecipient | undefined> {
      const directory = await directories.directory(partnershipId).catch((err: unknown) => {
        // A partnership that is not there has nobody in it; any other failure is the directory's and throws.
        if (err instanceof DomainError && err.kind === 'not-found') return undefined;
        throw err;
      });
      const person = directory?.personByAad(aadObjectId);
      if (!person) return undefined;
      return { personId: person.id, displayName: person.displayName, email: person.email, channel: person.channel ?? 'teams' };
    },
  };
}
