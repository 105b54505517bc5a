import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { readClaims, signLink } from '../../services/email-answers/index.js';
import type { NonResponseView } from '../../services/domain/dashboard-views.js';
import type { Partnership } from '../../services/domain/directory.js';
import { cardAction, installed, post, teamsUsers } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { emailPages } from '../support/email-pages.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * Email for a member Teams cannot reach, over real HTTP: the outbox sends the consultation to the
 * Borough Commander (channel: email) through the stand-in Graph's sendMail; the signed links in the
 * mail answer on the answer page; refused links (tampered, another person's, expired, after the
 * deadline) change nothing stored, and every use is in the audit trail.
 */

const TOKEN = 'graph-token-for-email-tests';
const DEV_KEY = 'quorum-local-development-link-key-not-a-secret';
const COMMANDER_MAIL = 'borough.commander@met-police.example';
const DCI_MAIL = 'dci.cait@met-police.example';
const CCG_MAIL = 'no-such-mailbox@ccg.example';
const clock = new FixedClock('2026-11-24T10:00:00.000Z');
let graph: StandInGraph;
let q: TestQuorum;
let consultationId = '';
const user = teamsUsers(() => q.partnership);

const withEmail = (p: Partnership): Partnership => ({
  ...p,
  people: p.people.map((x) =>
    x.id === 'p-borough-commander'
      ? { ...x, channel: 'email', email: COMMANDER_MAIL }
      : x.id === 'p-dci-cait'
        ? { ...x, channel: 'both', email: DCI_MAIL }
        : x.id === 'p-ccg-chief-officer'
          ? { ...x, channel: 'email', email: CCG_MAIL }
          : x,
  ),
});

/** The stored Met Police answer, as JSON, to show that a refused link changed nothing. */
const storedAnswer = async () => {
  const { resource } = await q.store.containers.consultations.item(`${consultationId}:met-police`, q.partnership.id).read();
  const { _ts, _etag, ...rest } = resource as Record<string, unknown>;
  void _ts;
  void _etag;
  return rest;
};

const auditActions = async () => {
  const { resources } = await q.store.containers.audit.items.query<{ action: string; after?: { reason?: string } }>('SELECT * FROM c').fetchAll();
  return resources;
};

const { linkIn, tokenOf, get, send } = emailPages(() => q.url);

