import type { ConditionResult } from './quorum.js';

/** Who is in the Teams meeting for which seat, and whether that is quorate by the body's rule: facts for the panel and the chat. */
export interface LiveQuorumFacts {
  meetingId: string;
  bodyName: string;
  startsAt: string;
  quorate: boolean;
  conditions: Pick<ConditionResult, 'met' | 'facts' | 'missing'>[];
  seats: { seatId: string; seatTitle: string; agencyName?: string; holderName: string; present?: { name: string; as: 'holder' | 'deputy' | 'proxy' } }[];
  /** In the meeting, for no seat of the body. */
  others: string[];
  chairName?: string;
}

/** What the meeting side panel is sent: the facts, each quorum condition worded (by cards/, in the tab API). */
export type LiveQuorumPanel = Omit<LiveQuorumFacts, 'conditions'> & { conditions: { met: boolean; explanation: string; missing: string[] }[] };
