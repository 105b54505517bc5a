import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { readClaims, signLink } from '../../services/email-answers/index.js';
import type { Partnership } from '../../services/domain/directory.js';
import { cardAction, installed, message, post, teamsUsers } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { emailPages } from '../support/email-pages.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * A meeting notice to a member reached by email, over real HTTP: the Borough Commander (channel:
 * email) gets the BIG notice through the stand-in Graph's sendMail with Attending and Apologies links
 * signed until the meeting starts; the page answers through the same apologies use case as Teams
 * (named deputies only, the deputy told in Teams), stored as by email; refused links change nothing.
 */

const TOKEN = 'graph-token-for-email-meeting-tests';
const DEV_KEY = 'quorum-local-development-link-key-not-a-secret';
const COMMANDER_MAIL = 'borough.commander@met-police.example';
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
const MEETING_STARTS = '2027-01-12T14:00:00.000Z';
let graph: StandInGraph;
let q: TestQuorum;
let meetingId = '';
const user = teamsUsers(() => q.partnership);

const withEmail = (p: Partnership): Partnership => ({
  ...p,
  people: p.people.map((x) => (x.id === 'p-borough-commander' ? { ...x, channel: 'email', email: COMMANDER_MAIL } : x)),
});

const apologyDoc = async () => {
  const { resource } = await q.store.containers.meetings.item(`${meetingId}:apology:big-police`, q.partnership.id).read();
  if (!resource) return undefined;
  const { _ts, _etag, ...rest } = resource as Record<string, unknown>;
  void _ts;
  void _etag;
  return rest;
};
const auditOf = async () => {
  const { resources } = await q.store.containers.audit.items.query<{ action: string; actor: string; after?: Record<string, unknown> }>('SELECT * FROM c').fetchAll();
  return resources;
};
const { linkIn, tokenOf, get, send } = emailPages(() => q.url);
const mailText = () => graph.mail.messages.find((m) => m.to === COMMANDER_MAIL)!.text;

beforeAll(async () => {
  graph = await startStandInGraph({ token: TOKEN, users: [] });
  q = await startTestQuorum({ clock, partnership: withEmail(await readPartnershipFile('partnerships/merton-2015.json')), env: { GRAPH_BASE_URL: graph.url, GRAPH_DEV_TOKEN: TOKEN } });
  for (const id of ['p-mscb-manager', 'p-borough-commander-deputy']) await post(q.url, installed(user(id), q.connector.url));
  const manager = user('p-mscb-manager');
  await post(q.url, message(manager, q.connector.url, 'meeting'));
  const form = q.connector.cardsTo(`personal-${manager.id}`).at(-1) as { actions: { verb: string; data: { formId: string } }[] };
  meetingId = form.actions.find((a) => a.verb === 'meeting.save')!.data.formId;
  // Eight days ahead: past its notice day, so the notices go at once.
  const added = await post(q.url, cardAction(manager, q.connector.url, 'meeting.save', { formId: meetingId, bodyId: 'mscb-big', date: '2027-01-12', time: '14:00', place: 'Civic Centre' }));
  expect(cardText(added.body.value)).toContain('Meeting added.');
  await q.quorum.outbox.drain();
  q.connector.reset();
});

afterAll(async () => {
  await q?.stop();
  await graph?.stop();
});

