import type { MembershipProblemFact } from '../../services/domain/membership-problems.js';
import type { ConfigLiteral, ConfigProblem, ConfigProblemFact, GivenValue, OnSheet, UniqueId } from '../../services/domain/partnership-problems.js';

/**
 * The words of the partnership configuration's problems (services/domain/partnership-problems.ts): the line an
 * operator reads after the path ("bodies[0].seats[1].deputyId: …"), and the same problem shown on a spreadsheet's
 * row, where the paths it names become rows and the sentence starts with a capital.
 */

export const isConfigProblem = (p: MembershipProblemFact): p is ConfigProblemFact => String(p.code).startsWith('config.');

const UNIQUE: Record<UniqueId, string> = {
  'agency-id': 'agency id',
  'person-id': 'person id',
  'aad-object-id': 'aadObjectId',
  'body-id': 'body id',
  'seat-id': 'seat id',
};

/** How a problem names another part of the configuration: its path, or on a sheet its row. */
type Ref = (path: string) => string;

function given(v: GivenValue): string {
  if (v.value === undefined) return v.type;
  return v.type === 'string' ? `string ${JSON.stringify(v.value)}` : `${v.type} ${String(v.value)}`;
}

function allowed(values: readonly ConfigLiteral[], listed: boolean, separator: string): string {
  return values.length === 1 && !listed ? JSON.stringify(values[0]) : `one of ${values.map(String).join(separator)}`;
}

function words(p: ConfigProblemFact, ref: Ref, separator: string): string {
  switch (p.code) {
    case 'config.missing':
      return `missing (expected ${p.expected})`;
    case 'config.wrong-type':
      return `expected ${p.expected}, got ${given(p.given)}`;
    case 'config.not-allowed': {
      const expected = allowed(p.allowed, p.listed === true, separator);
      return p.missing ? `missing (expected ${expected})` : `expected ${expected}`;
    }
    case 'config.unknown-field':
      return 'unknown field';
    case 'config.empty-id':
      return 'expected a non-empty id';
    case 'config.empty-text':
      return 'expected non-empty text';
    case 'config.share':
      return 'expected a number between 0 and 1';
    case 'config.at-least':
      return `expected a whole number of at least ${p.minimum ?? 0}`;
    case 'config.date':
      return 'expected a date YYYY-MM-DD';
    case 'config.entra-id':
      return 'expected an Entra object id (8-4-4-4-12 hex digits)';
    case 'config.email':
      return 'expected an email address';
    case 'config.channel-needs-email':
      return "email needs the person's email address";
    case 'config.no-groups':
      return 'expected at least one group';
    case 'config.month':
      return 'expected a month 1-12';
    case 'config.no-standards':
      return 'expected at least one standard';
    case 'config.too-small':
      return `Too small: expected ${p.origin} to be ${p.inclusive ? '>=' : '>'}${p.limit}`;
    case 'config.too-big':
      return `Too big: expected ${p.origin} to be ${p.inclusive ? '<=' : '<'}${p.limit}`;
    case 'config.invalid':
      return `invalid (${p.issue})`;
    case 'config.duplicate':
      return `duplicate ${UNIQUE[p.what]} "${p.value}" (also ${ref(p.also)})`;
    case 'config.unknown':
      return `unknown ${p.thing} "${p.id}"`;
    case 'config.own-parent':
      return 'a body cannot be its own parent';
    case 'config.reports-to-itself':
      return 'a body cannot report to itself';
    case 'config.parent-loop':
      return `the parent chain loops (${p.chain.join(' → ')})`;
    case 'config.deputy-for-non-voting-roles':
      return `advisors, observers and board staff (roles ${p.roles.join(', ')}) have no deputies (C App3)`;
    case 'config.deputy-without-agency':
      return 'only statutory partner seats have a standing deputy (C §5.6), and this seat represents no agency';
    case 'config.deputy-for-sector-seat':
      return `"${p.agency}" is a sector seat: sector members cover each other and have no deputy (C §5.7)`;
    case 'config.deputy-for-non-statutory':
      return `"${p.agency}" is not a statutory agency: only statutory partners name a standing deputy (C §5.6)`;
    case 'config.deputy-is-holder':
      return "the deputy is the seat's holder; a standing deputy is someone else";
    case 'config.vote-without-voting-role':
      return "only a voting member (role V, and no PO, SA, A or BS role) can cast its agency's vote (C §4.10)";
    case 'config.vote-without-agency':
      return 'the seat represents no agency, so it has no agency vote to cast (C §4.10)';
    case 'config.second-voter':
      return `${ref(p.voter)} already casts the vote of "${p.agency}" on this body; only one member per agency may vote (C §4.10)`;
    case 'config.vice-chair-from-agency':
      return `the vice chair may not come from "${p.agency}" (${p.source ?? 'the constitution'})`;
    case 'config.vice-chair-not-statutory':
      return `the vice chair is chosen from the statutory, voting members (${p.source ?? 'the constitution'})`;
    case 'config.terms-out-of-order':
      return 'terms run oldest first, each starting after the one before';
    case 'config.ends-before-first-term':
      return 'the seat ends before its first term begins';
    case 'config.no-independent-chair':
      return 'the body has no independent chair to hold the casting vote';
    case 'config.no-chair':
      return 'no chair; a body has exactly one seat with office "chair" or "independent-chair"';
    case 'config.many-chairs':
      return `${p.chairs.length} chairs (${p.chairs.map(ref).join(', ')}); a body has exactly one`;
    case 'config.group-names-nobody':
      return 'names no agencyIds and no sector, so nobody can meet it';
    case 'config.no-safeguarding-partner':
      return 'no agency is marked safeguardingPartner';
    case 'config.no-such':
      return `no ${p.thing} "${p.id}"`;
    case 'config.used-twice':
      return `"${p.value}" is used twice`;
    case 'config.not-json':
      return 'This file is not valid JSON: export the membership as JSON from Quorum, or import a spreadsheet.';
  }
}

