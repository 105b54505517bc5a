import { randomUUID } from 'node:crypto';
import { decisionNote, reviewSummary } from '../../../cards/meeting/absence-words.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseAction } from '../../../cards/verbs.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { DomainError } from '../../../services/domain/errors.js';
import { cardText } from '../../support/fake-connector.js';
import { addMeeting, meetingFixture, recordRegister, type MeetingFixture } from '../../support/memory-meetings.js';

const P = 'merton-2015';
const MANAGER = 'p-mscb-manager';
const COMMANDER = 'p-borough-commander';
const COMMANDER_DEPUTY = 'p-borough-commander-deputy';
const CAIT_DEPUTY = 'p-dci-cait-deputy';
const PROBATION = 'p-probation-aco';
/** BIG meets Wed 27 Jan 2027 at 14:00 (UTC = London in winter); notices Wed 13 Jan, brief Wed 20 Jan, warning Fri 22 Jan. */
const BIG_DATE = '2027-01-27';

let f: MeetingFixture;
beforeEach(async () => {
  f = await meetingFixture();
});

const meeting = (id: string) => f.repo.getMeeting(P, id);
const apologies = () => f.repo.apologies.all();
const deliveriesTo = (batchPrefix: string, personId: string) =>
  [...f.outbox.deliveries.values()].filter((d) => d.batchId.startsWith(batchPrefix) && d.recipientAad === f.aadOf(personId));
const respond = async (personId: string, meetingId: string, seatId: string, response: 'attending' | 'apologies', deputyId?: string) =>
  f.service.respond(await f.actor(personId), { meetingId, seatId, response, deputyId });

describe('adding, changing and cancelling meetings', () => {
  it('refuses a member, and shows every problem on the form without storing anything', async () => {
    await expect(f.actor(COMMANDER).then((a) => f.service.form(a))).rejects.toThrow(/Only the board manager or the chair/);
    const manager = await f.actor(MANAGER);
    const card = await f.service.save(manager, { formId: randomUUID(), bodyId: 'mscb-big', date: '2027-01-01', time: '25:00', joinUrl: 'http://x' });
    const text = cardText(card);
    expect(text).toContain('Choose the time the meeting starts');
    expect(text).toContain('The Teams link must be an https:// address.');
    const past = cardText(await f.service.save(manager, { formId: randomUUID(), bodyId: 'mscb-big', date: '2027-01-01', time: '10:00', place: 'Room 1' }));
    expect(past).toContain('The meeting must start in the future.');
    const nowhere = cardText(await f.service.save(manager, { formId: randomUUID(), bodyId: 'mscb-big', date: BIG_DATE, time: '10:00' }));
    expect(nowhere).toContain('Give the place, or a Teams link, or both.');
    expect(f.repo.meetings.items.size).toBe(0);
  });

  it('adds a meeting once however often the form is sent, and refuses a second one on the same day', async () => {
    const manager = await f.actor(MANAGER);
    const input = { formId: randomUUID(), bodyId: 'mscb-big', date: BIG_DATE, time: '14:00', place: 'Civic Centre' };
    const card = cardText(await f.service.save(manager, input));
    expect(card).toContain('Meeting added. Seat-holders get their notice on Wed 13 Jan 2027, 09:00.');
    expect(card).toContain('Wed 27 Jan 2027, 14:00');
    await Promise.all([f.service.save(manager, input), f.service.save(manager, input)]);
    expect(f.repo.meetings.items.size).toBe(1);
    const clash = cardText(await f.service.save(manager, { ...input, formId: randomUUID(), time: '09:30' }));
    expect(clash).toContain('already meets on that day');
    expect(f.repo.meetings.items.size).toBe(1);
  });

  it('lets a chair add meetings of their own body only', async () => {
    const qaChair = await f.actor('p-csf-csc-head');
    expect(JSON.stringify(await f.service.form(qaChair))).toContain('mscb-qa');
    const card = cardText(await f.service.save(qaChair, { formId: randomUUID(), bodyId: 'mscb-big', date: BIG_DATE, time: '10:00', place: 'Room' }));
    expect(card).toContain('You cannot add meetings of Business Implementation Group');
  });

  it('cancels a meeting: it counts for nobody, and everyone told of it is told it is off', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-13T09:00:00.000Z');
    await f.service.sendNotices();
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);
    await expect(f.service.cancel(await f.actor(COMMANDER), id)).rejects.toThrow(DomainError);
    const card = cardText(await f.service.cancel(await f.actor(MANAGER), id));
    expect(card).toContain('Meeting cancelled. It counts for nobody.');
    expect((await meeting(id))?.status).toBe('cancelled');
    const told = f.outbox.batch(`meeting:${id}:cancelled`);
    expect(told).toHaveLength(12); // 11 seat-holders and the named deputy
    expect(cardText(told[0]!.card)).toContain("It counts for nobody's attendance.");
    await expect(respond(COMMANDER, id, 'big-police', 'attending')).rejects.toMatchObject({ code: 'MEETING.CANCELLED' });
  });

  it('changes the details; seat-holders already notified are told', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    const manager = await f.actor(MANAGER);
    expect(cardText(await f.service.editForm(manager, id))).toContain('Change the meeting');
    await f.service.save(manager, { formId: id, meetingId: id, date: BIG_DATE, time: '15:00', place: 'Civic Centre', joinUrl: 'https://teams.example/meet/1' });
    expect(f.outbox.batchesStartingWith(`meeting:${id}:changed`)).toEqual([]);
    f.clock.set('2027-01-13T09:00:00.000Z');
    await f.service.sendNotices();
    await f.service.save(manager, { formId: id, meetingId: id, date: BIG_DATE, time: '16:00', place: 'Civic Centre' });
    const m = (await meeting(id))!;
    expect(m).toMatchObject({ time: '16:00', startsAt: '2027-01-27T16:00:00.000Z' });
    expect(m.joinUrl).toBeUndefined();
    expect(m.changes.map((c) => c.after.time)).toEqual(['15:00', '16:00']);
    expect(f.outbox.batch(`meeting:${id}:changed:2`)).toHaveLength(11);
  });

  it('asks seat-holders again when a notified meeting moves, showing the answer they gave for the old date', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    const manager = await f.actor(MANAGER);
    f.clock.set('2027-01-13T09:00:00.000Z');
    await f.service.sendNotices();
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);

    await f.service.save(manager, { formId: id, meetingId: id, date: BIG_DATE, time: '14:00', place: 'Civic Centre' });
    const placeOnly = f.outbox.batch(`meeting:${id}:changed:1`);
    expect(placeOnly.every((d) => !JSON.stringify(d.card).includes('meeting.respond'))).toBe(true);

    await f.service.save(manager, { formId: id, meetingId: id, date: '2027-02-03', time: '14:00', place: 'Civic Centre' });
    const moved = f.outbox.batch(`meeting:${id}:changed:2`);
    const toCommander = moved.find((d) => d.recipientAad === f.aadOf(COMMANDER))!;
    expect(cardText(toCommander.card)).toContain('This meeting has moved (it was on Wed 27 Jan 2027, 14:00)');
    expect(cardText(toCommander.card)).toMatch(/Apologies/);
    expect(JSON.stringify(toCommander.card)).toContain('"verb":"meeting.respond"');
    // The named deputy is told of the move, with no seat of their own to answer for.
    const toDeputy = moved.find((d) => d.recipientAad === f.aadOf(COMMANDER_DEPUTY))!;
    expect(cardText(toDeputy.card)).toContain('It is now on Wed 3 Feb 2027, 14:00');
  });
});