describe('a meeting notice to a member reached by email', () => {
  it('is an email with Attending and Apologies links signed for the seat until the meeting starts', async () => {
    expect(graph.mail.messages.filter((m) => m.to === COMMANDER_MAIL)).toHaveLength(1);
    const attending = linkIn(mailText(), 'Attending');
    const apologies = linkIn(mailText(), 'Send apologies');
    for (const link of [attending, apologies]) {
      expect(readClaims(tokenOf(link))).toMatchObject({ purpose: 'meeting', personId: 'p-borough-commander', itemId: meetingId, scope: 'big-police', expiresAt: MEETING_STARTS });
    }
    expect(new URL(apologies).searchParams.get('response')).toBe('apologies');
  });

  it('shows the meeting and the named deputies without answering', async () => {
    const shown = await get(linkIn(mailText(), 'Send apologies'));
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('Business Implementation Group');
    expect(shown.html).toContain('You have not answered yet.');
    expect(shown.html).toMatch(/value="apologies" checked/);
    expect(shown.html).toMatch(/<option value="p-borough-commander-deputy">[^<]+<\/option>/);
    expect(shown.html).not.toContain('proxyId');
    expect(await apologyDoc()).toBeUndefined();
  });

  it('records apologies naming the deputy, by email; the deputy is told in Teams; then Attending', async () => {
    const link = linkIn(mailText(), 'Send apologies');
    const sent = await send(link, { response: 'apologies', deputyId: 'p-borough-commander-deputy' });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('Recorded: Apologies;');
    expect(sent.html).toContain('attends as your deputy');
    expect(await apologyDoc()).toMatchObject({ response: 'apologies', deputyId: 'p-borough-commander-deputy', answeredBy: 'p-borough-commander', answeredVia: 'email' });
    await q.quorum.outbox.drain();
    const told = q.connector.cardsTo(`personal-${user('p-borough-commander-deputy').id}`).map(cardText);
    expect(told.some((t) => t.includes('You are asked to attend as deputy'))).toBe(true);

    const again = await send(link, { response: 'apologies', deputyId: 'p-borough-commander-deputy' });
    expect(again.html).toContain('That is already your answer');

    const attending = await send(link, { response: 'attending' });
    expect(attending.html).toContain('Recorded: Attending.');
    const doc = await apologyDoc();
    expect(doc).toMatchObject({ response: 'attending', answeredVia: 'email' });
    expect(doc?.deputyId).toBeUndefined();
    expect((doc?.history as unknown[]).length).toBe(2);

    const audit = await auditOf();
    expect(audit.filter((a) => a.action === 'email-link.answer')).toHaveLength(3);
    expect(audit.filter((a) => a.action === 'email-link.open').length).toBeGreaterThanOrEqual(1);
    expect(audit.find((a) => a.action === 'meeting.apologies')).toMatchObject({ actor: 'p-borough-commander', after: { via: 'email', deputyId: 'p-borough-commander-deputy' } });
  });

  it('refuses a deputy the agency has not named, and a choice that is neither, changing nothing', async () => {
    const link = linkIn(mailText(), 'Send apologies');
    const before = await apologyDoc();
    const stranger = await send(link, { response: 'apologies', deputyId: 'p-ccg-chief-officer-deputy' });
    expect(stranger.status).toBe(400);
    expect(stranger.html).toContain('not a deputy your agency has named');
    const none = await send(link, { response: 'maybe' });
    expect(none.status).toBe(400);
    expect(none.html).toContain('Please choose Attending or Apologies.');
    expect(await apologyDoc()).toEqual(before);
  });

  it('refuses tampered, other-person, expired and after-the-start links with a page, changing nothing', async () => {
    const token = tokenOf(linkIn(mailText(), 'Send apologies'));
    const claims = readClaims(token)!;
    const before = await apologyDoc();
    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    const tampered = await send(`${q.url}/answer/${flipped}`, { response: 'apologies' });
    expect(tampered.status).toBe(403);
    expect(tampered.html).toContain('This link is not valid');

    // A genuine link, signed for the deputy, naming the commander's seat.
    const other = await send(`${q.url}/answer/${signLink(DEV_KEY, { ...claims, personId: 'p-borough-commander-deputy' })}`, { response: 'apologies' });
    expect(other.status).toBe(403);
    expect(other.html).toContain('This link cannot answer for you');
    // A meeting link's claims relabelled as a consultation's answer nothing.
    const relabelled = await send(`${q.url}/answer/${signLink(DEV_KEY, { ...claims, purpose: 'consultation' })}`, { choice: 'agree' });
    expect(relabelled.status).toBe(404);

    const expired = await send(`${q.url}/answer/${signLink(DEV_KEY, { ...claims, expiresAt: '2027-01-04T09:00:00.000Z' })}`, { response: 'apologies' });
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('This link has expired');

    clock.set('2027-01-12T14:00:00.000Z');
    const atStart = await send(`${q.url}/answer/${token}`, { response: 'apologies' });
    expect(atStart.status).toBe(410);
    const outliving = await send(`${q.url}/answer/${signLink(DEV_KEY, { ...claims, expiresAt: '2027-02-01T00:00:00.000Z' })}`, { response: 'apologies' });
    expect(outliving.status).toBe(410);
    expect(outliving.html).toContain('Answers are closed');
    expect(await apologyDoc()).toEqual(before);
    const refused = (await auditOf()).filter((a) => a.action === 'email-link.refused').map((a) => a.after?.reason);
    expect(refused).toEqual(expect.arrayContaining(['tampered', 'not-yours', 'expired', 'closed']));
  });
});
