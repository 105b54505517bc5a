import type { AttendanceBody, AttendanceMeeting, AttendanceView, SeatMark } from '../../services/domain/dashboard-views.js';
import { reviewSummary } from '../../cards/meeting/absence-words.js';
import { missingText } from '../../cards/meeting/quorum-words.js';
import { h, londonTime, shortDate, uid } from './dom.js';
import { dataTable, download, tableCard, toCsv } from './table.js';
import { emptyState } from './widgets.js';

const MARKS: Record<SeatMark, { short: string; label: string; tone: string }> = {
  present: { short: 'P', label: 'Present', tone: 'good' },
  deputy: { short: 'D', label: 'Present as deputy', tone: 'info' },
  apologies: { short: 'Ap', label: 'Apologies', tone: 'neutral' },
  absent: { short: 'A', label: 'Absent', tone: 'bad' },
  expected: { short: '✓', label: 'Will attend', tone: 'neutral' },
  'apologies-sent': { short: 'Ap', label: 'Apologies sent', tone: 'neutral' },
  'deputy-expected': { short: 'D', label: 'Deputy to attend', tone: 'info' },
};

const STATUS: Record<AttendanceMeeting['status'], string> = {
  held: 'Held',
  scheduled: 'Scheduled',
  cancelled: 'Cancelled',
  'awaiting-register': 'Register not yet taken',
};

export function renderAttendance(view: AttendanceView, panel: HTMLElement): void {
  if (!view.hasData) {
    panel.replaceChildren(emptyState('No data yet', 'Meetings, apologies and attendance registers appear here once they are recorded in Quorum.'));
    return;
  }
  panel.replaceChildren(
    h('p', { class: 'lead' }, 'Seats by meetings for each body: the register of held meetings, apologies for those to come, and quorum as recorded and as forecast.'),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Key to the register' },
      ...(['present', 'deputy', 'apologies', 'absent', 'deputy-expected'] as SeatMark[]).map((m) => h('li', {}, markChip(m), ` ${MARKS[m].label}`)),
    ),
    ...view.bodies.filter((b) => b.meetings.length > 0).map(bodySection),
  );
}

function markChip(mark: SeatMark): HTMLElement {
  const m = MARKS[mark];
  return h('span', { class: `chip mark tone-${m.tone}`, 'data-mark': mark }, h('span', { 'aria-hidden': 'true' }, m.short), h('span', { class: 'visually-hidden' }, m.label));
}

function quorumCell(m: AttendanceMeeting): HTMLElement | string {
  const q = m.recorded ?? m.forecast;
  if (!q) return '—';
  const word = m.recorded ? (q.met ? 'Quorate' : 'Not quorate') : q.met ? 'Forecast quorate' : 'Forecast to fail';
  return h('span', {}, h('span', { class: `chip ${q.met ? 'good' : 'bad'}` }, word), q.missing.length ? h('span', { class: 'missing' }, ` Missing: ${q.missing.map(missingText).join('; ')}`) : '');
}

/** The body's absence rule, as the caption states it. */
function absenceRuleText(rule: AttendanceBody['absenceRule']): string {
  return rule.kind === 'consecutive'
    ? `Reviewed after ${rule.count} consecutive meetings missed (${rule.source})`
    : `At least ${Math.round(rule.minShare * 100)}% of meetings over ${rule.windowMonths} months (${rule.source})`;
}

function bodySection(b: AttendanceBody): HTMLElement {
  const captionId = uid('caption');
  const register = h(
    'table',
    { class: 'data register' },
    h('caption', { id: captionId }, `${b.body.name}: attendance by seat`, h('span', { class: 'caption-note' }, b.allSeats ? absenceRuleText(b.absenceRule) : 'Your seats only.')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Seat'),
        h('th', { scope: 'col' }, 'Held by'),
        ...b.meetings.map((m) => h('th', { scope: 'col', class: 'num' }, shortDate(m.date))),
        h('th', { scope: 'col', class: 'num' }, 'Attended'),
        h('th', { scope: 'col', class: 'num' }, 'Run of absences'),
      ),
    ),
    h(
      'tbody',
      {},
      ...b.seats.map((s) =>
        h(
          'tr',
          { 'data-seat': s.seatId },
          h('th', { scope: 'row' }, s.seatTitle, s.agencyName ? h('span', { class: 'sub' }, s.agencyName) : null),
          h('td', {}, s.holder ?? 'Vacant'),
          ...s.marks.map((m) => h('td', { class: 'num' }, m ? markChip(m) : h('span', { class: 'muted', 'aria-label': 'No mark' }, '·'))),
          h('td', { class: 'num' }, `${s.attended} of ${s.held}`),
          h('td', { class: 'num' }, s.streakBreach ? h('span', { class: 'chip bad' }, `${s.streak} — review`) : String(s.streak)),
        ),
      ),
    ),
  );
  const registerCsv = () =>
    download(
      `attendance-${b.body.id}.csv`,
      toCsv(
        ['Seat', 'Agency', 'Held by', ...b.meetings.map((m) => m.date), 'Attended', 'Held', 'Run of absences'],
        b.seats.map((s) => [s.seatTitle, s.agencyName ?? '', s.holder ?? '', ...s.marks.map((m) => (m ? MARKS[m].label : '')), s.attended, s.held, s.streak]),
      ),
    );

  return h(
    'section',
    { class: 'body-section', 'aria-labelledby': `body-${b.body.id}` },
    h('h2', { id: `body-${b.body.id}` }, b.body.name),
    h('p', { class: 'rule' }, `Quorum: ${b.quorumRule.description} (${b.quorumRule.source})`),
    dataTable({
      caption: `${b.body.name}: meetings and quorum`,
      exportName: `meetings-${b.body.id}`,
      rows: b.meetings,
      columns: [
        { header: 'Date', cell: (m) => `${shortDate(m.date)} ${m.time}`, csv: (m) => `${m.date} ${m.time}`, rowHeader: true },
        { header: 'Status', cell: (m) => STATUS[m.status], csv: (m) => m.status },
        { header: 'Apologies', cell: (m) => m.apologies, numeric: true },
        {
          header: 'Quorum (recorded or forecast)',
          cell: quorumCell,
          csv: (m) => {
            const q = m.recorded ?? m.forecast;
            return q ? `${m.recorded ? 'recorded' : 'forecast'}: ${q.met ? 'met' : 'not met'}${q.missing.length ? ` (missing ${q.missing.map(missingText).join('; ')})` : ''}` : '';
          },
        },
      ],
    }),
    b.seats.length ? tableCard(`${b.body.name} attendance`, register, registerCsv, captionId) : null,
    b.allSeats
      ? dataTable({
          caption: `${b.body.name}: absence reviews waiting for the board manager`,
          exportName: `absence-reviews-${b.body.id}`,
          rows: b.pendingReviews,
          empty: 'No reviews pending.',
          columns: [
            { header: 'Seat', cell: (r) => r.seatTitle, rowHeader: true },
            { header: 'Held by', cell: (r) => r.holder },
            { header: 'Agency', cell: (r) => r.agencyName ?? '—' },
            { header: 'Why', cell: (r) => reviewSummary(r) },
            { header: 'Raised', cell: (r) => londonTime(r.createdAt), csv: (r) => r.createdAt },
          ],
        })
      : null,
  );
}
