import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosReturnsRepo } from '../../infra/cosmos/returns.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { emptyReturns, roundIdOf, type ReturnKind, type ReturnRound } from '../../services/domain/returns.js';
import { openTestStore } from '../support/harness.js';

/** The data-set view's one query against the embedded store: its rounds, only submitted figures, one year, one partnership. */

let store: CosmosStore;
let repo: CosmosReturnsRepo;

const round = (partnershipId: string, kind: ReturnKind, period: string): ReturnRound => ({
  id: roundIdOf(kind, period),
  partnershipId,
  kind,
  period,
  title: period,
  deadline: '2026-01-30T17:00:00.000Z',
  agencyIds: ['a', 'b'],
  standards: kind === 'section-11' ? [{ id: '1', text: 'Standard' }] : [],
  indicators: kind === 'data-set' ? [{ id: '1.1', text: 'Indicator', unit: 'count', agencyId: 'a' }] : [],
  reminderWorkingDays: [3, 1],
  qaBodyId: 'qa',
  createdBy: 'p-manager',
  openedAt: '2026-01-02T10:00:00.000Z',
});

beforeAll(async () => {
  store = await openTestStore();
  repo = new CosmosReturnsRepo(store.containers.returns);
  for (const r of [round('p1', 'data-set', '2025-Q4'), round('p1', 'data-set', '2026-Q1'), round('p1', 'section-11', '2026'), round('p2', 'data-set', '2026-Q1')]) {
    await repo.createRound(r);
    await repo.createReturns(emptyReturns(r).map((x) => (x.agencyId === 'a' ? { ...x, status: 'submitted', figures: [{ indicatorId: '1.1', value: 4 }] } : x)));
  }
  // Paging must not lose any: more returns than one page of the SDK's default size.
  const big = { ...round('p1', 'data-set', '2024-Q1'), agencyIds: Array.from({ length: 150 }, (_, i) => `agency-${i}`) };
  await repo.createRound(big);
  await repo.createReturns(emptyReturns(big).map((x) => ({ ...x, status: 'submitted', figures: [] })));
});
afterAll(() => store.dispose());

describe('the data set in one query', () => {
  it("reads the partnership's data-set rounds, newest first, and only submitted returns", async () => {
    const { rounds, figures } = await repo.listDataSet('p1');
    expect(rounds.map((r) => r.period)).toEqual(['2026-Q1', '2025-Q4', '2024-Q1']);
    expect(rounds[0]).not.toHaveProperty('type');
    expect(figures.filter((f) => !f.roundId.startsWith('ds-2024'))).toEqual(
      expect.arrayContaining([
        { id: 'ds-2026-Q1:a', roundId: 'ds-2026-Q1', agencyId: 'a', status: 'submitted', figures: [{ indicatorId: '1.1', value: 4 }] },
        { id: 'ds-2025-Q4:a', roundId: 'ds-2025-Q4', agencyId: 'a', status: 'submitted', figures: [{ indicatorId: '1.1', value: 4 }] },
      ]),
    );
    expect(figures.filter((f) => !f.roundId.startsWith('ds-2024'))).toHaveLength(2);
    expect(figures.filter((f) => f.roundId === 'ds-2024-Q1')).toHaveLength(150);
  });

  it("reads one year's quarters when asked", async () => {
    const { rounds, figures } = await repo.listDataSet('p1', '2026');
    expect(rounds.map((r) => r.id)).toEqual(['ds-2026-Q1']);
    expect(figures.map((f) => f.id)).toEqual(['ds-2026-Q1:a']);
  });
});
