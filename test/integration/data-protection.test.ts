import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CosmosConsultationRepo } from '../../infra/cosmos/consultations.cosmos-repo.js';
import type { ContainerName } from '../../infra/cosmos/containers.js';
import { Directory } from '../../services/domain/directory.js';
import { cardAction, installed, message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

// Subject access and removal through the bot's commands and cards, against the embedded Cosmos
// store: a board member who has left (the CAFCASS seat) answered a consultation, commented, had
// a chat with the bot, was sent cards and appears in the audit trail.

const clock = new FixedClock('2026-11-24T10:00:00.000Z');
const LEAVER = 'p-cafcass';
const LEAVER_SEAT_TITLE = 'Senior Service Manager, CAFCASS';
let q: TestQuorum;
let directory: Directory;
let consultationId: string;

const user = (personId: string): TeamsUser => {
  const p = directory.person(personId)!;
  return { id: `u-${personId}`, aadObjectId: p.aadObjectId, name: p.displayName };
};
const cardsTo = (personId: string) => q.connector.cardsTo(`personal-u-${personId}`);
const say = async (personId: string, text: string) => {
  const before = cardsTo(personId).length;
  await post(q.url, message(user(personId), q.connector.url, text));
  return cardsTo(personId).slice(before);
};
const act = async (personId: string, verb: string, data: Record<string, unknown>) =>
  (await post(q.url, cardAction(user(personId), q.connector.url, verb, data))).body.value;

const answers = () => new CosmosConsultationRepo(q.quorum.store.containers.consultations).listAnswers(q.partnership.id, consultationId);
const all = async (name: ContainerName) => (await q.quorum.store.containers[name].items.readAll().fetchAll()).resources;
const exportJson = (cards: any[]) =>
  JSON.parse(
    cards
      .flatMap((c) => c.body)
      .flatMap((b: any) => b.items ?? [])
      .filter((i: any) => i.type === 'RichTextBlock')
      .map((i: any) => i.inlines[0].text)
      .join(''),
  );

beforeAll(async () => {
  q = await startTestQuorum({ clock });
  directory = new Directory(q.partnership);
  for (const id of ['p-mscb-manager', LEAVER, 'p-cafcass-deputy', 'p-independent-chair']) await post(q.url, installed(user(id), q.connector.url));

  const manager = (await q.quorum.directory.findActor(user('p-mscb-manager').aadObjectId))!;
  consultationId = randomUUID();
  await q.quorum.consultations.preview(manager, {
    formId: consultationId,
    title: 'Multi-agency neglect strategy',
    ask: 'Agree the strategy for publication.',
    bodyId: 'mscb-board',
    deadlineDate: '2026-12-04',
    deadlineTime: '17:00',
  });
  await q.quorum.consultations.send(manager, consultationId);
  await q.quorum.outbox.drain();

  await act(LEAVER, 'consultation.respond', { consultationId, agencyId: 'cafcass', choice: 'disagree', reason: 'Needs a section on private fostering.' });
  await act(LEAVER, 'consultation.respond', { consultationId, agencyId: 'cafcass', choice: 'agree', comment: 'Content now the section is in.' });
  await act('p-cafcass-deputy', 'consultation.respond', { consultationId, agencyId: 'cafcass', choice: 'disagree', reason: 'Not yet seen by our board.' });
  await act(LEAVER, 'consultation.comment', { consultationId, comment: 'Happy to present it to BIG.' });
  // Another store's entry naming them, as the meetings store will (apologies sent by the member).
  await q.quorum.audit.record({ partnershipId: q.partnership.id, at: clock.now().toISOString(), actor: LEAVER, action: 'meeting.apologies', subject: 'meeting-1', after: { deputy: 'p-cafcass-deputy', by: LEAVER } });
});
afterAll(() => q.stop());
beforeEach(() => q.connector.reset());

describe('export: everything stored about one person', () => {
  it('is refused to anyone but the manager, and leaves no trace', async () => {
    const [card] = await say('p-independent-chair', `export ${LEAVER}`);
    expect(cardText(card)).toContain('Only the board manager can export');
    expect((await all('audit')).some((e) => e.action === 'person.export')).toBe(false);
  });

  it('asks which person when a name matches several', async () => {
    const [card] = await say('p-mscb-manager', 'export cafcass');
    expect(cardText(card)).toMatch(/"cafcass" matches 2 people/);
  });

  it('gathers the directory entry, the chat, the answers, the cards sent and the audit entries', async () => {
    const cards = await say('p-mscb-manager', `export ${LEAVER_SEAT_TITLE}`);
    const summary = cardText(cards[0]);
    expect(summary).toContain(`Personal data held about ${LEAVER_SEAT_TITLE}`);
    for (const store of ['directory', 'conversations', 'consultations', 'outbox', 'audit']) expect(summary).toContain(store);

    const doc = exportJson(cards);
    expect(doc.person).toEqual(directory.person(LEAVER));
    const section = (store: string) => doc.sections.find((s: any) => s.store === store).records;
    expect(section('directory')[0].seats.map((s: any) => s.seatId).sort()).toEqual(['big-cafcass', 'board-cafcass']);
    expect(section('conversations')).toHaveLength(1);
    expect(section('conversations')[0].reference.conversation.id).toBe(`personal-u-${LEAVER}`);
    const [answer] = section('consultations');
    expect(answer).toMatchObject({
      kind: 'agency-answer',
      consultationId,
      agencyId: 'cafcass',
      standingAnswer: { choice: 'agree', as: 'member', comment: 'Content now the section is in.' },
    });
    expect(answer.changes).toHaveLength(2);
    expect(answer.comments.map((c: any) => c.text)).toEqual(['Happy to present it to BIG.']);
    // Their colleague's conflicting answer is the deputy's data, not theirs.
    expect(answer.conflicts).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('Not yet seen by our board');
    expect(section('outbox').map((d: any) => d.batchId)).toContain(`consultation:${consultationId}:open`);
    expect(section('audit').map((e: any) => e.action)).toContain('meeting.apologies');
  });

  it('is itself recorded in the audit trail', async () => {
    const entry = (await all('audit')).find((e) => e.action === 'person.export');
    expect(entry).toMatchObject({ actor: 'p-mscb-manager', subject: LEAVER });
  });
});

describe('removing a person who has left', () => {
  it('first shows what will happen, and changes nothing', async () => {
    const [card] = await say('p-mscb-manager', `remove person ${LEAVER}`);
    const text = cardText(card);
    expect(text).toContain(`Remove ${LEAVER_SEAT_TITLE} from the partnership?`);
    expect(text).toContain(`former holder of "${LEAVER_SEAT_TITLE}"`);
    expect(card.actions.map((a: any) => a.verb)).toEqual(['person.remove', 'person.remove-cancel']);
    expect(card.actions[0].data).toEqual({ personId: LEAVER });
    expect((await q.quorum.directory.directory(q.partnership.id)).person(LEAVER)).toBeDefined();
    expect(await q.quorum.conversations.get(q.partnership.id, user(LEAVER).aadObjectId)).toBeDefined();
  });

  it('can be cancelled', async () => {
    expect(cardText(await act('p-mscb-manager', 'person.remove-cancel', { personId: LEAVER }))).toContain('Nothing was removed');
    expect((await q.quorum.directory.directory(q.partnership.id)).person(LEAVER)).toBeDefined();
  });

  it('refuses the confirmation from anyone but the manager', async () => {
    expect(cardText(await act('p-independent-chair', 'person.remove', { personId: LEAVER }))).toContain('Only the board manager');
    expect((await q.quorum.directory.directory(q.partnership.id)).person(LEAVER)).toBeDefined();
  });

  it('refuses to remove the manager themself', async () => {
    const [card] = await say('p-mscb-manager', 'remove person p-mscb-manager');
    expect(cardText(card)).toContain('You cannot remove yourself');
  });

  it('removes them, keeping their agency\'s answers under the seat', async () => {
    const done = await act('p-mscb-manager', 'person.remove', { personId: LEAVER });
    expect(cardText(done)).toContain(`Removed ${LEAVER_SEAT_TITLE}`);

    const dir = await q.quorum.directory.directory(q.partnership.id);
    expect(dir.person(LEAVER)).toBeUndefined();
    const seat = dir.bodies.flatMap((b) => b.seats).find((s) => s.id === 'board-cafcass')!;
    expect(seat.holderId).toBeUndefined();
    expect(seat.deputyId).toBe('p-cafcass-deputy');

    expect(await q.quorum.conversations.get(q.partnership.id, user(LEAVER).aadObjectId)).toBeUndefined();
    expect((await all('outbox')).filter((d) => d.recipientAad === user(LEAVER).aadObjectId)).toEqual([]);

    const standIn = `former holder of "${LEAVER_SEAT_TITLE}"`;
    const answer = (await answers()).find((a) => a.agencyId === 'cafcass')!;
    expect(answer).toMatchObject({ choice: 'agree', comment: 'Content now the section is in.', answeredBy: standIn, answeredAs: 'member' });
    expect(answer.history.map((h) => h.personId)).toEqual([standIn, standIn]);
    expect(answer.comments).toEqual([expect.objectContaining({ personId: standIn, text: 'Happy to present it to BIG.' })]);
    expect(answer.conflicts.map((c) => c.personId)).toEqual(['p-cafcass-deputy']);

    const audit = await all('audit');
    expect(audit.find((e) => e.action === 'meeting.apologies')).toMatchObject({ actor: standIn, after: { deputy: 'p-cafcass-deputy', by: standIn } });
    expect(audit.find((e) => e.action === 'person.export')).toMatchObject({ actor: 'p-mscb-manager', subject: standIn });
    expect(audit.find((e) => e.action === 'person.remove')).toMatchObject({
      actor: 'p-mscb-manager',
      subject: standIn,
      after: { vacated: [{ bodyId: 'mscb-board', seatId: 'board-cafcass', as: 'holder' }, { bodyId: 'mscb-big', seatId: 'big-cafcass', as: 'holder' }] },
    });
  });

  it('leaves neither their person id nor their Teams id anywhere in the store', async () => {
    const aadId = user(LEAVER).aadObjectId;
    for (const name of ['directory', 'conversations', 'consultations', 'outbox', 'audit', 'meetings', 'actions'] as const) {
      const text = JSON.stringify(await all(name));
      expect(text, name).not.toContain(`"${LEAVER}"`);
      expect(text.toLowerCase(), name).not.toContain(aadId.toLowerCase());
    }
  });

  it('shows the seat, not the person, on the tally', async () => {
    const c = await new CosmosConsultationRepo(q.quorum.store.containers.consultations).get(q.partnership.id, consultationId);
    const [card] = await say('p-mscb-manager', `status ${c!.ref}`);
    expect(cardText(card)).toContain(`former holder of "${LEAVER_SEAT_TITLE}"`);
  });

  it('no longer knows them if they write again, and stores nothing', async () => {
    const [card] = await say(LEAVER, 'whoami');
    expect(cardText(card)).toContain('not in the partnership directory');
    expect(await q.quorum.conversations.get(q.partnership.id, user(LEAVER).aadObjectId)).toBeUndefined();
  });

  it('changes nothing when confirmed again', async () => {
    const auditBefore = (await all('audit')).length;
    expect(cardText(await act('p-mscb-manager', 'person.remove', { personId: LEAVER }))).toContain('Already removed');
    expect((await all('audit')).length).toBe(auditBefore);
  });
});
