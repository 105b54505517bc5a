import { isOpenForAnswers } from '../domain/consultation.js';
import type { ConsultationRepo } from '../ports/consultations.js';
import { intentKey, type AnswerIntent, type AnswerLinkMaker } from '../ports/email.js';
import type { Clock } from '../ports/clock.js';
import { signLink } from './tokens.js';

/** Where a meeting's start is read from, for its links' expiry. */
export interface MeetingStarts {
  startsAt(partnershipId: string, meetingId: string): Promise<string | undefined>;
}

export interface AnswerLinkDeps {
  key: string;
  /** The public base of the answer pages, e.g. https://quorum.example.org (no trailing slash). */
  baseUrl: string;
  consultations: Pick<ConsultationRepo, 'get'>;
  meetings?: MeetingStarts;
  clock: Clock;
}

/** Signs one link per answer a card offers: for this person, this item and purpose, until its deadline. */
export class AnswerLinks implements AnswerLinkMaker {
  constructor(private readonly deps: AnswerLinkDeps) {}

  async linksFor(partnershipId: string, personId: string, intents: AnswerIntent[]): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    const expiries = new Map<string, string | undefined>();
    for (const intent of intents) {
      const itemKey = `${intent.purpose}|${intent.itemId}`;
      if (!expiries.has(itemKey)) expiries.set(itemKey, await this.expiryOf(partnershipId, intent));
      const expiresAt = expiries.get(itemKey);
      if (!expiresAt) continue;
      const token = signLink(this.deps.key, {
        partnershipId,
        personId,
        purpose: intent.purpose,
        itemId: intent.itemId,
        scope: intent.purpose === 'consultation' ? intent.agencyId : intent.seatId,
        expiresAt,
      });
      const ask = intent.purpose === 'consultation' ? `choice=${intent.choice}` : `response=${intent.response}`;
      links.set(intentKey(intent), `${this.deps.baseUrl}/answer/${token}?${ask}`);
    }
    return links;
  }

  private async expiryOf(partnershipId: string, intent: AnswerIntent): Promise<string | undefined> {
    if (intent.purpose === 'consultation') {
      const c = await this.deps.consultations.get(partnershipId, intent.itemId);
      return c && isOpenForAnswers(c, this.deps.clock.now()) ? c.deadline : undefined;
    }
    const startsAt = await this.deps.meetings?.startsAt(partnershipId, intent.itemId);
    return startsAt && Date.parse(startsAt) > this.deps.clock.now().getTime() ? startsAt : undefined;
  }
}
