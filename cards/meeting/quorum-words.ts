import type { AgencyPresence, ConditionFacts, MissingItem } from '../../services/domain/quorum.js';

/** The quorum conditions' words: what each condition found, and what a failed one lacks. Read by the cards and the tab. */

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function nameOf(a: AgencyPresence): string {
  return a.deputy ? `${a.name} (deputy)` : a.name;
}

// Agency names contain commas ("Children, Schools and Families"), so lists use semicolons.
function list(names: string[]): string {
  return names.length === 0 ? 'none' : names.join('; ');
}

function orList(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join('; ')} or ${names[names.length - 1]}`;
}

function unitWord(u: { statutoryOnly: boolean; byServiceArea: boolean }, many: boolean): string {
  return `${u.statutoryOnly ? 'statutory ' : ''}${u.byServiceArea ? (many ? 'service areas' : 'service area') : many ? 'agencies' : 'agency'}`;
}

/** The condition's explanation, e.g. "2 of 6 members present; 50% of the membership is 3." */
export function conditionExplanation(c: { met: boolean; facts: ConditionFacts }): string {
  const f = c.facts;
  switch (f.kind) {
    case 'min-agencies': {
      const count = f.present.length;
      const notCounted = [f.excludeChair ? 'the chair' : '', f.excludeBoardStaff ? 'board staff' : ''].filter(Boolean).join(' or ');
      return (
        `${plural(count, `separate ${unitWord(f, false)}`, `separate ${unitWord(f, true)}`)} present, ${f.needed} needed` +
        `${notCounted ? ` (not counting ${notCounted})` : ''}: ${list(f.present.map((unit) => unit.map(nameOf).join(' / ')))}.`
      );
    }
    case 'required-present': {
      const parts = f.groups.map((g) => `${g.label}: ${g.present.length ? list(g.present.map(nameOf)) : 'missing'}`);
      const all = f.groups.every((g) => g.present.length > 0);
      const chair = f.excludeChair ? ' (not counting the chair)' : '';
      return `${all ? 'Every required agency is present' : 'Required agencies are missing'}${chair}. ${parts.join('. ')}.`;
    }
    case 'commissioner-and-provider':
      return (
        `Statutory commissioners present: ${list(f.commissioners.map(nameOf))}; ` +
        `statutory providers present: ${list(f.providers.map(nameOf))}.` +
        (c.met ? '' : ' Quorum needs at least one of each, from different agencies.')
      );
    case 'membership-share':
      return f.members === 0
        ? 'The body has no filled seats.'
        : `${f.present} of ${plural(f.members, 'member', 'members')} present; ${Math.round(f.share * 1000) / 10}% of the membership is ${f.needed}.`;
    case 'each-safeguarding-partner':
      return f.partners === 0
        ? 'No safeguarding partner sits on this body.'
        : `Safeguarding partners present: ${list(f.present.map(nameOf))}.${f.absent.length ? ` Absent: ${list(f.absent)}.` : ''}`;
  }
}

const ROLE_WANTED: Record<Extract<MissingItem, { kind: 'statutory-role' }>['role'], string> = {
  commissioner: 'a commissioning statutory agency',
  provider: 'a providing statutory agency',
  either: 'another statutory agency that commissions or provides',
};

/** One thing a failed condition lacks, e.g. "2 more statutory agencies besides the chair". */
export function missingText(m: MissingItem): string {
  switch (m.kind) {
    case 'named':
      return m.name;
    case 'more-units':
      return `${m.count} more ${unitWord(m, m.count !== 1)}${m.besidesChair ? ' besides the chair' : ''}`;
    case 'statutory-role':
      return m.candidates.length ? `${ROLE_WANTED[m.role]} (${orList(m.candidates)})` : ROLE_WANTED[m.role];
    case 'more-members':
      return plural(m.count, 'more member', 'more members');
    case 'no-members':
      return 'members appointed to the body';
  }
}

/** Every condition's lacks, in words, in order. */
export function missingTexts(conditions: readonly { missing: readonly MissingItem[] }[]): string[] {
  return conditions.flatMap((c) => c.missing.map(missingText));
}

/** "Met: …" / "Not met: …" for each condition. */
export function conditionLine(c: { met: boolean; facts: ConditionFacts }): string {
  return `${c.met ? 'Met' : 'Not met'}: ${conditionExplanation(c)}`;
}
