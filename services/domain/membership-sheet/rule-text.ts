/** Quorum, absence, decision, casting-vote and proxy rules as the sheet writes them (docs/members.md has the grammar), and read back. */
import {
  SECTORS,
  type AbsenceRule,
  type CastingVoteHolder,
  type DecisionRule,
  type DecisionThreshold,
  type ProxyRule,
  type QuorumCondition,
  type Sector,
} from '../directory.js';
import type { ConditionProblem, RuleTextProblem } from './problems.js';

/**
 * The grammar's phrases: what a manager types in a rule cell and what the export writes. They are the file's format,
 * not sentences shown to anyone (the English scan knows them, as it knows the column headers); what is wrong with a
 * cell is worded in cards/membership/sheet-problem-words.ts.
 */
export const RULE_GRAMMAR = {
  atLeast: 'at least',
  notCounting: 'not counting',
  theChair: 'the chair',
  boardStaff: 'board staff',
  theBoardStaff: 'the board staff',
  notCountingTheChair: ' (not counting the chair)',
  commissionerAndProvider: 'commissioner and provider',
  ofTheMembership: '% of the membership',
  eachSafeguardingPartner: 'each safeguarding partner',
  deputyResets: ', deputy resets',
  deputyCounts: ', deputy counts',
  deputyDoesNotCount: ', deputy does not count',
  majorityOfVotesCast: 'majority of votes cast',
  majorityOfVotingAgencies: 'majority of voting agencies',
  votesFor: 'for',
  consensusFirst: ', consensus first',
  chairAgreement: "with the chair's agreement",
  someoneMustAttend: 'someone must attend',
} as const;
const G = RULE_GRAMMAR;

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
      const not = [c.excludeChair ? G.theChair : '', c.excludeBoardStaff ? G.boardStaff : ''].filter(Boolean).join(' or ');
      return `${G.atLeast} ${c.count} ${c.statutoryOnly ? 'statutory ' : ''}${unit}${not ? ` ${G.notCounting} ${not}` : ''}`;
    }
    case 'required-present': {
      const groups = c.groups.map((g) => {
        const parts = [...(g.agencyIds ?? []).map((id) => (plainId(id) ? id : quote(id))), ...(g.sector ? [`sector:${g.sector}`] : [])];
        return `${plainLabel(g.label) ? g.label : quote(g.label)}=${parts.join('+')}`;
      });
      return `present${c.excludeChair ? G.notCountingTheChair : ''}: ${groups.join(' | ')}`;
    }
    case 'commissioner-and-provider':
      return G.commissionerAndProvider;
    case 'membership-share':
      return `${percent(c.share)}${G.ofTheMembership}`;
    case 'each-safeguarding-partner':
      return G.eachSafeguardingPartner;
  }
}

export const quorumText = (conditions: readonly QuorumCondition[]): string => conditions.map(conditionText).join('; ');

