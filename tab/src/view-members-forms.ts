/** The seat, agency and person forms of the Members page, each in a dialog. */
import { ROLE_CODES, SECTORS, type Agency, type Office, type RoleCode, type Sector, type ServiceRole } from '../../services/domain/directory.js';
import type { MembershipEdit, PersonRow, SeatRow } from '../../services/domain/membership-views.js';
import { h, shortDate, uid } from './dom.js';
import { checkbox, dateInput, Form, selectInput, textInput, type MembersCtx } from './members-form.js';
import { names, OFFICES, ROLE_MEANINGS, SECTOR_LABELS, SERVICE_ROLES, slug } from './members-model.js';
import { peoplePicker } from './members-picker.js';
import { openDialog } from './widgets.js';

export function seatForm(ctx: MembersCtx, seat?: SeatRow, bodyId?: string): void {
  const view = ctx.view();
  const form = new Form(seat ? 'change-seat' : 'add-seat', ctx);
  const body = selectInput(
    view.bodies.map((b): [string, string] => [b.id, b.name]),
    seat?.bodyId ?? bodyId ?? view.bodies[0]?.id ?? '',
    { 'data-testid': 'seat-body', disabled: seat ? 'disabled' : undefined },
  );
  const title = textInput(seat?.title, { required: true, 'data-testid': 'seat-title' });
  const agency = selectInput([['', 'None (the independent chair, board staff)'], ...view.agencies.map((a): [string, string] => [a.id, a.name])], seat?.agencyId ?? '', {
    'data-testid': 'seat-agency',
  });
  const roleBoxes = ROLE_CODES.map((code) => ({ code, ...checkbox(`${code}: ${ROLE_MEANINGS[code]}`, seat?.roles.includes(code) ?? false, { 'data-testid': `seat-role-${code}` }) }));
  const roles = h('fieldset', { class: 'checks roles' }, h('legend', {}, 'Roles'), ...roleBoxes.map((b) => b.el));
  const office = selectInput([['', 'No office'], ...(Object.entries(OFFICES) as [Office, string][])], seat?.office ?? '', { 'data-testid': 'seat-office' });
  const voting = checkbox("Voting seat: casts its agency's one vote on this body", seat?.voting ?? false, { 'data-testid': 'seat-voting' });
  const holder = peoplePicker({ api: ctx.api, people: view.people, personId: seat?.holderId, testid: 'holder', label: 'Holder' });
  const deputy = peoplePicker({ api: ctx.api, people: view.people, personId: seat?.deputyId, testid: 'deputy', label: 'Standing deputy' });
  const effective = dateInput(view.today, { 'data-testid': 'seat-effective' });

  form.add(
    h(
      'div',
      { class: 'form-grid' },
      form.field('bodyId', 'Body', body),
      form.field('title', 'Seat title', title, { hint: 'The role, not the person: e.g. "Director of Children\'s Services".' }),
      form.field('agencyId', 'Agency', agency),
      form.field('office', 'Office', office, { hint: 'Chair and vice chair of the body are set here.' }),
    ),
    form.field('roles', 'Roles', roles),
    form.check('voting', voting),
    h(
      'div',
      { class: 'form-grid' },
      form.field('holder', 'Holder', holder.input, { display: holder.el }),
      form.field('deputy', 'Standing deputy', deputy.input, { display: deputy.el, hint: 'Same authority as the holder (C §5.6); statutory partners only.' }),
    ),
    form.field('effective', 'Effective from', effective, { hint: 'Changes of holder, deputy or agency start on this day; earlier records keep who held the seat then.' }),
    form.actions(seat ? 'Save changes' : 'Add seat', 'seat-save', async () => {
      const edit: MembershipEdit = {
        kind: 'seat',
        bodyId: body.value,
        ...(seat ? { seatId: seat.id } : {}),
        title: title.value.trim(),
        ...(agency.value ? { agencyId: agency.value } : {}),
        roles: roleBoxes.filter((b) => b.input.checked).map((b) => b.code as RoleCode),
        ...(office.value ? { office: office.value as Office } : {}),
        voting: voting.input.checked,
        ...(holder.value() ? { holder: holder.value() } : {}),
        ...(deputy.value() ? { deputy: deputy.value() } : {}),
      };
      if (!edit.title) return form.showProblems([{ field: 'title', message: 'Give the seat a title.' }]);
      if (!effective.value) return form.showProblems([{ field: 'effective', message: 'Give the date the change takes effect.' }]);
      await form.save(edit, seat ? `Saved: ${edit.title}.` : `Added the seat ${edit.title}.`, effective.value);
    }),
  );
  openDialog(seat ? `Change seat: ${seat.title}` : 'Add a seat', [form.el], { wide: true });
}

