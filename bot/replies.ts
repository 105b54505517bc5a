import { CardFactory, MessageFactory, type Activity, type Attachment } from 'botbuilder';
import { tooLongForTeams } from '../cards/notice.card.js';
import type { AdaptiveCard } from '../cards/render.js';

/**
 * Teams refuses an activity over about 28 KB. Every card Quorum sends leaves through this file, so
 * one that would pass the limit (a long argument echoed back, a very long register) is replaced here
 * by a short card that says so, whatever built it.
 */
export const MAX_CARD_BYTES = 24 * 1024;

export function withinTeamsLimit(card: AdaptiveCard | Record<string, unknown>): AdaptiveCard | Record<string, unknown> {
  return Buffer.byteLength(JSON.stringify(card)) <= MAX_CARD_BYTES ? card : tooLongForTeams();
}

export const cardAttachmentOf = (card: AdaptiveCard | Record<string, unknown>): Attachment => CardFactory.adaptiveCard(withinTeamsLimit(card));

export const cardAttachment = (card: AdaptiveCard | Record<string, unknown>): Partial<Activity> => MessageFactory.attachment(cardAttachmentOf(card));

/** The invoke response that replaces the card the user acted on (Universal Actions). */
export const cardInvokeResponse = (card: AdaptiveCard) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: withinTeamsLimit(card),
});
