import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { partnershipUsers, startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { Directory } from '../../services/domain/directory.js';
import { attendingSeats } from '../../services/domain/meeting.js';
import { cardAction, installed, message, post, teamsUsers } from '../support/activities.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * Invitations over real HTTP with the stand-in Graph: a meeting the manager adds becomes an event
 * with a Teams meeting in the board mailbox's calendar, inviting every seat-holder; an apology
 * naming a deputy adds the deputy; a change of place updates the event; a cancel cancels it; a Graph
 * failure loses nothing and the job makes the event later, once.
 */
const TOKEN = 'graph-token-for-meetings';
const MAILBOX = 'board@safeguarding-partnership.example';
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
let graph: StandInGraph;
let q: TestQuorum;
const user = teamsUsers(() => q.partnership);

beforeAll(async () => {
  const partnership = await readPartnershipFile('partnerships/merton-2015.json');
  // The Safeguarding Board's meetings usually run two and a half hours; BIG's say nothing (two hours).
  partnership.bodies.find((b) => b.id === 'mscb-board')!.cadence.meetingMinutes = 150;
  graph = await startStandInGraph({
    token: TOKEN,
    users: [...partnershipUsers(partnership), { id: '0b0a0d00-0000-4000-8000-000000000001', displayName: 'Board mailbox', mail: MAILBOX, userPrincipalName: MAILBOX, userType: 'Member' }],
  });
  q = await startTestQuorum({ clock, partnership, env: { GRAPH_BASE_URL: graph.url, MEETINGS_MAILBOX: MAILBOX }, extras: { graphToken: async () => TOKEN } });
  for (const id of ['p-mscb-manager', 'p-borough-commander', 'p-borough-commander-deputy']) await post(q.url, installed(user(id), q.connector.url));
});
afterAll(async () => {
  await q.stop();
  await graph.stop();
});
beforeEach(() => graph.failNext(0));

const act = async (personId: string, verb: string, data: Record<string, unknown>) => {
  const res = await post(q.url, cardAction(user(personId), q.connector.url, verb, data));
  expect(res.status).toBe(200);
  return res.body.value;
};
const newFormId = async () => {
  await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'meeting'));
  const form = q.connector.cardsTo(`personal-${user('p-mscb-manager').id}`).at(-1) as any;
  return (form.actions as any[]).find((a) => a.verb === 'meeting.save').data.formId as string;
};
const emailOf = (personId: string) => partnershipUsers(q.partnership).find((u) => u.id === new Directory(q.partnership).person(personId)!.aadObjectId)!.mail;
const joinLink = (card: any) => JSON.stringify(card).match(/"url":"(https:\/\/teams\.microsoft\.com\/l\/meetup-join\/[^"]+)"/)?.[1];

