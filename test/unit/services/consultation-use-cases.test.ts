import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../services/domain/errors.js';
import { cardText } from '../../support/fake-connector.js';
import { consultationFixture, sendToBoard, type ConsultationFixture } from '../../support/consultation-fixture.js';

let f: ConsultationFixture;
beforeEach(async () => {
  f = await consultationFixture();
});

const answer = (f: ConsultationFixture, id: string) => f.repo.answers.get(id);

describe('sending a consultation', () => {
  it('refuses anyone but the manager or a chair', async () => {
    const member = await f.actor('p-borough-commander');
    expect(() => f.service.form(member)).toThrow(/Only the board manager or the chair/);
  });

  it('shows the form again with every problem, and stores nothing', async () => {
    const manager = await f.actor('p-mscb-manager');
    const outcome = await f.service.preview(manager, { formId: randomUUID(), title: '', ask: '', bodyId: 'mscb-board', deadlineDate: '2026-11-01' });
    expect(outcome).toMatchObject({ kind: 'rejected', problems: [{ code: 'missing', field: 'title' }, { code: 'missing', field: 'ask' }, { code: 'deadline-too-soon' }] });
    const text = cardText(f.present.preview(manager.directory, outcome));
    expect(text).toContain('Give the consultation a title.');
    expect(text).toContain('Say what the body is asked to do.');
    expect(text).toContain('The deadline must be at least an hour from now.');
    expect(f.repo.consultations.size).toBe(0);
  });

  it('previews without sending, then sends once however often Send is pressed', async () => {
    const manager = await f.actor('p-mscb-manager');
    const formId = randomUUID();
    const input = { formId, title: 'Threshold document', ask: 'Agree it.', bodyId: 'mscb-board', deadlineDate: '2026-12-04' };
    const preview = await f.service.preview(manager, input);
    expect(preview.kind).toBe('draft');
    expect(cardText(f.present.preview(manager.directory, preview))).toContain('Preview: nothing has been sent yet');
    expect(f.outbox.deliveries.size).toBe(0);
    await f.service.preview(manager, input);
    expect(f.repo.consultations.size).toBe(1);

    await f.service.send(manager, formId, 'card-1');
    const sent = f.outbox.deliveries.size;
    await f.service.send(manager, formId, 'card-1');
    expect(f.outbox.deliveries.size).toBe(sent);
    // Every seat-holder and deputy of the board, and the manager.
    const board = f.partnership.bodies.find((b) => b.id === 'mscb-board')!;
    const people = new Set(board.seats.flatMap((s) => [s.holderId, s.deputyId]).filter(Boolean));
    expect(sent).toBe(people.size);
  });

  it('stores a "no response" answer for every required agency when it opens', async () => {
    const id = await sendToBoard(f);
    const answers = await f.repo.listAnswers('merton-2015', id);
    const required = answers.filter((a) => a.required);
    expect(required.length).toBeGreaterThan(20);
    expect(required.every((a) => a.choice === 'none')).toBe(true);
    // The lead member (PO) is not a required responder.
    expect(answers.find((a) => a.agencyId === 'council-lead-member')?.required).toBe(false);
  });

  it('lists members who never opened the bot as not reachable', async () => {
    const manager = await f.actor('p-mscb-manager');
    const board = f.partnership.bodies.find((b) => b.id === 'mscb-board')!;
    const everyone = board.seats.flatMap((s) => [s.holderId, s.deputyId]).filter((id): id is string => !!id);
    await f.conversations.add('merton-2015', ...everyone.filter((id) => id !== 'p-borough-commander-deputy').map(f.aadOf));
    const outcome = await f.service.preview(manager, { formId: randomUUID(), title: 't', ask: 'a', bodyId: 'mscb-board', deadlineDate: '2026-12-04' });
    expect(outcome).toMatchObject({ kind: 'draft', unreachable: ['p-borough-commander-deputy'] });
    const line = cardText(f.present.preview(manager.directory, outcome)).split('\n').find((l) => l.startsWith('Not reachable'))!;
    expect(line).toContain('Not reachable, 1 (never opened Quorum in Teams): Deputy: Borough Commander, Metropolitan Police (Merton).');
  });
});

