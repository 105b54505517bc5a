import type { AnnualReportView, AnnualSection11Agency } from '../../services/domain/dashboard-views.js';
import { h } from './dom.js';
import { dataTable } from './table.js';
import { cellText } from './view-returns.js';

type Returns = AnnualReportView['returns'];

const returnedText = (a: AnnualSection11Agency) => (a.status === 'submitted' ? (a.late ? 'Returned late' : 'Returned') : a.status === 'draft' ? 'Not returned (draft started)' : 'Not returned');
// Not returned is words in every rating column, never a 0 or a colour.
const count = (a: AnnualSection11Agency, k: 'green' | 'amber' | 'red') => (a.counts ? String(a.counts[k]) : 'Not returned');

/** The year's returns in the annual report: Section 11 by agency (AR App8) and the data set (AR App5). */
export function annualReturnsSections(view: AnnualReportView): HTMLElement[] {
  const r: Returns = view.returns;
  const s11 = r.section11;
  const section11 = dataTable({
    caption: s11 ? `Section 11 self-assessment, ${s11.round.title}` : `Section 11 self-assessment, ${view.label}`,
    note: s11
      ? `${s11.standards} standards; ${s11.round.submitted} of ${s11.round.agencies} agencies returned. An agency that did not return is shown as not returned, never as green.`
      : undefined,
    exportName: `annual-report-section-11-${view.year}`,
    rows: s11?.agencies ?? [],
    rowAttrs: (a) => ({ 'data-agency': a.agencyId }),
    empty: 'No Section 11 round was opened for this year.',
    columns: [
      { header: 'Agency', rowHeader: true, cell: (a) => a.agency, csv: (a) => a.agency },
      { header: 'Return', cell: returnedText, csv: returnedText },
      { header: 'Green', numeric: true, cell: (a) => count(a, 'green'), csv: (a) => count(a, 'green') },
      { header: 'Amber', numeric: true, cell: (a) => count(a, 'amber'), csv: (a) => count(a, 'amber') },
      { header: 'Red', numeric: true, cell: (a) => count(a, 'red'), csv: (a) => count(a, 'red') },
      { header: 'Peer review', cell: (a) => (a.reviewed ? 'Evaluation recorded' : 'Not recorded'), csv: (a) => (a.reviewed ? 'Evaluation recorded' : 'Not recorded') },
    ],
  });
  const ds = r.dataSet;
  const gapsNote = ds.periods.map((p) => `${p}: ${ds.gapAgencies[p] ?? 0} ${ds.gapAgencies[p] === 1 ? 'agency' : 'agencies'} with gaps`).join('; ');
  const dataSet = dataTable({
    caption: `Performance data set, ${view.label}`,
    note: ds.periods.length ? `A figure not returned is a gap, never 0. ${gapsNote}.` : undefined,
    exportName: `annual-report-data-set-${view.year}`,
    rows: ds.indicators,
    rowAttrs: (i) => ({ 'data-indicator': i.id }),
    empty: 'No quarter of the data set was opened for this year.',
    columns: [
      { header: 'Indicator', rowHeader: true, cell: (i) => i.text, csv: (i) => i.text },
      { header: 'Agency', cell: (i) => i.agency, csv: (i) => i.agency },
      ...ds.periods.map((p) => ({ header: p, cell: (i: Returns['dataSet']['indicators'][number]) => h('span', { class: i.cells[p]?.kind === 'value' ? undefined : 'gap' }, cellText(i.cells[p], i.unit)), csv: (i: Returns['dataSet']['indicators'][number]) => cellText(i.cells[p], i.unit) })),
      { header: 'Quarters reported', numeric: true, cell: (i) => String(i.reported.length), csv: (i) => i.reported.length },
      { header: 'Gaps', numeric: true, cell: (i) => String(i.gaps), csv: (i) => i.gaps },
    ],
  });
  return [section11, dataSet];
}
