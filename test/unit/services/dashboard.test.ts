import { beforeEach, describe, expect, it } from 'vitest';
import { missingText } from '../../../cards/meeting/quorum-words.js';
import { dashboardUseCases, type DashboardUseCases } from '../../../services/dashboard/index.js';
import type { Actor } from '../../../services/directory/index.js';
import { leadKey, type ActionItem, type Lead } from '../../../services/domain/action.js';
import type { Consultation } from '../../../services/domain/consultation.js';
import { Directory, type Person } from '../../../services/domain/directory.js';
import { DomainError } from '../../../services/domain/errors.js';
import { planMembership } from '../../../services/domain/membership.js';
import { attendingSeats, type AbsenceReview, type Apology, type AttendanceRecord, type Meeting } from '../../../services/domain/meeting.js';
import type { PolicyDocument } from '../../../services/domain/policy-document.js';
import type { ActionQueries, AttendanceData, ConsultationQueries } from '../../../services/ports/dashboard.js';
import { consultationFixture, sendToBoard, type ConsultationFixture } from '../../support/consultation-fixture.js';
import type { MemoryConsultationRepo } from '../../support/memory-repos.js';
import { MemoryReturnsRepo } from '../../support/memory-returns.js';

/** The dashboard's consultation reads over the in-memory repository. */
function consultationQueries(repo: MemoryConsultationRepo): ConsultationQueries {
  return {
    async consultations(partnershipId, bodyIds, opts) {
      return (await repo.listForBodies(partnershipId, bodyIds, opts.statuses)).filter(
        (c: Consultation) => (!opts.deadlineFrom || c.deadline >= opts.deadlineFrom) && (!opts.deadlineTo || c.deadline < opts.deadlineTo),
      );
    },
    async answers(partnershipId, ids) {
      return (await Promise.all(ids.map((id) => repo.listAnswers(partnershipId, id)))).flat();
    },
  };
}

const NOW = '2026-11-24T10:00:00.000Z';
let f: ConsultationFixture;
let attendance: AttendanceData;
let actions: ActionItem[];
let policies: PolicyDocument[];
let dashboard: DashboardUseCases;

const manager = () => f.actor('p-mscb-manager');
const police = () => f.actor('p-borough-commander');
const csfDeputy = () => f.actor('p-csf-director-deputy');
const qaChair = () => f.actor('p-csf-csc-head');
const independentChair = () => f.actor('p-independent-chair');
const outsider = async (): Promise<Actor> => {
  const m = await manager();
  return { ...m, person: { id: 'p-nobody', aadObjectId: 'x', displayName: 'Nobody' }, assignments: [], isManager: false };
};

beforeEach(async () => {
  f = await consultationFixture(NOW);
  attendance = { meetings: [], registers: [], apologies: [], pendingReviews: [] };
  actions = [];
  policies = [];
  const actionQueries: ActionQueries = {
    actions: async (_p, bodyIds) => actions.filter((a) => bodyIds.includes(a.bodyId)),
    policies: async () => policies,
  };
  dashboard = dashboardUseCases({
    consultations: consultationQueries(f.repo),
    attendance: { attendance: async (_p, bodyIds) => ({ ...attendance, meetings: attendance.meetings.filter((m) => bodyIds.includes(m.bodyId)) }) },
    actions: actionQueries,
    returns: new MemoryReturnsRepo(),
    clock: f.clock,
    reminderHour: 9,
  });
});

async function answeredBoardConsultation() {
  const id = await sendToBoard(f);
  await f.service.answer(await f.actor('p-csf-director'), { consultationId: id, agencyId: 'csf', choice: 'agree' });
  await f.service.answer(await police(), { consultationId: id, agencyId: 'met-police', choice: 'disagree', reason: 'Needs police input.' });
  await f.service.answer(await f.actor('p-ccg-chief-officer'), { consultationId: id, agencyId: 'merton-ccg', choice: 'agree' });
  await f.service.answer(await f.actor('p-ccg-chief-officer-deputy'), { consultationId: id, agencyId: 'merton-ccg', choice: 'disagree', reason: 'Not funded.' });
  return id;
}

