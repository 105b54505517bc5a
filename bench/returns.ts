import { CosmosReturnsRepo } from '../infra/cosmos/returns.cosmos-repo.js';
import { emptyReturns, roundIdOf, type AgencyReturn, type Rating, type ReturnRound } from '../services/domain/returns.js';
import type { DataSetView, MatrixView } from '../services/domain/returns-views.js';
import { FixedClock } from '../test/support/fixed-clock.js';
import { startTestQuorum } from '../test/support/harness.js';
import { membership } from './members.js';

/**
 * Agency returns at scale: 40 agencies × 10 Section 11 standards × 7 yearly rounds, and a data set of
 * 40 indicators over 28 quarters (one in ten figures left blank), stored through the product's own
 * repository in the embedded store; then the tab's matrix API (the latest round and the change since
 * the one before) and the data-set view over HTTP: p50 and p95.
 */

export interface ReturnsBenchOptions {
  requests?: number;
}

const GOAL_MS = 200;
const MANAGER_AAD = '00000000-0000-4000-8000-00000000b001';
const RATINGS: Rating[] = ['green', 'green', 'amber', 'green', 'red'];

export async function benchReturns(opts: ReturnsBenchOptions = {}): Promise<string[]> {
  const requests = opts.requests ?? 100;
  const partnership = membership(40);
  const agencies = partnership.agencies.map((a) => a.id);
  const standards = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), text: `Standard ${i + 1} of the Section 11 framework` }));
  const indicators = agencies.map((agencyId, i) => ({ id: `${Math.floor(i / 10) + 1}.${(i % 10) + 1}`, text: `Indicator ${i + 1}`, unit: i % 2 ? '%' : 'count', agencyId }));
  partnership.returns = { qaBodyId: 'board', section11: { source: 'Bench', standards }, dataSet: { source: 'Bench', indicators } };
  const q = await startTestQuorum({ partnership, clock: new FixedClock('2026-10-14T10:00:00.000Z'), env: { QUORUM_MANAGERS: MANAGER_AAD } });
  try {
    const repo = new CosmosReturnsRepo(q.store.containers.returns);
    const base = (kind: ReturnRound['kind'], period: string, deadline: string): ReturnRound => ({
      id: roundIdOf(kind, period),
      partnershipId: partnership.id,
      kind,
      period,
      title: `${kind} ${period}`,
      deadline,
      agencyIds: agencies,
      standards: kind === 'section-11' ? standards : [],
      indicators: kind === 'data-set' ? indicators : [],
      reminderWorkingDays: [3, 1],
      qaBodyId: 'board',
      createdBy: 'p-manager',
      openedAt: deadline,
      summarisedAt: deadline,
    });
    let stored = 0;
    const started = performance.now();
    const submitted = (r: AgencyReturn, i: number, fill: Partial<AgencyReturn>): AgencyReturn => ({ ...r, ...fill, status: i % 8 === 7 ? 'not-returned' : 'submitted', submittedBy: 'p-2', submittedAt: r.history[0]?.at ?? '2020-01-01T00:00:00Z' });
    for (let y = 0; y < 7; y++) {
      const round = base('section-11', String(2019 + y), `${2019 + y}-05-31T16:00:00.000Z`);
      await repo.createRound(round);
      await repo.createReturns(
        emptyReturns(round).map((r, i) => submitted(r, i + y, { standards: standards.map((s, k) => ({ standardId: s.id, rating: RATINGS[(i + k + y) % RATINGS.length]!, evidence: 'Evidence', actions: [] })) })),
      );
      stored += agencies.length;
    }
    for (let n = 0; n < 28; n++) {
      const year = 2019 + Math.floor(n / 4);
      const round = base('data-set', `${year}-Q${(n % 4) + 1}`, `${year}-0${(n % 4) * 3 + 1}-28T16:00:00.000Z`);
      await repo.createRound(round);
      await repo.createReturns(
        emptyReturns(round).map((r, i) => submitted(r, i + n, { figures: [(i + n) % 10 === 0 ? { indicatorId: indicators[i]!.id } : { indicatorId: indicators[i]!.id, value: (i * 7 + n) % 100 }] })),
      );
      stored += agencies.length;
    }
    const seedMs = performance.now() - started;

    const signIn = await fetch(`${q.url}/api/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId: MANAGER_AAD }) });
    const { token } = (await signIn.json()) as { token: string };
    const call = async <T>(path: string) => {
      const res = await fetch(`${q.url}/api/tab${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return { body: JSON.parse(text) as T, bytes: text.length };
    };
    const time = async <T>(path: string, check: (body: T) => void) => {
      for (let i = 0; i < 10; i++) check((await call<T>(path)).body);
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < requests; i++) {
        const t = performance.now();
        bytes = (await call<T>(path)).bytes;
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
      return { p50: pct(50), p95: pct(95), kb: bytes / 1024 };
    };
    const matrix = await time<MatrixView>('/returns/matrix', (m) => {
      if (m.agencies.length !== 40 || m.standards.length !== 10 || !m.previousRound) throw new Error('the matrix is not 40 × 10 with a previous round');
      if (!m.agencies.some((a) => a.status === 'not-returned' && Object.values(a.ratings).every((r) => r === null))) throw new Error('no agency shows as not returned');
    });
    const dataSet = await time<DataSetView>('/returns/data-set', (d) => {
      if (d.indicators.length !== 40 || d.periods.length !== 28) throw new Error('the data set is not 40 × 28');
      if (!d.indicators.some((i) => Object.values(i.cells).some((c) => c.kind === 'not-returned'))) throw new Error('no gap shows as not returned');
    });
    const line = (what: string, r: { p50: number; p95: number; kb: number }) =>
      `returns: ${what} p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms (${r.kb.toFixed(0)} KB, ${requests} requests; goal p95 < ${GOAL_MS} ms) ${r.p95 < GOAL_MS ? 'OK' : 'OVER'}`;
    return [
      `returns: stored ${stored} returns in 35 rounds in ${seedMs.toFixed(0)} ms`,
      line('matrix API, 40 agencies × 10 standards, latest of 7 years', matrix),
      line('data-set view, 40 indicators × 28 quarters', dataSet),
    ];
  } finally {
    await q.stop();
  }
}