describe('moving a meeting', () => {
  it('re-plans the brief and the quorum forecast for the new date, once each; a change of place does not', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    const manager = await f.actor(MANAGER);
    await respond(COMMANDER, id, 'big-police', 'apologies');
    const jobs = async () => {
      await Promise.all([f.service.sendBriefs(), f.instance().sendBriefs(), f.service.warnQuorum(), f.instance().warnQuorum()]);
      await f.service.sendBriefs();
      await f.service.warnQuorum();
    };
    f.clock.set('2027-01-22T09:00:00.000Z');
    await jobs();
    expect(f.outbox.batchesStartingWith(`meeting:${id}:`).filter((b) => /brief|quorum/.test(b)).sort()).toEqual([`meeting:${id}:brief`, `meeting:${id}:quorum:1`]);

    await f.service.save(manager, { formId: id, meetingId: id, date: BIG_DATE, time: '14:00', place: 'Civic Centre, room 2' });
    await jobs();
    expect(f.outbox.batchesStartingWith(`meeting:${id}:moved-`)).toEqual([]);

    // Moved a fortnight on: the brief goes when the new papers go out (Wed 3 Feb), the warning 3 working days before (Fri 5 Feb).
    await f.service.save(manager, { formId: id, meetingId: id, date: '2027-02-10', time: '14:00', place: 'Civic Centre, room 2' });
    await jobs();
    expect(f.outbox.batchesStartingWith(`meeting:${id}:moved-`)).toEqual([]);
    f.clock.set('2027-02-03T09:00:00.000Z');
    await jobs();
    expect(f.outbox.batchesStartingWith(`meeting:${id}:moved-`)).toEqual([`meeting:${id}:moved-1:brief`]);
    f.clock.set('2027-02-05T09:00:00.000Z');
    await jobs();
    expect(f.outbox.batchesStartingWith(`meeting:${id}:moved-`).sort()).toEqual([`meeting:${id}:moved-1:brief`, `meeting:${id}:moved-1:quorum:1`]);
    expect(f.outbox.batch(`meeting:${id}:moved-1:quorum:1`).map((d) => d.recipientAad).sort()).toEqual([f.aadOf('p-independent-chair'), f.aadOf(MANAGER)].sort());
    expect((await meeting(id))!.quorumWarnings.map((w) => w.moves ?? 0)).toEqual([0, 1]);
  });
});

describe('planning from the cadence', () => {
  it("plans each body's meetings for the year ahead once, however many instances run it", async () => {
    const [a, b] = await Promise.all([f.service.planFromCadence(), f.instance().planFromCadence()]);
    const all = f.repo.meetings.all();
    expect(a.created + b.created).toBe(all.length);
    // Board 4, BIG 4, QA 6, Policy 4, PPYP 8, L&D 3 (C §6.2-6.3, App4, ToRs §2.6).
    expect(all).toHaveLength(29);
    expect(all.filter((m) => m.bodyId === 'mscb-board').map((m) => m.date).sort()).toEqual(['2027-01-19', '2027-03-16', '2027-06-15', '2027-09-21']);
    expect((await f.service.planFromCadence()).created).toBe(0);
  });

  it('leaves a month alone when the body already has a meeting in it, even a cancelled one', async () => {
    await addMeeting(f, 'mscb-big', '2027-02-10');
    await f.service.planFromCadence();
    expect(f.repo.meetings.all().filter((m) => m.bodyId === 'mscb-big' && m.date.startsWith('2027-02'))).toHaveLength(1);
    await f.service.cancel(await f.actor(MANAGER), 'mscb-board:2027-03');
    expect((await f.service.planFromCadence()).created).toBe(0);
    expect((await meeting('mscb-board:2027-03'))?.status).toBe('cancelled');
  });
});

