/**
 * The returns framework (issue #20) in the membership spreadsheet: four optional sheets beside the
 * five of the membership. A workbook without them (an older export, or a partnership with no
 * returns) leaves the stored framework as it is; with them, they are the framework. A round already
 * open keeps the copy it took when it opened.
 */
import { normaliseHeader } from '../csv.js';
import type { ReturnsChange, ReturnsChangeDetail, ReturnsSetting } from '../membership-views.js';
import type { MembershipProblem } from '../membership-problems.js';
import type { Partnership } from '../directory.js';
import { issueProblems } from '../partnership-schema.js';
import { returnsConfigProblems, returnsConfigSchema, type ReturnsConfig } from '../returns-config.js';

export const RETURNS_SHEET_NAMES = ['Returns', 'Section 11 standards', 'Data set indicators', 'Audit leads'] as const;
export type ReturnsSheetName = (typeof RETURNS_SHEET_NAMES)[number];

export interface ReturnsTable {
  name: ReturnsSheetName;
  rows: string[][];
}

export const RETURNS_COLUMNS = {
  Returns: ['Field', 'Value'],
  'Section 11 standards': ['Id', 'Text'],
  'Data set indicators': ['Id', 'Text', 'Unit', 'Agency'],
  'Audit leads': ['Agency', 'Person'],
} as const satisfies Record<ReturnsSheetName, readonly string[]>;

/** The Returns sheet's rows, by the text of its Field column: the file's format, like the column headers. */
export const RETURNS_FIELDS = { qaBody: 'QA body', s11Source: 'Section 11 source', dsSource: 'Data set source', reminders: 'Reminder working days' } as const;
const FIELDS = RETURNS_FIELDS;

export const isReturnsSheet = (name: string): name is ReturnsSheetName => RETURNS_SHEET_NAMES.some((n) => normaliseHeader(n) === normaliseHeader(name));

/** The framework as the four sheets; none when the partnership has no returns configured. */
export function returnsTables(config: ReturnsConfig | undefined): ReturnsTable[] {
  if (!config) return [];
  return [
    {
      name: 'Returns',
      rows: [
        [...RETURNS_COLUMNS.Returns],
        [FIELDS.qaBody, config.qaBodyId],
        [FIELDS.s11Source, config.section11.source],
        [FIELDS.dsSource, config.dataSet?.source ?? ''],
        [FIELDS.reminders, (config.reminderWorkingDays ?? []).join(', ')],
      ],
    },
    { name: 'Section 11 standards', rows: [[...RETURNS_COLUMNS['Section 11 standards']], ...config.section11.standards.map((s) => [s.id, s.text])] },
    { name: 'Data set indicators', rows: [[...RETURNS_COLUMNS['Data set indicators']], ...(config.dataSet?.indicators ?? []).map((i) => [i.id, i.text, i.unit, i.agencyId])] },
    { name: 'Audit leads', rows: [[...RETURNS_COLUMNS['Audit leads']], ...(config.auditLeads ?? []).map((l) => [l.agencyId, l.personId])] },
  ];
}

interface Row {
  row: number;
  cells: Record<string, string>;
}

/** A sheet's rows by its header, with the row numbers the user sees; blank rows skipped. */
function rowsOf(table: { name: string; rows: string[][] }, columns: readonly string[], problems: MembershipProblem[]): Row[] | undefined {
  const headerAt = table.rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (headerAt < 0) return [];
  const header = table.rows[headerAt]!.map((c) => normaliseHeader(c));
  const index = new Map(columns.map((c) => [c, header.indexOf(normaliseHeader(c))]));
  const missing = columns.filter((c) => index.get(c)! < 0);
  if (missing.length) {
    problems.push({ field: table.name, row: headerAt + 1, code: 'sheet.returns-missing-columns', columns: missing });
    return undefined;
  }
  return table.rows
    .map((r, i) => ({ row: i + 1, cells: Object.fromEntries(columns.map((c) => [c, (r[index.get(c)!] ?? '').trim()])) }))
    .filter((r, i) => i > headerAt && Object.values(r.cells).some((v) => v !== ''));
}

