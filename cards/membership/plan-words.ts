import type { ChangeDetail, MembershipChange, PlannedChange, PlannedChangeView, ReturnsChangeDetail, ReturnsSetting } from '../../services/domain/membership-views.js';

/** The words of a planned membership change, as the Members page's import plan lists them. */

const ENTITY: Record<Exclude<MembershipChange['entity'], 'seat'>, string> = { partnership: 'Partnership', agency: 'Agency', body: 'Body', person: 'Person' };

/** A holder or deputy absent is vacant; an agency absent is none. */
const NOBODY = { holder: 'vacant', deputy: 'vacant', agency: 'none' } as const;

/** Why an agency or person left out is removed. */
const UNREFERENCED: Partial<Record<MembershipChange['entity'], string>> = {
  agency: 'removed: no seat refers to it',
  person: 'removed: holds no seat and never did',
};

export function changeLabel(c: MembershipChange): string {
  return c.entity === 'seat' ? `Seat ${c.title} on ${c.body}` : `${ENTITY[c.entity]} ${c.name}`;
}

export function changeDetailText(d: ChangeDetail, entity: MembershipChange['entity']): string {
  switch (d.code) {
    case 'field':
      return `${d.field}: ${d.from ?? '(none)'} → ${d.to ?? '(none)'}`;
    case 'term':
      return `${d.role}: ${d.from ?? NOBODY[d.role]} → ${d.to ?? NOBODY[d.role]} from ${d.effective}`;
    case 'holding': {
      const who = `holder: ${d.holder ?? NOBODY.holder}${d.deputy !== undefined ? `, deputy: ${d.deputy}` : ''}`;
      return d.from ? `${who} from ${d.from}` : who;
    }
    case 'starts-again':
      return `starts again from ${d.effective}`;
    case 'ends':
      return `ends: last day ${d.lastDay}`;
    case 'unreferenced':
      return UNREFERENCED[entity] ?? 'removed';
  }
}

const RETURNS_LABEL = 'Returns framework (Section 11 standards, data set, audit leads)';
const SETTING: Record<ReturnsSetting, string> = { qaBody: 'QA body', s11Source: 'Section 11 source', dsSource: 'data set source', reminders: 'reminder working days' };
const LIST = { standard: 'standard', indicator: 'indicator', 'audit-lead': 'audit lead' } as const;

export function returnsDetailText(d: ReturnsChangeDetail): string {
  return d.code === 'setting' ? `${SETTING[d.setting]}: ${d.from ?? '(none)'} → ${d.to ?? '(none)'}` : `${LIST[d.list]} ${d.id} ${d.change}`;
}

export function wordChange(c: PlannedChange): PlannedChangeView {
  if (c.entity === 'returns') return { kind: c.kind, entity: c.entity, id: c.id, label: RETURNS_LABEL, details: c.details.map(returnsDetailText) };
  return { kind: c.kind, entity: c.entity, id: c.id, label: changeLabel(c), details: c.details.map((d) => changeDetailText(d, c.entity)) };
}