describe('notices and apologies', () => {
  it('sends each seat-holder one notice 10 working days before, from 09:00, once', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-13T08:59:00.000Z');
    expect((await f.service.sendNotices()).meetings).toBe(0);
    f.clock.set('2027-01-13T09:00:00.000Z');
    await Promise.all([f.service.sendNotices(), f.instance().sendNotices()]);
    expect((await f.service.sendNotices()).meetings).toBe(0);
    const batches = f.outbox.batchesStartingWith(`meeting:${id}:notice:`);
    expect(batches).toHaveLength(11); // every filled BIG seat but the manager's
    expect(batches.every((b) => f.outbox.batch(b).length === 1)).toBe(true);
    const card = f.outbox.batch(`meeting:${id}:notice:big-police`)[0]!.card;
    expect(cardText(card)).toContain('Send apologies');
    expect(JSON.stringify(card)).toContain(COMMANDER_DEPUTY);
    expect((await meeting(id))?.noticesSentAt).toBe('2027-01-13T09:00:00.000Z');
  });

  it('sends the notices at once when a meeting is added inside the notice period', async () => {
    f.clock.set('2027-01-20T10:00:00.000Z');
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    expect(f.outbox.batchesStartingWith(`meeting:${id}:notice:`)).toHaveLength(11);
  });

  it('tells the deputy named with the apologies, once however often the answer is sent', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    const card = cardText(await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY));
    expect(card).toContain('Apologies recorded. Deputy: Borough Commander, Metropolitan Police (Merton) has been told they attend for you.');
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);
    const told = deliveriesTo(`meeting:${id}:deputy:`, COMMANDER_DEPUTY);
    expect(told).toHaveLength(1);
    expect(cardText(told[0]!.card)).toContain('named you to attend for Metropolitan Police Service (Merton Borough)');
    expect(apologies()).toHaveLength(1);
    expect(apologies()[0]!.history).toHaveLength(1);
  });

  it('keeps every answer, tells a replaced deputy, and releases the deputy when the member will attend', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);
    await respond(COMMANDER, id, 'big-police', 'apologies', CAIT_DEPUTY);
    expect(cardText(deliveriesTo(`meeting:${id}:deputy:big-police:2`, COMMANDER_DEPUTY)[0]!.card)).toContain('You are no longer needed as deputy');
    expect(cardText(deliveriesTo(`meeting:${id}:deputy:big-police:2`, CAIT_DEPUTY)[0]!.card)).toContain('You are asked to attend as deputy');
    await respond(COMMANDER, id, 'big-police', 'attending');
    expect(cardText(deliveriesTo(`meeting:${id}:deputy:big-police:3`, CAIT_DEPUTY)[0]!.card)).toContain('will now attend the Business Implementation Group meeting in person');
    const [stored] = apologies();
    expect(stored).toMatchObject({ response: 'attending', answeredBy: COMMANDER });
    expect(stored!.history.map((h) => `${h.response}:${h.deputyId ?? '-'}`)).toEqual([`apologies:${COMMANDER_DEPUTY}`, `apologies:${CAIT_DEPUTY}`, 'attending:-']);
  });

  it('refuses a deputy the agency has not named, another seat, a seat not on the body and a late answer, storing nothing', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await expect(respond(COMMANDER, id, 'big-police', 'apologies', 'p-ccg-chief-officer-deputy')).rejects.toThrow(
      'Deputy: Chief Officer, Merton Clinical Commissioning Group is not a deputy named by Metropolitan Police Service (Merton Borough). Nothing was recorded.',
    );
    await expect(respond(COMMANDER, id, 'big-ccg', 'apologies')).rejects.toThrow(/Only the holder of/);
    await expect(respond(COMMANDER_DEPUTY, id, 'big-police', 'apologies')).rejects.toThrow(/Only the holder of/);
    await expect(respond(COMMANDER, id, 'board-police-commander', 'apologies')).rejects.toMatchObject({ code: 'MEETING.NOT_A_SEAT' });
    f.clock.set('2027-01-27T14:00:00.000Z');
    await expect(respond(COMMANDER, id, 'big-police', 'apologies')).rejects.toMatchObject({ code: 'MEETING.STARTED' });
    expect(apologies()).toHaveLength(0);
  });

  it('lets the chair send apologies too', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    expect(cardText(await respond('p-independent-chair', id, 'big-independent-chair', 'apologies'))).toContain('Apologies recorded.');
  });

  it("lists upcoming meetings with the member's answer and the deputy's duty", async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await addMeeting(f, 'mscb-qa', '2027-02-03');
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);
    const mine = cardText(await f.service.upcoming(await f.actor(COMMANDER)));
    expect(mine).toContain('Business Implementation Group');
    expect(mine).toContain('Apologies; Deputy: Borough Commander, Metropolitan Police (Merton) attends as deputy');
    expect(mine).not.toContain('Quality Assurance');
    const deputy = cardText(await f.service.upcoming(await f.actor(COMMANDER_DEPUTY)));
    expect(deputy).toContain('You attend as deputy for Borough Commander, Metropolitan Police (Merton)');
    const view = cardText(await f.service.view(await f.actor(COMMANDER_DEPUTY), id));
    expect(view).toContain('You are asked to attend as deputy for Borough Commander');
  });
});

describe('the quorum forecast', () => {
  it('warns the chair and manager 3 working days before when quorum will fail, naming the missing agency, once', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await respond(COMMANDER, id, 'big-police', 'apologies');
    f.clock.set('2027-01-22T08:59:00.000Z');
    expect((await f.service.warnQuorum()).warnings).toBe(0);
    f.clock.set('2027-01-22T09:00:00.000Z');
    await Promise.all([f.service.warnQuorum(), f.instance().warnQuorum()]);
    await f.service.warnQuorum();
    expect(f.outbox.batchesStartingWith(`meeting:${id}:quorum:`)).toEqual([`meeting:${id}:quorum:1`]);
    const warning = f.outbox.batch(`meeting:${id}:quorum:1`);
    expect(warning.map((d) => d.recipientAad).sort()).toEqual([f.aadOf('p-independent-chair'), f.aadOf(MANAGER)].sort());
    const text = cardText(warning[0]!.card);
    expect(text).toContain('Metropolitan Police Service (Merton Borough)');
    expect(text).toContain('Metropolitan Police Service (Merton Borough) (Borough Commander, Met Police): no deputy');
  });

  it('warns again only when what is missing changes, and not when a deputy restores quorum', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await respond(COMMANDER, id, 'big-police', 'apologies');
    f.clock.set('2027-01-22T09:00:00.000Z');
    await f.service.warnQuorum();
    await respond('p-ccg-chief-officer', id, 'big-ccg', 'apologies');
    await f.service.warnQuorum();
    expect(cardText(f.outbox.batch(`meeting:${id}:quorum:2`)[0]!.card)).toContain('Merton Clinical Commissioning Group');
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);
    await respond('p-ccg-chief-officer', id, 'big-ccg', 'apologies', 'p-ccg-chief-officer-deputy');
    expect((await f.service.warnQuorum()).warnings).toBe(0);
    expect(f.outbox.batchesStartingWith(`meeting:${id}:quorum:`)).toHaveLength(2);
  });
});

