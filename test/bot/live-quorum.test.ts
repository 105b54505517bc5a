import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnershipUsers, startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { threadOf } from '../../services/meeting/invitations.js';
import { activity, cardAction, message, post, teamsUsers, TENANT } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * The live quorum over real HTTP, from the activities Teams sends a bot in a meeting chat when
 * participants join and leave (the emulator cannot emit them): BIG needs CSF, CCG, Police and one
 * other agency (C §4.12); the Police deputy named in the apologies counts for Police. The chat is
 * told once when quorum is reached and once when it is lost; a redelivered event changes nothing.
 */
const TOKEN = 'graph-token-for-live-quorum';
const MAILBOX = 'board@safeguarding-partnership.example';
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
let graph: StandInGraph;
let q: TestQuorum;
let threadId: string;
let meetingId: string;
const user = teamsUsers(() => q.partnership);

/** A meeting participant event as Teams posts it to the bot in the meeting chat. */
const participants = (kind: 'Join' | 'Leave', personIds: string[], id: string) =>
  activity(user('p-mscb-manager'), q.connector.url, {
    id,
    type: 'event',
    name: `application/vnd.microsoft.meetingParticipant${kind}`,
    conversation: { id: threadId, conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, meeting: { id: 'MCMxOTptZWV0aW5n' } },
    value: {
      members: personIds.map((p) => ({ user: { id: `29:${p}`, aadObjectId: user(p).aadObjectId, name: user(p).name, tenantId: TENANT, userRole: 'user' }, meeting: { inMeeting: kind === 'Join', role: 'Attendee' } })),
    },
  });
const chat = () => q.connector.cardsTo(threadId);
/** The tab's development sign-in (local mode), as the side panel opened in a browser uses it. */
async function signIn(personId: string): Promise<string> {
  const res = await fetch(`${q.url}/api/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId: user(personId).aadObjectId }) });
  return ((await res.json()) as { token: string }).token;
}

beforeAll(async () => {
  const { readPartnershipFile } = await import('../../infra/partnership-file.js');
  const partnership = await readPartnershipFile('partnerships/merton-2015.json');
  graph = await startStandInGraph({
    token: TOKEN,
    users: [...partnershipUsers(partnership), { id: '0b0a0d00-0000-4000-8000-000000000003', displayName: 'Board mailbox', mail: MAILBOX, userPrincipalName: MAILBOX, userType: 'Member' }],
  });
  q = await startTestQuorum({ clock, partnership, env: { GRAPH_BASE_URL: graph.url, MEETINGS_MAILBOX: MAILBOX }, extras: { graphToken: async () => TOKEN } });
  await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'meeting'));
  const form = q.connector.cardsTo(`personal-${user('p-mscb-manager').id}`).at(-1) as any;
  meetingId = (form.actions as any[]).find((a) => a.verb === 'meeting.save').data.formId;
  await post(q.url, cardAction(user('p-mscb-manager'), q.connector.url, 'meeting.save', { formId: meetingId, bodyId: 'mscb-big', date: '2027-01-20', time: '14:00', place: 'Civic Centre' }));
  await post(q.url, cardAction(user('p-borough-commander'), q.connector.url, 'meeting.respond', { meetingId, seatId: 'big-police', response: 'apologies', deputyId: 'p-borough-commander-deputy' }));
  threadId = threadOf(graph.calendar.events(MAILBOX)[0]!.onlineMeeting!.joinUrl)!;
  clock.set('2027-01-20T14:00:00.000Z');
});
afterAll(async () => {
  await q?.stop();
  await graph?.stop();
});

describe('the live quorum from Teams meeting participant events', () => {
  it('counts who joins; tells the chat once when quorum is reached', async () => {
    expect(threadId).toMatch(/^19:meeting_.*@thread\.v2$/);
    expect((await post(q.url, participants('Join', ['p-csf-director', 'p-ccg-chief-officer'], 'e1'))).status).toBe(200);
    expect(chat()).toEqual([]);
    await post(q.url, participants('Join', ['p-borough-commander-deputy'], 'e2'));
    expect(chat()).toEqual([]);
    await post(q.url, participants('Join', ['p-probation-aco'], 'e3'));
    expect(chat()).toHaveLength(1);
    expect(cardText(chat()[0])).toContain('Quorum reached');
    expect(cardText(chat()[0])).toContain('For the chair');
    await post(q.url, participants('Join', ['p-vcs-1'], 'e4'));
    expect(chat()).toHaveLength(1);
  });

  it('shows the side panel who is present for which agency', async () => {
    const actor = (await q.quorum.directory.findActor(user('p-independent-chair').aadObjectId))!;
    const view = await q.quorum.online!.live.view(actor, threadId);
    expect(view.quorate).toBe(true);
    expect(view.seats.find((s) => s.seatId === 'big-police')!.present).toEqual({ name: user('p-borough-commander-deputy').name, as: 'deputy' });
    expect(view.seats.filter((s) => s.present).map((s) => s.seatId).sort()).toEqual(['big-ccg', 'big-csf-director', 'big-police', 'big-probation', 'big-vcs']);
  });

  it('answers the side panel over the tab API, only to someone who may see the meeting', async () => {
    const get = async (personId: string | undefined, chat: string | undefined) => {
      const headers: Record<string, string> = personId ? { authorization: `Bearer ${await signIn(personId)}` } : {};
      const res = await fetch(`${q.url}/api/tab/live-quorum${chat === undefined ? '' : `?chat=${encodeURIComponent(chat)}`}`, { headers });
      return { status: res.status, body: (await res.json()) as any };
    };
    const chair = await get('p-independent-chair', threadId);
    expect(chair.status).toBe(200);
    expect(chair.body).toMatchObject({ meetingId, quorate: true, bodyName: 'Business Implementation Group' });
    expect(chair.body.seats.find((s: any) => s.seatId === 'big-police').present).toEqual({ name: user('p-borough-commander-deputy').name, as: 'deputy' });
    // Someone of the partnership who sits on no seat of the body is told what an unknown chat is told.
    const outsider = await get('p-head-primary', threadId);
    const unknown = await get('p-independent-chair', '19:meeting_nobodys@thread.v2');
    expect(outsider).toEqual(unknown);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('MEETING.NOT_FOUND');
    expect((await get('p-independent-chair', undefined)).status).toBe(400);
    expect((await get('p-independent-chair', `19:${'x'.repeat(400)}`)).status).toBe(400);
    expect((await get(undefined, threadId)).status).toBe(401);
  });

  it('tells the chat when quorum is lost, once, though Teams delivers the event twice', async () => {
    await post(q.url, participants('Leave', ['p-ccg-chief-officer'], 'e5'));
    await post(q.url, participants('Leave', ['p-ccg-chief-officer'], 'e5'));
    expect(chat()).toHaveLength(2);
    expect(cardText(chat()[1])).toContain('Quorum lost');
    expect(cardText(chat()[1])).toContain('Clinical Commissioning Group');
    await post(q.url, participants('Join', ['p-ccg-chief-officer'], 'e6'));
    expect(cardText(chat()[2])).toContain('Quorum reached');
  });

  it('ignores a meeting chat that is not one Quorum arranged', async () => {
    const before = chat().length;
    threadId = '19:meeting_someoneelses@thread.v2';
    expect((await post(q.url, participants('Join', ['p-csf-director'], 'x1'))).status).toBe(200);
    expect(q.connector.cardsTo(threadId)).toEqual([]);
    expect(before).toBe(3);
  });
});
