/** The Members page: a board manager keeps the partnership's bodies, seats, agencies and people here. */
import type { Agency } from '../../services/domain/directory.js';
import type { BodyRow, MembersView, PersonRow, SeatRow } from '../../services/domain/membership-views.js';
import type { Api } from './api.js';
import { h, shortDate } from './dom.js';
import type { MembersCtx } from './members-form.js';
import {
  absenceText,
  agencyRowId,
  attentionLine,
  BODY_KINDS,
  bodyRowId,
  cadenceText,
  conditionText,
  names,
  OFFICES,
  personRowId,
  ROLE_MEANINGS,
  seatRowId,
  SECTOR_LABELS,
  SERVICE_ROLES,
  type Names,
  type Section,
} from './members-model.js';
import { dataTable } from './table.js';
import { bodyForm } from './view-members-body.js';
import { agencyForm, CHANNEL_OPTIONS, endSeatForm, personForm, seatForm, seatHistory } from './view-members-forms.js';
import { exportPanel, importPanel, setupPanel } from './view-members-import.js';
import { select } from './widgets.js';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'seats', label: 'Seats' },
  { id: 'bodies', label: 'Bodies' },
  { id: 'agencies', label: 'Agencies' },
  { id: 'people', label: 'People' },
  { id: 'import', label: 'Import and export' },
];

/** Renders the page into `panel` and keeps it current after each edit; `reload` fetches the view again. */
export function renderMembers(api: Api, initial: MembersView, panel: HTMLElement): void {
  let view = initial;
  let section: Section = (new URLSearchParams(location.search).get('section') as Section | null) ?? 'seats';
  if (!SECTIONS.some((s) => s.id === section)) section = 'seats';
  let bodyFilter = '';
  const status = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', id: 'members-status', 'data-testid': 'members-status' });
  const visible = h('p', { class: 'members-message', 'aria-hidden': 'true', hidden: true });
  const content = h('div', { class: 'members' });

  const announce = (message: string) => {
    // Cleared first so the same words twice are announced twice.
    status.textContent = '';
    requestAnimationFrame(() => (status.textContent = message));
    visible.textContent = message;
    visible.hidden = !message;
  };

  const ctx: MembersCtx = {
    api,
    view: () => view,
    update: (next, message) => {
      const focusKey = (document.activeElement as HTMLElement | null)?.dataset.testid;
      view = next;
      render();
      announce(message);
      if (focusKey) content.querySelector<HTMLElement>(`[data-testid="${CSS.escape(focusKey)}"]`)?.focus();
    },
    reload: async () => {
      announce('Loading the membership…');
      try {
        view = await api.members();
        render();
        announce('The membership is up to date.');
      } catch (err) {
        announce(`The membership could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    announce,
  };

  const show = (next: Section, focusTab = false) => {
    section = next;
    const url = new URL(location.href);
    url.searchParams.set('section', next);
    history.replaceState(null, '', url);
    render();
    if (focusTab) document.getElementById(`members-tab-${next}`)?.focus();
  };

  const goTo = (target: Section, rowId: string) => {
    if (target === 'seats') bodyFilter = '';
    show(target);
    const row = document.getElementById(rowId);
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.classList.add('flash');
    row.focus();
    setTimeout(() => row.classList.remove('flash'), 2000);
  };

  let settingUp = false;
  const render = () => {
    if (!view.partnership) {
      settingUp = true;
      content.replaceChildren(setupPanel(ctx));
      return;
    }
    if (settingUp) {
      settingUp = false;
      // Set up by importing a file: stay with what the import did (its result lives in that section).
      if (ctx.lastImport && section !== 'import') return show('import');
    }
    const n = names(view);
    content.replaceChildren(
      h('p', { class: 'lead' }, `${view.partnership.name}: who sits on which body, for which agency, in what role. Changes take effect from the date you give; earlier records keep who held each seat then.`),
      attention(view, n, goTo),
      sectionTabs(section, show),
      h(
        'div',
        { role: 'tabpanel', id: `members-panel-${section}`, 'aria-labelledby': `members-tab-${section}`, class: 'members-panel', 'data-testid': `members-panel-${section}` },
        ...sectionContent(),
      ),
    );
  };

  const sectionContent = (): HTMLElement[] => {
    const n = names(view);
    switch (section) {
      case 'seats':
        return seatsSection(ctx, view, n, bodyFilter, (b) => {
          bodyFilter = b;
          render();
          document.getElementById('members-seat-body')?.focus();
        });
      case 'bodies':
        return bodiesSection(ctx, view, n, (bodyId) => {
          bodyFilter = bodyId;
          show('seats');
        });
      case 'agencies':
        return agenciesSection(ctx, view);
      case 'people':
        return peopleSection(ctx, view);
      case 'import':
        return [exportPanel(ctx), importPanel(ctx)];
    }
  };

  render();
  panel.replaceChildren(status, visible, content);
}

function attention(view: MembersView, n: Names, goTo: (s: Section, rowId: string) => void): HTMLElement {
  if (!view.attention.length) return h('p', { class: 'all-clear', 'data-testid': 'members-attention' }, h('span', { 'aria-hidden': 'true' }, '✓ '), 'Nothing needs attention: every seat is filled.');
  const lines = view.attention.map((a) => attentionLine(a, n));
  return h(
    'section',
    { class: 'attention', 'aria-labelledby': 'attention-title', 'data-testid': 'members-attention' },
    h('h2', { id: 'attention-title' }, `Needs attention (${lines.length})`),
    h(
      'ul',
      {},
      ...lines.map((l) =>
        h(
          'li',
          {},
          h('span', { class: 'attention-label' }, `${l.label}: `),
          h(
            'a',
            {
              href: `#${l.rowId}`,
              'data-testid': 'attention-link',
              onclick: (e: Event) => {
                e.preventDefault();
                goTo(l.section, l.rowId);
              },
            },
            l.subject,
          ),
          l.hint ? h('span', { class: 'muted' }, ' (use ', h('code', {}, 'reach'), ' in the bot)') : null,
        ),
      ),
    ),
  );
}