const expectForbidden = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe('AUTH.FORBIDDEN');
};

describe('the consultations matrix', () => {
  it('shows the manager every agency with agree, disagree, conflict and no response, and who answered', async () => {
    const id = await answeredBoardConsultation();
    const view = await dashboard.consultations(await manager());
    expect(view.allAgencies).toBe(true);
    const col = view.columns.findIndex((c) => c.id === id);
    const cell = (agencyId: string) => view.rows.find((r) => r.agencyId === agencyId)?.cells[col];
    expect(cell('csf')?.state).toBe('agree');
    expect(cell('met-police')).toMatchObject({ state: 'disagree', reason: 'Needs police input.', answeredBy: 'Borough Commander, Metropolitan Police (Merton)' });
    expect(cell('merton-ccg')).toMatchObject({ state: 'conflict', choice: 'agree' });
    expect(cell('merton-ccg')!.conflicts).toEqual([expect.objectContaining({ as: 'deputy', choice: 'disagree', kind: 'deputy-differs-from-member', reason: 'Not funded.' })]);
    expect(cell('nhs-england-london')?.state).toBe('no-response');
    expect(cell('council-lead-member')?.state).toBe('not-required');
    expect(view.columns[col]!.counts).toMatchObject({ agree: 1, disagree: 1, conflict: 1 });
    expect(view.openItems).toEqual([expect.objectContaining({ consultationId: id, answered: 3, workingDaysLeft: 8 })]);
  });

  it("shows a member only their own agency's row", async () => {
    await answeredBoardConsultation();
    const view = await dashboard.consultations(await police());
    expect(view.allAgencies).toBe(false);
    expect(view.rows.map((r) => r.agencyId)).toEqual(['met-police']);
    expect(view.columns[0]!.counts).toEqual({ agree: 0, disagree: 1, noResponse: 0, conflict: 0 });
    expect(view.openItems[0]).toMatchObject({ answered: 1, required: 1 });
  });

  it("shows a deputy their agency's row, with the deputy's own answer", async () => {
    const id = await sendToBoard(f);
    await f.service.answer(await csfDeputy(), { consultationId: id, agencyId: 'csf', choice: 'agree' });
    const view = await dashboard.consultations(await csfDeputy());
    expect(view.rows.map((r) => r.agencyId)).toEqual(['csf']);
    expect(view.rows[0]!.cells[0]).toMatchObject({ state: 'agree', answeredAs: 'deputy' });
  });

  it('shows a sub-group chair every agency on their sub-group but only their agency on the board', async () => {
    await answeredBoardConsultation();
    const view = await dashboard.consultations(await qaChair());
    expect(view.allAgencies).toBe(false);
    expect(view.rows.map((r) => r.agencyId)).toEqual(['csf']);
  });

  it('refuses someone with no seat', async () => {
    await expectForbidden(dashboard.consultations(await outsider()));
    await expectForbidden(dashboard.nonResponse(await outsider()));
    expect(() => dashboard.me({} as never, 'dev')).toThrow();
  });
});

describe('non-response', () => {
  it('lists the silent agencies with the days past the deadline and the last reminder', async () => {
    const id = await answeredBoardConsultation();
    // Deadline Fri 4 Dec 17:00; reminders at 09:00 on 1 and 3 Dec. Closed, then seen on 9 Dec.
    f.clock.set('2026-12-05T09:00:00.000Z');
    await f.service.closeDue();
    f.clock.set('2026-12-09T12:00:00.000Z');
    const view = await dashboard.nonResponse(await manager());
    const nhse = view.agencies.find((a) => a.agencyId === 'nhs-england-london')!;
    expect(nhse).toMatchObject({ unanswered: 1, overdue: 1, maxDaysOverdue: 5 });
    expect(nhse.items[0]).toMatchObject({ consultationId: id, status: 'closed', daysOverdue: 5, lastReminder: '2026-12-03T09:00:00.000Z' });
    expect(view.agencies.some((a) => a.agencyId === 'csf' || a.agencyId === 'met-police' || a.agencyId === 'merton-ccg')).toBe(false);
  });

  it('shows an open item as not yet overdue, with no reminder before the first is due', async () => {
    await sendToBoard(f);
    const view = await dashboard.nonResponse(await police());
    expect(view.agencies).toHaveLength(1);
    expect(view.agencies[0]!.items[0]).toMatchObject({ status: 'open', daysOverdue: 0 });
    expect(view.agencies[0]!.lastReminder).toBeUndefined();
  });
});