describe('meetings held in Teams, over HTTP with the stand-in Graph', () => {
  let meetingId: string;

  it('puts an added meeting in the board calendar as a Teams meeting inviting every seat-holder; the card carries the join link', async () => {
    meetingId = await newFormId();
    const card = await act('p-mscb-manager', 'meeting.save', { formId: meetingId, bodyId: 'mscb-big', date: '2027-02-10', time: '14:00', place: 'Civic Centre' });
    const events = graph.calendar.events(MAILBOX);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.isOnlineMeeting).toBe(true);
    expect(event!.start).toEqual({ dateTime: '2027-02-10T14:00:00.000', timeZone: 'UTC' });
    expect(event!.location).toEqual({ displayName: 'Civic Centre' });
    const holders = attendingSeats(new Directory(q.partnership).body('mscb-big')!).map((s) => emailOf(s.holderId!));
    expect(event!.attendees.map((a) => a.emailAddress.address).sort()).toEqual([...holders].sort());
    expect(joinLink(card)).toBe(event!.onlineMeeting!.joinUrl);
  });

  it('adds the deputy an apology names, updates the place, and never makes a second event', async () => {
    await act('p-borough-commander', 'meeting.respond', { meetingId, seatId: 'big-police', response: 'apologies', deputyId: 'p-borough-commander-deputy' });
    let [event] = graph.calendar.events(MAILBOX);
    expect(event!.attendees.map((a) => a.emailAddress.address)).toContain(emailOf('p-borough-commander-deputy'));
    expect(event!.body.content).toContain('attends for');
    await act('p-mscb-manager', 'meeting.save', { formId: meetingId, meetingId, date: '2027-02-10', time: '14:00', place: 'Town Hall', joinUrl: event!.onlineMeeting!.joinUrl });
    [event] = graph.calendar.events(MAILBOX);
    expect(graph.calendar.events(MAILBOX)).toHaveLength(1);
    expect(event!.location).toEqual({ displayName: 'Town Hall' });
    const changes = event!.changes;
    // Nothing changed: nothing is sent again, by the hook or the job.
    await q.quorum.online!.invitations.syncDue(clock.now());
    expect(graph.calendar.events(MAILBOX)[0]!.changes).toBe(changes);
  });

  it('cancels the event with the meeting', async () => {
    await act('p-mscb-manager', 'meeting.cancel', { meetingId });
    expect(graph.calendar.events(MAILBOX)[0]!.isCancelled).toBe(true);
  });

  it('keeps a meeting Graph refused, and the job makes its event later, once', async () => {
    graph.failNext(100, 429, 3600);
    const id = await newFormId();
    const card = await act('p-mscb-manager', 'meeting.save', { formId: id, bodyId: 'mscb-big', date: '2027-03-10', time: '14:00', place: 'Civic Centre' });
    expect(JSON.stringify(card)).toContain('Meeting added.');
    expect(joinLink(card)).toBeUndefined();
    expect(graph.calendar.events(MAILBOX)).toHaveLength(1);
    graph.failNext(0);
    expect(await q.quorum.online!.invitations.syncDue(clock.now())).toEqual({ synced: 1, failed: 0 });
    expect(await q.quorum.online!.invitations.syncDue(clock.now())).toEqual({ synced: 0, failed: 0 });
    const events = graph.calendar.events(MAILBOX);
    expect(events).toHaveLength(2);
    const stored = await q.quorum.meetings.view(await q.quorum.directory.findActor(user('p-mscb-manager').aadObjectId).then((a) => a!), id);
    expect(stored.meeting.joinUrl).toBe(events[1]!.onlineMeeting!.joinUrl);
  });

  it("books the meeting for its own length, else its body's usual length, else two hours", async () => {
    /** The event's booked length in minutes (its start is in UTC, an hour before 14:00 in British Summer Time). */
    const minutes = (date: string) => {
      const e = graph.calendar.events(MAILBOX).find((x) => x.start.dateTime.startsWith(date))!;
      return (Date.parse(`${e.end.dateTime}Z`) - Date.parse(`${e.start.dateTime}Z`)) / 60_000;
    };
    const id = await newFormId();
    const added = await act('p-mscb-manager', 'meeting.save', { formId: id, bodyId: 'mscb-big', date: '2027-04-07', time: '14:00', place: 'Civic Centre', durationMinutes: '90' });
    expect(JSON.stringify(added)).toContain('Meeting added.');
    expect(minutes('2027-04-07')).toBe(90);
    // The length cleared: BIG's meetings have no usual length, so two hours; the event follows.
    const joinUrl = graph.calendar.events(MAILBOX).find((e) => e.start.dateTime.startsWith('2027-04-07'))!.onlineMeeting!.joinUrl;
    await act('p-mscb-manager', 'meeting.save', { formId: id, meetingId: id, date: '2027-04-07', time: '14:00', place: 'Civic Centre', joinUrl, durationMinutes: '' });
    expect(minutes('2027-04-07')).toBe(120);
    const board = await newFormId();
    await act('p-mscb-manager', 'meeting.save', { formId: board, bodyId: 'mscb-board', date: '2027-04-14', time: '10:00', place: 'Civic Centre' });
    expect(minutes('2027-04-14')).toBe(150);
    // A length out of range is refused with the reason, and nothing is booked.
    const before = graph.calendar.events(MAILBOX).length;
    const refused = await act('p-mscb-manager', 'meeting.save', { formId: await newFormId(), bodyId: 'mscb-big', date: '2027-04-21', time: '14:00', place: 'Civic Centre', durationMinutes: '5' });
    expect(JSON.stringify(refused)).toContain('Give the length as whole minutes, from 15 to 600');
    expect(graph.calendar.events(MAILBOX)).toHaveLength(before);
  });
});
