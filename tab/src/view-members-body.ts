/** The body form: name, kind, parent, the quorum rule built from the rule library, the absence rule and the cadence. */
import { SECTORS, type AbsenceRule, type BodyKind, type CastingVoteHolder, type DecisionRule, type QuorumCondition, type Sector } from '../../services/domain/directory.js';
import type { BodyFields, BodyRow } from '../../services/domain/membership-views.js';
import { h, uid } from './dom.js';
import { checkbox, Form, num, numberInput, selectInput, textInput, type MembersCtx } from './members-form.js';
import { BODY_KINDS, CONDITION_KINDS, MONTHS, names, SECTOR_LABELS, slug } from './members-model.js';
import { openDialog } from './widgets.js';

type Kind = QuorumCondition['kind'];
type Group = { label: string; agencyIds?: string[]; sector?: Sector };

const DEFAULTS: Record<Kind, () => QuorumCondition> = {
  'min-agencies': () => ({ kind: 'min-agencies', count: 3 }),
  'required-present': () => ({ kind: 'required-present', groups: [{ label: '' }] }),
  'commissioner-and-provider': () => ({ kind: 'commissioner-and-provider' }),
  'membership-share': () => ({ kind: 'membership-share', share: 0.5 }),
  'each-safeguarding-partner': () => ({ kind: 'each-safeguarding-partner' }),
};