// ---- attendance ----

const meeting = (id: string, bodyId: string, date: string, status: Meeting['status'] = 'scheduled'): Meeting => ({
  id,
  partnershipId: 'merton-2015',
  bodyId,
  date,
  time: '10:00',
  place: 'Civic Centre',
  startsAt: `${date}T09:00:00.000Z`,
  status,
  origin: 'manual',
  createdBy: 'p-mscb-manager',
  createdAt: '2026-01-01T00:00:00.000Z',
  noticeWorkingDays: 10,
  quorumWarnings: [],
  changes: [],
});

function register(m: Meeting, special: Record<string, 'present' | 'deputy' | 'apologies' | 'absent'>): AttendanceRecord {
  const body = f.partnership.bodies.find((b) => b.id === m.bodyId)!;
  const marks = Object.fromEntries(attendingSeats(body).map((s) => [s.id, { mark: special[s.id] ?? 'present' }]));
  const holders = Object.fromEntries(attendingSeats(body).map((s) => [s.id, s.holderId!]));
  return {
    id: `${m.id}:register`,
    partnershipId: m.partnershipId,
    meetingId: m.id,
    bodyId: m.bodyId,
    date: m.date,
    marks,
    holders,
    recordedBy: 'p-mscb-manager',
    recordedAt: m.startsAt,
    revision: 0,
    corrections: [],
    quorumMet: true,
  };
}

describe('attendance', () => {
  beforeEach(() => {
    const m1 = meeting('big-1', 'mscb-big', '2026-07-14', 'held');
    const m2 = meeting('big-2', 'mscb-big', '2026-09-15', 'held');
    const m3 = meeting('big-3', 'mscb-big', '2026-12-15');
    const apology: Apology = {
      id: 'big-3:apology:big-police',
      partnershipId: 'merton-2015',
      meetingId: 'big-3',
      bodyId: 'mscb-big',
      seatId: 'big-police',
      holderId: 'p-borough-commander',
      response: 'apologies',
      answeredBy: 'p-borough-commander',
      answeredAt: NOW,
      history: [],
    };
    const review: AbsenceReview = {
      id: 'absence:x',
      partnershipId: 'merton-2015',
      bodyId: 'mscb-big',
      seatId: 'big-probation',
      holderId: 'p-probation-aco',
      agencyId: 'london-probation',
      streakKey: 'x',
      kind: 'consecutive',
      summary: 'Did not attend 2 consecutive meetings in person (rule: 2).',
      meetingIds: ['big-1', 'big-2'],
      deputyMeetingIds: [],
      source: 'C §5.8',
      createdAt: '2026-09-16T09:00:00.000Z',
      status: 'pending',
    };
    // At the first meeting only three agencies came: BIG needs CSF, CCG, Police and one other.
    const few = Object.fromEntries(
      attendingSeats(f.partnership.bodies.find((b) => b.id === 'mscb-big')!)
        .filter((s) => !['big-independent-chair', 'big-csf-director', 'big-ccg'].includes(s.id))
        .map((s) => [s.id, 'absent' as const]),
    );
    attendance = {
      meetings: [m1, m2, m3],
      registers: [register(m1, { ...few, 'big-csf-director': 'deputy' }), register(m2, { 'big-probation': 'absent' })],
      apologies: [apology],
      pendingReviews: [review],
    };
  });

  it('shows the manager the whole register, recorded and forecast quorum, runs of absence and pending reviews', async () => {
    const view = await dashboard.attendance(await manager());
    expect(view.hasData).toBe(true);
    const big = view.bodies.find((b) => b.body.id === 'mscb-big')!;
    expect(big.allSeats).toBe(true);
    expect(big.meetings.map((m) => m.status)).toEqual(['held', 'held', 'scheduled']);
    expect(big.meetings[0]!.recorded).toMatchObject({ met: false });
    expect(big.meetings[0]!.recorded!.missing.map(missingText).join(' ')).toMatch(/Police/);
    expect(big.meetings[1]!.recorded).toEqual({ met: true, missing: [] });
    // The police sent apologies without a deputy, and BIG is not quorate without the police (C §4.12).
    expect(big.meetings[2]).toMatchObject({ apologies: 1, forecast: { met: false } });
    expect(big.meetings[2]!.forecast!.missing.map(missingText).join(' ')).toMatch(/Police/);
    const probation = big.seats.find((s) => s.seatId === 'big-probation')!;
    expect(probation).toMatchObject({ marks: ['absent', 'absent', null], streak: 2, streakBreach: true, attended: 0, held: 2 });
    const csf = big.seats.find((s) => s.seatId === 'big-csf-director')!;
    expect(csf.marks).toEqual(['deputy', 'present', null]);
    expect(big.seats.find((s) => s.seatId === 'big-police')!.marks[2]).toBe('apologies-sent');
    expect(big.pendingReviews).toEqual([expect.objectContaining({ seatTitle: 'Assistant Chief Officer, London Probation', holder: 'Assistant Chief Officer, London Probation' })]);
  });

  it('shows a member the meetings and quorum of their bodies but only their own seats, and no reviews', async () => {
    const view = await dashboard.attendance(await police());
    const big = view.bodies.find((b) => b.body.id === 'mscb-big')!;
    expect(big.allSeats).toBe(false);
    expect(big.seats.map((s) => s.seatId)).toEqual(['big-police']);
    expect(big.pendingReviews).toEqual([]);
    expect(view.bodies.map((b) => b.body.id)).toEqual(['mscb-board', 'mscb-big']);
  });

  it('shows a deputy the seats they deputise for', async () => {
    const view = await dashboard.attendance(await csfDeputy());
    expect(view.bodies.find((b) => b.body.id === 'mscb-big')!.seats.map((s) => s.seatId)).toEqual(['big-csf-director']);
  });

  it('says there is no data when nothing is recorded', async () => {
    attendance = { meetings: [], registers: [], apologies: [], pendingReviews: [] };
    expect((await dashboard.attendance(await manager())).hasData).toBe(false);
  });
});