describe('the attendance register', () => {
  it('refuses a register for a meeting that has not happened, or was cancelled, and stores nothing', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    const manager = await f.actor(MANAGER);
    f.clock.set('2027-01-27T13:59:00.000Z');
    await expect(f.service.registerForm(manager, id)).rejects.toMatchObject({ code: 'MEETING.NOT_HELD' });
    await expect(recordRegister(f, id)).rejects.toThrow(/has not happened yet, so its register cannot be recorded. Nothing was stored./);
    f.clock.set('2027-01-04T10:00:00.000Z');
    const other = await addMeeting(f, 'mscb-big', '2027-02-24');
    await f.service.cancel(manager, other);
    f.clock.set('2027-03-01T10:00:00.000Z');
    await expect(recordRegister(f, other)).rejects.toMatchObject({ code: 'MEETING.CANCELLED' });
    expect(f.repo.registers.items.size).toBe(0);
  });

  it('is for the manager only', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-28T10:00:00.000Z');
    await expect(f.service.registerForm(await f.actor('p-independent-chair'), id)).rejects.toThrow('Only the board manager records the attendance register.');
  });

  it('prefills one card for the whole register from the answers', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await respond(COMMANDER, id, 'big-police', 'apologies', COMMANDER_DEPUTY);
    await respond('p-ccg-chief-officer', id, 'big-ccg', 'attending');
    await respond(PROBATION, id, 'big-probation', 'apologies');
    f.clock.set('2027-01-28T10:00:00.000Z');
    const card = await f.service.registerForm(await f.actor(MANAGER), id);
    const inputs = new Map<string, any>();
    JSON.stringify(card, (_k, v) => (v && typeof v === 'object' && typeof v.id === 'string' && String(v.type).startsWith('Input.') ? (inputs.set(v.id, v), v) : v));
    expect(inputs.size).toBe(11); // one choice per seat
    expect(inputs.get('mark_big-police').value).toBe(`deputy:${COMMANDER_DEPUTY}`);
    expect(inputs.get('mark_big-police').choices.map((c: any) => c.title)).toEqual([
      'Present',
      'Present as deputy (Deputy: Borough Commander, Metropolitan Police (Merton))',
      'Present as deputy (Deputy: Detective Chief Inspector, Child Abuse Investigation Team, Metropolitan Police)',
      'Apologies',
      'Absent',
    ]);
    expect(inputs.get('mark_big-ccg').value).toBe('present');
    expect(inputs.get('mark_big-probation').value).toBe('apologies');
    expect(inputs.get('mark_big-lay').value).toBe('');
    expect(inputs.get('mark_big-lay').choices.map((c: any) => c.value)).toEqual(['present', 'apologies', 'absent']);
  });

  it("keeps the main board's register card well inside a Teams message, and reads its answers back", async () => {
    const id = await addMeeting(f, 'mscb-board', BIG_DATE);
    f.clock.set('2027-01-28T10:00:00.000Z');
    const card = await f.service.registerForm(await f.actor(MANAGER), id);
    expect(JSON.stringify(card).length).toBeLessThan(24_000);
    const parsed = parseAction('meeting.register.save', { meetingId: id, basedOn: '-1', 'mark_board-ccg': 'deputy:p-ccg-chief-officer-deputy', 'mark_board-nhse': 'absent', other: 1 });
    expect(parsed.data).toEqual({ meetingId: id, basedOn: -1, marks: { 'board-ccg': 'deputy', 'board-nhse': 'absent' }, deputies: { 'board-ccg': 'p-ccg-chief-officer-deputy' } });
    expect(() => parseAction('meeting.register.save', { meetingId: 'a/b' })).toThrow(/not an id/);
  });

  it('records the register, shows the recorded quorum, marks the meeting held and what was carried to it raised', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    const item = { partnershipId: P, bodyId: 'mscb-big', kind: 'consultation-non-response' as const, consultationId: 'c1', title: 'Threshold document', agencyIds: ['cafcass'] };
    await f.carryForward.add({ ...item, id: 'non-response:c1', createdAt: '2027-01-10T10:00:00.000Z' });
    await f.carryForward.add({ ...item, id: 'non-response:c2', consultationId: 'c2', createdAt: '2027-01-27T15:00:00.000Z' });
    f.clock.set('2027-01-27T16:00:00.000Z');
    const card = cardText(await recordRegister(f, id, { 'big-police': 'deputy', 'big-probation': 'absent' }, { 'big-police': COMMANDER_DEPUTY }));
    expect(card).toContain('Register recorded. The meeting was quorate.');
    expect(card).toContain('Recorded quorum: quorate');
    expect(card).toContain('Present as deputy (Deputy: Borough Commander, Metropolitan Police (Merton))');
    expect(card).toContain('Present: 9 · Present as deputy: 1 · Apologies: 0 · Absent: 1');
    expect(await meeting(id)).toMatchObject({ status: 'held', heldAt: '2027-01-27T16:00:00.000Z' });
    expect(f.carryForward.items.get('non-response:c1')?.raisedAtMeetingId).toBe(id);
    expect(f.carryForward.items.get('non-response:c2')?.raisedAtMeetingId).toBeUndefined();
  });

  it('shows a register without quorum as not quorate, naming what was missing', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-27T16:00:00.000Z');
    const card = cardText(await recordRegister(f, id, { 'big-police': 'absent' }));
    expect(card).toContain('The meeting was NOT quorate.');
    expect(card).toContain('Missing: Metropolitan Police Service (Merton Borough)');
  });

  it('refuses a seat not on the body and a deputy not named for the agency with clear messages, storing nothing', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-27T16:00:00.000Z');
    const card = cardText(await recordRegister(f, id, { 'board-ccg': 'present', 'big-police': 'deputy' }, { 'big-police': 'p-nhse-deputy' }));
    expect(card).toContain('"board-ccg" is not a seat on Business Implementation Group.');
    expect(card).toContain('Deputy: Safeguarding lead, NHS England (London) is not a deputy named by the agency of "Borough Commander, Met Police".');
    expect(card).toContain('Nothing was stored.');
    expect(f.repo.registers.items.size).toBe(0);
    expect((await meeting(id))?.status).toBe('scheduled');
  });

  it('says a duplicate submission is a duplicate and stores nothing', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-27T16:00:00.000Z');
    await recordRegister(f, id, { 'big-probation': 'absent' });
    f.clock.set('2027-01-27T16:05:00.000Z');
    const card = cardText(await recordRegister(f, id, { 'big-probation': 'absent' }));
    expect(card).toContain('This register was already recorded by MSCB Board Manager on Wed 27 Jan 2027, 16:00. It is a duplicate, so nothing was stored.');
    const [stored] = f.repo.registers.all();
    expect(stored).toMatchObject({ revision: 0, corrections: [] });
    expect(f.audit.entries.filter((e) => e.action.startsWith('meeting.register'))).toHaveLength(1);
  });

  it('records one register when two instances record it at once; the later one is kept as a correction', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-27T16:00:00.000Z');
    const manager = await f.actor(MANAGER);
    const all = (probation: string) => ({ ...Object.fromEntries(f.partnership.bodies.find((b) => b.id === 'mscb-big')!.seats.filter((s) => s.holderId && s.id !== 'big-manager').map((s) => [s.id, 'present'])), 'big-probation': probation });
    const [a, b] = await Promise.all([
      f.service.recordRegister(manager, { meetingId: id, marks: all('absent'), deputies: {} }),
      f.instance().recordRegister(manager, { meetingId: id, marks: all('apologies'), deputies: {} }),
    ]);
    const texts = [cardText(a), cardText(b)];
    expect(texts.filter((t) => t.includes('Register recorded.'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Correction recorded (1 seat changed).'))).toHaveLength(1);
    const [stored] = f.repo.registers.all();
    expect(stored).toMatchObject({ revision: 1 });
    expect(stored!.corrections).toHaveLength(1);
  });

  it('keeps each correction with who and when, and refuses a correction made on a stale card', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-27T16:00:00.000Z');
    await recordRegister(f, id, { 'big-probation': 'absent' });
    f.clock.set('2027-01-28T09:30:00.000Z');
    const manager = await f.actor(MANAGER);
    const form = JSON.stringify(await f.service.registerForm(manager, id));
    expect(form).toContain('"basedOn":"0"');
    const register = (await f.repo.getRegister(P, `${id}:register`))!;
    const marks = Object.fromEntries(Object.entries(register.marks).map(([k, v]) => [k, v.mark as string]));
    const corrected = cardText(await f.service.recordRegister(manager, { meetingId: id, basedOn: 0, marks: { ...marks, 'big-probation': 'apologies' }, deputies: {} }));
    expect(corrected).toContain('Correction recorded (1 seat changed).');
    expect(corrected).toContain('Thu 28 Jan 2027, 09:30, MSCB Board Manager: Assistant Chief Officer, London Probation Absent → Apologies');
    const stale = cardText(await f.service.recordRegister(manager, { meetingId: id, basedOn: 0, marks: { ...marks, 'big-probation': 'present' }, deputies: {} }));
    expect(stale).toContain('after your card was opened, so nothing was stored');
    expect((await f.repo.getRegister(P, `${id}:register`))!).toMatchObject({
      revision: 1,
      recordedBy: MANAGER,
      recordedAt: '2027-01-27T16:00:00.000Z',
      marks: { 'big-probation': { mark: 'apologies' } },
      corrections: [{ by: MANAGER, at: '2027-01-28T09:30:00.000Z', changes: [{ seatId: 'big-probation', before: { mark: 'absent' }, after: { mark: 'apologies' } }] }],
    });
  });
});

