import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, atLondonTime } from '../../../services/domain/calendar.js';
import { cardText } from '../../support/fake-connector.js';
import { actionFixture, type ActionFixture } from '../../support/memory-actions.js';

let f: ActionFixture;
beforeEach(async () => {
  f = await actionFixture(); // Tue 24 Nov 2026
});

const at9 = (date: string) => atLondonTime(date, 9);

const register = [
  'Document,Version Number,Approving Committee,Date of Approval,Document Review Date,Document Manager,Owner,Website location',
  '"Neglect strategy",V2,Policy Sub Group,2024-03-31,2027-03-31,manager,Policy Sub Group,https://example.org/neglect',
  '"Self-harm protocol",V1,PPYP,2023-06-30,2026-06-30,manager,PPYP,',
  '"Threshold document",V4,MSCB,2026-10-01,,seat:policy-psw,Policy Sub Group,',
].join('\n');

async function importRegister(): Promise<string[]> {
  await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: register });
  return [...f.policyRepo.items.values()].map((p) => p.id);
}

describe('importing the policy register', () => {
  it('stores the documents with review dates defaulting to three years after approval', async () => {
    const card = await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: register });
    expect(cardText(card)).toContain('Imported 3 policies');
    const threshold = [...f.policyRepo.items.values()].find((p) => p.title === 'Threshold document')!;
    expect(threshold).toMatchObject({ reviewDate: '2029-10-01', approvingBodyId: 'mscb-board', status: 'current' });
  });

  it('stores nothing from a file with a bad row, and names the line', async () => {
    const bad = `${register}\n"Broken",V1,Nowhere,2026-01-01,,manager,,`;
    const card = await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: bad });
    expect(cardText(card)).toContain('Line 5: "Nowhere" is not one approving body');
    expect(f.policyRepo.items.size).toBe(0);
  });

  it('is for the board manager only, and refuses a document already in the register', async () => {
    const chair = await f.actor('p-policy-chair');
    expect(() => f.policies.importForm(chair)).toThrow(/Only the board manager manages the policy register/);
    await expect(f.policies.importCsv(chair, { formId: randomUUID(), csv: register })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await importRegister();
    const again = await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: register });
    expect(cardText(again)).toContain('"Neglect strategy" is already in the register');
    expect(f.policyRepo.items.size).toBe(3);
  });
});