/**
 * The framework the sheets describe, or the problems, each naming the sheet and row. Undefined
 * (and no problem) when the workbook has none of the sheets: the stored framework stays.
 */
export function returnsFromTables(tables: readonly { name: string; rows: string[][] }[], partnership: Partnership): { returns?: ReturnsConfig; problems: MembershipProblem[] } {
  const problems: MembershipProblem[] = [];
  const found = new Map<ReturnsSheetName, { name: string; rows: string[][] }>();
  for (const t of tables) {
    const name = RETURNS_SHEET_NAMES.find((n) => normaliseHeader(n) === normaliseHeader(t.name));
    if (!name) continue;
    if (found.has(name)) problems.push({ field: name, code: 'sheet.sheet-repeated', sheet: name });
    found.set(name, t);
  }
  if (found.size === 0) return { problems };
  if (!found.has('Returns')) problems.push({ field: 'Returns', code: 'sheet.returns-missing-sheet', sheet: 'Returns' });
  if (!found.has('Section 11 standards')) problems.push({ field: 'Section 11 standards', code: 'sheet.returns-missing-sheet', sheet: 'Section 11 standards' });
  if (problems.length) return { problems };

  const read = (name: ReturnsSheetName) => (found.has(name) ? rowsOf(found.get(name)!, RETURNS_COLUMNS[name], problems) : []);
  const settings = read('Returns');
  const standards = read('Section 11 standards');
  const indicators = read('Data set indicators');
  const leads = read('Audit leads');
  if (!settings || !standards || !indicators || !leads) return { problems };

  const field = (label: string) => settings.find((r) => normaliseHeader(r.cells.Field!) === normaliseHeader(label));
  const value = (label: string) => field(label)?.cells.Value ?? '';
  const reminders = value(FIELDS.reminders);
  const days = reminders ? reminders.split(/[\s,;]+/).filter(Boolean).map(Number) : undefined;
  if (days?.some((d) => !Number.isInteger(d) || d < 0)) {
    problems.push({ field: 'Returns', row: field(FIELDS.reminders)!.row, column: 'Value', code: 'sheet.returns-reminder-days', text: reminders.slice(0, 40) });
  }
  const config: ReturnsConfig = {
    qaBodyId: value(FIELDS.qaBody),
    section11: { source: value(FIELDS.s11Source), standards: standards.map((r) => ({ id: r.cells.Id!, text: r.cells.Text! })) },
    ...(indicators.length ? { dataSet: { source: value(FIELDS.dsSource), indicators: indicators.map((r) => ({ id: r.cells.Id!, text: r.cells.Text!, unit: r.cells.Unit!, agencyId: r.cells.Agency! })) } } : {}),
    ...(leads.length ? { auditLeads: leads.map((r) => ({ agencyId: r.cells.Agency!, personId: r.cells.Person! })) } : {}),
    ...(days && days.length ? { reminderWorkingDays: days } : {}),
  };
  if (problems.length) return { problems };

  // Each problem of the shape or the references, placed on the sheet and row it came from.
  const place = (path: (string | number)[]): { field: string; row?: number; column?: string } => {
    const [head, second, index, key] = path;
    if (head === 'qaBodyId') return { field: 'Returns', ...(field(FIELDS.qaBody) ? { row: field(FIELDS.qaBody)!.row } : {}), column: 'Value' };
    if (head === 'section11' && second === 'standards' && typeof index === 'number') return { field: 'Section 11 standards', row: standards[index]?.row, column: key === 'text' ? 'Text' : 'Id' };
    if (head === 'section11' && second === 'source') return { field: 'Returns', row: field(FIELDS.s11Source)?.row, column: 'Value' };
    if (head === 'dataSet' && second === 'indicators' && typeof index === 'number') return { field: 'Data set indicators', row: indicators[index]?.row, column: key === 'agencyId' ? 'Agency' : key === 'unit' ? 'Unit' : key === 'text' ? 'Text' : 'Id' };
    if (head === 'dataSet') return { field: 'Returns', row: field(FIELDS.dsSource)?.row, column: 'Value' };
    if (head === 'auditLeads' && typeof second === 'number') return { field: 'Audit leads', row: leads[second]?.row, column: index === 'personId' ? 'Person' : 'Agency' };
    return { field: 'Returns' };
  };
  const parsed = returnsConfigSchema.safeParse(config);
  if (!parsed.success) {
    for (const problem of parsed.error.issues.slice(0, 50).flatMap(issueProblems)) problems.push({ ...problem, ...place(pathOf(problem.field)) });
    return { problems };
  }
  const known = {
    bodyIds: new Set(partnership.bodies.map((b) => b.id)),
    agencyIds: new Set(partnership.agencies.map((a) => a.id)),
    personIds: new Set(partnership.people.map((p) => p.id)),
  };
  for (const problem of returnsConfigProblems(parsed.data, known)) problems.push({ ...problem, ...place(pathOf(problem.field.replace(/^returns\./, ''))) });
  return problems.length ? { problems } : { returns: parsed.data, problems };
}

