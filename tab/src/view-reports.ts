import type { AnnualReportView, PoliciesView, PolicyRow } from '../../services/domain/dashboard-views.js';
import { h, percent, shortDate, uid } from './dom.js';
import { dataTable, download, tableCard, toCsv } from './table.js';
import { annualReturnsSections } from './view-report-returns.js';
import { emptyState, select } from './widgets.js';

const POLICY_STATE: Record<PolicyRow['state'], [string, string]> = {
  overdue: ['Review overdue', 'bad'],
  'due-soon': ['Review due soon', 'warn'],
  current: ['Current', 'good'],
};

export function renderPolicies(view: PoliciesView, panel: HTMLElement): void {
  if (!view.hasData) {
    panel.replaceChildren(emptyState('No data yet', 'The policy register appears here once policies are recorded in Quorum.'));
    return;
  }
  const overdue = view.policies.filter((p) => p.state === 'overdue').length;
  const soon = view.policies.filter((p) => p.state === 'due-soon').length;
  panel.replaceChildren(
    h(
      'div',
      { class: 'summary' },
      h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, String(view.policies.length)), h('span', {}, 'policies')),
      h('div', { class: 'stat bad' }, h('span', { class: 'stat-value' }, String(overdue)), h('span', {}, 'reviews overdue')),
      h('div', { class: 'stat warn' }, h('span', { class: 'stat-value' }, String(soon)), h('span', {}, `due within ${view.dueSoonDays} days`)),
    ),
    dataTable({
      caption: 'Policy register, by review date',
      note: 'Reviews fall due no later than three years after approval (PM §10).',
      exportName: 'policy-register',
      rows: view.policies,
      columns: [
        { header: 'Document', cell: (p) => (p.url ? h('a', { href: p.url, target: '_blank', rel: 'noopener' }, p.title) : p.title), csv: (p) => p.title, rowHeader: true },
        { header: 'Version', cell: (p) => p.version },
        { header: 'Owner', cell: (p) => p.owner },
        { header: 'Approved by', cell: (p) => p.approvingBody || '—' },
        { header: 'Approved', cell: (p) => (p.approvedOn ? shortDate(p.approvedOn) : '—'), csv: (p) => p.approvedOn ?? '', className: 'nowrap' },
        { header: 'Review due', cell: (p) => shortDate(p.reviewDue), csv: (p) => p.reviewDue, className: 'nowrap' },
        { header: 'State', cell: (p) => h('span', { class: `chip ${POLICY_STATE[p.state][1]}` }, POLICY_STATE[p.state][0]), csv: (p) => p.state },
        { header: 'Document manager', cell: (p) => p.documentManager },
      ],
    }),
  );
}

export function renderAnnualReport(view: AnnualReportView, panel: HTMLElement, chooseYear: (year: string) => void): void {
  const captionId = uid('caption');
  const meter = (x: number | null) =>
    h('span', { class: 'meter-cell' }, h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { class: 'meter-fill', style: `width:${Math.round((x ?? 0) * 100)}%` })), percent(x));
  const table = h(
    'table',
    { class: 'data annual' },
    h('caption', { id: captionId }, `Response rate and attendance by agency, ${view.label}`, h('span', { class: 'caption-note' }, `${shortDate(view.from)} to ${shortDate(view.to)}; bodies: ${view.bodies.map((b) => b.name).join(', ')}.`)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Agency', 'Consultations asked', 'Answered', 'Response rate', 'Seat-meetings', 'In person', 'By deputy', 'Attendance share'].map((t, i) =>
          h('th', { scope: 'col', class: i ? 'num' : undefined }, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...view.agencies.map((a) =>
        h(
          'tr',
          { 'data-agency': a.agencyId },
          h('th', { scope: 'row' }, a.agencyName),
          h('td', { class: 'num' }, String(a.required)),
          h('td', { class: 'num' }, String(a.answered)),
          h('td', { class: 'num' }, meter(a.responseRate)),
          h('td', { class: 'num' }, String(a.seatMeetings)),
          h('td', { class: 'num' }, String(a.inPerson)),
          h('td', { class: 'num' }, String(a.byDeputy)),
          h('td', { class: 'num' }, meter(a.attendanceShare)),
        ),
      ),
      view.agencies.length ? null : h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'Nothing was asked and no meetings were held in this year.')),
    ),
    h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, 'All agencies'),
        h('td', { class: 'num' }, String(view.totals.required)),
        h('td', { class: 'num' }, String(view.totals.answered)),
        h('td', { class: 'num' }, percent(view.totals.responseRate)),
        h('td', { class: 'num' }, String(view.totals.seatMeetings)),
        h('td', { class: 'num', colspan: 2 }, `${view.totals.attended} attended`),
        h('td', { class: 'num' }, percent(view.totals.attendanceShare)),
      ),
    ),
  );
  const csv = () =>
    download(
      `annual-report-${view.year}.csv`,
      toCsv(
        ['Agency', 'Consultations asked', 'Answered', 'Response rate', 'Seat-meetings', 'In person', 'By deputy', 'Attendance share'],
        view.agencies.map((a) => [a.agencyName, a.required, a.answered, percent(a.responseRate), a.seatMeetings, a.inPerson, a.byDeputy, percent(a.attendanceShare)]),
      ),
    );
  panel.replaceChildren(
    h(
      'div',
      { class: 'filters' },
      select(
        'Reporting year',
        view.years.map((y): [string, string] => [String(y), `${y}/${String((y + 1) % 100).padStart(2, '0')}`]),
        String(view.year),
        chooseYear,
        'report-year',
      ),
    ),
    h(
      'div',
      { class: 'summary' },
      h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, percent(view.totals.responseRate)), h('span', {}, 'of consultations answered')),
      h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, percent(view.totals.attendanceShare)), h('span', {}, 'of seats filled at meetings')),
    ),
    tableCard(`the annual report ${view.label}`, table, csv, captionId),
    dataTable({
      caption: `Members, ${view.label}`,
      note: 'Each meeting and answer counts for whoever held the seat that day, so a member replaced during the year appears with the part of the year they served.',
      exportName: `annual-report-members-${view.year}`,
      rows: view.people,
      rowAttrs: (p) => ({ 'data-person': p.personId }),
      empty: 'No meetings were held and nothing was answered in this year.',
      columns: [
        { header: 'Member', rowHeader: true, cell: (p) => p.name, csv: (p) => p.name },
        { header: 'Agency', cell: (p) => p.agencies.join('; '), csv: (p) => p.agencies.join('; ') },
        { header: 'Seat-meetings', numeric: true, cell: (p) => String(p.seatMeetings), csv: (p) => p.seatMeetings },
        { header: 'Attended', numeric: true, cell: (p) => String(p.attended), csv: (p) => p.attended },
        { header: 'Answers given', numeric: true, cell: (p) => String(p.answers), csv: (p) => p.answers },
      ],
    }),
    ...annualReturnsSections(view),
  );
}
