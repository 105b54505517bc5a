import { describe, expect, it } from 'vitest';
import { dashboardUseCases } from '../../../services/dashboard/index.js';
import type { AgencyReturn, ReturnRound } from '../../../services/domain/returns.js';
import { returnsFixture } from '../../support/returns-fixture.js';

/** The annual report's returns (#20): the year's Section 11 round by agency and the data set's quarters with their gaps. */

const round = (over: Partial<ReturnRound> & Pick<ReturnRound, 'id' | 'kind' | 'period' | 'agencyIds'>): ReturnRound => ({
  partnershipId: '',
  title: over.id,
  deadline: '2026-06-30T16:00:00.000Z',
  standards: [],
  indicators: [],
  reminderWorkingDays: [],
  qaBodyId: 'mscb-qa',
  createdBy: 'p-mscb-manager',
  openedAt: '2026-05-01T09:00:00.000Z',
  ...over,
});

const ret = (r: ReturnRound, agencyId: string, over: Partial<AgencyReturn> = {}): AgencyReturn => ({
  id: `${r.id}:${agencyId}`,
  partnershipId: r.partnershipId,
  roundId: r.id,
  agencyId,
  kind: r.kind,
  period: r.period,
  status: 'submitted',
  standards: [],
  figures: [],
  history: [],
  ...over,
});

async function setup() {
  const f = await returnsFixture('2026-11-24T10:00:00.000Z');
  const manager = await f.actor('p-mscb-manager');
  const partnershipId = manager.directory.partnership.id;
  const standards = ['s1', 's2', 's3'].map((id) => ({ id, text: `Standard ${id}` }));
  const s11 = round({ id: 's11-2026', kind: 'section-11', period: '2026', agencyIds: ['met-police', 'cafcass'], standards, partnershipId });
  const older = round({ id: 's11-2025', kind: 'section-11', period: '2025', agencyIds: ['met-police'], standards, partnershipId });
  const indicators = [
    { id: 'i1', text: 'Indicator one', unit: 'count', agencyId: 'met-police' },
    { id: 'i2', text: 'Indicator two', unit: 'count', agencyId: 'swlstg' },
  ];
  const q1 = round({ id: 'ds-2026-Q1', kind: 'data-set', period: '2026-Q1', agencyIds: ['met-police', 'swlstg'], indicators, partnershipId });
  const q2 = round({ id: 'ds-2026-Q2', kind: 'data-set', period: '2026-Q2', agencyIds: ['met-police', 'swlstg'], indicators, partnershipId });
  const lastYear = round({ id: 'ds-2025-Q4', kind: 'data-set', period: '2025-Q4', agencyIds: ['met-police'], indicators, partnershipId });
  for (const r of [s11, older, q1, q2, lastYear]) await f.repo.createRound(r);
  await f.repo.createReturns([
    ret(s11, 'met-police', {
      standards: [
        { standardId: 's1', rating: 'green', actions: [] },
        { standardId: 's2', rating: 'amber', actions: [{ what: 'Audit', lead: 'Head of safeguarding', due: '2026-09-30' }] },
        { standardId: 's3', rating: 'green', actions: [] },
      ],
      evaluation: { text: 'Agreed', verdicts: {}, by: 'p-mscb-manager', at: '2026-05-20T10:00:00.000Z' },
    }),
    ret(s11, 'cafcass', { status: 'not-returned' }),
    ret(older, 'met-police', { standards: [{ standardId: 's1', rating: 'red', actions: [] }] }),
    ret(q1, 'met-police', { figures: [{ indicatorId: 'i1', value: 0 }] }),
    // A figure left blank on a submitted return: a gap, never 0.
    ret(q1, 'swlstg', { figures: [{ indicatorId: 'i2' }] }),
    ret(q2, 'met-police', { figures: [{ indicatorId: 'i1', value: 7 }] }),
    ret(q2, 'swlstg', { status: 'draft', figures: [{ indicatorId: 'i2', value: 3 }] }),
    ret(lastYear, 'met-police', { figures: [{ indicatorId: 'i1', value: 99 }] }),
  ]);
  const none = { consultations: async () => [], answers: async () => [] };
  const dashboard = dashboardUseCases({
    consultations: none,
    attendance: { attendance: async () => ({ meetings: [], registers: [], apologies: [], pendingReviews: [] }) },
    actions: { actions: async () => [], policies: async () => [] },
    returns: f.repo,
    clock: f.clock,
    reminderHour: 9,
  });
  return { f, manager, dashboard };
}

describe('the annual report’s returns', () => {
  it('shows the year’s Section 11 round per agency: counts only for a return made, not returned as such, and the peer review', async () => {
    const { manager, dashboard } = await setup();
    const view = await dashboard.annualReport(manager, '2026');
    const s11 = view.returns.section11!;
    expect(s11.round.id).toBe('s11-2026');
    expect(s11.standards).toBe(3);
    expect(s11.agencies).toEqual([
      expect.objectContaining({ agencyId: 'met-police', status: 'submitted', counts: { green: 2, amber: 1, red: 0 }, reviewed: true }),
      expect.objectContaining({ agencyId: 'cafcass', status: 'not-returned', counts: null, reviewed: false }),
    ]);
    expect((await dashboard.annualReport(manager, '2025')).returns.section11!.agencies).toEqual([
      expect.objectContaining({ agencyId: 'met-police', counts: { green: 0, amber: 0, red: 1 } }),
    ]);
    expect((await dashboard.annualReport(manager, '2024')).returns.section11).toBeUndefined();
  });

  it('shows the data set’s quarters of the year per indicator: a blank or unsubmitted figure is a gap, a reported 0 is a figure', async () => {
    const { manager, dashboard } = await setup();
    const { dataSet } = (await dashboard.annualReport(manager, '2026')).returns;
    expect(dataSet.periods).toEqual(['2026-Q1', '2026-Q2']);
    const [i1, i2] = dataSet.indicators;
    expect(i1).toMatchObject({ id: 'i1', reported: ['2026-Q1', '2026-Q2'], gaps: 0, cells: { '2026-Q1': { kind: 'value', value: 0 }, '2026-Q2': { kind: 'value', value: 7 } } });
    expect(i2).toMatchObject({ id: 'i2', reported: [], gaps: 2, cells: { '2026-Q1': { kind: 'not-returned' }, '2026-Q2': { kind: 'not-returned' } } });
    expect(dataSet.gapAgencies).toEqual({ '2026-Q1': 1, '2026-Q2': 1 });
  });

  it('is the annual report’s: an agency member without a chair is refused', async () => {
    const { f, dashboard } = await setup();
    await expect(dashboard.annualReport(await f.actor('p-cafcass'), '2026')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});
