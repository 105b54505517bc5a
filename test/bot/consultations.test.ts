import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, installed, message, post, teamsUsers } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

let q: TestQuorum;
const clock = new FixedClock('2026-11-24T10:00:00.000Z');
const user = teamsUsers(() => q.partnership);
const chat = (personId: string) => `personal-u-${personId}`;
let consultationId = '';

beforeAll(async () => {
  q = await startTestQuorum({ clock });
  // Everyone on the board has opened the bot, except the Met Police CAIT DCI.
  const board = q.partnership.bodies.find((b) => b.id === 'mscb-board')!;
  const people = new Set(board.seats.flatMap((s) => [s.holderId, s.deputyId]).filter((id): id is string => !!id));
  people.delete('p-dci-cait');
  for (const id of people) await post(q.url, installed(user(id), q.connector.url));
  q.connector.reset();
});
afterAll(() => q.stop());

describe('a consultation over HTTP, from form to summary', () => {
  it('refuses consult to a member who is not a manager or chair', async () => {
    await post(q.url, message(user('p-borough-commander'), q.connector.url, 'consult'));
    expect(cardText(q.connector.cardsTo(chat('p-borough-commander'))[0])).toContain('Only the board manager or the chair');
  });

  it('gives the manager the form, a preview, and sends to every member once', async () => {
    const manager = user('p-mscb-manager');
    await post(q.url, message(manager, q.connector.url, 'consult'));
    const sentBeforePreview = q.connector.sent.length;
    const form = q.connector.cardsTo(chat('p-mscb-manager')).at(-1);
    const formId = form.actions[0].data.formId;
    expect(form.actions[0].verb).toBe('consultation.preview');

    const preview = await post(
      q.url,
      cardAction(manager, q.connector.url, 'consultation.preview', {
        formId,
        title: 'Multi-agency neglect strategy',
        ask: 'Agree the strategy for publication.',
        documentUrl: 'https://example.org/neglect.docx',
        bodyId: 'mscb-board',
        deadlineDate: '2026-12-04',
        deadlineTime: '17:00',
        kind: 'consultation',
        signOffRequired: 'false',
        extraAgencyIds: '',
      }),
    );
    const previewText = cardText(preview.body.value);
    expect(previewText).toContain('Preview: nothing has been sent yet');
    expect(previewText).toContain('Not reachable');
    expect(previewText).toContain('Child Abuse Investigation Team');
    await q.quorum.outbox.drain();
    expect(q.connector.sent).toHaveLength(sentBeforePreview);

    consultationId = formId;
    for (let i = 0; i < 3; i++) await post(q.url, cardAction(manager, q.connector.url, 'consultation.send', { consultationId }, 'preview-card'));
    await q.quorum.outbox.drain();
    const police = q.connector.cardsTo(chat('p-borough-commander')).filter((c) => cardText(c).includes('Multi-agency neglect strategy'));
    expect(police).toHaveLength(1);
    const progress = await q.quorum.outbox.progress(q.partnership.id, `consultation:${consultationId}:open`);
    expect(progress.unreachable).toBe(1);
    expect(progress.sent).toBe(progress.total - 1);
    // The sender's card is updated with the progress.
    expect(q.connector.updated.some((u) => cardText(u.activity.attachments?.[0]?.content).includes('delivered'))).toBe(true);
  });

  it('refuses Disagree without a reason, then records it with one', async () => {
    const commander = user('p-borough-commander');
    const data = { consultationId, agencyId: 'met-police', choice: 'disagree' };
    const refused = await post(q.url, cardAction(commander, q.connector.url, 'consultation.respond', { ...data, reason: '' }));
    expect(cardText(refused.body.value)).toContain('Please give a reason to disagree');
    const recorded = await post(q.url, cardAction(commander, q.connector.url, 'consultation.respond', { ...data, reason: 'No police section' }));
    const text = cardText(recorded.body.value);
    expect(text).toContain('Recorded for');
    expect(text).toContain('No police section');
    expect(text).toContain('Borough Commander');
  });

  it('stores one answer when the same invoke arrives 1,000 times', async () => {
    const nurse = user('p-rm-chief-nurse');
    const invoke = cardAction(nurse, q.connector.url, 'consultation.respond', { consultationId, agencyId: 'royal-marsden', choice: 'agree', comment: 'Supportive' });
    const results = [];
    for (let batch = 0; batch < 20; batch++) {
      results.push(...(await Promise.all(Array.from({ length: 50 }, () => post(q.url, invoke)))));
    }
    expect(results.every((r) => r.status === 200)).toBe(true);
    const answer = await q.quorum.consultationRepo.getAnswer(q.partnership.id, consultationId, 'royal-marsden');
    expect(answer).toMatchObject({ choice: 'agree', answeredBy: 'p-rm-chief-nurse' });
    expect(answer!.history).toHaveLength(1);
  });

  it('refuses malformed verb data and answers from another partnership with a clear card', async () => {
    const commander = user('p-borough-commander');
    const bad = await post(q.url, cardAction(commander, q.connector.url, 'consultation.respond', { consultationId, choice: 'maybe' }));
    expect(cardText(bad.body.value)).toContain('could not be read');
    const other = await post(q.url, cardAction(commander, q.connector.url, 'consultation.respond', { consultationId: 'lewisham-consultation', agencyId: 'met-police', choice: 'agree' }));
    expect(cardText(other.body.value)).toContain('could not find that consultation');
  });

  it('lists open consultations with the agency status, and shows the tally to the manager', async () => {
    await post(q.url, message(user('p-borough-commander'), q.connector.url, 'consultations'));
    expect(cardText(q.connector.cardsTo(chat('p-borough-commander')).at(-1))).toContain('Disagree');
    await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'status'));
    const tally = cardText(q.connector.cardsTo(chat('p-mscb-manager')).at(-1));
    expect(tally).toContain('No response');
    expect(tally).toContain('No police section');
  });

  it('closes at the deadline, sends the summary to the chair and manager, and refuses late answers', async () => {
    clock.set('2026-12-04T17:00:00.000Z');
    await q.quorum.consultations.closeDue();
    await q.quorum.outbox.drain();
    const summary = q.connector.cardsTo(chat('p-independent-chair')).at(-1);
    expect(cardText(summary)).toContain('No response (never taken as agreement)');
    const late = await post(q.url, cardAction(user('p-csf-director'), q.connector.url, 'consultation.respond', { consultationId, agencyId: 'csf', choice: 'agree' }));
    expect(cardText(late.body.value)).toContain('closed');
    expect(cardText(late.body.value)).toContain('"Multi-agency neglect strategy" closed at Fri 4 Dec 2026, 17:00.');
    const answer = await q.quorum.consultationRepo.getAnswer(q.partnership.id, consultationId, 'csf');
    expect(answer?.choice).toBe('none');
  });
});
