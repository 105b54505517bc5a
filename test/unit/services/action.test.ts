import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { scheduledMeetings } from '../../../services/action/index.js';
import { Directory } from '../../../services/domain/directory.js';
import { OutboxService } from '../../../services/outbox/index.js';
import type { Outbox } from '../../../services/ports/consultations.js';
import { addDays, atLondonTime } from '../../../services/domain/calendar.js';
import { cardText } from '../../support/fake-connector.js';
import { silentLog } from '../../support/harness.js';
import { actionFixture, anAction, type ActionFixture } from '../../support/memory-actions.js';
import { MemoryConversationRefRepo, MemoryOutboxRepo, RecordingNotifier } from '../../support/memory-outbox.js';

let f: ActionFixture;
beforeEach(async () => {
  f = await actionFixture(); // Tue 24 Nov 2026, 10:00
});

/** 09:00 London on a date (GMT in winter). */
const at9 = (date: string) => atLondonTime(date, 9);

/** Runs the chase every working-hours morning from `from` to `to` (twice each time) and lists each batch with the day it first appeared. */
async function chaseEveryDay(from: string, to: string): Promise<string[]> {
  const seen: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    f.clock.set(at9(day));
    await f.service.chaseDue(at9(day));
    const before = f.outbox.deliveries.size;
    await f.service.chaseDue(at9(day));
    expect(f.outbox.deliveries.size).toBe(before);
    for (const batch of f.outbox.batchesStartingWith('chase:')) if (!seen.some((s) => s.endsWith(` ${batch}`))) seen.push(`${day} ${batch}`);
  }
  return seen;
}

describe('creating actions', () => {
  it('refuses a member who chairs nothing', async () => {
    const member = await f.actor('p-borough-commander');
    expect(() => f.service.form(member)).toThrow(/Only the board manager or the chair/);
  });

  it('shows the form again with every problem, a due date in the past among them, and stores nothing', async () => {
    const card = await f.service.create(await f.actor('p-mscb-manager'), {
      formId: randomUUID(),
      description: '',
      bodyId: 'mscb-qa',
      leads: ['seat:nobody'],
      dueDate: '2026-11-01',
      source: 'meeting',
    });
    const text = cardText(card);
    expect(text).toContain('Say what is to be done.');
    expect(text).toContain('"seat:nobody" is not a seat, a role or an agency');
    expect(text).toContain('The due date Sun 1 Nov 2026 is in the past.');
    expect(f.repo.items.size).toBe(0);
  });

  it('lets a chair add actions for their own body only', async () => {
    const qaChair = await f.actor('p-csf-csc-head');
    const card = await f.service.create(qaChair, { formId: randomUUID(), description: 'x', bodyId: 'mscb-policy', leads: ['seat:qa-psw'], dueDate: '2026-12-04', source: 'meeting' });
    expect(cardText(card)).toContain('You cannot add actions for Policy Sub Group');
    await anAction(f, { by: 'p-csf-csc-head' });
    expect(f.repo.items.size).toBe(1);
  });

  it('stores once however often the form is sent, schedules the first reminder, and tells the lead', async () => {
    const manager = await f.actor('p-mscb-manager');
    const input = { formId: randomUUID(), description: 'Audit', bodyId: 'mscb-qa', leads: ['seat:qa-psw'], dueDate: '2026-12-04', source: 'meeting' };
    const card = await f.service.create(manager, input);
    await f.service.create(manager, input);
    expect(f.repo.items.size).toBe(1);
    const a = f.repo.items.get(input.formId)!;
    expect(a).toMatchObject({ status: 'open', rag: 'green', nextChaseOn: '2026-11-27', leadKeys: ['seat:qa-psw'] });
    expect(cardText(card)).toContain(`Action ${a.ref} is in the register`);
    expect(f.outbox.batch(`action:${a.id}:assigned`).map((d) => d.recipientAad)).toEqual([f.aadOf('p-psw')]);
  });
  it('tells the creator of an action due within the week what reminders it will really get (#14)', async () => {
    const manager = await f.actor('p-mscb-manager');
    const input = { formId: randomUUID(), description: 'Audit', bodyId: 'mscb-qa', leads: ['seat:qa-psw'], dueDate: '2026-11-27', source: 'meeting' };
    const text = cardText(await f.service.create(manager, input));
    expect(text).not.toContain('7 days before');
    expect(text).toContain('It is due in less than 7 days, so there is no earlier reminder: its leads will be reminded on Fri 27 Nov 2026');
    const week = { ...input, formId: randomUUID(), dueDate: '2026-12-01' };
    expect(cardText(await f.service.create(manager, week))).toContain('Its leads will be reminded 7 days before and on Tue 1 Dec 2026.');
    // And that is what happens: the only reminder before it is overdue is on the due date.
    const batches = await chaseEveryDay('2026-11-24', '2026-12-03');
    expect(batches.filter((b) => b.includes(input.formId))).toEqual([`2026-11-27 chase:${input.formId}:due-today:2026-11-27`]);
    expect(batches.filter((b) => b.includes(week.formId))).toEqual([`2026-11-24 chase:${week.formId}:due-soon:2026-12-01`, `2026-12-01 chase:${week.formId}:due-today:2026-12-01`]);
  });
});