describe('answering', () => {
  it('refuses to disagree without a reason and records nothing', async () => {
    const id = await sendToBoard(f);
    const commander = await f.actor('p-borough-commander');
    const outcome = await f.service.answer(commander, { consultationId: id, agencyId: 'met-police', choice: 'disagree' });
    expect(outcome).toMatchObject({ kind: 'rejected', problems: [{ code: 'missing', field: 'reason' }] });
    expect(cardText(f.present.answered(commander.directory, outcome))).toContain('Please give a reason to disagree');
    expect(answer(f, `${id}:met-police`)?.choice).toBe('none');
  });

  it('records the answer for the agency and shows who gave it', async () => {
    const id = await sendToBoard(f);
    const commander = await f.actor('p-borough-commander');
    const outcome = await f.service.answer(commander, { consultationId: id, agencyId: 'met-police', choice: 'disagree', reason: 'Needs a police section' });
    expect(outcome).toMatchObject({ kind: 'recorded', agencyId: 'met-police', answer: { choice: 'disagree', answeredBy: 'p-borough-commander' } });
    const text = cardText(f.present.answered(commander.directory, outcome));
    expect(text).toContain('Recorded for');
    expect(text).toContain('Disagree');
    expect(text).toContain('Needs a police section');
    expect(answer(f, `${id}:met-police`)).toMatchObject({ choice: 'disagree', answeredBy: 'p-borough-commander' });
  });

  it('starts from its last copy of the answer, yet never loses or misreports an answer another instance changed meanwhile', async () => {
    const id = await sendToBoard(f);
    const elsewhere = f.anotherInstance();
    const commander = await f.actor('p-borough-commander');
    const agree = { consultationId: id, agencyId: 'met-police', choice: 'agree' as const };
    const disagree = { consultationId: id, agencyId: 'met-police', choice: 'disagree' as const, reason: 'Needs a police section' };
    await f.service.answer(commander, agree);

    // Changed on the other instance: this one's copy still says Agree.
    await elsewhere.answer(commander, disagree);
    // Agree again here: the copy says nothing changed, but the stored answer says otherwise.
    expect(await f.service.answer(commander, agree)).toMatchObject({ kind: 'changed', answer: { choice: 'agree' } });
    expect(answer(f, `${id}:met-police`)).toMatchObject({ choice: 'agree' });

    // And a change made from an overtaken copy is retried on the stored answer, not lost.
    await elsewhere.answer(commander, agree); // its copy says Disagree: a failed write, then nothing to change
    await elsewhere.answer(commander, disagree);
    await f.service.answer(commander, { ...disagree, reason: 'A different reason' });
    expect(answer(f, `${id}:met-police`)).toMatchObject({ choice: 'disagree', reason: 'A different reason' });
    expect(answer(f, `${id}:met-police`)!.history.map((h) => h.after.choice)).toEqual(['agree', 'disagree', 'agree', 'disagree', 'disagree']);
  });

  it('stores one answer when the same invoke is replayed 1,000 times', async () => {
    const id = await sendToBoard(f);
    const commander = await f.actor('p-borough-commander');
    const input = { consultationId: id, agencyId: 'met-police', choice: 'agree' as const, comment: 'Fine' };
    await Promise.all(Array.from({ length: 1000 }, () => f.service.answer(commander, input)));
    const stored = answer(f, `${id}:met-police`)!;
    expect(stored.choice).toBe('agree');
    expect(stored.history).toHaveLength(1);
  });

  it('keeps the member answer when the deputy differs, and records the conflict', async () => {
    const id = await sendToBoard(f);
    await f.service.answer(await f.actor('p-borough-commander'), { consultationId: id, agencyId: 'met-police', choice: 'agree' });
    const deputy = await f.actor('p-borough-commander-deputy');
    const outcome = await f.service.answer(deputy, {
      consultationId: id,
      agencyId: 'met-police',
      choice: 'disagree',
      reason: 'Operational concerns',
    });
    expect(outcome).toMatchObject({ kind: 'conflict', conflict: { kind: 'deputy-differs-from-member' } });
    expect(cardText(f.present.answered(deputy.directory, outcome))).toContain('a deputy cannot overturn');
    const stored = answer(f, `${id}:met-police`)!;
    expect(stored.choice).toBe('agree');
    expect(stored.conflicts).toHaveLength(1);
  });

  it('records two members of one agency answering differently as a conflict', async () => {
    const id = await sendToBoard(f);
    await f.service.answer(await f.actor('p-csf-director'), { consultationId: id, agencyId: 'csf', choice: 'agree' });
    const head = await f.actor('p-csf-education-head');
    const outcome = await f.service.answer(head, { consultationId: id, agencyId: 'csf', choice: 'disagree', reason: 'Schools not consulted' });
    expect(outcome).toMatchObject({ kind: 'conflict', conflict: { kind: 'members-differ' } });
    expect(cardText(f.present.answered(head.directory, outcome))).toContain('recorded as a conflict');
    const manager = await f.actor('p-mscb-manager');
    const tally = cardText(f.present.tally(manager.directory, await f.service.statusById(manager, id)));
    expect(tally).toContain('Conflicts for the manager');
  });

  it('refuses a non-member, an agency that is not theirs, and a consultation of another partnership', async () => {
    const id = await sendToBoard(f);
    const qaOnly = f.partnership.people.find((p) => {
      const bodies = f.partnership.bodies.filter((b) => b.seats.some((s) => s.holderId === p.id || s.deputyId === p.id));
      return bodies.length > 0 && bodies.every((b) => b.id !== 'mscb-board');
    })!;
    const outsider = (await f.directory.findActor(qaOnly.aadObjectId))!;
    // A consultation of a body they do not sit on, and were not asked, does not exist for them.
    await expect(f.service.answer(outsider, { consultationId: id, agencyId: 'met-police', choice: 'agree' })).rejects.toThrow(/could not find that consultation/);
    const commander = await f.actor('p-borough-commander');
    await expect(f.service.answer(commander, { consultationId: id, agencyId: 'csf', choice: 'agree' })).rejects.toThrow(/for that agency/);
    await expect(f.service.answer(commander, { consultationId: 'someone-elses', agencyId: 'met-police', choice: 'agree' })).rejects.toThrow(DomainError);
  });

  it('refuses a reason over the limit with a clear message', async () => {
    const id = await sendToBoard(f);
    const commander = await f.actor('p-borough-commander');
    const outcome = await f.service.answer(commander, {
      consultationId: id,
      agencyId: 'met-police',
      choice: 'disagree',
      reason: 'x'.repeat(2001),
    });
    expect(outcome).toMatchObject({ kind: 'rejected', problems: [{ code: 'too-long', field: 'reason', length: 2001, limit: 2000 }] });
    expect(cardText(f.present.answered(commander.directory, outcome))).toContain('the limit is 2000');
    expect(answer(f, `${id}:met-police`)?.choice).toBe('none');
  });

  it('lets advisory seats comment but not answer', async () => {
    const id = await sendToBoard(f);
    const doctor = await f.actor('p-designated-doctor');
    await expect(f.service.answer(doctor, { consultationId: id, agencyId: 'merton-ccg', choice: 'agree' })).rejects.toThrow(/advisory/);
    const outcome = await f.service.comment(doctor, id, 'Please add the health pathway.');
    expect(outcome.kind).toBe('commented');
    expect(cardText(f.present.commented(doctor.directory, outcome))).toContain('Your comment was recorded.');
    expect(answer(f, `${id}:merton-ccg`)?.comments).toHaveLength(1);
    expect(answer(f, `${id}:merton-ccg`)?.choice).toBe('none');
  });

  it('gives a closed card for a late answer and changes nothing', async () => {
    const id = await sendToBoard(f);
    f.clock.set('2026-12-04T17:00:01.000Z');
    await expect(
      f.service.answer(await f.actor('p-borough-commander'), { consultationId: id, agencyId: 'met-police', choice: 'agree' }),
    ).rejects.toMatchObject({ code: 'CONSULTATION.CLOSED' });
    expect(answer(f, `${id}:met-police`)?.choice).toBe('none');
  });
});

