import { beforeAll, describe, expect, it } from 'vitest';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import {
  actorLeadKeys,
  cadenceMeetingDates,
  canSee,
  chaseBatchId,
  chaseDay,
  digestSlot,
  findBody,
  isLead,
  leadKey,
  leadPeople,
  nextChaseOn,
  parseLead,
  remindersDue,
  reportRemindersDue,
  scheduled,
  shortRef,
  type ActionItem,
} from '../../../services/domain/action.js';
import { addDays } from '../../../services/domain/calendar.js';
import { Directory } from '../../../services/domain/directory.js';
import { policyNextChaseOn, policyRemindersDue, scheduledPolicy } from '../../../services/domain/policy-document.js';

let d: Directory;
beforeAll(async () => {
  d = new Directory(await readPartnershipFile('partnerships/merton-2015.json'));
});

type Chase = Pick<ActionItem, 'status' | 'dueDate' | 'source' | 'scheduleFrom' | 'chasedThrough' | 'nextChaseOn'>;

/** A daily sweep from `from` to `to`, as the job runs it: only on days `nextChaseOn` has come. */
function sweepDaily(a: Omit<Chase, 'scheduleFrom'>, from: string, to: string): string[] {
  let x: Chase = scheduled({ ...a, scheduleFrom: from }, from);
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (!x.nextChaseOn || x.nextChaseOn > day) {
      expect(remindersDue(x, day)).toEqual([]);
      continue;
    }
    for (const r of remindersDue(x, day)) out.push(`${day} ${r.kind} ${r.slot} → ${r.audience}`);
    x = { ...x, chasedThrough: day, nextChaseOn: nextChaseOn({ ...x, chasedThrough: day }, day) };
    expect(remindersDue(x, day)).toEqual([]);
  }
  return out;
}

