import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atLondonTime } from '../../services/domain/calendar.js';
import { cardAction, installed, message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * The action register over real HTTP: the manager adds a QA action from the form; the chase job
 * sends its lead the due-soon card; the lead records progress and completes it from that card; the
 * QA chair's weekly digest shows it completed; a member who is not a lead is refused.
 */
let q: TestQuorum;
const clock = new FixedClock('2026-11-24T10:00:00.000Z'); // Tue 24 Nov 2026
const PEOPLE = { manager: 'p-mscb-manager', lead: 'p-psw', chair: 'p-csf-csc-head', commander: 'p-borough-commander' } as const;
type Who = keyof typeof PEOPLE;
const users = {} as Record<Who, TeamsUser>;
let actionId = '';

beforeAll(async () => {
  q = await startTestQuorum({ clock });
  for (const [key, personId] of Object.entries(PEOPLE) as [Who, string][]) {
    const person = q.partnership.people.find((p) => p.id === personId)!;
    users[key] = { id: `u-${key}`, aadObjectId: person.aadObjectId, name: person.displayName };
    await post(q.url, installed(users[key], q.connector.url));
  }
});
afterAll(() => q.stop());
beforeEach(() => q.connector.reset());

const act = async (who: Who, verb: string, data: Record<string, unknown>) => {
  const res = await post(q.url, cardAction(users[who], q.connector.url, verb, data));
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
};
const say = async (who: Who, text: string) => {
  expect((await post(q.url, message(users[who], q.connector.url, text))).status).toBe(200);
  return q.connector.cardsTo(`personal-${users[who].id}`).at(-1);
};
const cardsTo = (who: Who) => q.connector.cardsTo(`personal-${users[who].id}`);
const actionOf = (card: any, verb: string) => (card.actions as any[]).find((a) => a.verb === verb);

describe('actions over HTTP', () => {
  it('lets the manager add an action from the form, and refuses a due date in the past', async () => {
    const form = await say('manager', 'new action');
    expect(cardText(form)).toContain('New action');
    const { formId } = actionOf(form, 'action.create').data;
    const fields = { formId, description: 'Re-audit neglect cases and feed back practice lessons', bodyId: 'mscb-qa', leads: 'seat:qa-psw', source: 'meeting', rag: 'green', ongoing: 'false', confidential: 'false' };
    const past = await act('manager', 'action.create', { ...fields, dueDate: '2026-11-20' });
    expect(cardText(past)).toContain('The due date Fri 20 Nov 2026 is in the past.');
    expect(cardText(await say('lead', 'my actions'))).toContain('You lead no open actions.');

    const added = await act('manager', 'action.create', { ...fields, dueDate: '2026-12-04' });
    expect(cardText(added)).toContain('is in the register. Its leads will be reminded 7 days before and on Fri 4 Dec 2026.');
    actionId = formId;
  });

  it('sends the lead the due-soon card when the chase job runs, once', async () => {
    const now = atLondonTime('2026-11-27', 9);
    clock.set(now);
    await q.quorum.outbox.drain();
    q.connector.reset();
    expect((await q.quorum.actions.chaseDue(now)).queued).toBe(1);
    expect((await q.quorum.actions.chaseDue(now)).queued).toBe(0);
    await q.quorum.outbox.drain();
    const cards = cardsTo('lead');
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0])).toContain('Reminder: due in 7 days, on Fri 4 Dec 2026.');
    expect(actionOf(cards[0], 'action.update').data).toEqual({ actionId });
    expect(cardsTo('chair')).toHaveLength(0);
  });

  it('refuses an update from a member who is not a lead, and an unknown action', async () => {
    const refused = await act('commander', 'action.update', { actionId, note: 'Not my action', rag: 'red' });
    expect(cardText(refused)).toContain('Not allowed');
    expect(cardText(refused)).toContain('Only the lead of');
    const unknown = await say('lead', 'action A-NOPE00');
    expect(cardText(unknown)).toContain('I could not find action "A-NOPE00"');
  });

  it('lets the lead update progress and RAG, then complete it, from the card', async () => {
    const updated = await act('lead', 'action.update', { actionId, note: 'Audit tool agreed with health partners', rag: 'amber', proposedDue: '', proposalReason: '' });
    expect(cardText(updated)).toContain('Progress recorded.');
    expect(cardText(updated)).toContain('Amber: at risk');
    const done = await act('lead', 'action.complete', { actionId, note: 'Findings go to the March board', rag: 'amber' });
    expect(cardText(done)).toContain('is marked complete');
    expect(actionOf(done, 'action.update')).toBeUndefined();
    expect(cardText(await say('lead', 'my actions'))).toContain('You lead no open actions.');
  });

  it("shows the completion in the QA chair's weekly digest", async () => {
    const monday = atLondonTime('2026-11-30', 9);
    clock.set(monday);
    expect((await q.quorum.actions.digest(monday)).digests).toBe(1);
    await q.quorum.outbox.drain();
    const [digest] = cardsTo('chair');
    const text = cardText(digest);
    expect(text).toContain('Actions digest: Quality Assurance Sub Group');
    expect(text).toMatch(/Completed in the last week[\s\S]*Re-audit neglect cases[\s\S]*Findings go to the March board/);
    expect((await q.quorum.actions.digest(monday)).digests).toBe(0);
  });

  it('lists a body for its chair, and refuses a member', async () => {
    const list = await say('chair', 'actions qa');
    expect(cardText(list)).toContain('Open actions: Quality Assurance Sub Group');
    const refused = await say('commander', 'actions qa');
    expect(cardText(refused)).toContain("Only the board manager and the chair of the body can list the body's actions.");
  });

  it('reports a malformed CSV with its line number and stores nothing', async () => {
    const form = await say('manager', 'import actions');
    const { formId } = actionOf(form, 'action.import').data;
    const csv = 'Action,Lead,Governance oversight,When\n"Approve the DVA strategy",Policy Sub Group,Policy Sub Group,January 2027\n"Broken row,QA chair,QA,2027-01-31\n';
    const card = await act('manager', 'action.import', { formId, csv, source: 'business-plan' });
    expect(cardText(card)).toContain('Nothing was stored');
    expect(cardText(card)).toContain('Line 3: a quote is opened here and never closed.');
    const policyList = await say('manager', 'policies due');
    expect(cardText(policyList)).toContain('No policy is due for review');
  });
});
