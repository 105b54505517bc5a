import { describe, expect, it } from 'vitest';
import { castingSource, outcomeText, ruleSource } from '../../../cards/consultation/words.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { decisionRuleOf } from '../../../services/domain/consultation.js';
import type { Body, DecisionRule } from '../../../services/domain/directory.js';

/** Issue #13: the default decision rule is a flag in services/; the cards say where it comes from, as they always have. */
describe("the default decision rule's citation", () => {
  const withoutRule = async (bodyId: string): Promise<Body> => {
    const body = (await readPartnershipFile('partnerships/merton-2015.json')).bodies.find((b) => b.id === bodyId)!;
    const { decision: _own, ...rest } = body;
    return rest;
  };

  it('cites domain.md §3 as the default, for the rule and a chair’s casting vote', async () => {
    const rule = decisionRuleOf(await withoutRule('mscb-qa'));
    expect(ruleSource(rule)).toBe('domain.md §3 (default: a simple majority of votes cast)');
    expect(castingSource(rule)).toBe('domain.md §3 (default)');
    expect(outcomeText({ for: 2, against: 1, result: 'carried' }, rule)).toBe(
      'Carried (2 for, 1 against). Rule: a majority of the votes cast (domain.md §3 (default: a simple majority of votes cast)).',
    );
  });

  it('cites C App3 for an independent chair’s casting vote, without calling it a default', async () => {
    expect(castingSource(decisionRuleOf(await withoutRule('mscb-board')))).toBe('C App3');
  });

  it('shows a rule stored with its citation in words (before the flag) as it was', () => {
    const stored: DecisionRule = {
      threshold: { kind: 'majority-of-votes-cast' },
      source: 'domain.md §3 (default: a simple majority of votes cast)',
      castingVote: { holder: 'chair', source: 'domain.md §3 (default)' },
    };
    expect(ruleSource(stored)).toBe('domain.md §3 (default: a simple majority of votes cast)');
    expect(castingSource(stored)).toBe('domain.md §3 (default)');
  });

  it('shows a body’s own rule by its own source', async () => {
    const body = (await readPartnershipFile('partnerships/merton-2015.json')).bodies.find((b) => b.id === 'mscb-qa')!;
    const rule = decisionRuleOf(body);
    expect(ruleSource(rule)).toBe(body.decision!.source);
    expect(castingSource(rule)).toBe(body.decision!.castingVote.source);
  });
});
