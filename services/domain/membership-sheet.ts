/**
 * The whole membership as a spreadsheet: a Partnership to and from five tables (Partnership,
 * Agencies, Bodies, People, Seats), and those tables to and from one CSV file of five sections.
 * docs/members.md describes every column and the quorum and absence rule grammar. The XLSX side
 * lives in infra/spreadsheet/xlsx.ts; this file only sees tables of text.
 *
 * Seat history (terms, endsOn) is not in the sheet: it describes the membership of one day. Flags
 * that are off (`statutoryOnly: false`, `countBy: 'agency'`) read back as absent, which means the same.
 */
import { CsvSyntaxError, normaliseHeader, parseCsv } from './csv.js';
import {
  ROLE_CODES,
  SECTORS,
  type AbsenceRule,
  type CastingVoteHolder,
  type DecisionRule,
  type DecisionThreshold,
  type Partnership,
  type ProxyRule,
  type QuorumCondition,
  type RoleCode,
  type Sector,
} from './directory.js';
import type { FieldProblem } from './membership-views.js';
import { partnershipProblems } from './partnership-schema.js';
import { slug } from './slug.js';

export const SHEET_NAMES = ['Partnership', 'Agencies', 'Bodies', 'People', 'Seats'] as const;
export type SheetName = (typeof SHEET_NAMES)[number];

/** One sheet: a header row, then rows. `lines` gives the number the user sees for each row (a CSV file's line); by default index + 1. */
export interface Table {
  name: SheetName;
  rows: string[][];
  lines?: number[];
}

export const COLUMNS = {
  Partnership: ['Field', 'Value'],
  Agencies: ['Id', 'Name', 'Sector', 'Statutory', 'Safeguarding partner', 'Service role', 'Sector seat', 'Service area'],
  Bodies: [
    'Id',
    'Name',
    'Kind',
    'Parent',
    'Quorum',
    'Quorum description',
    'Quorum source',
    'Absence',
    'Absence source',
    'Meetings a year',
    'Months',
    'Notice working days',
    'Papers working days',
    'Cadence description',
    'Reports to',
    'Report due working days',
    'Reporting description',
    'Vice chair not from',
    'Vice chair statutory only',
    'Vice chair source',
    'Decision',
    'Decision source',
    'Casting vote',
    'Casting vote source',
    'If not decided',
    'Dissent to',
    'Dissent to title',
    'Dissent grounds',
    'Dissent source',
    'Proxies',
    'Proxies source',
  ],
  People: ['Id', 'Name', 'Email', 'Entra object id', 'Organisation', 'Guest', 'External access only', 'Channel'],
  Seats: ['Body', 'Seat id', 'Title', 'Agency', 'Roles', 'Office', 'Voting', 'Holder', 'Deputy'],
} as const satisfies Record<SheetName, readonly string[]>;

type Column<S extends SheetName> = (typeof COLUMNS)[S][number];

/** Columns a sheet cannot do without; the others may be left out and read as blank. */
const REQUIRED: { [S in SheetName]: readonly Column<S>[] } = {
  Partnership: ['Field', 'Value'],
  Agencies: ['Id', 'Name', 'Sector', 'Statutory', 'Service role'],
  Bodies: [
    'Id',
    'Name',
    'Kind',
    'Quorum',
    'Quorum description',
    'Quorum source',
    'Absence',
    'Absence source',
    'Meetings a year',
    'Notice working days',
    'Papers working days',
    'Cadence description',
  ],
  People: ['Name'],
  Seats: ['Body', 'Title', 'Roles'],
};

/** Other header texts accepted for a column (compared without case, spaces or punctuation). */
const ALIASES: Record<string, readonly string[]> = {
  'People.Name': ['displayname'],
  'People.Entra object id': ['objectid', 'aadobjectid', 'entraid'],
  'Seats.Seat id': ['seat'],
};

/** What one sheet may hold, so that neither the file nor a mistake can make the import do unbounded work. */
export const SHEET_LIMITS = { rowsPerSheet: 5_000, columns: 40, csvBytes: 5 * 1024 * 1024 } as const;

// ---------------------------------------------------------------------------------------------
// Quorum and absence rules as text

