import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render.js';

export const cardAttachment = (card: AdaptiveCard): Partial<Activity> =>
  MessageFactory.attachment(CardFactory.adaptiveCard(card));

/** The invoke response that replaces the card the user acted on (Universal Actions). */
export const cardInvokeResponse = (card: AdaptiveCard) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card,
});
