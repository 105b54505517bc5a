import type { Directory } from '../domain/directory.js';
import type { MailRecipient, MailRecipients } from '../ports/email.js';

/** Each recipient's channel and address, from the partnership's directory today. */
export function directoryRecipients(directories: { directory(partnershipId: string): Promise<Directory> }): MailRecipients {
  return {
    async lookup(partnershipId, aadObjectId): Promise<MailRecipient | undefined> {
      const directory = await directories.directory(partnershipId).catch(() => undefined);
      const person = directory?.personByAad(aadObjectId);
      if (!person) return undefined;
      return { personId: person.id, displayName: person.displayName, email: person.email, channel: person.channel ?? 'teams' };
    },
  };
}
