import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphCalendar } from '../../infra/graph/graph-calendar.js';
import { startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { OnlineMeetingsFailure, type OnlineEventRequest } from '../../services/ports/online-meetings.js';
import { silentLog } from '../support/harness.js';

// The real Graph calendar client over HTTP against the stand-in Graph, which answers as Graph does.

const TOKEN = 'stand-in-token-for-calendar';
const MAILBOX = 'board@partnership.example';
const ORGANIZER = '11111111-2222-3333-4444-555555555555';
let graph: StandInGraph;
const calendar = (extra: Partial<ConstructorParameters<typeof GraphCalendar>[0]> = {}) =>
  new GraphCalendar({ baseUrl: graph.url, mailbox: MAILBOX, token: async () => TOKEN, log: silentLog, maxWaitMs: 2_000, ...extra });

const request = (transactionId: string): OnlineEventRequest => ({
  transactionId,
  subject: 'Board meeting',
  body: 'The board meets.',
  startsAt: '2027-03-10T10:00:00.000Z',
  endsAt: '2027-03-10T12:00:00.000Z',
  location: 'Civic Centre',
  attendees: [{ email: 'chair@partnership.example', name: 'Independent Chair' }],
});

beforeAll(async () => {
  graph = await startStandInGraph({
    token: TOKEN,
    users: [{ id: ORGANIZER, displayName: 'Board mailbox', mail: MAILBOX, userPrincipalName: MAILBOX, userType: 'Member' }],
  });
});
afterAll(() => graph.stop());
beforeEach(() => graph.failNext(0));

describe('GraphCalendar against the stand-in Graph', () => {
  it('creates a Teams meeting in the board calendar, and a retried create with the same transactionId makes no second event', async () => {
    const first = await calendar().createEvent(request('meeting-a'));
    const again = await calendar().createEvent(request('meeting-a'));
    expect(again).toEqual(first);
    expect(first.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3Ameeting_/);
    const stored = graph.calendar.events(MAILBOX).filter((e) => e.transactionId === 'meeting-a');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness', start: { dateTime: '2027-03-10T10:00:00.000', timeZone: 'UTC' } });
    expect(stored[0]!.attendees).toEqual([{ emailAddress: { address: 'chair@partnership.example', name: 'Independent Chair' }, type: 'required' }]);
  });

  it('updates and cancels the event', async () => {
    const e = await calendar().createEvent(request('meeting-b'));
    await calendar().updateEvent(e.eventId, { ...request('meeting-b'), location: 'Town Hall', attendees: [...request('x').attendees, { email: 'deputy@agency.example', name: 'Deputy' }] });
    const stored = graph.calendar.events().find((x) => x.id === e.eventId)!;
    expect(stored.location).toEqual({ displayName: 'Town Hall' });
    expect(stored.attendees.map((a) => a.emailAddress.address)).toEqual(['chair@partnership.example', 'deputy@agency.example']);
    await calendar().cancelEvent(e.eventId, 'Cancelled');
    expect(graph.calendar.events().find((x) => x.id === e.eventId)!.isCancelled).toBe(true);
  });

  it('says a report is not ready until Teams publishes it, then reads every record: a guest by email, someone who joined twice', async () => {
    const e = await calendar().createEvent(request('meeting-c'));
    const url = e.joinUrl!;
    expect(await calendar().attendance('https://teams.microsoft.com/l/meetup-join/unknown')).toEqual({ kind: 'no-meeting' });
    const t = (min: number) => new Date(Date.parse('2027-03-10T10:00:00.000Z') + min * 60_000);
    graph.calendar.join(url, { aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001', displayName: 'Chair' }, t(0));
    graph.calendar.join(url, { email: 'guest@elsewhere.example', displayName: 'Guest' }, t(5));
    graph.calendar.leave(url, { email: 'guest@elsewhere.example' }, t(25));
    graph.calendar.leave(url, { aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' }, t(10));
    graph.calendar.join(url, { aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' }, t(60));
    expect(await calendar().attendance(url)).toEqual({ kind: 'not-ready' });
    graph.calendar.publishReport(url, t(0), t(90));
    const report = await calendar().attendance(url);
    expect(report.kind).toBe('ready');
    if (report.kind !== 'ready') return;
    expect(report.startedAt).toBe(t(0).toISOString());
    expect(report.entries).toEqual([
      {
        aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001',
        displayName: 'Chair',
        seconds: 40 * 60,
        intervals: [
          { joinedAt: t(0).toISOString(), leftAt: t(10).toISOString(), seconds: 600 },
          { joinedAt: t(60).toISOString(), leftAt: t(90).toISOString(), seconds: 1800 },
        ],
      },
      { email: 'guest@elsewhere.example', displayName: 'Guest', seconds: 20 * 60, intervals: [{ joinedAt: t(5).toISOString(), leftAt: t(25).toISOString(), seconds: 1200 }] },
    ]);
    const paths = graph.requests.map((r) => r.path);
    expect(paths.some((p) => p.includes(`/users/${ORGANIZER}/onlineMeetings?$filter=`))).toBe(true);
    expect(paths.some((p) => p.endsWith('?$expand=attendanceRecords'))).toBe(true);
  });

  it('waits out a 429 with Retry-After and retries a 503', async () => {
    graph.failNext(1, 429, 1);
    const started = Date.now();
    const e = await calendar().createEvent(request('meeting-d'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(graph.calendar.events().filter((x) => x.transactionId === 'meeting-d')).toHaveLength(1);
    graph.failNext(2, 503);
    await calendar().updateEvent(e.eventId, request('meeting-d'));
    expect(graph.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up with a failure the job can retry when Graph stays busy or asks for too long a wait', async () => {
    graph.failNext(10, 503);
    const busy = await calendar({ maxRetries: 2 }).createEvent(request('meeting-e')).catch((err: unknown) => err);
    expect(busy).toBeInstanceOf(OnlineMeetingsFailure);
    expect((busy as OnlineMeetingsFailure).status).toBe(503);
    graph.failNext(1, 429, 3600);
    const later = await calendar().createEvent(request('meeting-e')).catch((err: unknown) => err);
    expect((later as OnlineMeetingsFailure).status).toBe(429);
    graph.failNext(0);
    expect(graph.calendar.events().filter((x) => x.transactionId === 'meeting-e')).toHaveLength(0);
  });
});