const SHEET_OF: Record<'agency' | 'person' | 'body', string> = { agency: 'Agencies', person: 'People', body: 'Bodies' };

/** The problem on the row of a sheet it was found on: the rows it names, the sheet's own advice, a capital. */
function sheetWords(p: ConfigProblemFact, on: OnSheet & { sheet: string }): string {
  const ref: Ref = (path) => {
    const target = on.rows?.[path];
    if (!target) return path;
    if (target.seat) return on.sheet === 'Seats' ? `the seat on row ${target.row}` : `Seats row ${target.row}`;
    return target.sheet === on.sheet ? `row ${target.row}` : `${target.sheet} row ${target.row}`;
  };
  if (p.code === 'config.unknown') {
    const whom = p.thing === 'person' ? 'them' : 'it';
    return `Unknown ${p.thing} "${p.id}": add ${whom} on the ${SHEET_OF[p.thing]} sheet first`;
  }
  if (p.code === 'config.missing' && ['string', 'number', 'boolean'].includes(p.expected)) return 'This cell is empty; it is required';
  if (p.code === 'config.no-chair') return 'No chair: a body has exactly one seat with office "chair" or "independent-chair" on the Seats sheet';
  const out = words(p, ref, ', ');
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** The words of one configuration problem, after its path (or, on a sheet, on its own). */
export function configProblemText(p: ConfigProblemFact): string {
  const on = p.onSheet;
  if (on === undefined) return words(p, (path) => path, '|');
  if (on.sheet === undefined) return `${on.path}: ${words(p, (path) => path, '|')}`;
  return sheetWords(p, { ...on, sheet: on.sheet });
}

/** One line of an invalid configuration: "path: what is wrong". */
export const configProblemLine = (p: ConfigProblem): string => `${p.field}: ${configProblemText(p)}`;

/** What an operator reads when a partnership configuration file is invalid: every problem, one a line. */
export function invalidConfigurationText(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `The partnership configuration is invalid (${count}):\n- ${problems.map(configProblemLine).join('\n- ')}`;
}