describe('chasing an action (domain.md §5 defaults)', () => {
  it('reminds 7 days before, on the day, weekly while overdue, and escalates after 14 days, each once on a working day', () => {
    // Due Fri 4 Dec 2026; Christmas Day (Fri 25) and the Boxing Day substitute (Mon 28) are bank holidays.
    expect(sweepDaily({ status: 'open', dueDate: '2026-12-04', source: 'meeting' }, '2026-11-24', '2027-01-10')).toEqual([
      '2026-11-27 due-soon 2026-12-04 → leads',
      '2026-12-04 due-today 2026-12-04 → leads',
      '2026-12-11 overdue 2026-12-11 → leads',
      '2026-12-18 overdue 2026-12-18 → leads',
      '2026-12-18 escalation 2026-12-04 → chair',
      '2026-12-29 overdue 2026-12-25 → leads',
      '2027-01-04 overdue 2027-01-01 → leads',
      '2027-01-08 overdue 2027-01-08 → leads',
    ]);
  });

  it('brings a reminder that falls on a bank holiday forward to the working day before', () => {
    // Due Mon 4 Jan 2027: seven days before is Mon 28 Dec, the Boxing Day substitute; 25 Dec is Christmas.
    expect(sweepDaily({ status: 'open', dueDate: '2027-01-04', source: 'meeting' }, '2026-11-24', '2027-01-05')).toEqual([
      '2026-12-24 due-soon 2027-01-04 → leads',
      '2027-01-04 due-today 2027-01-04 → leads',
    ]);
  });

  it('sends the due-today reminder of a Saturday due date on the Friday', () => {
    const a = scheduled({ status: 'open' as const, dueDate: '2026-12-05', source: 'meeting' as const, scheduleFrom: '2026-11-24' }, '2026-11-24');
    expect(remindersDue(a, '2026-12-04').map((r) => r.kind)).toEqual(['due-today']);
  });

  it('asks the leads of business-plan actions for progress on the first working day of each month', () => {
    const out = sweepDaily({ status: 'open', source: 'business-plan' }, '2026-11-24', '2027-02-28');
    // 1 Jan 2027 is a bank holiday, so January's request goes on Mon 4 Jan.
    expect(out).toEqual([
      '2026-12-01 progress-request 2026-12 → leads',
      '2027-01-04 progress-request 2027-01 → leads',
      '2027-02-01 progress-request 2027-02 → leads',
    ]);
    expect(sweepDaily({ status: 'open', source: 'meeting' }, '2026-11-24', '2027-02-28')).toEqual([]);
  });

  it('sends only the latest reminder after days without a sweep, and nothing twice', () => {
    const a = scheduled({ status: 'open' as const, dueDate: '2026-12-04', source: 'meeting' as const, scheduleFrom: '2026-11-24' }, '2026-11-24');
    expect(remindersDue(a, '2026-12-04').map((r) => r.kind)).toEqual(['due-today']);
    expect(remindersDue(a, '2026-12-21').map((r) => `${r.kind} ${r.slot}`)).toEqual(['overdue 2026-12-18', 'escalation 2026-12-04']);
    const handled = { ...a, chasedThrough: '2026-12-21' };
    expect(remindersDue(handled, '2026-12-21')).toEqual([]);
    expect(nextChaseOn(handled, '2026-12-21')).toBe('2026-12-29');
  });

  it('does not chase a complete action, and schedules nothing before it existed', () => {
    expect(remindersDue({ status: 'complete', dueDate: '2026-12-04', source: 'meeting', scheduleFrom: '2026-11-24' }, '2026-12-04')).toEqual([]);
    expect(nextChaseOn({ status: 'complete', dueDate: '2026-12-04', source: 'meeting', scheduleFrom: '2026-11-24' }, '2026-12-01')).toBeUndefined();
    // Created on 1 Dec, due 4 Dec: the due-soon day (27 Nov) had passed, so the first reminder is on the day.
    const late = scheduled({ status: 'open' as const, dueDate: '2026-12-04', source: 'meeting' as const, scheduleFrom: '2026-12-01' }, '2026-12-01');
    expect(late.nextChaseOn).toBe('2026-12-04');
  });

  it('names each reminder by item, reason and slot: the outbox batch, so the ledger entry is one per recipient', () => {
    expect(chaseBatchId('a1', { kind: 'overdue', slot: '2026-12-11' })).toBe('chase:a1:overdue:2026-12-11');
    expect(chaseBatchId('a1', { kind: 'progress-request', slot: '2026-12' })).not.toMatch(/[/\\?#]/);
  });

  it('works for the London date, from the reminder hour', () => {
    expect(chaseDay(new Date('2026-12-04T08:59:00Z'), 9)).toBe('2026-12-03');
    expect(chaseDay(new Date('2026-12-04T09:00:00Z'), 9)).toBe('2026-12-04');
    // Summer time: 08:30 UTC is 09:30 in London.
    expect(chaseDay(new Date('2026-06-01T08:30:00Z'), 9)).toBe('2026-06-01');
    expect(chaseDay(new Date('2026-06-01T07:59:00Z'), 9)).toBe('2026-05-31');
  });
});

describe('digests and reports', () => {
  it('sends the weekly digest from the first working day of the week', () => {
    expect(digestSlot('2026-11-30')).toBe('2026-11-30');
    expect(digestSlot('2026-12-02')).toBe('2026-11-30');
    // Mon 28 Dec 2026 is a bank holiday: the digest waits for Tuesday.
    expect(digestSlot('2026-12-28')).toBeUndefined();
    expect(digestSlot('2026-12-29')).toBe('2026-12-28');
  });

  it("derives board meetings from the cadence: the first Tuesday of the board's months", () => {
    expect(cadenceMeetingDates(d.body('mscb-board')!, '2026-11-24', '2027-12-31')).toEqual(['2027-01-05', '2027-03-02', '2027-06-01', '2027-09-07']);
    expect(cadenceMeetingDates(d.body('mscb-qa')!, '2026-11-24', '2027-12-31')).toEqual([]);
  });

  it('reminds a reporting chair 5 working days before the report is due, 10 working days before the board', () => {
    const reporting = d.body('mscb-qa')!.reporting!;
    // Board on Tue 5 Jan 2027: the report is due Thu 17 Dec (Christmas holidays skipped); the reminder goes Thu 10 Dec.
    expect(reportRemindersDue(reporting, ['2027-01-05'], '2026-12-09')).toEqual([]);
    expect(reportRemindersDue(reporting, ['2027-01-05'], '2026-12-10')).toEqual([
      { meetingDate: '2027-01-05', reportDue: '2026-12-17', workingDaysBefore: 5, fireOn: '2026-12-10' },
    ]);
    expect(reportRemindersDue(reporting, ['2027-01-05'], '2026-12-18')).toEqual([]);
  });
});

describe('leads and visibility', () => {
  it('reads leads as registers write them: seats, roles, agencies and bodies', () => {
    expect(parseLead('seat:qa-psw', d)).toEqual({ kind: 'seat', seatId: 'qa-psw' });
    expect(parseLead('met-police', d)).toEqual({ kind: 'agency', agencyId: 'met-police' });
    expect(parseLead('Metropolitan Police Service (Merton Borough)', d)).toEqual({ kind: 'agency', agencyId: 'met-police' });
    expect(parseLead('Learning and Development Sub-Group', d)).toEqual({ kind: 'role', office: 'chair', bodyId: 'mscb-ld' });
    expect(parseLead('The BIG', d)).toEqual({ kind: 'role', office: 'chair', bodyId: 'mscb-big' });
    expect(parseLead('PPYPS', d)).toEqual({ kind: 'role', office: 'chair', bodyId: 'mscb-ppyp' });
    expect(parseLead('QA chair', d)).toEqual({ kind: 'role', office: 'chair', bodyId: 'mscb-qa' });
    expect(parseLead('MSCB Business Manager', d)).toEqual({ kind: 'role', office: 'manager', bodyId: 'mscb-board' });
    expect(parseLead('The Independent Chair', d)).toEqual({ kind: 'role', office: 'independent-chair', bodyId: 'mscb-board' });
    expect(parseLead('Someone from the moon', d)).toBeUndefined();
    expect(findBody('MSCB', d)?.id).toBe('mscb-board');
    expect(findBody('Policy Sub-Group', d)?.id).toBe('mscb-policy');
  });

  it('resolves leads to people: the holder, with deputies for updates; an agency through its seats on the governing body', () => {
    const byRole = { leads: [parseLead('QA chair', d)!], bodyId: 'mscb-qa' };
    expect(leadPeople(byRole, d, { deputies: false })).toEqual(['p-csf-csc-head']);
    const police = { leads: [{ kind: 'agency' as const, agencyId: 'met-police' }], bodyId: 'mscb-board' };
    expect(leadPeople(police, d, { deputies: false })).toContain('p-borough-commander');
    expect(isLead(police, 'p-borough-commander-deputy', d)).toBe(true);
    expect(leadPeople(police, d, { deputies: false })).not.toContain('p-borough-commander-deputy');
    // On QA the police lead through their QA seats, not the Borough Commander's board seat.
    const onQa = { leads: [{ kind: 'agency' as const, agencyId: 'met-police' }], bodyId: 'mscb-qa' };
    expect(leadPeople(onQa, d, { deputies: false }).sort()).toEqual(['p-cait-rep', 'p-police-di']);
    expect(isLead(onQa, 'p-borough-commander', d)).toBe(false);
  });

  it("matches a person's lead keys to the keys stored on actions", () => {
    const keys = actorLeadKeys(d.assignmentsOf('p-csf-csc-head'));
    expect(keys).toContain(leadKey({ kind: 'role', office: 'chair', bodyId: 'mscb-qa' }));
    expect(keys).toContain(leadKey({ kind: 'agency', agencyId: 'csf' }));
    expect(actorLeadKeys(d.assignmentsOf('p-independent-chair'))).toContain('role:chair@mscb-board');
  });

  it('shows a confidential action to its named viewers only', () => {
    expect(canSee({ confidential: true, viewers: ['p-mscb-manager'] }, 'p-mscb-manager')).toBe(true);
    expect(canSee({ confidential: true, viewers: ['p-mscb-manager'] }, 'p-independent-chair')).toBe(false);
    expect(canSee({ confidential: false, viewers: [] }, 'anyone')).toBe(true);
  });

  it('makes short references that are stable and safe in ids', () => {
    expect(shortRef('A', 'x-1')).toBe(shortRef('A', 'x-1'));
    expect(shortRef('A', 'x-1')).not.toBe(shortRef('A', 'x-2'));
    expect(shortRef('A', 'x-1')).toMatch(/^A-[0-9A-Z]{6}$/);
  });
});

describe('policy review reminders (PM §10)', () => {
  const policy = (reviewDate: string, from = '2026-11-24') =>
    scheduledPolicy({ status: 'current' as const, reviewDate, scheduleFrom: from }, from);

  it('reminds the document manager 3 and 1 months before, then escalates once when overdue', () => {
    let p: ReturnType<typeof policy> = policy('2027-03-31');
    const out: string[] = [];
    for (let day = '2026-11-24'; day <= '2027-06-30'; day = addDays(day, 1)) {
      if (!p.nextChaseOn || p.nextChaseOn > day) continue;
      for (const r of policyRemindersDue(p, day)) out.push(`${day} ${r.kind} → ${r.audience}`);
      p = { ...p, chasedThrough: day, nextChaseOn: policyNextChaseOn({ ...p, chasedThrough: day }, day) };
    }
    // 28 Feb 2027 is a Sunday: the one-month reminder goes on Friday 26 Feb.
    expect(out).toEqual([
      '2026-12-31 review-3m → document-manager',
      '2027-02-26 review-1m → document-manager',
      '2027-04-01 review-overdue → policy-chair',
    ]);
  });

  it('escalates a document already overdue when it enters the register, on that day', () => {
    const p = policy('2026-06-30');
    expect(p.nextChaseOn).toBe('2026-11-24');
    expect(policyRemindersDue(p, '2026-11-24').map((r) => r.kind)).toEqual(['review-overdue']);
  });
});