/** A tablist of buttons (arrow keys move between them), not fluent-tabs: its change event would reach the dashboard's own tabs. */
function sectionTabs(current: Section, show: (s: Section, focus?: boolean) => void): HTMLElement {
  const list = h('div', { role: 'tablist', class: 'section-tabs', 'aria-label': 'Membership sections' });
  SECTIONS.forEach((s, i) => {
    const tab = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `members-tab-${s.id}`,
        'data-testid': `members-tab-${s.id}`,
        'aria-selected': String(s.id === current),
        'aria-controls': `members-panel-${s.id}`,
        tabindex: s.id === current ? 0 : -1,
        class: 'section-tab',
        onclick: () => show(s.id, true),
      },
      s.label,
    );
    tab.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      const to = e.key === 'Home' ? 0 : e.key === 'End' ? SECTIONS.length - 1 : step ? (i + step + SECTIONS.length) % SECTIONS.length : -1;
      if (to < 0) return;
      e.preventDefault();
      show(SECTIONS[to]!.id, true);
    });
    list.append(tab);
  });
  return list;
}

async function sendByEmail(ctx: MembersCtx, person: PersonRow): Promise<void> {
  const { seats: _seats, reachable: _reachable, ...base } = person;
  try {
    const view = await ctx.api.editMembers({ edit: { kind: 'person', person: { ...base, channel: 'email' } }, basedOn: ctx.view().version });
    ctx.update(view, `${person.displayName} now gets Quorum's cards by email, at ${person.email ?? ''}.`);
  } catch (err) {
    ctx.announce(err instanceof Error ? `Not changed: ${err.message}` : 'Not changed.');
  }
}

function rowButton(label: string, aria: string, testid: string, run: () => void, appearance = 'outline'): HTMLElement {
  return h('fluent-button', { appearance, 'aria-label': aria, 'data-testid': testid, onclick: run }, label);
}

