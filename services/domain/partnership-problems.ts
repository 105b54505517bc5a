/**
 * The partnership configuration's problems (partnership-schema.ts, partnership-rules.ts, returns-config.ts), codes
 * `config.…`: the facts each needs, no words (cards/membership/config-problem-words.ts words them). A problem's
 * place is the configuration's path (`bodies[0].seats[2].deputyId`); a fact naming another part of the
 * configuration names it by its path too (`also`, `voter`, `chairs`), so a spreadsheet import can show it as a row.
 */

/** A value zod was given where it expected another type: its type, and the value itself when short to show. */
export interface GivenValue {
  type: string;
  /** Strings cut to 40 characters (and "…"); numbers and booleans as given. */
  value?: string | number | boolean;
}

export type ConfigLiteral = string | number | boolean | null;

/** What a field of the schema expects when a value fails its check (the schema's own check names). */
export const CONFIG_EXPECTATIONS = [
  'config.empty-id',
  'config.empty-text',
  'config.share',
  'config.at-least',
  'config.date',
  'config.entra-id',
  'config.email',
  'config.channel-needs-email',
  'config.no-groups',
  'config.month',
  'config.no-standards',
] as const;
export type ConfigExpectation = (typeof CONFIG_EXPECTATIONS)[number];

/** The kinds of thing a configuration names by id. */
export type ConfigThing = 'agency' | 'person' | 'body';
/** The ids that must be unique. */
export type UniqueId = 'agency-id' | 'person-id' | 'aad-object-id' | 'body-id' | 'seat-id';

export type ConfigShapeFact =
  | { code: 'config.missing'; expected: string }
  | { code: 'config.wrong-type'; expected: string; given: GivenValue }
  /** `listed`: a single allowed value still shown as a list (a union's options). */
  | { code: 'config.not-allowed'; allowed: ConfigLiteral[]; missing: boolean; listed?: true }
  | { code: 'config.unknown-field' }
  | { code: ConfigExpectation; minimum?: number }
  | { code: 'config.too-small' | 'config.too-big'; origin: string; limit: number; inclusive: boolean }
  /** A check the schema does not make today (zod's issue code), kept so nothing is lost. */
  | { code: 'config.invalid'; issue: string };

export type ConfigRuleFact =
  | { code: 'config.duplicate'; what: UniqueId; value: string; also: string }
  | { code: 'config.unknown'; thing: ConfigThing; id: string }
  | { code: 'config.own-parent' }
  | { code: 'config.reports-to-itself' }
  | { code: 'config.parent-loop'; chain: string[] }
  | { code: 'config.deputy-for-non-voting-roles'; roles: string[] }
  | { code: 'config.deputy-without-agency' }
  | { code: 'config.deputy-for-sector-seat'; agency: string }
  | { code: 'config.deputy-for-non-statutory'; agency: string }
  | { code: 'config.deputy-is-holder' }
  | { code: 'config.vote-without-voting-role' }
  | { code: 'config.vote-without-agency' }
  | { code: 'config.second-voter'; voter: string; agency: string }
  | { code: 'config.vice-chair-from-agency'; agency: string; source?: string }
  | { code: 'config.vice-chair-not-statutory'; source?: string }
  | { code: 'config.terms-out-of-order' }
  | { code: 'config.ends-before-first-term' }
  | { code: 'config.no-independent-chair' }
  | { code: 'config.no-chair' }
  | { code: 'config.many-chairs'; chairs: string[] }
  | { code: 'config.group-names-nobody' }
  | { code: 'config.no-safeguarding-partner' }
  /** The returns framework's references (returns-config.ts). */
  | { code: 'config.no-such'; thing: ConfigThing; id: string }
  | { code: 'config.used-twice'; value: string }
  /** A membership import in JSON that does not parse. */
  | { code: 'config.not-json' };

/**
 * A configuration problem found while reading a spreadsheet: the path it was found at and, for each path the fact
 * names (`also`, a `voter`'s or the `chairs`' seats), the row that holds it. `sheet` is absent when the path has no
 * cell: the problem then names its path.
 */
export interface OnSheet {
  path: string;
  sheet?: string;
  rows?: Record<string, RowRef>;
}
export interface RowRef {
  sheet: string;
  row: number;
  /** A seat named relative to its body (`seats[2]`): "the seat on row N". */
  seat?: boolean;
}

export type ConfigProblemFact = (ConfigShapeFact | ConfigRuleFact) & { onSheet?: OnSheet };

/** A configuration problem at its path (`field`). */
export type ConfigProblem = { field: string } & ConfigProblemFact;