describe('votes', () => {
  it('tells non-voting seats why they cannot vote', async () => {
    const id = await sendToBoard(f, { kind: 'decision' });
    const leadMember = await f.actor('p-lead-member');
    const card = f.present.view(leadMember.directory, await f.service.view(leadMember, id));
    expect(cardText(card)).toContain('does not vote');
    expect(JSON.stringify(card)).not.toContain('consultation.respond');
  });

  it('asks the independent chair for a casting vote on a tie and announces the result to the body', async () => {
    const id = await sendToBoard(f, { kind: 'decision' });
    await f.service.answer(await f.actor('p-borough-commander'), { consultationId: id, agencyId: 'met-police', choice: 'agree' });
    await f.service.answer(await f.actor('p-csf-director'), { consultationId: id, agencyId: 'csf', choice: 'disagree', reason: 'Cost' });
    f.clock.set('2026-12-04T17:00:00.000Z');
    await f.service.closeDue();
    expect(f.repo.consultations.get(id)?.status).toBe('awaiting-casting-vote');
    const casting = f.outbox.batch(`consultation:${id}:casting`);
    expect(casting.map((d) => d.recipientAad)).toEqual([f.aadOf('p-independent-chair')]);

    await expect(f.service.castingVote(await f.actor('p-mscb-manager'), id, 'agree')).rejects.toThrow(/casting vote/);
    const chair = await f.actor('p-independent-chair');
    const outcome = await f.service.castingVote(chair, id, 'agree');
    expect(outcome.kind).toBe('decided');
    expect(cardText(f.present.casting(chair.directory, outcome))).toContain("Carried on the chair's casting vote (1 for, 1 against)");
    expect(f.repo.consultations.get(id)?.status).toBe('closed');
    expect(f.outbox.batch(`consultation:${id}:result`).length).toBeGreaterThan(30);
  });
});