describe('chasing (injected clock)', () => {
  it('sends each reminder kind on its working day, once, even when the job runs twice', async () => {
    const a = await anAction(f, { dueDate: '2026-12-04', source: 'business-plan' });
    const batches = await chaseEveryDay('2026-11-24', '2026-12-31');
    expect(batches).toEqual([
      `2026-11-27 chase:${a.id}:due-soon:2026-12-04`,
      `2026-12-01 chase:${a.id}:progress-request:2026-12`,
      `2026-12-04 chase:${a.id}:due-today:2026-12-04`,
      `2026-12-11 chase:${a.id}:overdue:2026-12-11`,
      `2026-12-18 chase:${a.id}:overdue:2026-12-18`,
      `2026-12-18 chase:${a.id}:escalation:2026-12-04`,
      // Christmas Day and the Boxing Day substitute are bank holidays.
      `2026-12-29 chase:${a.id}:overdue:2026-12-25`,
    ]);
    // The lead is chased; the chair of the governing body (QA) gets the escalation.
    expect(f.outbox.batch(`chase:${a.id}:overdue:2026-12-11`).map((d) => d.recipientAad)).toEqual([f.aadOf('p-psw')]);
    const escalation = f.outbox.batch(`chase:${a.id}:escalation:2026-12-04`);
    expect(escalation.map((d) => d.recipientAad)).toEqual([f.aadOf('p-csf-csc-head')]);
    expect(cardText(escalation[0]!.card)).toContain('Escalated to you as chair of Quality Assurance Sub Group: 14 days overdue');
    expect(cardText(f.outbox.batch(`chase:${a.id}:due-soon:2026-12-04`)[0]!.card)).toContain('Reminder: due in 7 days, on Fri 4 Dec 2026.');
  });

  it('sends nothing before the reminder hour, and reads only the actions with a reminder due', async () => {
    await anAction(f, { dueDate: '2026-12-04' });
    for (let i = 0; i < 20; i++) await anAction(f, { dueDate: '2027-03-31' });
    expect((await f.service.chaseDue(new Date('2026-11-27T08:59:00Z'))).candidates).toBe(0);
    f.repo.store.reads = 0;
    const report = await f.service.chaseDue(at9('2026-11-27'));
    expect(report).toMatchObject({ candidates: 1, reminders: 1, queued: 1 });
    expect(f.repo.store.reads).toBe(1);
  });

  it('the same job run twice at the same time sends once', async () => {
    const a = await anAction(f, { leads: ['agency:met-police'] });
    const [first, second] = await Promise.all([f.service.chaseDue(at9('2026-11-27')), f.service.chaseDue(at9('2026-11-27'))]);
    expect(first.queued + second.queued).toBe(2);
    expect(f.outbox.batch(`chase:${a.id}:due-soon:2026-12-04`).map((d) => d.recipientAad).sort()).toEqual(
      [f.aadOf('p-cait-rep'), f.aadOf('p-police-di')].sort(),
    );
  });

  it('two instances over one stored outbox send each card once', async () => {
    const repo = new MemoryOutboxRepo();
    const conversations = new MemoryConversationRefRepo();
    const notifier = new RecordingNotifier();
    const outboxes = ['one', 'two'].map(
      (instanceId) =>
        new OutboxService({ repo, conversations, notifier, clock: f.clock, log: silentLog, limiter: { acquire: async () => {} }, instanceId }),
    );
    const [one, two] = outboxes.map((o) => f.make(o as Outbox));
    const actions = [await anAction(f, { leads: ['seat:qa-psw'] }), await anAction(f, { leads: ['agency:met-police'] })];
    await conversations.add('merton-2015', f.aadOf('p-psw'), f.aadOf('p-cait-rep'), f.aadOf('p-police-di'));
    f.clock.set(at9('2026-11-27'));
    await Promise.all([one!.chaseDue(at9('2026-11-27')), two!.chaseDue(at9('2026-11-27'))]);
    await Promise.all(outboxes.map((o) => o.drain()));
    const dueSoon = notifier.sent.filter((s) => cardText(s.card).includes('due in 7 days'));
    expect(dueSoon).toHaveLength(3);
    expect(dueSoon.map((s) => s.aadObjectId).sort()).toEqual([f.aadOf('p-psw'), f.aadOf('p-cait-rep'), f.aadOf('p-police-di')].sort());
    expect(actions.map((a) => f.repo.items.get(a.id)!.nextChaseOn)).toEqual(['2026-12-04', '2026-12-04']);
  });

  it('a crash between the ledger and the send resends exactly once on restart', async () => {
    const repo = new MemoryOutboxRepo();
    const conversations = new MemoryConversationRefRepo();
    const notifier = new RecordingNotifier();
    const outbox = () => new OutboxService({ repo, conversations, notifier, clock: f.clock, log: silentLog, limiter: { acquire: async () => {} }, instanceId: randomUUID() });
    const a = await anAction(f);
    await conversations.add('merton-2015', f.aadOf('p-psw'));
    f.clock.set(at9('2026-11-27'));
    // The reminder is written to the outbox (the ledger), then the instance dies before the action is marked handled.
    f.repo.failReplaces = 1;
    await f.make(outbox() as Outbox).chaseDue(at9('2026-11-27'));
    expect(f.repo.items.get(a.id)!.nextChaseOn).toBe('2026-11-27');
    expect(notifier.sent).toHaveLength(0);
    // Restart: the chase runs again (queues nothing new) and the next drain sends the queued card once.
    const restarted = outbox();
    const again = await f.make(restarted as Outbox).chaseDue(at9('2026-11-27'));
    expect(again.queued).toBe(0);
    await restarted.drain();
    await restarted.drain();
    expect(notifier.sent.map((s) => s.aadObjectId)).toEqual([f.aadOf('p-psw')]);
    expect(f.repo.items.get(a.id)!.nextChaseOn).toBe('2026-12-04');
  });

  it('stops chasing a completed action', async () => {
    const a = await anAction(f);
    await f.service.complete(await f.actor('p-psw'), { actionId: a.id });
    expect(f.repo.items.get(a.id)!.nextChaseOn).toBeUndefined();
    await chaseEveryDay('2026-11-25', '2026-12-20');
    expect(f.outbox.batchesStartingWith(`chase:${a.id}`)).toEqual([]);
  });

  it('reminds reporting chairs before the board meeting, once', async () => {
    // Board on Tue 5 Jan 2027 (first Tuesday of a cadence month): reports due Thu 17 Dec, reminders Thu 10 Dec.
    f.clock.set(at9('2026-12-09'));
    expect((await f.service.reportReminders(at9('2026-12-09'))).reminders).toBe(0);
    f.clock.set(at9('2026-12-10'));
    const first = await f.service.reportReminders(at9('2026-12-10'));
    expect((await f.service.reportReminders(at9('2026-12-10'))).reminders).toBe(0);
    const batches = f.outbox.batchesStartingWith('report:');
    expect(batches).toContain('report:mscb-qa:2027-01-05:5');
    expect(first.reminders).toBe(batches.length);
    expect(f.outbox.batch('report:mscb-policy:2027-01-05:5').map((d) => d.recipientAad)).toEqual([f.aadOf('p-policy-chair')]);
    expect(cardText(f.outbox.batch('report:mscb-qa:2027-01-05:5')[0]!.card)).toContain('due by Thu 17 Dec 2026');
  });
});

