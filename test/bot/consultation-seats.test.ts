import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, installed, message, post, teamsUsers } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * Issue 14, over HTTP: seats that hold no vote are told so, and why (C §4.10), and a vote they
 * forge is refused with that reason; the manager's conflict line quotes the deputy's reason.
 */
let q: TestQuorum;
const clock = new FixedClock('2026-11-24T10:00:00.000Z');
const user = teamsUsers(() => q.partnership);
const chat = (personId: string) => `personal-u-${personId}`;
let voteId = '';

beforeAll(async () => {
  q = await startTestQuorum({ clock });
  // Only the people these tests read the cards of have opened the bot; the rest are unreachable.
  const people = ['p-mscb-manager', 'p-mscb-administrator', 'p-mscb-training-officer', 'p-policy-chair', 'p-borough-commander', 'p-borough-commander-deputy'];
  for (const id of people) await post(q.url, installed(user(id), q.connector.url));
  const manager = (await q.quorum.directory.findActor(q.partnership.people.find((p) => p.id === 'p-mscb-manager')!.aadObjectId))!;
  voteId = randomUUID();
  await q.quorum.consultations.preview(manager, { formId: voteId, title: 'Budget 2027/28', ask: 'Agree the budget.', bodyId: 'mscb-board', deadlineDate: '2026-12-04', kind: 'decision' });
  await q.quorum.consultations.send(manager, voteId);
  await q.quorum.outbox.drain();
});
afterAll(() => q.stop());

const voteCardOf = (personId: string) => q.connector.cardsTo(chat(personId)).find((c) => cardText(c).includes('Budget 2027/28'));

describe('seats without a vote, asked to vote', () => {
  it.each([
    ['p-mscb-administrator', 'your seat is board support'],
    ['p-mscb-training-officer', 'your seat is an advisory one'],
    ['p-policy-chair', 'your seat does not speak for an agency'],
  ])('tells %s plainly that they cannot vote and why, with no vote buttons', (personId, why) => {
    const card = voteCardOf(personId);
    const text = cardText(card);
    expect(text).toContain(`You cannot vote on this: ${why}.`);
    expect(text).toContain('C §4.10');
    expect(text).not.toContain('For your information');
    expect(JSON.stringify(card)).not.toContain('consultation.respond');
  });

  it('still tells a voting member nothing of the kind, and offers the vote', () => {
    const card = voteCardOf('p-borough-commander');
    expect(cardText(card)).not.toContain('You cannot vote');
    expect(JSON.stringify(card)).toContain('consultation.respond');
  });

  it('refuses a vote forged by board support with that reason, and records nothing', async () => {
    const forged = await post(q.url, cardAction(user('p-mscb-administrator'), q.connector.url, 'consultation.respond', { consultationId: voteId, agencyId: 'csf', choice: 'agree' }));
    expect(forged.status).toBe(200);
    const text = cardText(forged.body.value);
    expect(text).toContain('You cannot vote on this: your seat is board support.');
    expect(text).toContain('C §4.10');
    expect(text).toContain('Nothing was recorded.');
    expect((await q.quorum.consultationRepo.getAnswer(q.partnership.id, voteId, 'csf'))?.choice).toBe('none');
  });
});

describe("the manager's conflict line", () => {
  it("quotes the deputy's reason, cut short when it is long", async () => {
    const answer = (personId: string, choice: string, reason?: string) =>
      post(q.url, cardAction(user(personId), q.connector.url, 'consultation.respond', { consultationId: voteId, agencyId: 'met-police', choice, ...(reason ? { reason } : {}) }));
    await answer('p-borough-commander', 'agree');
    const long = `Operational concerns about the custody budget. ${'More detail follows. '.repeat(60)}`;
    await answer('p-borough-commander-deputy', 'disagree', long);

    await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'status'));
    const tally = cardText(q.connector.cardsTo(chat('p-mscb-manager')).at(-1));
    expect(tally).toContain('Conflicts for the manager');
    expect(tally).toContain('Disagree (Deputy: Borough Commander, Metropolitan Police (Merton), deputy): Operational concerns about the custody budget.');
    expect(tally).toContain('…');
    expect(tally).not.toContain(long.trim());
  });
});