/** A configuration path ("section11.standards[2].id") as its keys. */
const pathOf = (field: string): (string | number)[] =>
  field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** What an import changes in the framework, for the dry run: one detail a difference. */
export function returnsChanges(before: ReturnsConfig | undefined, after: ReturnsConfig): ReturnsChangeDetail[] {
  const details: ReturnsChangeDetail[] = [];
  const setting = (name: ReturnsSetting, a: string | undefined, b: string | undefined) => {
    if ((a ?? '') !== (b ?? '')) details.push({ code: 'setting', setting: name, ...(a ? { from: a } : {}), ...(b ? { to: b } : {}) });
  };
  setting('qaBody', before?.qaBodyId, after.qaBodyId);
  setting('s11Source', before?.section11.source, after.section11.source);
  setting('dsSource', before?.dataSet?.source, after.dataSet?.source);
  setting('reminders', before?.reminderWorkingDays?.join(', '), after.reminderWorkingDays?.join(', '));
  const list = <T extends { id: string }>(name: 'standard' | 'indicator' | 'audit-lead', a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean) => {
    const old = new Map(a.map((x) => [x.id, x]));
    for (const x of b) {
      const o = old.get(x.id);
      if (!o) details.push({ code: 'item', list: name, id: x.id, change: 'added' });
      else if (!same(o, x)) details.push({ code: 'item', list: name, id: x.id, change: 'changed' });
    }
    const kept = new Set(b.map((x) => x.id));
    for (const x of a) if (!kept.has(x.id)) details.push({ code: 'item', list: name, id: x.id, change: 'removed' });
  };
  list('standard', before?.section11.standards ?? [], after.section11.standards, (x, y) => x.text === y.text);
  list('indicator', before?.dataSet?.indicators ?? [], after.dataSet?.indicators ?? [], (x, y) => x.text === y.text && x.unit === y.unit && x.agencyId === y.agencyId);
  const leadId = (l: { agencyId: string; personId: string }) => ({ ...l, id: `${l.agencyId} ${l.personId}` });
  list('audit-lead', (before?.auditLeads ?? []).map(leadId), (after.auditLeads ?? []).map(leadId), () => true);
  return details;
}

/** The dry run's entry for the framework, when an import sets it and it differs from what is stored. */
export function frameworkChange(before: ReturnsConfig | undefined, after: ReturnsConfig | undefined): ReturnsChange | undefined {
  if (!after) return undefined;
  const details = returnsChanges(before, after);
  if (before && details.length === 0) return undefined;
  return { kind: before ? 'change' : 'add', entity: 'returns', id: 'returns', details: before ? details : [] };
}