describe('board meetings for report reminders', () => {
  it('takes the scheduled meetings when there are any, and the cadence otherwise', async () => {
    const d = new Directory(f.partnership);
    const scheduled = [{ date: '2027-01-19' }, { date: '2027-01-19' }, { date: '2027-06-30' }, { date: '2026-11-01' }];
    const fromRepo = scheduledMeetings({ listMeetings: async () => scheduled as never });
    expect(await fromRepo.between(d, 'mscb-board', '2026-11-24', '2027-03-31')).toEqual(['2027-01-19']);
    const empty = scheduledMeetings({ listMeetings: async () => [] });
    expect(await empty.between(d, 'mscb-board', '2026-11-24', '2027-03-31')).toEqual(['2027-01-05', '2027-03-02']);
  });
});

describe("the owner's card", () => {
  it('lets a lead record progress and RAG, once however often the invoke is replayed', async () => {
    const a = await anAction(f);
    const lead = await f.actor('p-psw');
    const card = await f.service.update(lead, { actionId: a.id, note: 'Audit tool agreed', rag: 'amber' });
    expect(cardText(card)).toContain('Progress recorded.');
    await Promise.all(Array.from({ length: 20 }, () => f.service.update(lead, { actionId: a.id, note: 'Audit tool agreed', rag: 'amber' })));
    const stored = f.repo.items.get(a.id)!;
    expect(stored.rag).toBe('amber');
    expect(stored.progress.filter((p) => p.kind === 'progress')).toEqual([
      expect.objectContaining({ by: 'p-psw', note: 'Audit tool agreed', rag: { from: 'green', to: 'amber' } }),
    ]);
    expect(f.audit.entries.some((e) => e.action === 'action.update' && e.subject === a.id)).toBe(true);
  });

  it('refuses an update by someone who is not a lead, and an unknown action, storing nothing', async () => {
    const a = await anAction(f);
    await expect(f.service.update(await f.actor('p-borough-commander'), { actionId: a.id, note: 'Not mine' })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
      message: expect.stringContaining(`Only the lead of ${a.ref}`),
    });
    await expect(f.service.complete(await f.actor('p-mscb-manager'), { actionId: a.id })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(f.service.update(await f.actor('p-psw'), { actionId: 'no-such-action', note: 'x' })).rejects.toMatchObject({ code: 'ACTION.NOT_FOUND' });
    await expect(f.service.openByRef(await f.actor('p-psw'), 'A-NOPE00')).rejects.toMatchObject({ code: 'ACTION.NOT_FOUND' });
    expect(f.repo.items.get(a.id)!.progress).toHaveLength(1);
  });

  it('explains an empty update on the card and records nothing', async () => {
    const a = await anAction(f);
    const card = await f.service.update(await f.actor('p-psw'), { actionId: a.id, note: '  ', rag: 'green' });
    expect(cardText(card)).toContain('Write a progress note or choose a new RAG. Nothing was recorded.');
    expect(f.repo.items.get(a.id)!.progress).toHaveLength(1);
  });

  it("lets an agency lead's deputy update, and completes once", async () => {
    const a = await anAction(f, { bodyId: 'mscb-board', leads: ['agency:met-police'] });
    const deputy = await f.actor('p-borough-commander-deputy');
    await f.service.update(deputy, { actionId: a.id, note: 'Briefed the BCU' });
    await f.service.complete(deputy, { actionId: a.id, note: 'Done' });
    const card = await f.service.complete(deputy, { actionId: a.id });
    expect(cardText(card)).toContain('is complete');
    const stored = f.repo.items.get(a.id)!;
    expect(stored).toMatchObject({ status: 'complete', rag: 'complete' });
    expect(stored.progress.map((p) => p.kind)).toEqual(['created', 'progress', 'completed']);
  });

  it('has the lead propose a new due date and the chair of the governing body accept it; the reminders follow the new date', async () => {
    const a = await anAction(f);
    const lead = await f.actor('p-psw');
    const past = await f.service.proposeDueDate(lead, { actionId: a.id, dueDate: '2026-11-20' });
    expect(cardText(past)).toContain('The new due date must be after today');
    expect(f.repo.items.get(a.id)!.proposal).toBeUndefined();

    await f.service.proposeDueDate(lead, { actionId: a.id, dueDate: '2027-01-29', reason: 'Audit data late' });
    const stored = f.repo.items.get(a.id)!;
    expect(stored.proposal).toMatchObject({ dueDate: '2027-01-29', by: 'p-psw', reason: 'Audit data late' });
    const ask = f.outbox.batch(`due:${a.id}:proposed:${stored.proposal!.at}`);
    expect(ask.map((d) => d.recipientAad)).toEqual([f.aadOf('p-csf-csc-head')]);
    expect(JSON.stringify(ask[0]!.card)).toContain('action.accept-due');

    await expect(f.service.decideDueDate(await f.actor('p-mscb-manager'), { actionId: a.id, dueDate: '2027-01-29', accept: true })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    const chair = await f.actor('p-csf-csc-head');
    const card = await f.service.decideDueDate(chair, { actionId: a.id, dueDate: '2027-01-29', accept: true });
    expect(cardText(card)).toContain('Accepted');
    await f.service.decideDueDate(chair, { actionId: a.id, dueDate: '2027-01-29', accept: true });
    const moved = f.repo.items.get(a.id)!;
    expect(moved).toMatchObject({ dueDate: '2027-01-29', nextChaseOn: '2027-01-22' });
    expect(moved.proposal).toBeUndefined();
    expect(moved.progress.map((p) => p.kind)).toEqual(['created', 'due-proposed', 'due-accepted']);
    expect(f.outbox.batchesStartingWith(`due:${a.id}:decided:`)).toHaveLength(1);
    await chaseEveryDay('2026-11-25', '2027-01-22');
    expect(f.outbox.batchesStartingWith(`chase:${a.id}`)).toEqual([`chase:${a.id}:due-soon:2027-01-29`]);
  });

  it('lets the chair decline, keeping the due date', async () => {
    const a = await anAction(f);
    await f.service.proposeDueDate(await f.actor('p-psw'), { actionId: a.id, dueDate: '2027-01-29' });
    await f.service.decideDueDate(await f.actor('p-csf-csc-head'), { actionId: a.id, dueDate: '2027-01-29', accept: false, reason: 'Needed for the board' });
    expect(f.repo.items.get(a.id)).toMatchObject({ dueDate: '2026-12-04', nextChaseOn: '2026-11-27' });
    await expect(f.service.decideDueDate(await f.actor('p-csf-csc-head'), { actionId: a.id, dueDate: '2027-01-29', accept: true })).rejects.toMatchObject({
      code: 'ACTION.NO_PROPOSAL',
    });
  });
});

describe('looking up and confidentiality', () => {
  it('lists my actions, including those I lead through my agency on the governing body', async () => {
    await anAction(f, { description: 'Mine by seat', leads: ['seat:qa-psw'] });
    await anAction(f, { description: 'Police on QA', leads: ['agency:met-police'] });
    await anAction(f, { description: 'Police on the board', bodyId: 'mscb-board', leads: ['agency:met-police'], dueDate: '2027-01-29' });
    const psw = cardText(await f.service.myActions(await f.actor('p-psw')));
    expect(psw).toContain('Mine by seat');
    expect(psw).not.toContain('Police');
    const commander = cardText(await f.service.myActions(await f.actor('p-borough-commander')));
    expect(commander).toContain('Police on the board');
    expect(commander).not.toContain('Police on QA');
  });

  it("lists a body's actions for its chair and the manager, not for members, and knows bodies by short names", async () => {
    await anAction(f, { description: 'QA audit' });
    expect(cardText(await f.service.bodyActions(await f.actor('p-csf-csc-head'), ''))).toContain('QA audit');
    expect(cardText(await f.service.bodyActions(await f.actor('p-mscb-manager'), 'qa'))).toContain('QA audit');
    await expect(f.service.bodyActions(await f.actor('p-psw'), 'qa')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(f.service.bodyActions(await f.actor('p-mscb-manager'), 'nowhere')).rejects.toMatchObject({ code: 'BODY.NOT_FOUND' });
  });

  it('never shows a confidential action to anyone not named: lists, digests, cards or escalations', async () => {
    const secret = await anAction(f, { description: 'Case review recommendation 3', confidential: true, viewers: ['p-designated-doctor'] });
    await anAction(f, { description: 'Open QA action' });
    expect(secret.viewers.sort()).toEqual(['p-designated-doctor', 'p-mscb-manager', 'p-psw'].sort());
    const chair = await f.actor('p-csf-csc-head');
    expect(cardText(await f.service.bodyActions(chair, 'qa'))).not.toContain('Case review');
    await expect(f.service.view(chair, secret.id)).rejects.toMatchObject({ code: 'ACTION.NOT_FOUND' });
    await expect(f.service.openByRef(chair, secret.ref)).rejects.toMatchObject({ code: 'ACTION.NOT_FOUND' });
    expect(cardText(await f.service.bodyActions(await f.actor('p-mscb-manager'), 'qa'))).toContain('Case review');
    expect(cardText(await f.service.myActions(await f.actor('p-psw')))).toContain('Case review');

    await chaseEveryDay('2026-11-25', '2026-12-21');
    await f.service.digest(at9('2026-12-21'));
    const digest = f.outbox.batch('digest:mscb-qa:2026-12-21');
    expect(digest.map((d) => d.recipientAad)).toEqual([f.aadOf('p-csf-csc-head')]);
    expect(cardText(digest[0]!.card)).toContain('Open QA action');
    expect(cardText(digest[0]!.card)).not.toContain('Case review');
    // The QA chair is not named, so the escalation goes to nobody rather than to them.
    expect(f.outbox.batch(`chase:${secret.id}:escalation:2026-12-04`)).toEqual([]);
    for (const d of f.outbox.deliveries.values()) {
      if (cardText(d.card).includes('Case review')) expect([f.aadOf('p-psw'), f.aadOf('p-mscb-manager'), f.aadOf('p-designated-doctor')]).toContain(d.recipientAad);
    }
  });

  it("sends each sub-group chair a weekly digest of the body's overdue, open and recently completed actions, once a week", async () => {
    const overdue = await anAction(f, { description: 'Overdue audit' });
    const done = await anAction(f, { description: 'Finished audit', dueDate: '2027-01-29' });
    await anAction(f, { description: 'Policy work', bodyId: 'mscb-policy', leads: ['role:chair@mscb-policy'] });
    f.clock.set(at9('2026-12-07'));
    await f.service.complete(await f.actor('p-psw'), { actionId: done.id, note: 'Signed off' });
    await f.service.digest(at9('2026-12-07'));
    await f.service.digest(at9('2026-12-08'));
    expect(f.outbox.batchesStartingWith('digest:').sort()).toEqual(['digest:mscb-policy:2026-12-07', 'digest:mscb-qa:2026-12-07']);
    const text = cardText(f.outbox.batch('digest:mscb-qa:2026-12-07')[0]!.card);
    expect(text).toMatch(/Overdue[\s\S]*Overdue audit[\s\S]*Completed in the last week[\s\S]*Finished audit/);
    expect(text).toContain('Signed off');
    expect(overdue.id).toBeTruthy();
  });
});

describe('importing the action register', () => {
  const csv = [
    'Ref,Objectives,Action,Who,Governance oversight,When?,RAG',
    'BP-2.1a,2.1,"To approve the DVA Strategy",Policy Sub-Group,Policy Sub-Group,January 2027,Amber',
    'BP-2.2a,2.2,"Re-audit neglect, and feed back lessons",QA chair,QA,31/03/2027,Green',
  ].join('\n');

  it('stores every row, or none: a bad row is reported with its line number', async () => {
    const manager = await f.actor('p-mscb-manager');
    const bad = await f.service.importCsv(manager, { formId: randomUUID(), csv: `${csv}\nBP-9,9,"Broken",Nobody,QA,2027-01-01,Green` });
    const text = cardText(bad);
    expect(text).toContain('Nothing was stored');
    expect(text).toContain('Line 4: the lead "Nobody"');
    expect(f.repo.items.size).toBe(0);

    const malformed = await f.service.importCsv(manager, { formId: randomUUID(), csv: `${csv}\nBP-9,9,"never closed,QA chair,QA,2027-01-01,Green` });
    expect(cardText(malformed)).toContain('Line 4: a quote is opened here and never closed.');
    expect(f.repo.items.size).toBe(0);

    const formId = randomUUID();
    const ok = await f.service.importCsv(manager, { formId, csv, source: 'business-plan' });
    expect(cardText(ok)).toContain('Imported 2 actions');
    expect([...f.repo.items.values()].map((a) => [a.ref, a.bodyId, a.dueDate, a.rag, a.source])).toEqual([
      ['BP-2.1a', 'mscb-policy', '2027-01-31', 'amber', 'business-plan'],
      ['BP-2.2a', 'mscb-qa', '2027-03-31', 'green', 'business-plan'],
    ]);
    expect(cardText(await f.service.importCsv(manager, { formId, csv }))).toContain('Already imported');
    expect(f.repo.items.size).toBe(2);
    const again = await f.service.importCsv(manager, { formId: randomUUID(), csv });
    expect(cardText(again)).toContain('the ref "BP-2.1a" is already used');
    expect(f.repo.items.size).toBe(2);
  });

  it("refuses rows for bodies a chair does not chair", async () => {
    const card = await f.service.importCsv(await f.actor('p-csf-csc-head'), { formId: randomUUID(), csv });
    expect(cardText(card)).toContain('Line 2: you cannot add actions for Policy Sub Group');
    expect(f.repo.items.size).toBe(0);
  });
});