function personCell(n: Names, id: string | undefined): HTMLElement | string {
  if (!id) return h('span', { class: 'vacant' }, 'Vacant');
  const p = n.person(id);
  if (!p) return id;
  return h('span', {}, p.displayName, p.guest ? h('span', { class: 'chip tone-info guest' }, 'Guest') : null, p.guest && p.organisation ? h('span', { class: 'sub' }, p.organisation) : null);
}

function personCsv(n: Names, id: string | undefined): string {
  if (!id) return '';
  const p = n.person(id);
  return p ? `${p.displayName}${p.guest ? ` (guest${p.organisation ? `, ${p.organisation}` : ''})` : ''}` : id;
}

function nextText(n: Names, s: SeatRow): string {
  if (!s.next) return '';
  const parts = [
    `holder ${s.next.holderId ? n.personName(s.next.holderId) : 'vacant'}`,
    s.next.deputyId ? `deputy ${n.personName(s.next.deputyId)}` : '',
    s.next.agencyId && s.next.agencyId !== s.agencyId ? `for ${n.agencyName(s.next.agencyId)}` : '',
  ].filter(Boolean);
  return `From ${shortDate(s.next.from)}: ${parts.join(', ')}`;
}

function rolesCell(s: SeatRow): HTMLElement {
  return h(
    'span',
    { class: 'roles-cell' },
    ...s.roles.flatMap((r, i) => [i ? ', ' : '', h('abbr', { title: ROLE_MEANINGS[r] }, r), h('span', { class: 'visually-hidden' }, ` (${ROLE_MEANINGS[r]})`)]),
  );
}

function seatsSection(ctx: MembersCtx, view: MembersView, n: Names, bodyFilter: string, refilter: (bodyId: string) => void): HTMLElement[] {
  const rows = view.seats.filter((s) => !bodyFilter || s.bodyId === bodyFilter);
  return [
    h(
      'div',
      { class: 'filters' },
      select('Body', [['', 'All bodies'], ...view.bodies.map((b): [string, string] => [b.id, b.name])], bodyFilter, refilter, 'members-seat-body'),
      h('fluent-button', { appearance: 'accent', 'data-testid': 'add-seat', id: 'add-seat', disabled: view.bodies.length === 0, onclick: () => seatForm(ctx, undefined, bodyFilter || undefined) }, 'Add seat'),
      view.bodies.length === 0 ? h('p', { class: 'muted' }, 'Add a body first (Bodies).') : null,
    ),
    h(
      'div',
      { 'data-testid': 'members-seats' },
      dataTable({
        caption: `Seats (${rows.length})`,
        note: 'A future change shows under Next. Roles: P statutory partner, S statutory sector partner, C co-opted, V voting, PO participant observer, SA statutory advisor, A advisor, BS board support.',
        exportName: 'seats',
        rows,
        empty: bodyFilter ? 'This body has no seats yet.' : 'No seats yet: add one.',
        rowAttrs: (s) => ({ id: seatRowId(s.id), tabindex: '-1', 'data-seat-id': s.id }),
        columns: [
          { header: 'Body', cell: (s) => n.bodyName(s.bodyId) },
          { header: 'Seat', cell: (s) => s.title, rowHeader: true },
          { header: 'Agency', cell: (s) => n.agencyName(s.agencyId) || '—', csv: (s) => n.agencyName(s.agencyId) },
          { header: 'Roles', cell: rolesCell, csv: (s) => s.roles.join(' ') },
          { header: 'Office', cell: (s) => (s.office ? OFFICES[s.office] : '') },
          { header: 'Voting', cell: (s) => (s.voting ? 'Voting' : '—'), csv: (s) => (s.voting ? 'yes' : 'no') },
          { header: 'Holder', cell: (s) => personCell(n, s.holderId), csv: (s) => personCsv(n, s.holderId) },
          { header: 'Deputy', cell: (s) => (s.deputyId ? personCell(n, s.deputyId) : '—'), csv: (s) => personCsv(n, s.deputyId) },
          { header: 'Since', cell: (s) => (s.since ? shortDate(s.since) : ''), csv: (s) => s.since ?? '', className: 'nowrap' },
          { header: 'Next', cell: (s) => (s.next ? h('span', { class: 'next' }, nextText(n, s)) : ''), csv: (s) => (s.next ? nextText(n, s) : '') },
          {
            header: 'Actions',
            noCsv: true,
            className: 'row-actions',
            cell: (s) =>
              h(
                'span',
                { class: 'button-row' },
                rowButton('Change', `Change ${s.title}`, `change-seat-${s.id}`, () => seatForm(ctx, s)),
                rowButton('End', `End ${s.title}`, `end-seat-${s.id}`, () => endSeatForm(ctx, s)),
                rowButton('History', `History of ${s.title}`, `history-seat-${s.id}`, () => seatHistory(ctx, s), 'stealth'),
              ),
          },
        ],
      }),
    ),
  ];
}