export function absenceText(a: AbsenceRule): string {
  if (a.kind === 'consecutive') return `${a.count} consecutive${a.deputyResets ? G.deputyResets : ''}`;
  const deputy = a.deputyCounts === true ? G.deputyCounts : a.deputyCounts === false ? G.deputyDoesNotCount : '';
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

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: RuleTextProblem };

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
  const fail = (problem: ConditionProblem): Parsed<QuorumCondition> => ({ ok: false, problem });
  if (text === '') return fail({ code: 'sheet.condition-empty', condition: text });
  const simple = text.replace(/\s+/g, ' ').toLowerCase();
  const min = /^at least (\d+) (statutory )?(agencies|agency|service areas|service area)(?: not counting (.+))?$/.exec(simple);
  if (min) {
    const c: QuorumCondition = { kind: 'min-agencies', count: Number(min[1]) };
    if (min[2]) c.statutoryOnly = true;
    if (min[3]!.startsWith('service')) c.countBy = 'service-area';
    if (min[4]) {
      for (const who of min[4].split(/ or | and |, ?/)) {
        if (who === G.theChair || who === 'chair') c.excludeChair = true;
        else if (who === G.boardStaff || who === G.theBoardStaff) c.excludeBoardStaff = true;
        else return fail({ code: 'sheet.condition-not-counting', condition: text, who });
      }
    }
    return { ok: true, value: c };
  }
  if (simple === G.commissionerAndProvider) return { ok: true, value: { kind: 'commissioner-and-provider' } };
  if (simple === G.eachSafeguardingPartner) return { ok: true, value: { kind: 'each-safeguarding-partner' } };
  const share = /^(\d+(?:\.\d+)?) ?% of the membership$/.exec(simple);
  if (share) return { ok: true, value: { kind: 'membership-share', share: Number(share[1]) / 100 } };
  const present = /^present\s*(\(\s*not counting the chair\s*\))?\s*:([\s\S]*)$/i.exec(text);
  if (present) {
    const groups: Extract<QuorumCondition, { kind: 'required-present' }>['groups'] = [];
    for (const g of splitOutside(present[2]!, '|')) {
      const eq = splitOutside(g, '=');
      if (eq.length < 2) return fail({ code: 'sheet.condition-no-equals', condition: text, group: g.trim() });
      const label = unquote(eq[0]!);
      if (!label || label.text === '') return fail({ code: 'sheet.condition-no-label', condition: text, group: g.trim() });
      const group: (typeof groups)[number] = { label: label.text };
      const ids: string[] = [];
      for (const raw of splitOutside(eq.slice(1).join('='), '+')) {
        if (raw.trim() === '') continue;
        const token = unquote(raw);
        if (!token) return fail({ code: 'sheet.condition-quote', condition: text, token: raw.trim() });
        const sector = token.quoted ? null : /^sector\s*:\s*(.+)$/i.exec(token.text);
        if (sector) {
          const name = sector[1]!.toLowerCase();
          if (!(SECTORS as readonly string[]).includes(name)) return fail({ code: 'sheet.condition-unknown-sector', condition: text, sector: sector[1]! });
          if (group.sector) return fail({ code: 'sheet.condition-two-sectors', condition: text, group: g.trim() });
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
  return fail({ code: 'sheet.condition-unknown', condition: text });
}

/** The decision threshold as the sheet writes it, with ", consensus first" where the documents ask for consensus first. */
export function decisionText(d: Pick<DecisionRule, 'threshold' | 'consensusFirst'>): string {
  const t = d.threshold;
  const threshold =
    t.kind === 'majority-of-votes-cast'
      ? G.majorityOfVotesCast
      : t.kind === 'majority-of-voting-agencies'
        ? G.majorityOfVotingAgencies
        : t.kind === 'unanimity'
          ? 'unanimity'
          : `${G.atLeast} ${t.count} ${G.votesFor}`;
  return d.consensusFirst ? `${threshold}${G.consensusFirst}` : threshold;
}

export function parseDecisionText(text: string): Parsed<Pick<DecisionRule, 'threshold' | 'consensusFirst'>> {
  const simple = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const m = /^(majority of votes cast|majority of voting agencies|unanimity|unanimous|at least (\d+)(?: for)?)( ?, ?consensus first)?$/.exec(simple);
  if (!m) {
    return { ok: false, problem: { code: 'sheet.decision-unreadable', text: text.trim() } };
  }
  const threshold: DecisionThreshold =
    m[1] === G.majorityOfVotesCast
      ? { kind: 'majority-of-votes-cast' }
      : m[1] === G.majorityOfVotingAgencies
        ? { kind: 'majority-of-voting-agencies' }
        : m[2] !== undefined
          ? { kind: 'at-least', count: Number(m[2]) }
          : { kind: 'unanimity' };
  return { ok: true, value: m[3] ? { threshold, consensusFirst: true } : { threshold } };
}

export const CASTING_TEXT: Record<CastingVoteHolder, string> = { nobody: 'nobody', 'independent-chair': 'independent chair', chair: 'chair' };

export function parseCastingText(text: string): Parsed<CastingVoteHolder> {
  const simple = text.trim().replace(/\s+/g, ' ').toLowerCase().replace(/^the /, '');
  const found = (Object.keys(CASTING_TEXT) as CastingVoteHolder[]).find((h) => CASTING_TEXT[h] === simple || (h === 'nobody' && simple === 'none'));
  return found ? { ok: true, value: found } : { ok: false, problem: { code: 'sheet.casting-unreadable', text: text.trim() } };
}

export function proxiesText(p: Pick<ProxyRule, 'chairAgreement' | 'substituteRequired'>): string {
  const parts = [p.chairAgreement ? G.chairAgreement : '', p.substituteRequired ? G.someoneMustAttend : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'allowed';
}

export function parseProxiesText(text: string): Parsed<Pick<ProxyRule, 'chairAgreement' | 'substituteRequired'>> {
  const parts = text.trim().replace(/\s+/g, ' ').replace(/[’‘]/g, "'").toLowerCase().split(/ ?, ?/).filter(Boolean);
  const value = { chairAgreement: false, substituteRequired: false };
  for (const part of parts) {
    if (part === G.chairAgreement || part === 'chair agrees') value.chairAgreement = true;
    else if (part === G.someoneMustAttend || part === 'substitute required') value.substituteRequired = true;
    else if (part !== 'allowed') {
      return { ok: false, problem: { code: 'sheet.proxies-unreadable', text: text.trim() } };
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
  return { ok: false, problem: { code: 'sheet.absence-unreadable', text: text.trim() } };
}