/** Three BIG meetings a month apart, added now; the clock is then moved past each to record its register. */
async function threeMeetings() {
  return [await addMeeting(f, 'mscb-big', '2027-01-27'), await addMeeting(f, 'mscb-big', '2027-02-24'), await addMeeting(f, 'mscb-big', '2027-03-24')] as const;
}
const afterMeeting = (date: string) => f.clock.set(`${date}T18:00:00.000Z`);

describe('absences (C §5.8)', () => {
  it('creates one review per run of consecutive absences, not one per meeting', async () => {
    const [m1, m2, m3] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-probation': 'absent' });
    expect((await f.service.detectAbsences(f.clock.now())).created).toBe(0);
    afterMeeting('2027-02-24');
    await recordRegister(f, m2, { 'big-probation': 'apologies' });
    expect((await f.service.detectAbsences(f.clock.now())).created).toBe(1);
    afterMeeting('2027-03-24');
    await recordRegister(f, m3, { 'big-probation': 'absent' });
    expect((await f.service.detectAbsences(f.clock.now())).created).toBe(0);
    const reviews = f.repo.reviews.all();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ id: `absence:mscb-big:big-probation:${m1}`, holderId: PROBATION, agencyId: 'london-probation', status: 'pending', meetingIds: [m1, m2] });
    const cards = f.outbox.batchesStartingWith('absence-review:');
    expect(cards).toHaveLength(1);
    expect(f.outbox.batch(cards[0]!).map((d) => d.recipientAad)).toEqual([f.aadOf(MANAGER)]);
  });

  it('runs a streak across a cancelled meeting', async () => {
    const [m1, m2, m3] = await threeMeetings();
    await f.service.cancel(await f.actor(MANAGER), m2);
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-probation': 'absent' });
    afterMeeting('2027-03-24');
    await recordRegister(f, m3, { 'big-probation': 'absent' });
    await f.service.detectAbsences(f.clock.now());
    expect(f.repo.reviews.all().map((r) => r.meetingIds)).toEqual([[m1, m3]]);
  });

  it('answers a review id the same whether it exists or not, to anyone but the manager, and changes nothing', async () => {
    const [m1, m2] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-probation': 'absent' });
    afterMeeting('2027-02-24');
    await recordRegister(f, m2, { 'big-probation': 'absent' });
    await f.service.detectAbsences(f.clock.now());
    const [review] = f.repo.reviews.all();
    const before = JSON.stringify(f.repo.reviews.all());
    const refusal = (work: Promise<unknown>) => work.then(() => 'answered', (err: Error) => err.message);
    for (const personId of [COMMANDER, COMMANDER_DEPUTY, 'p-ld-chair']) {
      const actor = await f.actor(personId);
      for (const [existing, unknown] of [
        [() => f.service.review(actor, review!.id), () => f.service.review(actor, 'no-such-review')],
        [
          () => f.service.decide(actor, { reviewId: review!.id, outcome: 'no-further-action' }),
          () => f.service.decide(actor, { reviewId: 'no-such-review', outcome: 'no-further-action' }),
        ],
      ] as const) {
        const said = await refusal(existing());
        expect(said).toBe(await refusal(unknown()));
        expect(said).toContain('Only the board manager');
      }
    }
    expect(JSON.stringify(f.repo.reviews.all())).toBe(before);
  });

  it('shows a deputy’s attendance without resetting the streak, unless the body’s rule says so', async () => {
    const [m1, m2] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-police': 'deputy' }, { 'big-police': COMMANDER_DEPUTY });
    afterMeeting('2027-02-24');
    await recordRegister(f, m2, { 'big-police': 'deputy' }, { 'big-police': CAIT_DEPUTY });
    await f.service.detectAbsences(f.clock.now());
    const [review] = f.repo.reviews.all();
    expect(review).toMatchObject({ seatId: 'big-police', deputyMeetingIds: [m1, m2] });
    expect(reviewSummary(review!)).toBe('Did not attend 2 consecutive meetings in person (rule: 2); a deputy attended 2 of them.');
    const card = cardText(await f.service.review(await f.actor(MANAGER), review!.id));
    expect(card).toContain('A deputy attended');
    expect(card).toContain('Wed 27 Jan 2027, 14:00; Wed 24 Feb 2027, 14:00');

    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    const big = partnership.bodies.find((b) => b.id === 'mscb-big')!;
    big.absence = { kind: 'consecutive', count: 2, deputyResets: true, source: 'test' };
    f = await meetingFixture({ partnership });
    const [n1, n2] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, n1, { 'big-police': 'deputy' }, { 'big-police': COMMANDER_DEPUTY });
    afterMeeting('2027-02-24');
    await recordRegister(f, n2, { 'big-police': 'absent' });
    await f.service.detectAbsences(f.clock.now());
    expect(f.repo.reviews.all()).toHaveLength(0);
  });

  it('creates the review and its card once when the job runs twice, or on two instances at once', async () => {
    const [m1, m2] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-probation': 'absent' });
    afterMeeting('2027-02-24');
    await recordRegister(f, m2, { 'big-probation': 'absent' });
    const now = f.clock.now();
    const results = await Promise.all([f.service.detectAbsences(now), f.instance().detectAbsences(now), f.instance().detectAbsences(now)]);
    await f.service.detectAbsences(now);
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(1);
    expect(f.repo.reviews.all()).toHaveLength(1);
    expect([...f.outbox.deliveries.values()].filter((d) => d.batchId.startsWith('absence-review:'))).toHaveLength(1);
    expect(f.repo.reviews.all()[0]!.notifiedAt).toBe(now.toISOString());
  });

  it('starts a new review for a new run after the member attends again', async () => {
    const ids = [...(await threeMeetings()), await addMeeting(f, 'mscb-big', '2027-04-21'), await addMeeting(f, 'mscb-big', '2027-05-19')];
    const marks = ['absent', 'absent', 'present', 'absent', 'absent'];
    const dates = ['2027-01-27', '2027-02-24', '2027-03-24', '2027-04-21', '2027-05-19'];
    for (const [i, id] of ids.entries()) {
      afterMeeting(dates[i]!);
      await recordRegister(f, id, { 'big-probation': marks[i]! });
      await f.service.detectAbsences(f.clock.now());
    }
    expect(f.repo.reviews.all().map((r) => r.meetingIds).sort()).toEqual([[ids[0], ids[1]], [ids[3], ids[4]]].sort());
  });

  it("applies an attendance threshold over the last 12 months (Lewisham schools' network, 66%)", async () => {
    f = await meetingFixture({ partnership: 'partnerships/lewisham-2019.json' });
    const body = 'lscp-schools-network';
    const ids = [await addMeeting(f, body, '2027-01-12'), await addMeeting(f, body, '2027-03-09'), await addMeeting(f, body, '2027-05-11')];
    afterMeeting('2027-05-20');
    await recordRegister(f, ids[0]!, { 'ssn-primary-1': 'absent' });
    await recordRegister(f, ids[1]!, { 'ssn-primary-1': 'apologies' });
    await recordRegister(f, ids[2]!);
    await f.service.detectAbsences(f.clock.now());
    await f.service.detectAbsences(f.clock.now());
    const [review] = f.repo.reviews.all();
    expect(f.repo.reviews.all()).toHaveLength(1);
    expect(review).toMatchObject({ kind: 'attendance-share', seatId: 'ssn-primary-1', streakKey: `${body}:ssn-primary-1:share:2027-05` });
    expect(reviewSummary(review!)).toBe('Attended 1 of 3 meetings in the last 12 months (33%; rule: at least 66%).');

    // A year on, the two misses have left the window: attending since is enough.
    const later = await addMeeting(f, body, '2028-03-14');
    afterMeeting('2028-03-20');
    await recordRegister(f, later);
    await f.service.detectAbsences(f.clock.now());
    expect(f.repo.reviews.all()).toHaveLength(1);
  });
});

