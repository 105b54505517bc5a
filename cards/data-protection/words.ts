import type { ConsultationRole, StandInWords } from '../../services/domain/data-protection.js';

/** The words of subject access and removal that are stored or exported, not only shown on a card. */

/** A person's part in a consultation, as the personal-data export says it. */
export const ROLE_WORDS: Record<ConsultationRole, string> = {
  sender: 'sent it',
  'casting-voter': 'gave the casting vote',
  'consensus-recorder': 'recorded the consensus',
  referrer: 'referred the decision',
  'referred-to': 'was referred the decision',
  'referral-viewer': 'recorded a view on the referral',
  'named-for-referrals': 'is named by its decision rule to receive referrals',
  'progress-card': 'receives its progress card',
};

export const FORMER_MEMBER = 'a former member';

/**
 * What the governance record calls a removed person, in place of their id: `former holder of "<seat>"`,
 * `former deputy for "<seat>"`, or "a former member". Stored, so a change here does not reach records already rewritten.
 */
export const standInWords: StandInWords = (fact) => {
  switch (fact.as) {
    case 'holder':
      return `former holder of "${fact.seatTitle}"`;
    case 'deputy':
      return `former deputy for "${fact.seatTitle}"`;
    case 'former-member':
      return FORMER_MEMBER;
  }
};