export function endSeatForm(ctx: MembersCtx, seat: SeatRow): void {
  const view = ctx.view();
  const n = names(view);
  const form = new Form('end-seat', ctx);
  const effective = dateInput(view.today, { 'data-testid': 'end-seat-effective' });
  form.add(
    h('p', {}, `${seat.title} on ${n.bodyName(seat.bodyId)}${seat.holderId ? `, held by ${n.personName(seat.holderId)}` : ''}.`),
    form.field('effective', 'Ends from', effective, { hint: 'The seat no longer counts for quorum or consultations from this day. Its history is kept.' }),
    form.actions('End seat', 'end-seat-save', async () => {
      if (!effective.value) return form.showProblems([{ field: 'effective', message: 'Give the date the seat ends.' }]);
      await form.save({ kind: 'end-seat', bodyId: seat.bodyId, seatId: seat.id }, `Ended the seat ${seat.title}.`, effective.value);
    }),
  );
  openDialog(`End seat: ${seat.title}`, [form.el]);
}

export function seatHistory(ctx: MembersCtx, seat: SeatRow): void {
  const n = names(ctx.view());
  const term = (t: { holderId?: string; deputyId?: string; agencyId?: string }) =>
    [t.holderId ? n.personName(t.holderId) : 'Vacant', t.deputyId ? `deputy ${n.personName(t.deputyId)}` : '', t.agencyId ? `for ${n.agencyName(t.agencyId)}` : '']
      .filter(Boolean)
      .join(', ');
  const rows: [string, string][] = [
    ...(seat.next ? [[`From ${shortDate(seat.next.from)}`, term(seat.next)] as [string, string]] : []),
    [seat.since ? `Since ${shortDate(seat.since)}` : 'Now', term(seat)],
    ...seat.history.map((t): [string, string] => [`${shortDate(t.from)} to ${shortDate(t.to)}`, term(t)]),
  ];
  const captionId = uid('caption');
  openDialog(`History: ${seat.title}`, [
    h('p', { class: 'dialog-sub' }, `${n.bodyName(seat.bodyId)}. Newest first.`),
    h(
      'table',
      { class: 'data history', 'data-testid': 'seat-history', 'aria-labelledby': captionId },
      h('caption', { id: captionId, class: 'visually-hidden' }, `Holders of ${seat.title}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Held by'))),
      h('tbody', {}, ...rows.map(([when, who]) => h('tr', {}, h('th', { scope: 'row', class: 'nowrap' }, when), h('td', {}, who)))),
    ),
    seat.history.length === 0 ? h('p', { class: 'muted' }, 'No earlier holders are recorded.') : null,
  ]);
}

export function agencyForm(ctx: MembersCtx, agency?: Agency): void {
  const form = new Form(agency ? 'change-agency' : 'add-agency', ctx);
  const name = textInput(agency?.name, { required: true, 'data-testid': 'agency-name' });
  const id = textInput(agency?.id, { required: true, 'data-testid': 'agency-id', readonly: agency ? true : undefined, pattern: '[a-z0-9-]+' });
  let idTouched = !!agency;
  id.addEventListener('input', () => (idTouched = true));
  name.addEventListener('input', () => {
    if (!idTouched) id.value = slug(name.value);
  });
  const sector = selectInput(
    SECTORS.map((s): [string, string] => [s, SECTOR_LABELS[s]]),
    agency?.sector ?? 'council',
    { 'data-testid': 'agency-sector' },
  );
  const serviceRole = selectInput(Object.entries(SERVICE_ROLES) as [ServiceRole, string][], agency?.serviceRole ?? 'neither', { 'data-testid': 'agency-service-role' });
  const statutory = checkbox('Statutory agency (a board partner under the Children Act 2004)', agency?.statutory ?? false, { 'data-testid': 'agency-statutory' });
  const partner = checkbox('Safeguarding partner (council, health, police)', agency?.safeguardingPartner ?? false, { 'data-testid': 'agency-partner' });
  const sectorSeat = checkbox('Sector seat (answers as its own unit: head teachers, voluntary sector, lay members)', agency?.sectorSeat ?? false, { 'data-testid': 'agency-sector-seat' });
  const serviceArea = textInput(agency?.serviceArea, { 'data-testid': 'agency-service-area' });
  form.add(
    h(
      'div',
      { class: 'form-grid' },
      form.field('name', 'Name', name),
      form.field('id', 'Id', id, { hint: agency ? 'Fixed once the agency exists.' : 'Lower case letters, digits and hyphens; made from the name.' }),
      form.field('sector', 'Sector', sector),
      form.field('serviceRole', 'Commissioner or provider', serviceRole),
    ),
    form.check('statutory', statutory),
    form.check('safeguardingPartner', partner),
    form.check('sectorSeat', sectorSeat),
    form.field('serviceArea', 'Service area', serviceArea, { hint: 'For rules that count separate service areas; leave empty to use the agency.' }),
    form.actions(agency ? 'Save agency' : 'Add agency', 'agency-save', async () => {
      const next: Agency = {
        id: id.value.trim(),
        name: name.value.trim(),
        sector: sector.value as Sector,
        statutory: statutory.input.checked,
        serviceRole: serviceRole.value as ServiceRole,
        ...(partner.input.checked ? { safeguardingPartner: true } : {}),
        ...(sectorSeat.input.checked ? { sectorSeat: true } : {}),
        ...(serviceArea.value.trim() ? { serviceArea: serviceArea.value.trim() } : {}),
      };
      const missing = [!next.name ? { field: 'name', message: 'Give the agency a name.' } : null, !next.id ? { field: 'id', message: 'Give the agency an id.' } : null].filter(
        (p): p is { field: string; message: string } => p !== null,
      );
      if (missing.length) return form.showProblems(missing);
      await form.save({ kind: 'agency', agency: next }, agency ? `Saved ${next.name}.` : `Added ${next.name}.`);
    }),
  );
  openDialog(agency ? `Change agency: ${agency.name}` : 'Add an agency', [form.el], { wide: true });
}

export const CHANNEL_OPTIONS: [string, string][] = [
  ['teams', 'Teams'],
  ['email', 'Email'],
  ['both', 'Teams and email'],
];

export function personForm(ctx: MembersCtx, person: PersonRow): void {
  const form = new Form('change-person', ctx);
  const name = textInput(person.displayName, { required: true, 'data-testid': 'person-name' });
  const email = textInput(person.email, { type: 'email', 'data-testid': 'person-email' });
  const org = textInput(person.organisation, { 'data-testid': 'person-organisation' });
  const channel = selectInput(CHANNEL_OPTIONS, person.channel ?? 'teams', { 'data-testid': 'person-channel' });
  form.add(
    form.field('displayName', 'Name', name),
    form.field('email', 'Email', email),
    form.field('organisation', 'Organisation', org, { hint: person.guest ? 'A guest: the organisation they come from.' : undefined }),
    form.field('channel', 'How Quorum reaches them', channel, { hint: 'Email (or both) for a member Teams cannot reach: cards come as emails with links to answer.' }),
    form.actions('Save person', 'person-save', async () => {
      if (!name.value.trim()) return form.showProblems([{ field: 'displayName', message: 'Give the name.' }]);
      const { seats: _seats, reachable: _reachable, ...base } = person;
      const next = { ...base, displayName: name.value.trim() };
      delete next.email;
      delete next.organisation;
      delete next.channel;
      if (channel.value === 'email' || channel.value === 'both') next.channel = channel.value;
      await form.save(
        { kind: 'person', person: { ...next, ...(email.value.trim() ? { email: email.value.trim() } : {}), ...(org.value.trim() ? { organisation: org.value.trim() } : {}) } },
        `Saved ${next.displayName}.`,
      );
    }),
  );
  openDialog(`Change person: ${person.displayName}`, [form.el]);
}