describe('review reminders', () => {
  it('reminds the document manager 3 and 1 months ahead and escalates to the Policy sub-group chair when overdue, each once', async () => {
    await importRegister();
    const seen: string[] = [];
    for (let day = '2026-11-24'; day <= '2027-04-05'; day = addDays(day, 1)) {
      f.clock.set(at9(day));
      await f.policies.reviewReminders(at9(day));
      const before = f.outbox.deliveries.size;
      await f.policies.reviewReminders(at9(day));
      expect(f.outbox.deliveries.size).toBe(before);
      for (const d of f.outbox.deliveries.values()) {
        const key = `${d.batchId} → ${d.recipientAad}`;
        if (!seen.some((s) => s.endsWith(key))) seen.push(`${day} ${key}`);
      }
    }
    const neglect = [...f.policyRepo.items.values()].find((p) => p.title === 'Neglect strategy')!;
    const selfHarm = [...f.policyRepo.items.values()].find((p) => p.title === 'Self-harm protocol')!;
    const manager = f.aadOf('p-mscb-manager');
    const policyChair = f.aadOf('p-policy-chair');
    expect(seen).toEqual([
      // Already overdue when imported: escalated on the first day.
      `2026-11-24 chase:${selfHarm.id}:review-overdue:2026-06-30 → ${policyChair}`,
      `2026-12-31 chase:${neglect.id}:review-3m:2027-03-31 → ${manager}`,
      // 28 Feb 2027 is a Sunday.
      `2027-02-26 chase:${neglect.id}:review-1m:2027-03-31 → ${manager}`,
      `2027-04-01 chase:${neglect.id}:review-overdue:2027-03-31 → ${policyChair}`,
    ]);
    const escalation = f.outbox.batch(`chase:${neglect.id}:review-overdue:2027-03-31`)[0]!;
    expect(cardText(escalation.card)).toContain('Overdue for review since Wed 31 Mar 2027');
  });

  it('lists the documents due for review in the next three months, overdue first', async () => {
    await importRegister();
    f.clock.set(at9('2027-01-04'));
    const text = cardText(await f.policies.due(await f.actor('p-psw')));
    expect(text).toMatch(/Self-harm protocol[\s\S]*Overdue: review was due Tue 30 Jun 2026[\s\S]*Neglect strategy/);
    expect(text).not.toContain('Threshold document');
  });

  it('records a review: a new version and review date, and the reminders start again from it', async () => {
    await importRegister();
    const selfHarm = [...f.policyRepo.items.values()].find((p) => p.title === 'Self-harm protocol')!;
    const manager = await f.actor('p-mscb-manager');
    const tooLate = await f.policies.recordReview(manager, { policyId: selfHarm.id, version: 'V2', approvalDate: '2026-11-20', reviewDate: '2030-01-01' });
    expect(cardText(tooLate)).toContain('Review no later than Tue 20 Nov 2029');
    expect(f.policyRepo.items.get(selfHarm.id)!.version).toBe('V1');
    await expect(f.policies.recordReview(await f.actor('p-psw'), { policyId: selfHarm.id, version: 'V2', approvalDate: '2026-11-20' })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    const card = await f.policies.recordReview(manager, { policyId: selfHarm.id, version: 'V2', approvalDate: '2026-11-20' });
    expect(cardText(card)).toContain('Review recorded: V2, next review by Tue 20 Nov 2029');
    expect(f.policyRepo.items.get(selfHarm.id)).toMatchObject({ version: 'V2', reviewDate: '2029-11-20', nextChaseOn: '2029-08-20' });
  });
});

describe('the annual report of the register to the board', () => {
  it('goes to the board chair and the manager on the first working day of April, once however often the job runs', async () => {
    await importRegister();
    const sentOn: string[] = [];
    for (let day = '2027-03-25'; day <= '2027-04-30'; day = addDays(day, 1)) {
      f.clock.set(at9(day));
      await Promise.all([f.policies.annualReport(at9(day)), f.policies.annualReport(at9(day))]);
      if (f.outbox.batchesStartingWith('policy-register:').length && sentOn.length === 0) sentOn.push(day);
    }
    expect(sentOn).toEqual(['2027-04-01']);
    const report = f.outbox.batch('policy-register:2027');
    expect(report.map((d) => d.recipientAad).sort()).toEqual([f.aadOf('p-independent-chair'), f.aadOf('p-mscb-manager')].sort());
    const text = cardText(report[0]!.card);
    expect(text).toContain('Policy register for the board, 2027/28: 3 documents, 2 overdue for review');
    // Overdue first, then by review date.
    expect(text.indexOf('Self-harm protocol')).toBeLessThan(text.indexOf('Neglect strategy'));
    expect(text.indexOf('Neglect strategy')).toBeLessThan(text.indexOf('Threshold document'));
  });

  it('sends nothing for an empty register, and keeps a long register inside a Teams message', async () => {
    f.clock.set(at9('2027-04-01'));
    expect(await f.policies.annualReport(at9('2027-04-01'))).toEqual({ reports: 0 });
    const rows = Array.from({ length: 120 }, (_, i) => `"Procedure ${String(i + 1).padStart(3, '0')} with a long descriptive title for the register",V1,Policy Sub Group,2025-0${(i % 9) + 1}-15,,manager,Policy Sub Group,`);
    await f.policies.importCsv(await f.actor('p-mscb-manager'), { formId: randomUUID(), csv: [register.split('\n')[0], ...rows].join('\n') });
    expect(await f.policies.annualReport(at9('2027-04-01'))).toEqual({ reports: 1 });
    const card = f.outbox.batch('policy-register:2027')[0]!.card;
    expect(cardText(card)).toContain('120 documents');
    expect(cardText(card)).toContain('the 30 soonest reviews shown');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28_000);
  });
});