const plainLabel = (s: string) => s !== '' && s === s.trim() && !/["=|;]/.test(s);
const plainId = (s: string) => /^[^\s"=|;+:,]+$/.test(s);
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

function percent(share: number): string {
  for (let digits = 0; digits <= 15; digits++) {
    const text = String(Number((share * 100).toFixed(digits)));
    if (Number(text) / 100 === share) return text;
  }
  return String(share * 100);
}

/** One condition as the sheet writes it. */
export function conditionText(c: QuorumCondition): string {
  switch (c.kind) {
    case 'min-agencies': {
      const unit = c.countBy === 'service-area' ? (c.count === 1 ? 'service area' : 'service areas') : c.count === 1 ? 'agency' : 'agencies';
      const not = [c.excludeChair ? 'the chair' : '', c.excludeBoardStaff ? 'board staff' : ''].filter(Boolean).join(' or ');
      return `at least ${c.count} ${c.statutoryOnly ? 'statutory ' : ''}${unit}${not ? ` not counting ${not}` : ''}`;
    }
    case 'required-present': {
      const groups = c.groups.map((g) => {
        const parts = [...(g.agencyIds ?? []).map((id) => (plainId(id) ? id : quote(id))), ...(g.sector ? [`sector:${g.sector}`] : [])];
        return `${plainLabel(g.label) ? g.label : quote(g.label)}=${parts.join('+')}`;
      });
      return `present${c.excludeChair ? ' (not counting the chair)' : ''}: ${groups.join(' | ')}`;
    }
    case 'commissioner-and-provider':
      return 'commissioner and provider';
    case 'membership-share':
      return `${percent(c.share)}% of the membership`;
    case 'each-safeguarding-partner':
      return 'each safeguarding partner';
  }
}

export const quorumText = (conditions: readonly QuorumCondition[]): string => conditions.map(conditionText).join('; ');

export function absenceText(a: AbsenceRule): string {
  if (a.kind === 'consecutive') return `${a.count} consecutive${a.deputyResets ? ', deputy resets' : ''}`;
  const deputy = a.deputyCounts === true ? ', deputy counts' : a.deputyCounts === false ? ', deputy does not count' : '';
  return `${percent(a.minShare)}% over ${a.windowMonths} ${a.windowMonths === 1 ? 'month' : 'months'}${deputy}`;
}

/** Splits on `separator` outside double quotes. */
function splitOutside(text: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** A token, without its quotes when quoted; undefined when a quote is out of place. */
function unquote(token: string): { text: string; quoted: boolean } | undefined {
  const t = token.trim();
  if (t.startsWith('"')) {
    if (t.length < 2 || !t.endsWith('"')) return undefined;
    const inner = t.slice(1, -1);
    if (/"/.test(inner.replace(/""/g, ''))) return undefined;
    return { text: inner.replace(/""/g, '"'), quoted: true };
  }
  return t.includes('"') ? undefined : { text: t, quoted: false };
}

const RULE_FORMS =
  'write each condition as "at least 5 agencies" (or "statutory agencies", "service areas", adding "not counting the chair or board staff"), ' +
  '"present: Label=agency-id+sector:health | …", "commissioner and provider", "50% of the membership" or "each safeguarding partner", separated by ";"';

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseQuorumText(text: string): Parsed<QuorumCondition[]> {
  if (text.trim() === '') return { ok: true, value: [] };
  const conditions: QuorumCondition[] = [];
  for (const part of splitOutside(text, ';')) {
    const c = parseCondition(part.trim());
    if (!c.ok) return c;
    conditions.push(c.value);
  }
  return { ok: true, value: conditions };
}

function parseCondition(text: string): Parsed<QuorumCondition> {
  const fail = (why: string): Parsed<QuorumCondition> => ({ ok: false, message: `Cannot read the condition "${text}": ${why}` });
  if (text === '') return fail(`it is empty; ${RULE_FORMS}`);
  const simple = text.replace(/\s+/g, ' ').toLowerCase();
  const min = /^at least (\d+) (statutory )?(agencies|agency|service areas|service area)(?: not counting (.+))?$/.exec(simple);
  if (min) {
    const c: QuorumCondition = { kind: 'min-agencies', count: Number(min[1]) };
    if (min[2]) c.statutoryOnly = true;
    if (min[3]!.startsWith('service')) c.countBy = 'service-area';
    if (min[4]) {
      for (const who of min[4].split(/ or | and |, ?/)) {
        if (who === 'the chair' || who === 'chair') c.excludeChair = true;
        else if (who === 'board staff' || who === 'the board staff') c.excludeBoardStaff = true;
        else return fail(`"not counting" takes "the chair", "board staff" or "the chair or board staff", not "${who}"`);
      }
    }
    return { ok: true, value: c };
  }
  if (simple === 'commissioner and provider') return { ok: true, value: { kind: 'commissioner-and-provider' } };
  if (simple === 'each safeguarding partner') return { ok: true, value: { kind: 'each-safeguarding-partner' } };
  const share = /^(\d+(?:\.\d+)?) ?% of the membership$/.exec(simple);
  if (share) return { ok: true, value: { kind: 'membership-share', share: Number(share[1]) / 100 } };
  const present = /^present\s*(\(\s*not counting the chair\s*\))?\s*:([\s\S]*)$/i.exec(text);
  if (present) {
    const groups: Extract<QuorumCondition, { kind: 'required-present' }>['groups'] = [];
    for (const g of splitOutside(present[2]!, '|')) {
      const eq = splitOutside(g, '=');
      if (eq.length < 2) return fail(`each group is "Label=agency-id" (or "Label=sector:health"), and "${g.trim()}" has no "="`);
      const label = unquote(eq[0]!);
      if (!label || label.text === '') return fail(`the group "${g.trim()}" needs a label before "=" (quote a label holding = | ; or ")`);
      const group: (typeof groups)[number] = { label: label.text };
      const ids: string[] = [];
      for (const raw of splitOutside(eq.slice(1).join('='), '+')) {
        if (raw.trim() === '') continue;
        const token = unquote(raw);
        if (!token) return fail(`a quote is out of place in "${raw.trim()}"`);
        const sector = token.quoted ? null : /^sector\s*:\s*(.+)$/i.exec(token.text);
        if (sector) {
          const name = sector[1]!.toLowerCase();
          if (!(SECTORS as readonly string[]).includes(name)) return fail(`unknown sector "${sector[1]}"; use ${SECTORS.join(', ')}`);
          if (group.sector) return fail(`a group names one sector at most ("${g.trim()}")`);
          group.sector = name as Sector;
        } else ids.push(token.text);
      }
      if (ids.length > 0) group.agencyIds = ids;
      groups.push(group);
    }
    const c: QuorumCondition = { kind: 'required-present', groups };
    if (present[1]) c.excludeChair = true;
    return { ok: true, value: c };
  }
  return fail(RULE_FORMS);
}

/** The decision threshold as the sheet writes it, with ", consensus first" where the documents ask for consensus first. */
export function decisionText(d: Pick<DecisionRule, 'threshold' | 'consensusFirst'>): string {
  const t = d.threshold;
  const threshold =
    t.kind === 'majority-of-votes-cast'
      ? 'majority of votes cast'
      : t.kind === 'majority-of-voting-agencies'
        ? 'majority of voting agencies'
        : t.kind === 'unanimity'
          ? 'unanimity'
          : `at least ${t.count} for`;
  return d.consensusFirst ? `${threshold}, consensus first` : threshold;
}

export function parseDecisionText(text: string): Parsed<Pick<DecisionRule, 'threshold' | 'consensusFirst'>> {
  const simple = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const m = /^(majority of votes cast|majority of voting agencies|unanimity|unanimous|at least (\d+)(?: for)?)( ?, ?consensus first)?$/.exec(simple);
  if (!m) {
    return {
      ok: false,
      message: `Cannot read the decision rule "${text.trim()}": write "majority of votes cast", "majority of voting agencies", "unanimity" or "at least 2 for", optionally followed by ", consensus first"`,
    };
  }
  const threshold: DecisionThreshold =
    m[1] === 'majority of votes cast'
      ? { kind: 'majority-of-votes-cast' }
      : m[1] === 'majority of voting agencies'
        ? { kind: 'majority-of-voting-agencies' }
        : m[2] !== undefined
          ? { kind: 'at-least', count: Number(m[2]) }
          : { kind: 'unanimity' };
  return { ok: true, value: m[3] ? { threshold, consensusFirst: true } : { threshold } };
}

const CASTING_TEXT: Record<CastingVoteHolder, string> = { nobody: 'nobody', 'independent-chair': 'independent chair', chair: 'chair' };

export function parseCastingText(text: string): Parsed<CastingVoteHolder> {
  const simple = text.trim().replace(/\s+/g, ' ').toLowerCase().replace(/^the /, '');
  const found = (Object.keys(CASTING_TEXT) as CastingVoteHolder[]).find((h) => CASTING_TEXT[h] === simple || (h === 'nobody' && simple === 'none'));
  return found ? { ok: true, value: found } : { ok: false, message: `Cannot read the casting vote "${text.trim()}": write "nobody", "independent chair" or "chair"` };
}

export function proxiesText(p: Pick<ProxyRule, 'chairAgreement' | 'substituteRequired'>): string {
  const parts = [p.chairAgreement ? "with the chair's agreement" : '', p.substituteRequired ? 'someone must attend' : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'allowed';
}

export function parseProxiesText(text: string): Parsed<Pick<ProxyRule, 'chairAgreement' | 'substituteRequired'>> {
  const parts = text.trim().replace(/\s+/g, ' ').replace(/[’‘]/g, "'").toLowerCase().split(/ ?, ?/).filter(Boolean);
  const value = { chairAgreement: false, substituteRequired: false };
  for (const part of parts) {
    if (part === "with the chair's agreement" || part === 'chair agrees') value.chairAgreement = true;
    else if (part === 'someone must attend' || part === 'substitute required') value.substituteRequired = true;
    else if (part !== 'allowed') {
      return { ok: false, message: `Cannot read the proxy rule "${text.trim()}": write "allowed", "with the chair's agreement", "someone must attend", or both of the last two separated by a comma` };
    }
  }
  return { ok: true, value };
}

type AbsenceShape = AbsenceRule extends infer R ? (R extends unknown ? Omit<R, 'source'> : never) : never;

/** The absence rule without its source (the Absence source column gives that). */
export function parseAbsenceText(text: string): Parsed<AbsenceShape> {
  const simple = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const consecutive = /^(\d+) consecutive(?: (?:meetings|absences))?(?: ?, ?deputy (resets|does not reset))?$/.exec(simple);
  if (consecutive) return { ok: true, value: { kind: 'consecutive', count: Number(consecutive[1]), deputyResets: consecutive[2] === 'resets' } };
  const share = /^(\d+(?:\.\d+)?) ?% over (\d+) months?(?: ?, ?deputy (counts|does not count))?$/.exec(simple);
  if (share) {
    const rule: Omit<Extract<AbsenceRule, { kind: 'attendance-share' }>, 'source'> = {
      kind: 'attendance-share',
      minShare: Number(share[1]) / 100,
      windowMonths: Number(share[2]),
    };
    if (share[3]) rule.deputyCounts = share[3] === 'counts';
    return { ok: true, value: rule };
  }
  return {
    ok: false,
    message: `Cannot read the absence rule "${text.trim()}": write "2 consecutive" (or "2 consecutive, deputy resets") or "75% over 12 months" (or "…, deputy counts")`,
  };
}

// ---------------------------------------------------------------------------------------------
// Partnership → tables

const yesNo = (b: boolean | undefined) => (b === undefined ? '' : b ? 'yes' : 'no');
const text = (s: string | undefined) => s ?? '';

/**
 * The partnership as five tables. Pass the partnership as it stands on the day (partnershipOn):
 * each seat is written with its own holder, deputy and agency.
 */
export function tablesFromPartnership(p: Partnership): Table[] {
  const bodies = p.bodies.map((b) => [
    b.id,
    b.name,
    b.kind,
    text(b.parentBodyId),
    quorumText(b.quorum.conditions),
    b.quorum.description,
    b.quorum.source,
    absenceText(b.absence),
    b.absence.source,
    String(b.cadence.meetingsPerYear),
    b.cadence.months ? b.cadence.months.join(',') : '',
    String(b.cadence.noticeWorkingDays),
    String(b.cadence.papersWorkingDays),
    b.cadence.description,
    text(b.reporting?.toBodyId),
    b.reporting ? String(b.reporting.dueWorkingDaysBefore) : '',
    text(b.reporting?.description),
    b.viceChair ? b.viceChair.notFromAgencyIds.join(', ') : '',
    b.viceChair ? yesNo(b.viceChair.statutoryMembersOnly) : '',
    text(b.viceChair?.source),
    b.decision ? decisionText(b.decision) : '',
    text(b.decision?.source),
    b.decision ? CASTING_TEXT[b.decision.castingVote.holder] : '',
    text(b.decision?.castingVote.source),
    text(b.decision?.notDecidedRoute),
    text(b.decision?.dissent?.referToPersonId),
    text(b.decision?.dissent?.referToTitle),
    text(b.decision?.dissent?.grounds),
    text(b.decision?.dissent?.source),
    b.proxies ? proxiesText(b.proxies) : '',
    text(b.proxies?.source),
  ]);
  return [
    {
      name: 'Partnership',
      rows: [[...COLUMNS.Partnership], ['Id', p.id], ['Name', p.name], ['Source', p.source]],
    },
    {
      name: 'Agencies',
      rows: [
        [...COLUMNS.Agencies],
        ...p.agencies.map((a) => [
          a.id,
          a.name,
          a.sector,
          yesNo(a.statutory),
          yesNo(a.safeguardingPartner),
          a.serviceRole,
          yesNo(a.sectorSeat),
          text(a.serviceArea),
        ]),
      ],
    },
    { name: 'Bodies', rows: [[...COLUMNS.Bodies], ...bodies] },
    {
      name: 'People',
      rows: [
        [...COLUMNS.People],
        ...p.people.map((x) => [x.id, x.displayName, text(x.email), x.aadObjectId, text(x.organisation), yesNo(x.guest), yesNo(x.externalAccessOnly), text(x.channel)]),
      ],
    },
    {
      name: 'Seats',
      rows: [
        [...COLUMNS.Seats],
        ...p.bodies.flatMap((b) =>
          b.seats.map((s) => [
            b.id,
            s.id,
            s.title,
            text(s.agencyId),
            s.roles.join(' '),
            text(s.office),
            yesNo(s.voting),
            text(s.holderId),
            text(s.deputyId),
          ]),
        ),
      ],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Tables → partnership

interface Loc {
  sheet: SheetName;
  row: number;
  column?: string;
}

interface SheetRow<S extends SheetName> {
  row: number;
  get(column: Column<S>): string;
}

type Raw = Record<string, unknown>;

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:]+$/;


/** Lower case, spaces and underscores as hyphens: "Sub group" and "sub-group" are one kind. */
const choice = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, '-');

/**
 * The partnership the tables describe, or every problem found, each naming the sheet, the row as
 * the user sees it and the column. The partnership is returned only when there is no problem.
 * A person with an email and no Entra object id comes back with `aadObjectId: ''`, for the caller
 * to resolve through the tenant's directory.
 */
export function partnershipFromTables(tables: Table[]): { partnership?: Partnership; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const blamed = new Set<string>();
  const locs = new Map<string, Loc>();
  const cellKey = (l: Loc) => `${l.sheet}|${l.row}|${l.column ?? ''}`;
  const complain = (l: Loc, message: string) => {
    problems.push({ field: l.sheet, row: l.row, ...(l.column ? { column: l.column } : {}), message });
    blamed.add(cellKey(l));
  };

  // Structure first: a missing sheet or column would make every row wrong, so stop there.
  const sheets = new Map<SheetName, { rows: SheetRow<SheetName>[]; headerRow: number }>();
  for (const name of SHEET_NAMES) {
    const matching = tables.filter((t) => normaliseHeader(t.name) === normaliseHeader(name));
    if (matching.length === 0) {
      problems.push({ field: name, message: `Missing the "${name}" sheet (in a CSV file, a section starting with a line "# ${name}")` });
      continue;
    }
    if (matching.length > 1) {
      problems.push({ field: name, message: `The "${name}" sheet appears ${matching.length} times; keep one` });
      continue;
    }
    const read = readSheet(matching[0]!, name, problems);
    if (read) sheets.set(name, read);
  }
  if (problems.length > 0) return { problems };
  const sheet = <S extends SheetName>(name: S) => sheets.get(name)!.rows as unknown as SheetRow<S>[];

  const flag = (l: Loc, value: string): boolean | undefined => {
    const v = value.toLowerCase();
    if (v === '') return undefined;
    if (['yes', 'y', 'true'].includes(v)) return true;
    if (['no', 'n', 'false'].includes(v)) return false;
    complain(l, `"${value}" is not yes or no`);
    return undefined;
  };
  const whole = (l: Loc, value: string): number | string | undefined => {
    if (value === '') return undefined;
    if (/^\d{1,9}$/.test(value)) return Number(value);
    complain(l, `"${value}" is not a whole number`);
    return value;
  };

  // Partnership
  const partnership: Raw = { timeZone: 'Europe/London' };
  const seenFields = new Set<string>();
  for (const r of sheet('Partnership')) {
    const field = normaliseHeader(r.get('Field'));
    const key = field === 'id' ? 'id' : field === 'name' ? 'name' : field === 'source' ? 'source' : undefined;
    if (!key) {
      complain({ sheet: 'Partnership', row: r.row, column: 'Field' }, `Unknown field "${r.get('Field')}": the fields are Id, Name and Source`);
      continue;
    }
    if (seenFields.has(key)) complain({ sheet: 'Partnership', row: r.row, column: 'Field' }, `"${r.get('Field')}" is given twice`);
    seenFields.add(key);
    const value = r.get('Value');
    if (value !== '') partnership[key] = value;
    locs.set(key, { sheet: 'Partnership', row: r.row, column: 'Value' });
  }
  for (const [key, label] of [
    ['id', 'Id'],
    ['name', 'Name'],
    ['source', 'Source'],
  ] as const) {
    if (!seenFields.has(key)) problems.push({ field: 'Partnership', message: `Missing the "${label}" row: the Partnership sheet has rows Id, Name and Source` });
  }

  // Agencies
  const agencies: Raw[] = [];
  for (const r of sheet('Agencies')) {
    const at = `agencies[${agencies.length}]`;
    const loc = (column: Column<'Agencies'>): Loc => ({ sheet: 'Agencies', row: r.row, column });
    locs.set(at, { sheet: 'Agencies', row: r.row });
    const fields: [string, Column<'Agencies'>][] = [
      ['id', 'Id'],
      ['name', 'Name'],
      ['sector', 'Sector'],
      ['statutory', 'Statutory'],
      ['safeguardingPartner', 'Safeguarding partner'],
      ['serviceRole', 'Service role'],
      ['sectorSeat', 'Sector seat'],
      ['serviceArea', 'Service area'],
    ];
    for (const [key, column] of fields) locs.set(`${at}.${key}`, loc(column));
    const statutory = r.get('Statutory');
    if (statutory === '') complain(loc('Statutory'), 'This cell is empty: write yes or no');
    agencies.push(
      compact({
        id: r.get('Id'),
        name: r.get('Name'),
        sector: choice(r.get('Sector')),
        statutory: flag(loc('Statutory'), statutory),
        safeguardingPartner: flag(loc('Safeguarding partner'), r.get('Safeguarding partner')),
        serviceRole: choice(r.get('Service role')),
        sectorSeat: flag(loc('Sector seat'), r.get('Sector seat')),
        serviceArea: r.get('Service area'),
      }),
    );
  }

  // People
  const people: Raw[] = [];
  const unresolved = new Set<string>();
  const byEmail = new Map<string, { id?: string; row: number }>();
  const personRows: { person: Raw; row: number; name: string; email: string }[] = [];
  for (const r of sheet('People')) {
    const at = `people[${people.length}]`;
    const loc = (column: Column<'People'>): Loc => ({ sheet: 'People', row: r.row, column });
    locs.set(at, { sheet: 'People', row: r.row });
    const fields: [string, Column<'People'>][] = [
      ['id', 'Id'],
      ['displayName', 'Name'],
      ['email', 'Email'],
      ['aadObjectId', 'Entra object id'],
      ['organisation', 'Organisation'],
      ['guest', 'Guest'],
      ['externalAccessOnly', 'External access only'],
      ['channel', 'Channel'],
    ];
    for (const [key, column] of fields) locs.set(`${at}.${key}`, loc(column));
    const email = r.get('Email');
    const aad = r.get('Entra object id');
    if (email !== '') {
      if (!EMAIL.test(email)) complain(loc('Email'), `"${email}" is not an email address`);
      const first = byEmail.get(email.toLowerCase());
      if (first) complain(loc('Email'), `"${email}" is also on row ${first.row}: one row per person`);
      else byEmail.set(email.toLowerCase(), { row: r.row });
    }
    if (aad === '') {
      if (email === '') complain(loc('Entra object id'), "Give the person's Entra object id, or their email to find them in the directory");
      else unresolved.add(`${at}.aadObjectId`);
    }
    const person = compact({
      id: r.get('Id'),
      aadObjectId: aad,
      displayName: r.get('Name'),
      email,
      organisation: r.get('Organisation'),
      guest: flag(loc('Guest'), r.get('Guest')),
      externalAccessOnly: flag(loc('External access only'), r.get('External access only')),
      channel: r.get('Channel').toLowerCase(),
    });
    if (aad === '') person.aadObjectId = '';
    people.push(person);
    personRows.push({ person, row: r.row, name: r.get('Name'), email });
  }
  const personIds = new Set(people.map((x) => x.id).filter((id): id is string => typeof id === 'string'));
  for (const { person, name, email } of personRows) {
    if (person.id !== undefined) continue;
    const base = `p-${slug(email || name) || 'person'}`;
    person.id = unique(base, personIds);
  }
  for (const { person, email } of personRows) if (email !== '') byEmail.get(email.toLowerCase())!.id ??= person.id as string;

  // Bodies
  const bodies: Raw[] = [];
  const bodyById = new Map<string, Raw>();
  const bodyIndex = new Map<string, number>();
  for (const r of sheet('Bodies')) {
    const bi = bodies.length;
    const at = `bodies[${bi}]`;
    const loc = (column: Column<'Bodies'>): Loc => ({ sheet: 'Bodies', row: r.row, column });
    locs.set(at, { sheet: 'Bodies', row: r.row });
    const fields: [string, Column<'Bodies'>][] = [
      ['id', 'Id'],
      ['name', 'Name'],
      ['kind', 'Kind'],
      ['parentBodyId', 'Parent'],
      ['quorum', 'Quorum'],
      ['quorum.description', 'Quorum description'],
      ['quorum.source', 'Quorum source'],
      ['absence', 'Absence'],
      ['absence.source', 'Absence source'],
      ['cadence', 'Meetings a year'],
      ['cadence.meetingsPerYear', 'Meetings a year'],
      ['cadence.months', 'Months'],
      ['cadence.noticeWorkingDays', 'Notice working days'],
      ['cadence.papersWorkingDays', 'Papers working days'],
      ['cadence.description', 'Cadence description'],
      ['reporting', 'Reports to'],
      ['reporting.toBodyId', 'Reports to'],
      ['reporting.dueWorkingDaysBefore', 'Report due working days'],
      ['reporting.description', 'Reporting description'],
      ['viceChair', 'Vice chair source'],
      ['viceChair.notFromAgencyIds', 'Vice chair not from'],
      ['viceChair.statutoryMembersOnly', 'Vice chair statutory only'],
      ['viceChair.source', 'Vice chair source'],
      ['decision', 'Decision'],
      ['decision.threshold', 'Decision'],
      ['decision.source', 'Decision source'],
      ['decision.castingVote', 'Casting vote'],
      ['decision.castingVote.holder', 'Casting vote'],
      ['decision.castingVote.source', 'Casting vote source'],
      ['decision.notDecidedRoute', 'If not decided'],
      ['decision.dissent', 'Dissent to'],
      ['decision.dissent.referToPersonId', 'Dissent to'],
      ['decision.dissent.referToTitle', 'Dissent to title'],
      ['decision.dissent.grounds', 'Dissent grounds'],
      ['decision.dissent.source', 'Dissent source'],
      ['proxies', 'Proxies'],
      ['proxies.source', 'Proxies source'],
    ];
    for (const [key, column] of fields) locs.set(`${at}.${key}`, loc(column));

    const quorum = parseQuorumText(r.get('Quorum'));
    if (!quorum.ok) complain(loc('Quorum'), quorum.message);
    let absence: unknown;
    const absenceCell = r.get('Absence');
    if (absenceCell === '') complain(loc('Absence'), 'This cell is empty: write the absence rule, e.g. "2 consecutive" or "75% over 12 months"');
    else {
      const parsed = parseAbsenceText(absenceCell);
      if (parsed.ok) absence = { ...parsed.value, source: r.get('Absence source') || undefined };
      else complain(loc('Absence'), parsed.message);
    }
    let months: unknown;
    if (r.get('Months') !== '') {
      const parts = r.get('Months').split(/[\s,;]+/).filter(Boolean);
      const bad = parts.find((m) => !/^\d{1,2}$/.test(m));
      if (bad) {
        complain(loc('Months'), `"${bad}" is not a month number; write the months as numbers 1-12 separated by commas, e.g. "1,3,6,9"`);
        months = r.get('Months');
      } else months = parts.map(Number);
    }
    const decisionColumns = ['Decision', 'Decision source', 'Casting vote', 'Casting vote source', 'If not decided', 'Dissent to', 'Dissent to title', 'Dissent grounds', 'Dissent source'] as const;
    const dissentColumns = ['Dissent to', 'Dissent to title', 'Dissent grounds', 'Dissent source'] as const;
    let decision: Raw | undefined;
    if (decisionColumns.some((c) => r.get(c) !== '')) {
      const threshold = r.get('Decision') === '' ? undefined : parseDecisionText(r.get('Decision'));
      if (threshold === undefined) complain(loc('Decision'), 'This cell is empty: write the decision rule, e.g. "majority of votes cast"');
      else if (!threshold.ok) complain(loc('Decision'), threshold.message);
      const holder = r.get('Casting vote') === '' ? undefined : parseCastingText(r.get('Casting vote'));
      if (holder === undefined) complain(loc('Casting vote'), 'This cell is empty: write who holds the casting vote: "nobody", "independent chair" or "chair"');
      else if (!holder.ok) complain(loc('Casting vote'), holder.message);
      decision = compact({
        ...(threshold?.ok ? threshold.value : {}),
        source: r.get('Decision source'),
        castingVote: compact({ holder: holder?.ok ? holder.value : undefined, source: r.get('Casting vote source') }),
        notDecidedRoute: r.get('If not decided'),
        dissent: dissentColumns.some((c) => r.get(c) !== '')
          ? compact({
              referToPersonId: r.get('Dissent to'),
              referToTitle: r.get('Dissent to title'),
              grounds: r.get('Dissent grounds'),
              source: r.get('Dissent source'),
            })
          : undefined,
      });
    }
    let proxies: Raw | undefined;
    if (r.get('Proxies') !== '' || r.get('Proxies source') !== '') {
      const parsed = parseProxiesText(r.get('Proxies') || 'allowed');
      if (!parsed.ok) complain(loc('Proxies'), parsed.message);
      proxies = compact({ ...(parsed.ok ? parsed.value : {}), source: r.get('Proxies source') });
    }
    const reporting = ['Reports to', 'Report due working days', 'Reporting description'] as const;
    const vice = ['Vice chair not from', 'Vice chair statutory only', 'Vice chair source'] as const;
    const body = compact({
      id: r.get('Id'),
      name: r.get('Name'),
      kind: choice(r.get('Kind')),
      parentBodyId: r.get('Parent'),
      seats: [],
      quorum: compact({
        description: r.get('Quorum description'),
        source: r.get('Quorum source'),
        conditions: quorum.ok ? quorum.value : [],
      }),
      absence,
      cadence: compact({
        meetingsPerYear: whole(loc('Meetings a year'), r.get('Meetings a year')),
        months,
        noticeWorkingDays: whole(loc('Notice working days'), r.get('Notice working days')),
        papersWorkingDays: whole(loc('Papers working days'), r.get('Papers working days')),
        description: r.get('Cadence description'),
      }),
      reporting: reporting.some((c) => r.get(c) !== '')
        ? compact({
            toBodyId: r.get('Reports to'),
            description: r.get('Reporting description'),
            dueWorkingDaysBefore: whole(loc('Report due working days'), r.get('Report due working days')),
          })
        : undefined,
      viceChair: vice.some((c) => r.get(c) !== '')
        ? compact({
            notFromAgencyIds: r.get('Vice chair not from').split(/[\s,;]+/).filter(Boolean),
            statutoryMembersOnly: flag(loc('Vice chair statutory only'), r.get('Vice chair statutory only')) ?? false,
            source: r.get('Vice chair source'),
          })
        : undefined,
      decision,
      proxies,
    });
    bodies.push(body);
    const id = r.get('Id');
    if (id !== '' && !bodyById.has(id)) {
      bodyById.set(id, body);
      bodyIndex.set(id, bi);
    }
  }

  // Seats
  const seatIds = new Set<string>();
  const pending: { seat: Raw; bodyId: string; title: string }[] = [];
  const seatRow = new Map<string, number>();
  for (const r of sheet('Seats')) {
    const loc = (column: Column<'Seats'>): Loc => ({ sheet: 'Seats', row: r.row, column });
    const bodyId = r.get('Body');
    const body = bodyById.get(bodyId);
    if (!body) {
      complain(loc('Body'), bodyId === '' ? 'This cell is empty: name the body (its Id on the Bodies sheet)' : `Unknown body "${bodyId}": add it on the Bodies sheet first`);
      continue;
    }
    const seats = body.seats as Raw[];
    const at = `bodies[${bodyIndex.get(bodyId)}].seats[${seats.length}]`;
    seatRow.set(at, r.row);
    locs.set(at, { sheet: 'Seats', row: r.row });
    const fields: [string, Column<'Seats'>][] = [
      ['id', 'Seat id'],
      ['title', 'Title'],
      ['agencyId', 'Agency'],
      ['roles', 'Roles'],
      ['office', 'Office'],
      ['voting', 'Voting'],
      ['holderId', 'Holder'],
      ['deputyId', 'Deputy'],
    ];
    for (const [key, column] of fields) locs.set(`${at}.${key}`, loc(column));

    const roles: string[] = [];
    for (const code of r.get('Roles').split(/[\s,;/]+/).filter(Boolean)) {
      const upper = code.toUpperCase();
      if ((ROLE_CODES as readonly string[]).includes(upper)) roles.push(upper);
      else complain(loc('Roles'), `Unknown role code "${code}": use ${ROLE_CODES.slice(0, -1).join(', ')} or ${ROLE_CODES.at(-1)}`);
    }
    const person = (column: 'Holder' | 'Deputy'): string | undefined => {
      const value = r.get(column);
      if (value === '') return undefined;
      if (personIds.has(value)) return value;
      const found = byEmail.get(value.toLowerCase());
      if (found?.id) return found.id;
      complain(loc(column), `Unknown person "${value}": add them on the People sheet first (give their Id or email here)`);
      return value;
    };
    const office = choice(r.get('Office'));
    const seat = compact({
      id: r.get('Seat id'),
      title: r.get('Title'),
      agencyId: r.get('Agency'),
      roles: roles as RoleCode[],
      office: office === '' ? undefined : office,
      holderId: person('Holder'),
      deputyId: person('Deputy'),
      voting: flag(loc('Voting'), r.get('Voting')),
    });
    seats.push(seat);
    if (typeof seat.id === 'string') seatIds.add(seat.id);
    else pending.push({ seat, bodyId, title: r.get('Title') });
  }
  for (const { seat, bodyId, title } of pending) seat.id = unique(`${bodyId}-${slug(title) || 'seat'}`, seatIds);

  const draft: Raw = { ...partnership, agencies, people, bodies };
  for (const line of partnershipProblems(draft)) {
    const split = line.indexOf(': ');
    const path = split < 0 ? '(root)' : line.slice(0, split);
    const message = split < 0 ? line : line.slice(split + 2);
    if (unresolved.has(path)) continue;
    const loc = locate(path, locs);
    if (!loc) {
      problems.push({ field: 'Partnership', message: `${path}: ${message}` });
      continue;
    }
    if (blamed.has(cellKey(loc))) continue;
    const bodyAt = /^bodies\[(\d+)\]/.exec(path)?.[1];
    problems.push({ field: loc.sheet, row: loc.row, ...(loc.column ? { column: loc.column } : {}), message: polish(message, loc, locs, bodyAt, seatRow) });
  }
  if (problems.length > 0) return { problems };
  return { partnership: draft as unknown as Partnership, problems };
}

function readSheet(table: Table, name: SheetName, problems: FieldProblem[]): { rows: SheetRow<SheetName>[]; headerRow: number } | undefined {
  const numbered = table.rows.map((cells, i) => ({ row: table.lines?.[i] ?? i + 1, cells: cells.map((c) => (c ?? '').trim()) }));
  const nonBlank = numbered.filter((r) => r.cells.some((c) => c !== ''));
  const header = nonBlank[0];
  if (!header) {
    problems.push({ field: name, message: `The "${name}" sheet is empty: it starts with a header row (${COLUMNS[name].join(', ')})` });
    return undefined;
  }
  if (nonBlank.length - 1 > SHEET_LIMITS.rowsPerSheet) {
    problems.push({ field: name, message: tooManyRows(name, nonBlank.length - 1) });
    return undefined;
  }
  const index = new Map<string, number>();
  let ok = true;
  header.cells.forEach((cell, i) => {
    const key = normaliseHeader(cell);
    const column = COLUMNS[name].find((c) => normaliseHeader(c) === key || (ALIASES[`${name}.${c}`] ?? []).includes(key));
    if (!column) return;
    if (index.has(column)) {
      problems.push({ field: name, row: header.row, column: cell, message: `Two columns mean "${column}": keep one` });
      ok = false;
    } else index.set(column, i);
  });
  for (const column of REQUIRED[name] as readonly string[]) {
    if (!index.has(column)) {
      problems.push({ field: name, row: header.row, column, message: `Missing column "${column}"` });
      ok = false;
    }
  }
  if (!ok) return undefined;
  const rows = nonBlank.slice(1).map((r) => ({
    row: r.row,
    get: (column: string) => {
      const i = index.get(column);
      return i === undefined ? '' : (r.cells[i] ?? '');
    },
  }));
  return { rows, headerRow: header.row };
}

export const tooManyRows = (sheet: string, rows: number) =>
  `The "${sheet}" sheet has ${rows.toLocaleString('en-GB')} rows below its header; the limit is ${SHEET_LIMITS.rowsPerSheet.toLocaleString('en-GB')} rows a sheet`;

/** Drops keys whose value is undefined or '' so that blank cells read as absent fields. */
function compact(o: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The cell a problem's path points at: the longest registered prefix of the path. */
function locate(path: string, locs: Map<string, Loc>): Loc | undefined {
  for (let p = path; p !== ''; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
    const loc = locs.get(p);
    if (loc) return loc;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return undefined;
}

/** The rule check's message in the sheet's words: rows rather than array indexes. */
function polish(message: string, loc: Loc, locs: Map<string, Loc>, bodyAt: string | undefined, seatRow: Map<string, number>): string {
  const rowOf = (ref: string) => {
    const target = locs.get(ref);
    if (!target) return ref;
    return target.sheet === loc.sheet ? `row ${target.row}` : `${target.sheet} row ${target.row}`;
  };
  let out = message
    .replace(/\b(?:bodies\[\d+\]\.seats\[\d+\]|bodies\[\d+\]|agencies\[\d+\]|people\[\d+\])(?:\.[A-Za-z]+)*/g, (ref) => rowOf(ref.replace(/(\.[A-Za-z]+)+$/, '')))
    .replace(/\bseats\[(\d+)\]/g, (ref, si: string) => {
      const row = bodyAt === undefined ? undefined : seatRow.get(`bodies[${bodyAt}].seats[${si}]`);
      return row === undefined ? ref : loc.sheet === 'Seats' ? `the seat on row ${row}` : `Seats row ${row}`;
    })
    .replace(/^unknown agency ("[^"]*")$/, 'Unknown agency $1: add it on the Agencies sheet first')
    .replace(/^unknown person ("[^"]*")$/, 'Unknown person $1: add them on the People sheet first')
    .replace(/^unknown body ("[^"]*")$/, 'Unknown body $1: add it on the Bodies sheet first')
    .replace(/^missing \(expected (?:string|number|boolean)\)$/, 'This cell is empty; it is required')
    .replace(/one of ([\w|-]+)/, (_m, list: string) => `one of ${list.split('|').join(', ')}`);
  out = out.replace(/^no chair; (.*)$/, 'No chair: $1 on the Seats sheet');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

// ---------------------------------------------------------------------------------------------
// CSV: one file, five sections

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as written to CSV: one that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvSafe(value: string): string {
  return FORMULA_START.test(value) || /^'[=+\-@\t\r']/.test(value) ? `'${value}` : value;
}

/** The inverse of csvSafe: the apostrophe is dropped only where csvSafe would have added it. */
export function csvUnsafe(value: string): string {
  return /^'[=+\-@\t\r']/.test(value) ? value.slice(1) : value;
}

function csvField(value: string): string {
  const safe = csvSafe(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The five sheets as one CSV file: each section a line "# Name", its header and rows, a blank line between. UTF-8 BOM first for Excel. */
export function toCsv(tables: Table[]): string {
  return (
    '\uFEFF' +
    tables.map((t) => [`# ${t.name}`, ...t.rows.map((row) => row.map(csvField).join(','))].join('\r\n')).join('\r\n\r\n') +
    '\r\n'
  );
}

/** Reads a CSV file of sections. Problems name the section as the sheet and the file's line as the row. */
export function fromCsv(input: string): { tables: Table[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.length > SHEET_LIMITS.csvBytes) {
    return { tables: [], problems: [{ field: 'File', message: `The file is larger than ${SHEET_LIMITS.csvBytes / 1024 / 1024} MB, the limit for a membership file` }] };
  }
  let records;
  try {
    records = parseCsv(text, ',');
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    const before = text.split('\n').slice(0, err.line);
    const section = [...before].reverse().find((l) => /^#/.test(l.trim()));
    const name = section ? sheetNamed(section.trim().slice(1)) : undefined;
    return { tables: [], problems: [{ field: name ?? 'File', row: err.line, message: `Line ${err.line}: ${err.problem}` }] };
  }
  const tables: Table[] = [];
  const counts = new Map<SheetName, number>();
  let current: Table | undefined;
  let outside = false;
  for (const record of records) {
    if (record.fields.every((f) => f === '')) continue;
    const first = record.fields[0] ?? '';
    if (first.startsWith('#') && record.fields.slice(1).every((f) => f === '')) {
      const name = sheetNamed(first.slice(1));
      current = undefined;
      if (!name) {
        problems.push({ field: 'File', row: record.line, message: `Line ${record.line}: unknown section "${first}"; the sections are ${SHEET_NAMES.map((n) => `# ${n}`).join(', ')}` });
        outside = true;
      } else if (tables.some((t) => t.name === name)) {
        problems.push({ field: name, row: record.line, message: `Line ${record.line}: a second "# ${name}" section; keep one` });
        outside = true;
      } else {
        current = { name, rows: [], lines: [] };
        tables.push(current);
        counts.set(name, 0);
      }
      continue;
    }
    if (!current) {
      if (!outside) {
        problems.push({
          field: 'File',
          row: record.line,
          message: `Line ${record.line} is outside any section: each sheet starts with a line holding only its name, e.g. "# Agencies"`,
        });
      }
      outside = true;
      continue;
    }
    const count = counts.get(current.name)! + 1;
    counts.set(current.name, count);
    if (count > SHEET_LIMITS.rowsPerSheet + 1) continue;
    if (record.fields.length > SHEET_LIMITS.columns) {
      problems.push({ field: current.name, row: record.line, message: `Line ${record.line} has ${record.fields.length} fields; the limit is ${SHEET_LIMITS.columns} columns` });
      continue;
    }
    current.rows.push(record.fields.map(csvUnsafe));
    current.lines!.push(record.line);
  }
  const fits = (t: Table) => counts.get(t.name)! - 1 <= SHEET_LIMITS.rowsPerSheet;
  for (const t of tables) if (!fits(t)) problems.push({ field: t.name, row: t.lines![0], message: tooManyRows(t.name, counts.get(t.name)! - 1) });
  return { tables: tables.filter(fits), problems };
}

function sheetNamed(text: string): SheetName | undefined {
  const key = normaliseHeader(text);
  return SHEET_NAMES.find((n) => normaliseHeader(n) === key);
}
