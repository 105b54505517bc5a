import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosActionRepo } from '../../infra/cosmos/actions.cosmos-repo.js';
import { withReserveUser } from '../../infra/playground.js';
import { startEmulatorSession, type EmulatorSession } from '../support/emulator-session.js';
import { FixedClock } from '../support/fixed-clock.js';
import { screenshotPath } from '../support/screenshots.js';

/**
 * The action register in the Teams emulator (issue #5): the board manager (user-id-0) adds a
 * Quality Assurance Sub Group action led by the Borough Commander (user-id-5); the chase job sends
 * the lead the due-soon card, on which they record progress with a new RAG and then mark it
 * complete; the QA chair's weekly digest shows it completed. The digest goes only to sub-group
 * chairs, and no loaded emulator user chairs one, so the test loads the reserve QA Chair
 * (user-id-7, commented in the yml) in place of the CCG Chief Officer (user-id-4), keeping the five
 * users the playground's schema requires.
 */

const MANAGER = 'user-id-0';
const LEAD = 'user-id-5';
const QA_CHAIR = 'user-id-7';
const PARTNERSHIP = 'merton-2015';
const DESCRIPTION = 'Audit police referrals to the MASH and report the findings to the QA Sub Group';
const PROGRESS = 'Audit sample of 40 referrals agreed with the MASH manager';
const DONE = 'Findings presented; two practice points go to the March board';

let actionsRepo: CosmosActionRepo;
const clock = new FixedClock('2026-11-24T10:00:00.000Z'); // Tue 24 Nov 2026, 10:00 in London

let session: EmulatorSession;
const actAs = (userId: string) => session.actAs(userId);

beforeAll(async () => {
  session = await startEmulatorSession({ clock, yml: (committed) => withReserveUser(committed, QA_CHAIR, 'user-id-4') });
  actionsRepo = new CosmosActionRepo(session.quorum.quorum.store.containers.actions);
});

afterAll(() => session?.stop());

describe('an action in the emulator', () => {
  it("is chased due soon, updated and completed by its lead, and shown complete in the chair's digest", async () => {
    // The manager adds the action from the form, due in 7 days.
    const manager = await actAs(MANAGER);
    const form = await manager.ask('new action');
    await manager.fillInput(form, 'What is to be done', DESCRIPTION);
    await manager.fillInput(form, 'Governed by', 'Quality Assurance Sub Group');
    await manager.fillInput(form, 'Lead(s): a seat, a role or an agency', ['Borough Commander, Metropolitan Police (Merton)']);
    await manager.fillInput(form, 'Due date', '2026-12-01');
    await manager.clickAction(form, 'Add to the register');
    const added = await manager.waitForCardText(form, 'is in the register. Its leads will be reminded 7 days before and on Tue 1 Dec 2026.');
    const ref = added.match(/Action (A-[0-9A-Z]{6})/)![1]!;
    await manager.page.close();
    const created = (await actionsRepo.getByRef(PARTNERSHIP, ref))!;
    expect(created).toMatchObject({
      bodyId: 'mscb-qa',
      description: DESCRIPTION,
      leads: [{ kind: 'seat', seatId: 'board-police-commander' }],
      dueDate: '2026-12-01',
      rag: 'green',
      status: 'open',
    });

    // With the lead current, the chase job sends the due-soon card.
    const lead = await actAs(LEAD);
    await session.quorum.quorum.scheduler.runNow('actions.chase', clock.now());
    await session.quorum.quorum.outbox.drain();
    const card = await session.deliveredCard(lead, LEAD, /^chase:/);
    const due = await lead.cardText(card);
    expect(due).toContain(`Action ${ref}`);
    expect(due).toContain(DESCRIPTION);
    expect(due).toContain('Governed by Quality Assurance Sub Group');
    expect(due).toContain('RAG Green: on track');
    await lead.screenshot(screenshotPath('action-due-soon'));

    // Progress with a new RAG later that day, then completion on Friday, from the same card.
    clock.set('2026-11-24T14:30:00.000Z');
    await lead.fillInput(card, 'Progress note', PROGRESS);
    await lead.fillInput(card, 'RAG', 'Amber: at risk');
    await lead.clickAction(card, 'Update progress');
    const updated = await lead.waitForCardText(card, 'Progress recorded.');
    expect(updated).toContain('RAG Amber: at risk');
    expect(updated).toContain(`Borough Commander, Metropolitan Police (Merton): RAG Green: on track → Amber: at risk · ${PROGRESS}`);
    expect(await actionsRepo.get(PARTNERSHIP, created.id)).toMatchObject({ rag: 'amber', status: 'open' });

    clock.set('2026-11-27T16:00:00.000Z');
    await lead.fillInput(card, 'Progress note', DONE);
    await lead.clickAction(card, 'Mark complete');
    const completed = await lead.waitForCardText(card, `${ref} is marked complete. Thank you.`);
    expect(completed).toContain('Status Complete (Fri 27 Nov 2026, 16:00)');
    expect(completed).toContain(`Marked complete · ${DONE}`);
    expect(completed).not.toContain('Update progress');
    await lead.screenshot(screenshotPath('action-complete'));
    await lead.page.close();
    const stored = (await actionsRepo.get(PARTNERSHIP, created.id))!;
    expect(stored).toMatchObject({ status: 'complete', rag: 'complete', completedAt: '2026-11-27T16:00:00.000Z' });
    expect(stored.progress.map((p) => [p.kind, p.note])).toEqual([
      ['created', undefined],
      ['progress', PROGRESS],
      ['completed', DONE],
    ]);

    // Monday's digest to the QA chair shows it completed.
    clock.set('2026-11-30T09:05:00.000Z');
    const chair = await actAs(QA_CHAIR);
    await session.quorum.quorum.scheduler.runNow('actions.digest', clock.now());
    await session.quorum.quorum.outbox.drain();
    const digest = await session.deliveredCard(chair, QA_CHAIR, /^digest:mscb-qa:/);
    const text = await chair.cardText(digest);
    expect(text).toContain('Week of Mon 30 Nov 2026 · 0 overdue, 0 open, 1 completed in the last week');
    expect(text).toContain(`Completed in the last week ${ref} · ${DESCRIPTION} Latest: ${DONE}`);
    await chair.screenshot(screenshotPath('action-digest'));
    expect(chair.errors).toEqual([]);
  });
});