describe('attendance-share reviews that outlive their cause (issue 22)', () => {
  it('close themselves, recorded as recovered, once the member is back at or above the threshold before the manager acts', async () => {
    f = await meetingFixture({ partnership: 'partnerships/lewisham-2019.json' });
    const body = 'lscp-schools-network';
    const dates = ['2027-01-12', '2027-02-09', '2027-03-09', '2027-04-13', '2027-05-11', '2027-06-08'];
    const ids: string[] = [];
    for (const d of dates) ids.push(await addMeeting(f, body, d));
    afterMeeting('2027-02-10');
    await recordRegister(f, ids[0]!, { 'ssn-primary-1': 'absent' });
    await recordRegister(f, ids[1]!);
    expect(await f.service.detectAbsences(f.clock.now())).toMatchObject({ created: 1, recovered: 0 });
    const [raised] = f.repo.reviews.all();
    expect(reviewSummary(raised!)).toBe('Attended 1 of 2 meetings in the last 12 months (50%; rule: at least 66%).');

    for (const [i, d] of dates.entries()) {
      if (i < 2) continue;
      afterMeeting(d);
      await recordRegister(f, ids[i]!);
    }
    expect(await f.service.detectAbsences(f.clock.now())).toMatchObject({ created: 0, recovered: 1 });
    expect(await f.service.detectAbsences(f.clock.now())).toMatchObject({ created: 0, recovered: 0 });
    const closed = f.repo.reviews.all().find((r) => r.id === raised!.id)!;
    expect(closed).toMatchObject({ status: 'decided', decision: { outcome: 'recovered', by: 'system' } });
    expect(decisionNote(closed.decision!)).toBe('Attended 5 of 6 meetings in the last 12 months (83%; rule: at least 66%) before the review was decided, so it closed itself.');

    const manager = await f.actor(f.managerId);
    const card = cardText(await f.service.review(manager, raised!.id));
    expect(card).toContain('Closed: attendance recovered on');
    expect(cardText(await f.service.reviews(manager))).not.toContain('ssn-primary-1');
    expect(cardText(await f.service.decide(manager, { reviewId: raised!.id, outcome: 'no-further-action' }))).toContain('This review closed itself on');
  });

  it('stay open for the manager while the share is still below the threshold, and never reopen a decided one', async () => {
    f = await meetingFixture({ partnership: 'partnerships/lewisham-2019.json' });
    const body = 'lscp-schools-network';
    const ids = [await addMeeting(f, body, '2027-01-12'), await addMeeting(f, body, '2027-02-09'), await addMeeting(f, body, '2027-03-09')];
    afterMeeting('2027-02-10');
    await recordRegister(f, ids[0]!, { 'ssn-primary-1': 'absent' });
    await recordRegister(f, ids[1]!);
    await f.service.detectAbsences(f.clock.now());
    afterMeeting('2027-03-09');
    await recordRegister(f, ids[2]!, { 'ssn-primary-1': 'absent' });
    expect((await f.service.detectAbsences(f.clock.now())).recovered).toBe(0);
    expect(f.repo.reviews.all().every((r) => r.status === 'pending')).toBe(true);
  });
});

