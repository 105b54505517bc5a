import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compose } from '../../app/compose.js';
import { loadConfig } from '../../infra/config.js';
import { partnershipUsers, startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import type { Partnership } from '../../services/domain/directory.js';
import type { AttendanceRecord } from '../../services/domain/meeting.js';
import type { AttendanceDraft } from '../../services/ports/online-meeting-records.js';
import type { Delivery } from '../../services/ports/outbox.js';
import { cardAction, installed, message, post, teamsUsers } from '../support/activities.js';
import { FixedClock } from '../support/fixed-clock.js';
import { silentLog, startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * The register from Teams' attendance report, against the stand-in Graph and the embedded store:
 * a report that is late, Graph answering 503 then 429, then a report with a guest who joined by
 * email, someone who joined twice, a deputy, someone under the minimum and people matching no seat;
 * two instances reading it at once send the manager one card, and confirming it twice records one
 * register.
 */
const TOKEN = 'graph-token-for-attendance';
const MAILBOX = 'board@safeguarding-partnership.example';
const CAFCASS_EMAIL = 'ssm@cafcass.example';
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
let graph: StandInGraph;
let q: TestQuorum;
let partnership: Partnership;
const user = teamsUsers(() => q.partnership);
const at = (hhmm: string) => new Date(`2027-01-20T${hhmm}:00.000Z`);
const aad = (personId: string) => partnership.people.find((p) => p.id === personId)!.aadObjectId;

beforeAll(async () => {
  const sample = await readPartnershipFile('partnerships/merton-2015.json');
  partnership = { ...sample, people: sample.people.map((p) => (p.id === 'p-cafcass' ? { ...p, email: CAFCASS_EMAIL } : p)) };
  graph = await startStandInGraph({
    token: TOKEN,
    users: [...partnershipUsers(partnership), { id: '0b0a0d00-0000-4000-8000-000000000002', displayName: 'Board mailbox', mail: MAILBOX, userPrincipalName: MAILBOX, userType: 'Member' }],
  });
  q = await startTestQuorum({ clock, partnership, env: { GRAPH_BASE_URL: graph.url, MEETINGS_MAILBOX: MAILBOX }, extras: { graphToken: async () => TOKEN } });
  for (const id of ['p-mscb-manager', 'p-borough-commander']) await post(q.url, installed(user(id), q.connector.url));
});
afterAll(async () => {
  await q?.stop();
  await graph?.stop();
});

const act = async (personId: string, verb: string, data: Record<string, unknown>) => {
  const res = await post(q.url, cardAction(user(personId), q.connector.url, verb, data));
  expect(res.status).toBe(200);
  return res.body.value;
};
const deliveries = async (batchId: string) =>
  (await q.store.containers.outbox.items.query<Delivery>({ query: 'SELECT * FROM c WHERE c.batchId = @b', parameters: [{ name: '@b', value: batchId }] }).fetchAll()).resources;
const inputsOf = (card: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  JSON.stringify(card, (_k, v) => {
    if (v && typeof v === 'object' && typeof v.type === 'string' && v.type.startsWith('Input.')) out[v.id] = v.value ?? '';
    return v;
  });
  return out;
};
const labelOf = (card: any, seatId: string): string => JSON.stringify(card).match(new RegExp(`"id":"mark_${seatId}","label":"([^"]*)"`))?.[1] ?? '';

describe('the register from the Teams attendance report', () => {
  let meetingId: string;
  let joinUrl: string;
  let card: any;

  it('holds a BIG meeting in Teams; the commander sends apologies naming their deputy', async () => {
    await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'meeting'));
    const form = q.connector.cardsTo(`personal-${user('p-mscb-manager').id}`).at(-1) as any;
    meetingId = (form.actions as any[]).find((a) => a.verb === 'meeting.save').data.formId;
    await act('p-mscb-manager', 'meeting.save', { formId: meetingId, bodyId: 'mscb-big', date: '2027-01-20', time: '14:00', place: 'Civic Centre' });
    await act('p-borough-commander', 'meeting.respond', { meetingId, seatId: 'big-police', response: 'apologies', deputyId: 'p-borough-commander-deputy' });
    const [event] = graph.calendar.events(MAILBOX);
    expect(event!.attendees.map((a) => a.emailAddress.address)).toContain(CAFCASS_EMAIL);
    joinUrl = event!.onlineMeeting!.joinUrl;
  });

  it('waits for a report that is late, asking again only when due', async () => {
    const join = (personId: string, from: string, to: string) => {
      graph.calendar.join(joinUrl, { aadObjectId: aad(personId) }, at(from));
      graph.calendar.leave(joinUrl, { aadObjectId: aad(personId) }, at(to));
    };
    join('p-independent-chair', '14:00', '15:30');
    join('p-ccg-chief-officer', '14:00', '14:10');
    join('p-ccg-chief-officer', '14:40', '14:50');
    join('p-borough-commander-deputy', '14:02', '15:30');
    join('p-probation-aco', '14:00', '14:05');
    join('p-csf-director', '14:00', '15:30');
    graph.calendar.join(joinUrl, { email: CAFCASS_EMAIL, displayName: 'CAFCASS (guest)' }, at('14:05'));
    graph.calendar.join(joinUrl, { aadObjectId: 'ffffffff-0000-4000-8000-00000000abcd', displayName: 'Visiting observer' }, at('14:00'));
    graph.calendar.join(joinUrl, { email: 'note.taker@elsewhere.example', displayName: 'Note taker' }, at('14:00'));
    join('p-head-primary', '14:00', '15:00');

    const online = q.quorum.online!;
    expect(await online.attendance.readDue(at('15:00'))).toEqual({ proposed: 0, waiting: 0, noReport: 0, failed: 0 });
    expect(await online.attendance.readDue(at('16:05'))).toEqual({ proposed: 0, waiting: 1, noReport: 0, failed: 0 });
    const asked = graph.requests.length;
    expect(await online.attendance.readDue(at('16:15'))).toEqual({ proposed: 0, waiting: 1, noReport: 0, failed: 0 });
    expect(graph.requests.length).toBe(asked);
    graph.calendar.publishReport(joinUrl, at('14:00'), at('15:30'));
  });

  it('retries Graph answering 503, and leaves the report for the next run when Graph is throttled for long', async () => {
    graph.failNext(50, 429, 3600);
    expect(await q.quorum.online!.attendance.readDue(at('16:30'))).toMatchObject({ proposed: 0, failed: 1 });
    expect(await deliveries(`meeting:${meetingId}:attendance-register`)).toHaveLength(0);
    graph.failNext(1, 503);
  });

  it('two instances reading the report at once send the manager one pre-filled register; nothing is recorded', async () => {
    const second = compose(loadConfig({ PLAYGROUND: 'false', JOBS_ENABLED: 'false', GRAPH_BASE_URL: graph.url, MEETINGS_MAILBOX: MAILBOX }), q.store, silentLog, clock, {
      graphToken: async () => TOKEN,
    });
    // The card as queued: a pump may send the delivery, and so drop its card, before the store is read.
    const queued = vi.spyOn(second.outbox, 'enqueue');
    const results = await Promise.all([q.quorum.online!.attendance.readDue(at('16:31')), second.online!.attendance.readDue(at('16:31'))]);
    expect(results.reduce((n, r) => n + r.proposed, 0)).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.failed === 0)).toBe(true);
    expect(await q.quorum.online!.attendance.readDue(at('16:50'))).toEqual({ proposed: 0, waiting: 0, noReport: 0, failed: 0 });
    // An instance that died after queuing the card but before marking the draft: the next run fetches the report again.
    const item = q.store.containers.meetings.item(`${meetingId}:attendance-report`, partnership.id);
    const { resource: draft } = await item.read();
    await item.replace({ ...draft, status: 'waiting', nextCheckAt: at('16:00').toISOString() });
    const fetched = graph.requests.filter((r) => r.path.endsWith('$expand=attendanceRecords')).length;
    expect(await second.online!.attendance.readDue(at('17:00'))).toMatchObject({ proposed: 1, failed: 0 });
    expect(graph.requests.filter((r) => r.path.endsWith('$expand=attendanceRecords')).length).toBe(fetched + 1);
    const sent = await deliveries(`meeting:${meetingId}:attendance-register`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipientAad).toBe(aad('p-mscb-manager'));
    card = queued.mock.calls.flatMap(([items]) => items).find((d) => d.batchId === `meeting:${meetingId}:attendance-register`)!.card;
    queued.mockRestore();
    const { resource } = await q.store.containers.meetings.item(`${meetingId}:register`, partnership.id).read<AttendanceRecord>();
    expect(resource).toBeUndefined();
  });

  it('pre-fills each seat: joined twice summed, a guest by email, the deputy, under the minimum, apologies and no-shows', async () => {
    const inputs = inputsOf(card);
    expect(inputs).toMatchObject({
      'mark_big-independent-chair': 'present',
      'mark_big-ccg': 'present',
      'mark_big-police': 'deputy:p-borough-commander-deputy',
      'mark_big-probation': 'absent',
      'mark_big-csf-director': 'present',
      'mark_big-cafcass': 'present',
      'mark_big-public-health': 'absent',
    });
    expect(labelOf(card, 'big-ccg')).toContain('20 min in Teams');
    expect(labelOf(card, 'big-probation')).toContain('5 min in Teams, under the 15 that count');
    expect(labelOf(card, 'big-police')).toContain('sent apologies');
    const text = JSON.stringify(card);
    expect(text).toContain('Visiting observer, not in the partnership directory');
    expect(text).toContain('Head Teacher, Primary School (maintained school governing body representative): 60 min in Teams');
    expect(text).toContain('Note taker (note.taker@elsewhere.example), not in the partnership directory');
    const draft = (await q.store.containers.meetings.item(`${meetingId}:attendance-report`, partnership.id).read<AttendanceDraft>()).resource!;
    expect(draft.status).toBe('proposed');
  });

  it("opens the report's register from the register command, not a blank one, until a register is recorded", async () => {
    clock.set('2027-01-20T16:55:00.000Z');
    await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'register'));
    const list = q.connector.cardsTo(`personal-${user('p-mscb-manager').id}`).at(-1) as any;
    expect(JSON.stringify(list)).toContain(meetingId);
    const opened = await act('p-mscb-manager', 'meeting.register.open', { meetingId });
    expect(inputsOf(opened)).toEqual(inputsOf(card));
    expect(JSON.stringify(opened)).toContain('The attendance register, from the Teams meeting');
    expect(labelOf(opened, 'big-ccg')).toContain('20 min in Teams');
  });

  it('records the register once when the manager adds who was in the room and confirms, even twice', async () => {
    clock.set('2027-01-20T17:00:00.000Z');
    const save = (card.actions as any[]).find((a) => a.verb === 'meeting.register.save');
    const data = { ...save.data, ...inputsOf(card), 'mark_big-public-health': 'present' };
    const [first, again] = [await act('p-mscb-manager', 'meeting.register.save', data), await act('p-mscb-manager', 'meeting.register.save', data)];
    expect(JSON.stringify(first)).toContain('Register recorded.');
    expect(JSON.stringify(again)).toContain('nothing was stored');
    const register = (await q.store.containers.meetings.item(`${meetingId}:register`, partnership.id).read<AttendanceRecord>()).resource!;
    expect(register.revision).toBe(0);
    expect(register.marks['big-public-health']).toEqual({ mark: 'present' });
    expect(register.marks['big-police']).toEqual({ mark: 'deputy', deputyId: 'p-borough-commander-deputy' });
    const audits = (await q.store.containers.audit.items.query({ query: "SELECT * FROM c WHERE c.action = 'meeting.register'" }).fetchAll()).resources;
    expect(audits).toHaveLength(1);
    // Recorded: the register command now opens the register as recorded, for a correction.
    const opened = await act('p-mscb-manager', 'meeting.register.open', { meetingId });
    expect(JSON.stringify(opened)).not.toContain('The attendance register, from the Teams meeting');
    expect(inputsOf(opened)['mark_big-public-health']).toBe('present');
  });

  it('falls back to the register by hand when Teams never publishes a report', async () => {
    await post(q.url, message(user('p-mscb-manager'), q.connector.url, 'meeting'));
    const form = q.connector.cardsTo(`personal-${user('p-mscb-manager').id}`).at(-1) as any;
    const id = (form.actions as any[]).find((a) => a.verb === 'meeting.save').data.formId;
    await act('p-mscb-manager', 'meeting.save', { formId: id, bodyId: 'mscb-big', date: '2027-02-17', time: '14:00', place: 'Civic Centre' });
    expect(await q.quorum.online!.attendance.readDue(new Date('2027-02-17T16:05:00.000Z'))).toMatchObject({ waiting: 1, noReport: 0 });
    // The card as queued: the pump may send the delivery, and so drop its card, before the store is read.
    const queued = vi.spyOn(q.quorum.outbox, 'enqueue');
    expect(await q.quorum.online!.attendance.readDue(new Date('2027-02-19T17:00:00.000Z'))).toMatchObject({ waiting: 0, noReport: 1 });
    const [sent, ...more] = await deliveries(`meeting:${id}:attendance-no-report`);
    expect(more).toEqual([]);
    expect(sent!.recipientAad).toBe(aad('p-mscb-manager'));
    const told = queued.mock.calls.flatMap(([items]) => items).filter((d) => d.batchId === `meeting:${id}:attendance-no-report`);
    queued.mockRestore();
    expect(told.map((d) => JSON.stringify(d.card))).toEqual([expect.stringContaining('No attendance report from Teams')]);
    expect(await deliveries(`meeting:${id}:attendance-register`)).toEqual([]);
  });
});
