import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES, withinTeamsLimit } from '../../bot/replies.js';
import { Directory } from '../../services/domain/directory.js';
import { message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/** Teams refuses activities over about 28 KB: a reply never echoes unbounded input, and no card passes the limit. */

let q: TestQuorum;
let manager: TeamsUser;

beforeAll(async () => {
  q = await startTestQuorum();
  const m = new Directory(q.partnership).managers()[0]!;
  manager = { id: 'u-manager', aadObjectId: m.aadObjectId, name: m.displayName };
});
afterAll(() => q.stop());

describe('long input', () => {
  const huge = 'x'.repeat(100 * 1024);

  it.each(['status', 'action', 'actions', 'export', 'remove person'])('"%s" with a 100 KB argument: a short refusal that repeats none of it', async (command) => {
    q.connector.reset();
    await post(q.url, message(manager, q.connector.url, `${command} ${huge}`));
    const sent = q.connector.cardsTo(`personal-${manager.id}`);
    expect(sent).toHaveLength(1);
    const bytes = Buffer.byteLength(JSON.stringify(sent[0]));
    expect(bytes).toBeLessThan(2 * 1024);
    expect(cardText(sent[0])).toMatch(/too long[\s\S]*longer than 200 characters[\s\S]*Nothing was looked up/i);
    expect(JSON.stringify(sent[0])).not.toContain('xxxxxxxxxx');
  });

  it('replaces any card over the limit with a short one that says why', () => {
    const big = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'y'.repeat(MAX_CARD_BYTES) }] } as const;
    const replaced = withinTeamsLimit({ ...big, body: [...big.body] });
    expect(JSON.stringify(replaced).length).toBeLessThan(2 * 1024);
    expect(cardText(replaced)).toMatch(/Too long to show in Teams/);
    const small = { type: 'AdaptiveCard' as const, version: '1.5', body: [] };
    expect(withinTeamsLimit(small)).toBe(small);
  });
});