export function bodyForm(ctx: MembersCtx, body?: BodyRow): void {
  const view = ctx.view();
  const n = names(view);
  const form = new Form(body ? 'change-body' : 'add-body', ctx);
  const name = textInput(body?.name, { required: true, 'data-testid': 'body-name' });
  const id = textInput(body?.id, { required: true, 'data-testid': 'body-id', readonly: body ? true : undefined });
  let idTouched = !!body;
  id.addEventListener('input', () => (idTouched = true));
  name.addEventListener('input', () => {
    if (!idTouched) id.value = slug(name.value);
  });
  const kind = selectInput(Object.entries(BODY_KINDS) as [BodyKind, string][], body?.kind ?? 'sub-group', { 'data-testid': 'body-kind' });
  const parent = selectInput(
    [['', 'None: the main board'], ...view.bodies.filter((b) => b.id !== body?.id).map((b): [string, string] => [b.id, b.name])],
    body?.parentBodyId ?? '',
    { 'data-testid': 'body-parent' },
  );

  // ---- quorum ----
  const conditions: QuorumCondition[] = structuredClone(body?.quorum.conditions ?? [DEFAULTS['min-agencies']()]);
  const list = h('ol', { class: 'conditions', 'data-testid': 'quorum-conditions' });
  const renderConditions = () => list.replaceChildren(...conditions.map((c, i) => conditionRow(c, i)));
  const conditionRow = (c: QuorumCondition, i: number): HTMLElement => {
    const kindSelect = selectInput(Object.entries(CONDITION_KINDS) as [Kind, string][], c.kind, { id: uid('cond-kind'), 'data-testid': `condition-kind-${i}` });
    kindSelect.addEventListener('change', () => {
      conditions[i] = DEFAULTS[kindSelect.value as Kind]();
      renderConditions();
      list.querySelector<HTMLElement>(`[data-testid="condition-kind-${i}"]`)?.focus();
    });
    const remove = h(
      'fluent-button',
      {
        appearance: 'stealth',
        'aria-label': `Remove condition ${i + 1}`,
        'data-testid': `condition-remove-${i}`,
        onclick: () => {
          conditions.splice(i, 1);
          renderConditions();
          addCondition.focus();
        },
      },
      'Remove',
    );
    return h(
      'li',
      { class: 'condition', 'data-field': `quorum.conditions[${i}]` },
      h('div', { class: 'condition-head' }, h('div', { class: 'field' }, h('label', { for: kindSelect.id }, `Condition ${i + 1}`), kindSelect), remove),
      h('div', { class: 'condition-params' }, ...params(c)),
    );
  };
  const params = (c: QuorumCondition): HTMLElement[] => {
    switch (c.kind) {
      case 'min-agencies': {
        const count = numberInput(c.count, { min: 1, id: uid('count') });
        count.addEventListener('input', () => (c.count = num(count)));
        const by = selectInput(
          [
            ['agency', 'Agencies'],
            ['service-area', 'Separate service areas'],
          ],
          c.countBy ?? 'agency',
          { id: uid('count-by') },
        );
        by.addEventListener('change', () => (c.countBy = by.value as 'agency' | 'service-area'));
        const flag = (key: 'statutoryOnly' | 'excludeChair' | 'excludeBoardStaff', label: string) => {
          const box = checkbox(label, c[key] ?? false);
          box.input.addEventListener('change', () => (c[key] = box.input.checked || undefined));
          return box.el;
        };
        return [
          h('div', { class: 'field' }, h('label', { for: count.id }, 'How many'), count),
          h('div', { class: 'field' }, h('label', { for: by.id }, 'Count'), by),
          flag('statutoryOnly', 'Statutory agencies only'),
          flag('excludeChair', "Not counting the chair's agency"),
          flag('excludeBoardStaff', 'Not counting board staff'),
        ];
      }
      case 'required-present': {
        const groups = h('div', { class: 'groups' });
        const renderGroups = () => groups.replaceChildren(...c.groups.map((g, gi) => groupRow(c.groups, g, gi, renderGroups)));
        renderGroups();
        const chair = checkbox("Not counting the chair's agency", c.excludeChair ?? false);
        chair.input.addEventListener('change', () => (c.excludeChair = chair.input.checked || undefined));
        return [
          groups,
          h(
            'fluent-button',
            {
              appearance: 'outline',
              onclick: () => {
                c.groups.push({ label: '' });
                renderGroups();
              },
            },
            'Add group',
          ),
          chair.el,
        ];
      }
      case 'membership-share': {
        const pct = numberInput(Math.round(c.share * 100), { min: 1, max: 100, id: uid('share') });
        pct.addEventListener('input', () => (c.share = num(pct) / 100));
        return [h('div', { class: 'field' }, h('label', { for: pct.id }, 'Share of the members present (%)'), pct)];
      }
      case 'commissioner-and-provider':
      case 'each-safeguarding-partner':
        return [h('p', { class: 'muted' }, 'No settings.')];
    }
  };
  const groupRow = (groups: Group[], g: Group, gi: number, rerender: () => void): HTMLElement => {
    const label = textInput(g.label, { id: uid('group-label') });
    label.addEventListener('input', () => (g.label = label.value));
    const agencies = h(
      'select',
      { id: uid('group-agencies'), multiple: true, size: Math.min(6, Math.max(3, view.agencies.length)) },
      ...view.agencies.map((a) => h('option', { value: a.id, selected: g.agencyIds?.includes(a.id) ?? false }, a.name)),
    );
    agencies.addEventListener('change', () => {
      const ids = [...agencies.selectedOptions].map((o) => o.value);
      if (ids.length) g.agencyIds = ids;
      else delete g.agencyIds;
    });
    const sector = selectInput([['', 'Any sector'], ...SECTORS.map((s): [string, string] => [s, SECTOR_LABELS[s]])], g.sector ?? '', { id: uid('group-sector') });
    sector.addEventListener('change', () => {
      if (sector.value) g.sector = sector.value as Sector;
      else delete g.sector;
    });
    return h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, `Group ${gi + 1}`),
      h('div', { class: 'field' }, h('label', { for: label.id }, 'Label'), label),
      h('div', { class: 'field' }, h('label', { for: agencies.id }, 'Any of these agencies'), agencies),
      h('div', { class: 'field' }, h('label', { for: sector.id }, 'Or any agency of the sector'), sector),
      h(
        'fluent-button',
        {
          appearance: 'stealth',
          'aria-label': `Remove group ${gi + 1}`,
          onclick: () => {
            groups.splice(gi, 1);
            rerender();
          },
        },
        'Remove group',
      ),
    );
  };
  const addCondition = h(
    'fluent-button',
    {
      appearance: 'outline',
      'data-testid': 'condition-add',
      onclick: () => {
        conditions.push(DEFAULTS['min-agencies']());
        renderConditions();
        list.querySelector<HTMLElement>(`[data-testid="condition-kind-${conditions.length - 1}"]`)?.focus();
      },
    },
    'Add condition',
  );
  renderConditions();
  const quorumDescription = textInput(body?.quorum.description, { 'data-testid': 'quorum-description' });
  const quorumSource = textInput(body?.quorum.source, { 'data-testid': 'quorum-source' });
  const quorumGroup = h('fieldset', { class: 'rule' }, h('legend', {}, 'Quorum: all of these conditions'), list, addCondition);

  // ---- absence ----
  const absence: AbsenceRule = structuredClone(body?.absence ?? { kind: 'consecutive', count: 3, deputyResets: false, source: '' });
  const absenceKind = selectInput(
    [
      ['consecutive', 'Meetings missed in a row'],
      ['attendance-share', 'Share of meetings attended over a period'],
    ],
    absence.kind,
    { 'data-testid': 'absence-kind' },
  );
  const absenceCount = numberInput(absence.kind === 'consecutive' ? absence.count : 3, { min: 1 });
  const deputyResets = checkbox("A deputy's attendance resets the count", absence.kind === 'consecutive' ? absence.deputyResets : false);
  const absenceShare = numberInput(absence.kind === 'attendance-share' ? Math.round(absence.minShare * 100) : 75, { min: 1, max: 100 });
  const absenceMonths = numberInput(absence.kind === 'attendance-share' ? absence.windowMonths : 12, { min: 1 });
  const deputyCounts = checkbox("A deputy's attendance counts as the member's", absence.kind === 'attendance-share' ? (absence.deputyCounts ?? false) : false);
  const absenceSource = textInput(absence.source, { 'data-testid': 'absence-source' });
  const consecutive = h('div', { class: 'form-grid' }, form.field('absence.count', 'Meetings missed in a row', absenceCount), form.check('absence.deputyResets', deputyResets));
  const share = h(
    'div',
    { class: 'form-grid' },
    form.field('absence.minShare', 'Attends at least (%)', absenceShare),
    form.field('absence.windowMonths', 'Over (months)', absenceMonths),
    form.check('absence.deputyCounts', deputyCounts),
  );
  const showAbsence = () => {
    consecutive.hidden = absenceKind.value !== 'consecutive';
    share.hidden = absenceKind.value === 'consecutive';
  };
  absenceKind.addEventListener('change', showAbsence);
  showAbsence();

  // ---- decisions and proxies ----
  const d = body?.decision;
  const threshold = selectInput(
    [
      ['majority-of-votes-cast', 'A majority of the votes cast'],
      ['majority-of-voting-agencies', 'A majority of the voting agencies'],
      ['unanimity', 'Every voting agency'],
      ['at-least', 'At least a number of votes for'],
    ],
    d?.threshold.kind ?? 'majority-of-votes-cast',
    { 'data-testid': 'decision-threshold' },
  );
  const atLeast = numberInput(d?.threshold.kind === 'at-least' ? d.threshold.count : 2, { min: 1 });
  const atLeastField = form.field('decision.threshold.count', 'Votes for needed', atLeast);
  const showThreshold = () => (atLeastField.hidden = threshold.value !== 'at-least');
  threshold.addEventListener('change', showThreshold);
  showThreshold();
  const consensus = checkbox('Consensus first: a vote only when consensus is not reached', d?.consensusFirst ?? false);
  const decisionSource = textInput(d?.source, { 'data-testid': 'decision-source' });
  const casting = selectInput(
    [
      ['nobody', 'Nobody: a tie is not decided'],
      ['independent-chair', 'The independent chair'],
      ['chair', 'The chair'],
    ],
    d?.castingVote.holder ?? 'chair',
    { 'data-testid': 'decision-casting' },
  );
  const castingSource = textInput(d?.castingVote.source, { 'data-testid': 'decision-casting-source' });
  const notDecided = textInput(d?.notDecidedRoute, {});
  const dissent = d?.dissent;
  const dissentTo = selectInput(
    [['', 'Nobody: a decision cannot be referred'], ...view.people.map((person): [string, string] => [person.id, person.displayName])],
    dissent?.referToPersonId ?? '',
    { 'data-testid': 'dissent-to' },
  );
  const dissentTitle = textInput(dissent?.referToTitle, { 'data-testid': 'dissent-title' });
  const dissentGrounds = textInput(dissent?.grounds, { 'data-testid': 'dissent-grounds' });
  const dissentSource = textInput(dissent?.source, { 'data-testid': 'dissent-source' });
  const p = body?.proxies;
  const proxies = selectInput(
    [
      ['', 'No proxies: standing deputies only'],
      ['allowed', 'Allowed'],
      ['chair', "Allowed with the chair's agreement"],
    ],
    p ? (p.chairAgreement ? 'chair' : 'allowed') : '',
    { 'data-testid': 'proxies' },
  );
  const substitute = checkbox('Someone must attend in a member’s place', p?.substituteRequired ?? false);
  const proxiesSource = textInput(p?.source, { 'data-testid': 'proxies-source' });

  // ---- cadence ----
  const c = body?.cadence;
  const perYear = numberInput(c?.meetingsPerYear ?? 4, { min: 0, 'data-testid': 'cadence-per-year' });
  const monthBoxes = MONTHS.map((m, i) => ({ month: i + 1, ...checkbox(m, c?.months?.includes(i + 1) ?? false) }));
  const months = h('fieldset', { class: 'checks months' }, h('legend', {}, 'Usual months (optional)'), ...monthBoxes.map((b) => b.el));
  const notice = numberInput(c?.noticeWorkingDays ?? 10, { min: 0 });
  const papers = numberInput(c?.papersWorkingDays ?? 5, { min: 0 });
  const cadenceDescription = textInput(c?.description, {});

  const chair = body?.chairSeatId ? n.seat(body.chairSeatId) : undefined;
  const vice = body?.viceChairSeatId ? n.seat(body.viceChairSeatId) : undefined;
  const seatText = (s: typeof chair) => (s ? `${s.title}${s.holderId ? `: ${n.personName(s.holderId)}` : ' (vacant)'}` : 'None');

  form.add(
    h(
      'div',
      { class: 'form-grid' },
      form.field('name', 'Name', name),
      form.field('id', 'Id', id, { hint: body ? 'Fixed once the body exists.' : 'Made from the name.' }),
      form.field('kind', 'Kind', kind),
      form.field('parentBodyId', 'Reports to', parent),
    ),
    body
      ? h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Chair'),
          h('dd', {}, seatText(chair)),
          h('dt', {}, 'Vice chair'),
          h('dd', {}, seatText(vice)),
        )
      : null,
    h('p', { class: 'hint' }, 'The chair and vice chair are set on their seats (Office).'),
    h('h3', {}, 'Quorum'),
    form.field('quorum.conditions', 'Conditions', quorumGroup),
    h(
      'div',
      { class: 'form-grid' },
      form.field('quorum.description', 'Quorum in words', quorumDescription, { hint: 'As the members read it, e.g. "At least 5 agencies, 3 of them statutory".' }),
      form.field('quorum.source', 'Source', quorumSource, { hint: 'Where the rule comes from, e.g. "Constitution §4.11".' }),
    ),
    h('h3', {}, 'Absence'),
    form.field('absence.kind', 'Absence rule', absenceKind),
    consecutive,
    share,
    form.field('absence.source', 'Source', absenceSource),
    h('h3', {}, 'Decisions'),
    h(
      'div',
      { class: 'form-grid' },
      form.field('decision.threshold', 'A vote is carried by', threshold),
      atLeastField,
      form.field('decision.source', 'Source', decisionSource, { hint: 'Where the rule comes from, e.g. "L, Decision Making".' }),
      form.field('decision.castingVote.holder', 'Casting vote', casting),
      form.field('decision.castingVote.source', 'Casting vote source', castingSource),
      form.field('decision.notDecidedRoute', 'If not decided', notDecided, { hint: 'The route a tie or a missed majority takes.' }),
    ),
    form.check('decision.consensusFirst', consensus),
    h('h3', {}, 'Dissent'),
    h(
      'div',
      { class: 'form-grid' },
      form.field('decision.dissent.referToPersonId', 'A member who voted against may refer a carried decision to', dissentTo),
      form.field('decision.dissent.referToTitle', 'Named on cards as', dissentTitle, { hint: 'e.g. "the Independent Scrutineer".' }),
      form.field('decision.dissent.grounds', 'When they may refer it', dissentGrounds, { hint: 'The grounds the documents give.' }),
      form.field('decision.dissent.source', 'Source', dissentSource),
    ),
    h('h3', {}, 'Proxies'),
    h('div', { class: 'form-grid' }, form.field('proxies', 'Proxies for one meeting', proxies), form.field('proxies.source', 'Source', proxiesSource)),
    form.check('proxies.substituteRequired', substitute),
    h('h3', {}, 'Cadence'),
    h(
      'div',
      { class: 'form-grid' },
      form.field('cadence.meetingsPerYear', 'Meetings a year', perYear),
      form.field('cadence.noticeWorkingDays', 'Notice (working days before)', notice),
      form.field('cadence.papersWorkingDays', 'Papers (working days before)', papers),
    ),
    form.field('cadence.months', 'Usual months', months),
    form.field('cadence.description', 'Cadence in words', cadenceDescription),
    form.actions(body ? 'Save body' : 'Add body', 'body-save', async () => {
      const nextAbsence: AbsenceRule =
        absenceKind.value === 'consecutive'
          ? { kind: 'consecutive', count: num(absenceCount), deputyResets: deputyResets.input.checked, source: absenceSource.value.trim() }
          : {
              kind: 'attendance-share',
              minShare: num(absenceShare) / 100,
              windowMonths: num(absenceMonths),
              ...(deputyCounts.input.checked ? { deputyCounts: true } : {}),
              source: absenceSource.value.trim(),
            };
      const chosenMonths = monthBoxes.filter((b) => b.input.checked).map((b) => b.month);
      const kindOfThreshold = threshold.value as DecisionRule['threshold']['kind'];
      const decision: DecisionRule | undefined =
        d || decisionSource.value.trim() || castingSource.value.trim() || dissentTo.value
          ? {
              threshold: kindOfThreshold === 'at-least' ? { kind: 'at-least', count: num(atLeast) } : { kind: kindOfThreshold },
              ...(consensus.input.checked ? { consensusFirst: true } : {}),
              source: decisionSource.value.trim(),
              castingVote: { holder: casting.value as CastingVoteHolder, source: castingSource.value.trim() },
              ...(notDecided.value.trim() ? { notDecidedRoute: notDecided.value.trim() } : {}),
              ...(dissentTo.value
                ? {
                    dissent: {
                      referToPersonId: dissentTo.value,
                      referToTitle: dissentTitle.value.trim(),
                      grounds: dissentGrounds.value.trim(),
                      source: dissentSource.value.trim(),
                    },
                  }
                : {}),
            }
          : undefined;
      const next: BodyFields = {
        id: id.value.trim(),
        name: name.value.trim(),
        kind: kind.value as BodyKind,
        ...(parent.value ? { parentBodyId: parent.value } : {}),
        quorum: { description: quorumDescription.value.trim(), source: quorumSource.value.trim(), conditions },
        absence: nextAbsence,
        cadence: {
          meetingsPerYear: num(perYear),
          ...(chosenMonths.length ? { months: chosenMonths } : {}),
          noticeWorkingDays: num(notice),
          papersWorkingDays: num(papers),
          description: cadenceDescription.value.trim(),
        },
        ...(body?.reporting ? { reporting: body.reporting } : {}),
        ...(decision ? { decision } : {}),
        // null removes a proxy rule the body had; left out, the stored one would stay.
        proxies: proxies.value ? { chairAgreement: proxies.value === 'chair', substituteRequired: substitute.input.checked, source: proxiesSource.value.trim() } : null,
      };
      const local = [
        !next.name ? { field: 'name', message: 'Give the body a name.' } : null,
        !next.id ? { field: 'id', message: 'Give the body an id.' } : null,
        conditions.length === 0 ? { field: 'quorum.conditions', message: 'A quorum needs at least one condition.' } : null,
        ...(dissentTo.value
          ? [
              !dissentTitle.value.trim() ? { field: 'decision.dissent.referToTitle', message: 'Say how cards name them, e.g. "the Independent Scrutineer".' } : null,
              !dissentGrounds.value.trim() ? { field: 'decision.dissent.grounds', message: 'Give the grounds on which a decision may be referred.' } : null,
              !dissentSource.value.trim() ? { field: 'decision.dissent.source', message: 'Give the document and section the route comes from.' } : null,
            ]
          : []),
        conditions.some((q) => (q.kind === 'min-agencies' && !(q.count >= 1)) || (q.kind === 'membership-share' && !(q.share > 0 && q.share <= 1)))
          ? { field: 'quorum.conditions', message: 'Each count is a whole number of at least 1 and each share between 1% and 100%.' }
          : null,
        ...(['meetingsPerYear', 'noticeWorkingDays', 'papersWorkingDays'] as const)
          .filter((k) => !(next.cadence[k] >= 0))
          .map((k) => ({ field: `cadence.${k}`, message: 'Give a number of 0 or more.' })),
      ].filter((p): p is { field: string; message: string } => p !== null);
      if (local.length) return form.showProblems(local);
      await form.save({ kind: 'body', body: next }, body ? `Saved ${next.name}.` : `Added ${next.name}.`);
    }),
  );
  openDialog(body ? `Change body: ${body.name}` : 'Add a body', [form.el], { wide: true, focus: name });
}