describe('chasing and closing', () => {
  it('reminds silent agencies 3 and 1 working days before, once each, even when run twice', async () => {
    const id = await sendToBoard(f); // deadline Fri 4 Dec 2026 17:00
    await f.service.answer(await f.actor('p-borough-commander'), { consultationId: id, agencyId: 'met-police', choice: 'agree' });

    f.clock.set('2026-11-30T08:59:00.000Z'); // Mon 30 Nov, before 09:00
    expect((await f.service.remind()).reminders).toBe(0);
    f.clock.set('2026-12-01T09:00:00.000Z'); // Tue 1 Dec = 3 working days before
    await f.service.remind();
    await f.service.remind();
    const threeDay = f.outbox.batchesStartingWith(`reminder:${id}:`).filter((b) => b.endsWith(':3'));
    expect(threeDay.length).toBeGreaterThan(10);
    expect(threeDay.some((b) => b.includes(':met-police:'))).toBe(false);
    const before = f.outbox.deliveries.size;
    await f.service.remind();
    expect(f.outbox.deliveries.size).toBe(before);

    f.clock.set('2026-12-03T09:00:00.000Z'); // Thu 3 Dec = 1 working day before
    await f.service.remind();
    expect(f.outbox.batchesStartingWith(`reminder:${id}:`).filter((b) => b.endsWith(':1')).length).toBe(threeDay.length);
  });

  it('skips bank holidays when counting working days', async () => {
    const id = await sendToBoard(f, { deadlineDate: '2026-12-29' }); // Tue 29 Dec; 25 and 28 Dec are bank holidays
    f.clock.set('2026-12-21T09:00:00.000Z'); // Mon 21 Dec
    await f.service.remind();
    expect(f.outbox.batchesStartingWith(`reminder:${id}:`)).toEqual([]);
    f.clock.set('2026-12-22T09:00:00.000Z'); // Tue 22 Dec = 3 working days before (22, 23, 24; not 25 or 28)
    await f.service.remind();
    expect(f.outbox.batchesStartingWith(`reminder:${id}:`).length).toBeGreaterThan(0);
  });

  it('closes at the deadline: summary to chair and manager, non-responders carried to the next meeting', async () => {
    const id = await sendToBoard(f);
    await f.service.answer(await f.actor('p-borough-commander'), { consultationId: id, agencyId: 'met-police', choice: 'disagree', reason: 'Police section missing' });
    f.clock.set('2026-12-04T16:59:00.000Z');
    expect((await f.service.closeDue()).closed).toBe(0);
    f.clock.set('2026-12-04T17:00:00.000Z');
    expect((await f.service.closeDue()).closed).toBe(1);
    expect((await f.service.closeDue()).closed).toBe(0);

    const summary = f.outbox.batch(`consultation:${id}:summary`);
    expect(summary.map((d) => d.recipientAad).sort()).toEqual([f.aadOf('p-independent-chair'), f.aadOf('p-mscb-manager')].sort());
    const text = cardText(summary[0]!.card);
    expect(text).toContain('No response (never taken as agreement)');
    expect(text).toContain('Police section missing');
    const carried = await f.carryForward.listOpen('merton-2015', 'mscb-board');
    expect(carried).toHaveLength(1);
    expect(carried[0]!.agencyIds).not.toContain('met-police');
    expect(carried[0]!.agencyIds).toContain('csf');
  });
});