beforeAll(async () => {
  graph = await startStandInGraph({ token: TOKEN, users: [] });
  graph.mail.bounce(CCG_MAIL);
  q = await startTestQuorum({
    clock,
    partnership: withEmail(await readPartnershipFile('partnerships/merton-2015.json')),
    env: { GRAPH_BASE_URL: graph.url, GRAPH_DEV_TOKEN: TOKEN },
  });
  const board = q.partnership.bodies.find((b) => b.id === 'mscb-board')!;
  const people = new Set(['p-mscb-manager', ...board.seats.flatMap((s) => [s.holderId, s.deputyId]).filter((id): id is string => !!id)]);
  people.delete('p-borough-commander');
  for (const id of people) await post(q.url, installed(user(id), q.connector.url));
  q.connector.reset();

  const manager = user('p-mscb-manager');
  consultationId = '6a0f3c1e-2b7d-4c9a-8e15-0d4b7f2a9c16';
  await post(
    q.url,
    cardAction(manager, q.connector.url, 'consultation.preview', {
      formId: consultationId,
      title: 'Neglect strategy 2027',
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
  await post(q.url, cardAction(manager, q.connector.url, 'consultation.send', { consultationId }, 'preview-card'));
  await q.quorum.outbox.drain();
});

afterAll(async () => {
  await q?.stop();
  await graph?.stop();
});

describe('a consultation to a member reached by email', () => {
  it('is sent by email to the email-only member, and by both to a member who takes both', async () => {
    const toCommander = graph.mail.messages.filter((m) => m.to === COMMANDER_MAIL);
    expect(toCommander).toHaveLength(1);
    expect(toCommander[0]!.subject).toContain('Neglect strategy 2027');
    expect(toCommander[0]!.html).toContain('<h1');
    expect(toCommander[0]!.text).toContain('Agree the strategy for publication.');
    expect(graph.mail.messages.filter((m) => m.to === DCI_MAIL)).toHaveLength(1);
    // No Teams card for the email-only member; the member who takes both also gets the card.
    expect(q.connector.sent.filter((s) => s.conversationId === 'personal-u-p-borough-commander')).toHaveLength(0);
    const progress = await q.quorum.outbox.progress(q.partnership.id, `consultation:${consultationId}:open`);
    expect(progress.email).toMatchObject({ total: 3, sent: 2, bounced: 1, bouncedFor: ['00000000-0000-0000-0000-000000000105'], waitingFor: [] });
  });

  it('marks a bounced email on the delivery and tells the board manager in Teams', async () => {
    const deliveries = await q.quorum.outbox.deliveries(q.partnership.id, `consultation:${consultationId}:open`);
    const bounced = deliveries.filter((d) => d.status === 'bounced');
    expect(bounced).toHaveLength(1);
    expect(bounced[0]).toMatchObject({ channel: 'email', failure: { code: 'transport', kind: 'bounced', detail: expect.stringContaining('ErrorInvalidRecipients') } });
    await q.quorum.outbox.drain();
    const notices = q.connector.cardsTo('personal-u-p-mscb-manager').map(cardText).filter((t) => t.includes('An email to a member bounced'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(CCG_MAIL);
    expect(notices[0]).toContain('so they have not received it: bounced: ');
    expect(notices[0]).toContain('ErrorInvalidRecipients');
    expect(graph.mail.messages.some((m) => m.to === CCG_MAIL)).toBe(false);
  });

  it("shows each member's delivery state per channel on the manager's non-response view", async () => {
    const manager = (await q.quorum.directory.findActor(user('p-mscb-manager').aadObjectId))!;
    const view = (await q.quorum.dashboard.view(manager, 'non-response')) as NonResponseView;
    const agency = (id: string) => view.agencies.find((a) => a.agencyId === id)!;
    const item = (id: string) => agency(id).items.find((i) => i.consultationId === consultationId)!;
    const police = item('met-police').deliveries!;
    expect(police).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ personId: 'p-borough-commander', channel: 'email', state: 'sent' }),
        expect.objectContaining({ personId: 'p-dci-cait', channel: 'email', state: 'sent' }),
        expect.objectContaining({ personId: 'p-dci-cait', channel: 'teams', state: 'sent' }),
      ]),
    );
    expect(police.some((d) => d.personId === 'p-borough-commander' && d.channel === 'teams')).toBe(false);
    expect(item('merton-ccg').deliveries).toContainEqual(expect.objectContaining({ personId: 'p-ccg-chief-officer', channel: 'email', state: 'bounced' }));
    expect(agency('merton-ccg').members).toContainEqual(expect.objectContaining({ personId: 'p-ccg-chief-officer', channel: 'email', counts: expect.objectContaining({ bounced: 1, sent: 0 }) }));
  });

  it('shows the Disagree link without answering, asks for a reason, records Disagree, then Agree, as by email', async () => {
    const text = graph.mail.messages.find((m) => m.to === COMMANDER_MAIL)!.text;
    const disagree = linkIn(text, 'Disagree');
    const before = await storedAnswer();
    const shown = await get(disagree);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('Neglect strategy 2027');
    expect(shown.html).toContain('No answer has been given for Metropolitan Police');
    expect(shown.html).toMatch(/value="disagree" checked/);
    expect(await storedAnswer()).toEqual(before);

    const noReason = await send(disagree, { choice: 'disagree', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('Please give a reason to disagree.');
    expect(await storedAnswer()).toEqual(before);

    const disagreed = await send(disagree, { choice: 'disagree', reason: 'No section on police referrals.' });
    expect(disagreed.status).toBe(200);
    expect(disagreed.html).toContain('Recorded for Metropolitan Police Service (Merton Borough): Disagree.');
    expect(await storedAnswer()).toMatchObject({ choice: 'disagree', answeredBy: 'p-borough-commander', answeredVia: 'email', reason: 'No section on police referrals.' });

    const agreed = await send(disagree, { choice: 'agree', reason: '' });
    expect(agreed.html).toContain('Recorded for Metropolitan Police Service (Merton Borough): Agree.');
    expect(await storedAnswer()).toMatchObject({ choice: 'agree', answeredBy: 'p-borough-commander', answeredVia: 'email' });

    const actions = (await auditActions()).map((a) => a.action);
    expect(actions.filter((a) => a === 'email-link.open').length).toBeGreaterThanOrEqual(1);
    expect(actions.filter((a) => a === 'email-link.answer')).toHaveLength(2);
  });

  it('shows the manager the agency agreed by email, and the deputy cannot overturn it from Teams', async () => {
    const deputy = user('p-borough-commander-deputy');
    const overturn = await post(q.url, cardAction(deputy, q.connector.url, 'consultation.respond', { consultationId, agencyId: 'met-police', choice: 'disagree', reason: 'Deputy disagrees.' }));
    expect(cardText(overturn.body.value)).toContain('a deputy cannot overturn');
    expect(await storedAnswer()).toMatchObject({ choice: 'agree', answeredBy: 'p-borough-commander', answeredVia: 'email' });

    const status = await post(q.url, cardAction(user('p-mscb-manager'), q.connector.url, 'consultation.status', { consultationId }));
    expect(cardText(status.body.value)).toMatch(/Borough Commander[^\n]*by email/);
  });

  it('refuses a tampered link with a clear page and changes nothing', async () => {
    const agree = linkIn(graph.mail.messages.find((m) => m.to === COMMANDER_MAIL)!.text, 'Agree');
    const token = tokenOf(agree);
    const before = await storedAnswer();
    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    for (const bad of [flipped, `${token}x`, 'not-a-token', token.split('.')[0]!]) {
      const page = await send(`${q.url}/answer/${encodeURIComponent(bad)}`, { choice: 'disagree', reason: 'Tampered.' });
      expect(page.status).toBe(403);
      expect(page.html).toContain('This link is not valid');
      expect(page.html).toContain('Nothing was recorded.');
    }
    expect(await storedAnswer()).toEqual(before);
    expect((await auditActions()).some((a) => a.action === 'email-link.refused' && a.after?.reason === 'tampered')).toBe(true);
  });

  it('refuses a link replayed for another person, whether re-signed in the body or signed for someone else', async () => {
    const token = tokenOf(linkIn(graph.mail.messages.find((m) => m.to === COMMANDER_MAIL)!.text, 'Disagree'));
    const claims = readClaims(token)!;
    const before = await storedAnswer();
    // The deputy's id put into the commander's link, keeping its signature.
    const forged = signLink('x'.repeat(32), { ...claims, personId: 'p-borough-commander-deputy' }).split('.')[0] + '.' + token.split('.')[1];
    const forgedPage = await send(`${q.url}/answer/${forged}`, { choice: 'disagree', reason: 'Forged.' });
    expect(forgedPage.status).toBe(403);
    expect(forgedPage.html).toContain('This link is not valid');
    // A genuine link of the CCG's Chief Officer, used for the Met Police.
    const other = signLink(DEV_KEY, { ...claims, personId: 'p-ccg-chief-officer' });
    const otherPage = await send(`${q.url}/answer/${other}`, { choice: 'disagree', reason: 'Not my agency.' });
    expect(otherPage.status).toBe(403);
    expect(otherPage.html).toContain('This link cannot answer for you');
    expect(await storedAnswer()).toEqual(before);
  });

  it('refuses an expired link, and any link once the deadline has passed', async () => {
    const token = tokenOf(linkIn(graph.mail.messages.find((m) => m.to === COMMANDER_MAIL)!.text, 'Disagree'));
    const claims = readClaims(token)!;
    const before = await storedAnswer();
    const expired = signLink(DEV_KEY, { ...claims, expiresAt: '2026-11-24T09:00:00.000Z' });
    const expiredPage = await send(`${q.url}/answer/${expired}`, { choice: 'disagree', reason: 'Too late.' });
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.html).toContain('This link has expired');

    clock.set('2026-12-04T17:00:00.000Z');
    const afterDeadline = await send(`${q.url}/answer/${token}`, { choice: 'disagree', reason: 'After the deadline.' });
    expect(afterDeadline.status).toBe(410);
    expect(afterDeadline.html).toContain('This link has expired');
    // A link that outlives the deadline (say, one signed before the deadline was brought forward) is still refused.
    const outliving = signLink(DEV_KEY, { ...claims, expiresAt: '2026-12-31T17:00:00.000Z' });
    const closed = await send(`${q.url}/answer/${outliving}`, { choice: 'disagree', reason: 'After the deadline.' });
    expect(closed.status).toBe(410);
    expect(closed.html).toContain('Answers are closed');
    expect(await storedAnswer()).toEqual(before);
    const refused = (await auditActions()).filter((a) => a.action === 'email-link.refused').map((a) => a.after?.reason);
    expect(refused).toEqual(expect.arrayContaining(['expired', 'closed', 'not-yours', 'tampered']));
  });
});