// ---- actions and policies ----

function action(id: string, over: Partial<ActionItem> & { leads: Lead[] }): ActionItem {
  return {
    id,
    ref: `A-${id}`,
    partnershipId: 'merton-2015',
    source: 'meeting',
    description: `Action ${id}`,
    bodyId: 'mscb-board',
    leadKeys: over.leads.map(leadKey),
    rag: 'green',
    status: 'open',
    progress: [],
    confidential: false,
    viewers: [],
    createdBy: 'p-mscb-manager',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    scheduleFrom: '2026-01-01',
    ...over,
  };
}

describe('actions', () => {
  beforeEach(() => {
    actions = [
      action('police', { leads: [{ kind: 'agency', agencyId: 'met-police' }], dueDate: '2026-11-10', rag: 'amber' }),
      action('csf', { leads: [{ kind: 'seat', seatId: 'board-csf-director' }], dueDate: '2027-01-10', source: 'business-plan' }),
      action('qa', { bodyId: 'mscb-qa', leads: [{ kind: 'role', office: 'chair', bodyId: 'mscb-qa' }], dueDate: '2026-10-01', rag: 'red', source: 'work-plan' }),
      action('done', { leads: [{ kind: 'agency', agencyId: 'met-police' }], dueDate: '2026-09-01', rag: 'complete', status: 'complete' }),
      action('secret', {
        bodyId: 'mscb-qa',
        source: 'case-review',
        leads: [{ kind: 'seat', seatId: 'qa-designated-doctor' }],
        confidential: true,
        viewers: ['p-csf-csc-head', 'p-designated-doctor'],
        dueDate: '2026-12-30',
      }),
    ];
  });

  it('keeps a confidential action from everyone not named, whatever their role', async () => {
    const ids = async (a: Actor) => (await dashboard.actions(a)).actions.map((r) => r.id);
    expect(await ids(await manager())).not.toContain('secret');
    expect(await ids(await independentChair())).not.toContain('secret');
    expect(await ids(await qaChair())).toContain('secret');
    expect(await ids(await f.actor('p-designated-doctor'))).toContain('secret');
  });

  it("shows a chair their body's log and a member only what they or their agency lead", async () => {
    expect((await dashboard.actions(await manager())).actions.map((r) => r.id).sort()).toEqual(['csf', 'done', 'police', 'qa']);
    expect((await dashboard.actions(await independentChair())).actions.map((r) => r.id).sort()).toEqual(['csf', 'done', 'police']);
    expect((await dashboard.actions(await police())).actions.map((r) => r.id).sort()).toEqual(['done', 'police']);
    expect((await dashboard.actions(await csfDeputy())).actions.map((r) => r.id)).toEqual(['csf']);
    await expectForbidden(dashboard.actions(await outsider()));
  });

  it('counts RAG per body, lists the overdue and filters by lead, source and status', async () => {
    const view = await dashboard.actions(await manager());
    expect(view.byBody).toEqual([
      { body: expect.objectContaining({ id: 'mscb-board' }), counts: { red: 0, amber: 1, green: 1, complete: 1 } },
      { body: expect.objectContaining({ id: 'mscb-qa' }), counts: { red: 1, amber: 0, green: 0, complete: 0 } },
    ]);
    expect(view.overdue.map((r) => [r.id, r.daysOverdue])).toEqual([
      ['qa', 54],
      ['police', 14],
    ]);
    expect(view.options.sources.map((s) => s.id)).toEqual(['meeting', 'business-plan', 'work-plan']);
    expect((await dashboard.actions(await manager(), { lead: 'agency:met-police' })).actions.map((r) => r.id).sort()).toEqual(['done', 'police']);
    expect((await dashboard.actions(await manager(), { source: 'work-plan' })).actions.map((r) => r.id)).toEqual(['qa']);
    const open = await dashboard.actions(await manager(), { status: 'open', lead: 'agency:met-police' });
    expect(open.actions.map((r) => r.id)).toEqual(['police']);
    expect(open.applied).toEqual({ status: 'open', lead: 'agency:met-police' });
  });

  it('lists the policy register with reviews overdue and due soon', async () => {
    const policy = (id: string, reviewDate: string): PolicyDocument => ({
      id,
      ref: `P-${id}`,
      partnershipId: 'merton-2015',
      title: `Policy ${id}`,
      version: '1.0',
      owner: { kind: 'role', office: 'chair', bodyId: 'mscb-policy' },
      approvingBodyId: 'mscb-policy',
      approvalDate: '2024-01-01',
      reviewDate,
      documentManager: { kind: 'role', office: 'manager', bodyId: 'mscb-board' },
      status: 'current',
      history: [],
      createdBy: 'p-mscb-manager',
      createdAt: '2024-01-01T00:00:00.000Z',
      scheduleFrom: '2024-01-01',
    });
    policies = [policy('late', '2026-11-01'), policy('soon', '2027-01-15'), policy('fine', '2027-12-01')];
    const view = await dashboard.policies(await police());
    expect(view.policies.map((p) => [p.id, p.state])).toEqual([
      ['late', 'overdue'],
      ['soon', 'due-soon'],
      ['fine', 'current'],
    ]);
    expect(view.policies[0]).toMatchObject({ owner: 'Chair, Policy Sub Group', approvingBody: 'Policy Sub Group', daysToReview: -23 });
  });
});

