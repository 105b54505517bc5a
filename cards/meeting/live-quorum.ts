import type { LiveQuorumFacts, LiveQuorumPanel } from '../../services/domain/live-quorum-facts.js';
import { expand, type AdaptiveCard } from '../render.js';
import { conditionExplanation, conditionLine, missingText, missingTexts } from './quorum-words.js';
import template from '../templates/meeting-live-quorum.json' with { type: 'json' };

/** What the meeting chat is told when the live quorum is reached or lost. */
export function liveQuorumChanged(facts: LiveQuorumFacts): AdaptiveCard {
  const present = facts.seats.filter((s) => s.present).length;
  const chair = facts.chairName ? `For the chair (${facts.chairName}): ` : 'For the chair: ';
  return expand(template, {
    title: facts.quorate ? 'Quorum reached' : 'Quorum lost',
    color: facts.quorate ? 'Good' : 'Attention',
    text: facts.quorate
      ? `${chair}the ${facts.bodyName} is quorate by its rule, with ${present} of ${facts.seats.length} seats present in the Teams meeting.`
      : `${chair}the ${facts.bodyName} is not quorate by its rule: ${present} of ${facts.seats.length} seats are present in the Teams meeting. Missing: ${missingTexts(facts.conditions).join('; ') || 'see below'}.`,
    conditions: facts.conditions.map(conditionLine),
  });
}

/** The meeting side panel's data: the facts, with each quorum condition worded for the tab. */
export function liveQuorumPanel(facts: LiveQuorumFacts): LiveQuorumPanel {
  return { ...facts, conditions: facts.conditions.map((c) => ({ met: c.met, explanation: conditionExplanation(c), missing: c.missing.map(missingText) })) };
}