describe('absence review outcomes', () => {
  async function pendingReview() {
    const [m1, m2] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-probation': 'absent' });
    afterMeeting('2027-02-24');
    await recordRegister(f, m2, { 'big-probation': 'absent' });
    await f.service.detectAbsences(f.clock.now());
    return f.repo.reviews.all()[0]!.id;
  }

  it('lists pending reviews for the manager only', async () => {
    await pendingReview();
    expect(cardText(await f.service.reviews(await f.actor(MANAGER)))).toContain('Assistant Chief Officer, London Probation');
    await expect(f.service.reviews(await f.actor('p-independent-chair'))).rejects.toThrow('Only the board manager reviews absences.');
  });

  it('adds to the risk register with the member, agency, reason, date and who decided; the reason is required', async () => {
    const id = await pendingReview();
    const manager = await f.actor(MANAGER);
    const refused = cardText(await f.service.decide(manager, { reviewId: id, outcome: 'risk-register' }));
    expect(refused).toContain('Give the reason for the risk register entry. Nothing was stored.');
    expect(f.repo.risks.items.size).toBe(0);
    f.clock.set('2027-03-01T10:00:00.000Z');
    const card = cardText(await f.service.decide(manager, { reviewId: id, outcome: 'risk-register', note: 'No contact since the autumn reorganisation' }));
    expect(card).toContain('Recorded: Added to the risk register.');
    expect(f.repo.risks.all()).toEqual([
      expect.objectContaining({
        personId: PROBATION,
        agencyId: 'london-probation',
        reason: 'No contact since the autumn reorganisation',
        date: '2027-03-01',
        decidedBy: MANAGER,
        reviewId: id,
      }),
    ]);
    const register = cardText(await f.service.riskRegister(manager));
    expect(register).toContain('Assistant Chief Officer, London Probation');
    expect(register).toContain('No contact since the autumn reorganisation');
    expect(cardText(await f.service.reviews(manager))).toContain('No absence reviews are waiting.');
  });

  it('records an outcome once: the same again changes nothing, a different one is refused', async () => {
    const id = await pendingReview();
    const manager = await f.actor(MANAGER);
    await Promise.all([
      f.service.decide(manager, { reviewId: id, outcome: 'reason-accepted', note: 'Covering a court case' }),
      f.instance().decide(manager, { reviewId: id, outcome: 'reason-accepted', note: 'Covering a court case' }),
    ]);
    expect(cardText(await f.service.decide(manager, { reviewId: id, outcome: 'reason-accepted' }))).toContain('Already recorded: Reason accepted. Nothing was changed.');
    expect(cardText(await f.service.decide(manager, { reviewId: id, outcome: 'risk-register', note: 'x' }))).toContain('so nothing was changed');
    expect(f.repo.reviews.all()[0]!.decision).toMatchObject({ outcome: 'reason-accepted', note: 'Covering a court case', by: MANAGER });
    expect(f.repo.risks.items.size).toBe(0);
    expect(f.audit.entries.filter((e) => e.action === 'absence.review.decide')).toHaveLength(1);
  });
});