describe('the annual report', () => {
  it('is for chairs and the manager only, over the bodies they chair', async () => {
    await expectForbidden(dashboard.annualReport(await police()));
    await expectForbidden(dashboard.annualReport(await csfDeputy()));
    expect((await dashboard.annualReport(await qaChair())).bodies.map((b) => b.id)).toEqual(['mscb-qa']);
    expect((await dashboard.annualReport(await independentChair())).bodies.map((b) => b.id)).toEqual(['mscb-board', 'mscb-big']);
    expect((await dashboard.annualReport(await manager())).bodies).toHaveLength(f.partnership.bodies.length);
    expect(dashboard.me(await police(), 'sso').views).not.toContain('annual-report');
    expect(dashboard.me(await manager(), 'sso').views).toContain('annual-report');
  });

  it('gives each agency its response rate and attendance share for the year from 1 April', async () => {
    await answeredBoardConsultation();
    f.clock.set('2026-12-05T09:00:00.000Z');
    await f.service.closeDue();
    const m = meeting('board-1', 'mscb-board', '2026-10-06', 'held');
    attendance = { meetings: [m], registers: [register(m, { 'board-police-commander': 'deputy', 'board-police-cait': 'absent' })], apologies: [], pendingReviews: [] };
    const view = await dashboard.annualReport(await manager(), '2026');
    expect(view).toMatchObject({ year: 2026, label: '2026/27', from: '2026-04-01', to: '2027-03-31' });
    const police = view.agencies.find((a) => a.agencyId === 'met-police')!;
    expect(police).toMatchObject({ required: 1, answered: 1, responseRate: 1, seatMeetings: 2, inPerson: 0, byDeputy: 1, attendanceShare: 0.5 });
    expect(view.agencies.find((a) => a.agencyId === 'nhs-england-london')).toMatchObject({ required: 1, answered: 0, responseRate: 0 });
    const previous = await dashboard.annualReport(await manager(), '2025');
    expect(previous.agencies).toEqual([]);
    await expect(dashboard.annualReport(await manager(), 'next')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
  });

  it('attributes each meeting and answer to the person and agency of the day when a member is replaced in June', async () => {
    const successor: Person = { id: 'p-new-commander', aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000c1', displayName: 'Borough Commander (from June)', guest: true, organisation: 'Metropolitan Police' };
    const next = structuredClone(f.partnership);
    next.people.push(successor);
    next.bodies.find((b) => b.id === 'mscb-board')!.seats.find((x) => x.id === 'board-police-commander')!.holderId = successor.id;
    const plan = planMembership(f.partnership, next, '2026-06-01', '2026-05-01');
    await f.directory.save(plan.result, 'test');

    f.clock.set('2026-05-05T09:00:00.000Z');
    const may = await sendToBoard(f, { deadlineDate: '2026-05-20', title: 'May consultation' });
    await f.service.answer(await police(), { consultationId: may, agencyId: 'met-police', choice: 'agree' });
    f.clock.set('2026-07-01T09:00:00.000Z');
    const july = await sendToBoard(f, { deadlineDate: '2026-07-20', title: 'July consultation' });
    await f.service.answer((await f.directory.findActor(successor.aadObjectId))!, { consultationId: july, agencyId: 'met-police', choice: 'disagree', reason: 'Not yet.' });
    f.clock.set(NOW);
    await f.service.closeDue();

    const board = (day: string) => new Directory(plan.result, day).body('mscb-board')!;
    const inMay = meeting('board-may', 'mscb-board', '2026-05-12', 'held');
    const inJuly = meeting('board-july', 'mscb-board', '2026-07-14', 'held');
    const recorded = (m: Meeting, marks: Record<string, 'present' | 'absent'>) => ({
      ...register(m, marks),
      holders: Object.fromEntries(attendingSeats(board(m.date)).map((x) => [x.id, x.holderId!])),
    });
    attendance = {
      meetings: [inMay, inJuly],
      registers: [recorded(inMay, { 'board-police-commander': 'present' }), recorded(inJuly, { 'board-police-commander': 'absent' })],
      apologies: [],
      pendingReviews: [],
    };
    const view = await dashboard.annualReport(await manager(), '2026');
    const row = (personId: string) => view.people.find((p) => p.personId === personId);
    expect(row('p-borough-commander')).toMatchObject({ agencies: ['Metropolitan Police Service (Merton Borough)'], seatMeetings: 1, attended: 1, answers: 1 });
    expect(row(successor.id)).toMatchObject({ name: 'Borough Commander (from June)', agencies: ['Metropolitan Police Service (Merton Borough)'], seatMeetings: 1, attended: 0, answers: 1 });
    expect(view.agencies.find((a) => a.agencyId === 'met-police')).toMatchObject({ required: 2, answered: 2 });
  });
});
