import type { Directory } from '../domain/directory.js';
import type { AnnualReturns } from '../domain/dashboard-report-views.js';
import { londonDate } from '../domain/calendar.js';
import { dataSetView, matrixView } from '../domain/returns-views.js';
import type { ReturnsRepo } from '../ports/returns.js';

export type AnnualReturnsRepo = Pick<ReturnsRepo, 'listRounds' | 'listReturns' | 'listDataSet'>;

/**
 * The returns of a reporting year for the annual report (AR App5, App8): the year's Section 11
 * round by agency, and the data set's quarters of the year with their gaps. Shaped by the Returns
 * page's own views, so a return not made stays not returned and a blank figure stays a gap.
 */
export async function annualReturns(repo: AnnualReturnsRepo, directory: Directory, year: number, from: string, to: string): Promise<AnnualReturns> {
  const partnershipId = directory.partnership.id;
  const name = (id: string) => directory.agency(id)?.name ?? id;
  const [rounds, dataSet] = await Promise.all([repo.listRounds(partnershipId, 'section-11'), repo.listDataSet(partnershipId, String(year))]);
  // The round for the year's period; else the latest opened within the year.
  const round =
    rounds.find((r) => r.period === String(year)) ??
    rounds
      .filter((r) => {
        const day = londonDate(new Date(r.openedAt));
        return day >= from && day <= to;
      })
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];

  let section11: AnnualReturns['section11'];
  if (round) {
    const matrix = matrixView(round, await repo.listReturns(partnershipId, [round.id]), undefined, name);
    section11 = {
      round: matrix.round,
      standards: matrix.standards.length,
      agencies: matrix.agencies.map((a) => {
        const ratings = Object.values(a.ratings);
        const returned = a.status === 'submitted';
        return {
          agencyId: a.agencyId,
          agency: a.agency,
          status: a.status,
          late: a.late,
          counts: returned ? { green: ratings.filter((r) => r === 'green').length, amber: ratings.filter((r) => r === 'amber').length, red: ratings.filter((r) => r === 'red').length } : null,
          reviewed: a.reviewed,
        };
      }),
    };
  }

  const view = dataSetView(
    dataSet.rounds.filter((r) => r.period.startsWith(`${year}-`)),
    dataSet.figures,
    name,
  );
  const indicators = view.indicators.map((i) => {
    const asked = view.periods.filter((p) => i.cells[p] && i.cells[p].kind !== 'not-asked');
    const reported = asked.filter((p) => i.cells[p]!.kind === 'value');
    return { ...i, reported, gaps: asked.length - reported.length };
  });
  const gapAgencies = Object.fromEntries(
    view.periods.map((p) => [p, new Set(indicators.filter((i) => i.cells[p] && i.cells[p].kind !== 'not-asked' && i.cells[p].kind !== 'value').map((i) => i.agencyId)).size]),
  );
  return { ...(section11 ? { section11 } : {}), dataSet: { periods: view.periods, indicators, gapAgencies } };
}