describe("the chair's brief", () => {
  it('gives the forecast, the consultation non-responders and the pending absence reviews', async () => {
    const [m1, m2, m3] = await threeMeetings();
    afterMeeting('2027-01-27');
    await recordRegister(f, m1, { 'big-probation': 'absent' });
    afterMeeting('2027-02-24');
    await recordRegister(f, m2, { 'big-probation': 'absent' });
    await f.service.detectAbsences(f.clock.now());
    await f.carryForward.add({
      id: 'non-response:c9',
      partnershipId: P,
      bodyId: 'mscb-big',
      kind: 'consultation-non-response',
      consultationId: 'c9',
      title: 'Neglect strategy',
      agencyIds: ['cafcass', 'london-probation'],
      createdAt: '2027-03-01T10:00:00.000Z',
    });
    await respond(COMMANDER, m3, 'big-police', 'apologies');
    const text = cardText(await f.service.brief(await f.actor('p-independent-chair'), m3));
    expect(text).toContain('Quorum forecast: NOT quorate on the answers so far');
    expect(text).toContain('Missing: Metropolitan Police Service (Merton Borough)');
    expect(text).toContain('Neglect strategy: CAFCASS; London Probation');
    expect(text).toContain('Assistant Chief Officer, London Probation (Assistant Chief Officer, London Probation): Did not attend 2 consecutive meetings');
    expect(text).toContain('11 seats: 0 attending, 1 apologies (0 with a deputy), 10 no answer.');
  });

  it('goes to the chair and the manager when the papers go out, once', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    f.clock.set('2027-01-19T10:00:00.000Z');
    expect((await f.service.sendBriefs()).briefs).toBe(0);
    f.clock.set('2027-01-20T09:00:00.000Z');
    await Promise.all([f.service.sendBriefs(), f.instance().sendBriefs()]);
    await f.service.sendBriefs();
    expect(f.outbox.batch(`meeting:${id}:brief`).map((d) => d.recipientAad).sort()).toEqual([f.aadOf('p-independent-chair'), f.aadOf(MANAGER)].sort());
  });

  it('is for chairs and the manager; a chair of several bodies picks the meeting', async () => {
    await addMeeting(f, 'mscb-big', BIG_DATE);
    await addMeeting(f, 'mscb-board', '2027-02-02');
    await expect(f.service.briefs(await f.actor(COMMANDER))).rejects.toThrow(/Only the chair of a body and the board manager/);
    const card = await f.service.briefs(await f.actor('p-independent-chair'));
    expect(cardText(card)).toContain("Chair's brief: choose a meeting");
    expect(JSON.stringify(card)).toContain('"verb":"meeting.brief"');
    const qaChair = cardText(await f.service.briefs(await f.actor('p-csf-csc-head')));
    expect(qaChair).toContain('There are no upcoming meetings of your bodies.');
  });
});

describe('proxies and substitutes (issue 22)', () => {
  it('refuses a proxy where the body takes none: Merton has standing deputies only', async () => {
    const id = await addMeeting(f, 'mscb-big', BIG_DATE);
    await expect(f.service.respond(await f.actor(COMMANDER), { meetingId: id, seatId: 'big-police', response: 'apologies', proxyId: PROBATION })).rejects.toThrow(
      /takes no proxies: only a standing deputy can attend for you/,
    );
    expect(apologies()).toEqual([]);
  });

  it('warns the member and the chair when apologies name nobody where someone must attend (Concern Hub board); a proxy there needs no agreement', async () => {
    f = await meetingFixture({ partnership: 'partnerships/lewisham-2019.json' });
    const id = await addMeeting(f, 'lscp-concern-hub-board', '2027-01-26');
    const nobody = cardText(await f.service.respond(await f.actor('p-dir-education'), { meetingId: id, seatId: 'chub-dir-education', response: 'apologies' }));
    expect(nobody).toContain('Apologies recorded, but someone must attend in your place (L App F, Concern Hub ToR');
    const toChair = deliveriesTo(`meeting:${id}:no-substitute:chub-dir-education`, 'p-dir-pps');
    expect(toChair.map((d) => cardText(d.card)).join('\n')).toContain('named no deputy or proxy, though someone must attend in their place');

    const named = cardText(await f.service.respond(await f.actor('p-dir-education'), { meetingId: id, seatId: 'chub-dir-education', response: 'apologies', proxyId: 'p-safeguarding-inclusion-manager' }));
    expect(named).toContain('has been told they attend for you as proxy');
    expect(deliveriesTo(`meeting:${id}:proxy:chub-dir-education`, 'p-safeguarding-inclusion-manager')).toHaveLength(1);
    expect(deliveriesTo(`meeting:${id}:proxy-request:`, 'p-dir-pps')).toEqual([]);
    await expect(f.service.answerProxy(await f.actor('p-dir-pps'), { meetingId: id, seatId: 'chub-dir-education', agree: true })).resolves.toBeDefined();
  });
});