function seatTitle(n: Names, id: string | undefined): string {
  const s = id ? n.seat(id) : undefined;
  return s ? `${s.title}${s.holderId ? `: ${n.personName(s.holderId)}` : ' (vacant)'}` : '—';
}

function bodiesSection(ctx: MembersCtx, view: MembersView, n: Names, seatsOf: (bodyId: string) => void): HTMLElement[] {
  const seatCount = (b: BodyRow) => view.seats.filter((s) => s.bodyId === b.id).length;
  return [
    h('div', { class: 'filters' }, h('fluent-button', { appearance: 'accent', 'data-testid': 'add-body', onclick: () => bodyForm(ctx) }, 'Add body')),
    h(
      'div',
      { 'data-testid': 'members-bodies' },
      dataTable({
        caption: `Bodies (${view.bodies.length})`,
        note: 'The chair and vice chair are the seats with that office.',
        exportName: 'bodies',
        rows: view.bodies,
        empty: 'No bodies yet: add the board first.',
        rowAttrs: (b) => ({ id: bodyRowId(b.id), tabindex: '-1', 'data-body-id': b.id }),
        columns: [
          { header: 'Body', cell: (b) => b.name, rowHeader: true },
          { header: 'Kind', cell: (b) => BODY_KINDS[b.kind] },
          { header: 'Reports to', cell: (b) => n.bodyName(b.parentBodyId) || '—', csv: (b) => n.bodyName(b.parentBodyId) },
          { header: 'Chair', cell: (b) => seatTitle(n, b.chairSeatId) },
          { header: 'Vice chair', cell: (b) => seatTitle(n, b.viceChairSeatId) },
          {
            header: 'Quorum',
            cell: (b) =>
              h(
                'span',
                {},
                b.quorum.description || null,
                h('ul', { class: 'plain sub' }, ...b.quorum.conditions.map((c) => h('li', {}, conditionText(c, n)))),
              ),
            csv: (b) => [b.quorum.description, ...b.quorum.conditions.map((c) => conditionText(c, n))].filter(Boolean).join('; '),
          },
          { header: 'Absence', cell: (b) => absenceText(b.absence) },
          { header: 'Cadence', cell: (b) => cadenceText(b.cadence) },
          { header: 'Seats', cell: seatCount, numeric: true },
          {
            header: 'Actions',
            noCsv: true,
            className: 'row-actions',
            cell: (b) =>
              h(
                'span',
                { class: 'button-row' },
                rowButton('Change', `Change ${b.name}`, `change-body-${b.id}`, () => bodyForm(ctx, b)),
                rowButton('Seats', `Seats of ${b.name}`, `seats-of-${b.id}`, () => seatsOf(b.id), 'stealth'),
              ),
          },
        ],
      }),
    ),
  ];
}

const yes = (v: boolean | undefined) => (v ? 'Yes' : 'No');

