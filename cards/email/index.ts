import type { EmailCards } from '../../services/ports/email.js';
import { buildNotice } from '../notice.card.js';
import { failureText } from '../outbox/words.js';
import { truncate } from '../text.js';
import { cardIntents, renderEmail } from './render.js';

/** The email presenter: cards as emails, and the manager's notice of a bounce. */
export const emailCards: EmailCards = {
  intents: cardIntents,
  render: renderEmail,
  bounced: (fact) =>
    buildNotice({
      title: 'An email to a member bounced',
      text: `Quorum's email to ${fact.personName} (${fact.address}) was refused by their mail server, so they have not received it: ${truncate(failureText(fact.failure), 200)}`,
      hint: 'Check their address on the Members page, or set them to Teams if they can now be reached there.',
      tone: 'warning',
    }),
};