function agenciesSection(ctx: MembersCtx, view: MembersView): HTMLElement[] {
  const votingSeats = (a: Agency) => view.seats.filter((s) => s.agencyId === a.id && s.voting).length;
  return [
    h('div', { class: 'filters' }, h('fluent-button', { appearance: 'accent', 'data-testid': 'add-agency', onclick: () => agencyForm(ctx) }, 'Add agency')),
    h(
      'div',
      { 'data-testid': 'members-agencies' },
      dataTable({
        caption: `Agencies (${view.agencies.length})`,
        exportName: 'agencies',
        rows: view.agencies,
        empty: 'No agencies yet.',
        rowAttrs: (a) => ({ id: agencyRowId(a.id), tabindex: '-1', 'data-agency-id': a.id }),
        columns: [
          { header: 'Agency', cell: (a) => a.name, rowHeader: true },
          { header: 'Id', cell: (a) => a.id, className: 'nowrap' },
          { header: 'Sector', cell: (a) => SECTOR_LABELS[a.sector], csv: (a) => a.sector },
          { header: 'Statutory', cell: (a) => yes(a.statutory) },
          { header: 'Safeguarding partner', cell: (a) => yes(a.safeguardingPartner) },
          { header: 'Commissioner or provider', cell: (a) => SERVICE_ROLES[a.serviceRole], csv: (a) => a.serviceRole },
          { header: 'Sector seat', cell: (a) => yes(a.sectorSeat) },
          { header: 'Service area', cell: (a) => a.serviceArea ?? '' },
          { header: 'Voting seats', cell: votingSeats, numeric: true },
          { header: 'Actions', noCsv: true, className: 'row-actions', cell: (a) => rowButton('Change', `Change ${a.name}`, `change-agency-${a.id}`, () => agencyForm(ctx, a)) },
        ],
      }),
    ),
  ];
}

function peopleSection(ctx: MembersCtx, view: MembersView): HTMLElement[] {
  return [
    h('p', { class: 'lead' }, 'People join the partnership when they are chosen for a seat, from the directory (guests from other organisations included).'),
    h(
      'div',
      { 'data-testid': 'members-people' },
      dataTable({
        caption: `People (${view.people.length})`,
        exportName: 'people',
        rows: view.people,
        empty: 'No people yet: choose holders for the seats.',
        rowAttrs: (p) => ({ id: personRowId(p.id), tabindex: '-1', 'data-person-id': p.id }),
        columns: [
          { header: 'Name', cell: (p: PersonRow) => p.displayName, rowHeader: true },
          { header: 'Email', cell: (p) => p.email ?? '' },
          { header: 'Organisation', cell: (p) => p.organisation ?? '' },
          { header: 'Guest', cell: (p) => (p.guest ? h('span', { class: 'chip tone-info guest' }, 'Guest') : 'No'), csv: (p) => (p.guest ? 'yes' : 'no') },
          { header: 'Seats', cell: (p) => (p.seats.length ? h('ul', { class: 'plain' }, ...p.seats.map((s) => h('li', {}, s))) : '—'), csv: (p) => p.seats.join('; ') },
          {
            header: 'Reachable in Teams',
            cell: (p) =>
              p.reachable
                ? h('span', { class: 'chip good' }, h('span', { 'aria-hidden': 'true' }, '✓ '), 'Yes')
                : h('span', { class: 'chip warn' }, h('span', { 'aria-hidden': 'true' }, '! '), 'Not yet: use reach'),
            csv: (p) => (p.reachable ? 'yes' : 'no'),
          },
          { header: 'Channel', cell: (p) => CHANNEL_OPTIONS.find(([v]) => v === (p.channel ?? 'teams'))?.[1] ?? 'Teams', csv: (p) => p.channel ?? 'teams' },
          {
            header: 'Actions',
            noCsv: true,
            className: 'row-actions',
            cell: (p) =>
              h(
                'span',
                {},
                rowButton('Change', `Change ${p.displayName}`, `change-person-${p.id}`, () => personForm(ctx, p)),
                // One click for a member Teams cannot reach: their cards come by email from now on.
                !p.reachable && p.email && (p.channel ?? 'teams') === 'teams'
                  ? rowButton('Send by email', `Send ${p.displayName}'s cards by email`, `email-person-${p.id}`, () => void sendByEmail(ctx, p))
                  : null,
              ),
          },
        ],
      }),
    ),
  ];
}
