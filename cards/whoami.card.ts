import type { WhoAmI } from '../services/directory/index.js';
import type { RoleCode } from '../services/domain/directory.js';
import template from './templates/whoami.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';
import { ROLE_MEANINGS } from './roles.js';

/** One seat of whoami, as the directory gives it. */
export type WhoAmISeat = WhoAmI['seats'][number];

const NOT_VOTING: Partial<Record<RoleCode, string>> = {
  PO: 'as a participant observer (C §4.10)',
  SA: 'as a statutory advisor (C §4.10)',
  A: 'as an advisor (C §4.10)',
  BS: 'as board support (C §4.10)',
};

/** A seat title without its notes: "Independent Chair (casting vote)" and "Independent Chair" are one title. */
const withoutNotes = (title: string) => {
  let bare = title.trim();
  while (/\([^()]*\)$/.test(bare)) bare = bare.replace(/\s*\([^()]*\)$/, '').trim();
  return bare;
};

/** Words that say which organisation, not which role; too common to tie a title to an agency. */
const COMMON = new Set(['with', 'from', 'service', 'services', 'merton', 'london', 'council', 'trust', 'team', 'group']);
const significantWords = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^a-z']+/)
      .filter((w) => w.length >= 4 && !COMMON.has(w)),
  );
const initials = (text: string) =>
  text
    .split(/[^A-Za-z]+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');

/**
 * The role in a seat title, without the agency it is already said to be for: "Borough Commander,
 * Met Police" for the Metropolitan Police Service is "Borough Commander"; "Head of Education, CSF"
 * for Children, Schools and Families is "Head of Education"; "Director of Children, Schools and
 * Families" stays whole. Empty when the title is only the agency's name.
 */
export function roleTitle(title: string, agency: string | undefined): string {
  let bare = withoutNotes(title);
  if (!agency) return bare;
  const agencyBase = withoutNotes(agency);
  if (agency.toLowerCase().includes(bare.toLowerCase()) || agencyBase.toLowerCase().includes(bare.toLowerCase())) return '';
  // "Director of Public Health Merton, Community and Housing" names its agency inside the role.
  const names = bare.toLowerCase().indexOf(agencyBase.toLowerCase());
  if (names > 0 && bare.slice(names - 2, names) !== ', ') return bare;
  const agencyWords = significantWords(agency);
  // Drop trailing ", …" parts that name the agency, the last first, keeping at least the first part.
  for (let comma = bare.lastIndexOf(', '); comma > 0; comma = bare.lastIndexOf(', ')) {
    const suffix = bare.slice(comma + 2);
    const shares = [...significantWords(suffix)].some((w) => agencyWords.has(w));
    // "CSF", "Merton CCG": the agency's initials, with at most words too common to say more.
    const abbreviates = suffix.split(' ').every((w) => COMMON.has(w.toLowerCase()) || (/^[A-Z]{2,6}$/.test(w) && initials(agency).includes(w)));
    if (!shares && !abbreviates) break;
    bare = bare.slice(0, comma);
  }
  return bare;
}

const theBody = (body: string) => (/^the /i.test(body) ? body : `the ${body}`);

function voteClause(seat: WhoAmISeat): string {
  if (seat.office === 'independent-chair') return 'you have the casting vote (C App3)';
  if (seat.votes) return 'you vote';
  const role = seat.roles.find((r) => NOT_VOTING[r]);
  if (role) return `you do not vote, ${NOT_VOTING[role]}`;
  if (!seat.roles.includes('V')) return 'you do not vote: a co-opted seat votes only when deputising for an agency (C App3)';
  return `you do not vote: ${seat.agency ?? 'the agency'} casts its one vote through another seat (C §4.10)`;
}

/**
 * One sentence per seat, in a member's words: "You sit on the Board for the Metropolitan Police as
 * Borough Commander; you vote". A person keeps one title everywhere: the role of their first seat.
 */
export function seatSentences(seats: WhoAmISeat[]): string[] {
  const first = seats.find((s) => s.as === 'holder');
  const ownTitle = first ? roleTitle(first.seat, first.agency) : '';
  return seats.map((seat) => {
    const body = theBody(seat.body);
    const vote = voteClause(seat);
    if (seat.as === 'deputy') {
      const title = roleTitle(seat.seat, seat.agency);
      const whom = title ? `the ${title}${seat.agency ? ` of ${seat.agency}` : ''}` : (seat.agency ?? 'the seat holder');
      return `You are the standing deputy for ${whom} on ${body}: you ${seat.votes ? 'answer and vote' : 'answer'} for them when they cannot (C §5.6)`;
    }
    const title = ownTitle || roleTitle(seat.seat, seat.agency);
    const as = title ? ` as ${title}` : '';
    const agency = seat.agency ? ` for ${seat.agency}` : '';
    switch (seat.office) {
      case 'independent-chair':
      case 'chair':
        return `You chair ${body}${as}${agency}; ${vote}`;
      case 'vice-chair':
        return `You sit on ${body}${agency}${as}, and you are its vice chair; ${vote}`;
      case 'manager':
        return `You support ${body}${as}, its board manager; ${vote}`;
      case 'business-support':
        return `You support ${body}${as}; ${vote}`;
      default:
        return `You sit on ${body}${agency}${as}; ${vote}`;
    }
  });
}

export const buildWhoAmI = (data: WhoAmI): AdaptiveCard => {
  const sentences = seatSentences(data.seats);
  const codes = [...new Set(data.seats.flatMap((s) => s.roles))];
  return expand(template, {
    name: data.name,
    partnership: data.partnership,
    isManager: data.isManager,
    organisationText: data.guest
      ? `A guest from ${data.organisation ?? 'another organisation'}: open Quorum in this partnership's Teams organisation to answer.`
      : data.organisation
        ? `From ${data.organisation}`
        : '',
    seats: sentences.map((sentence) => ({ sentence: `${sentence}.` })),
    legend: codes.length
      ? `Role codes (the constitution's Appendix 3): ${codes.map((c) => `${c} ${ROLE_MEANINGS[c]}`).join(' · ')}.`
      : '',
  });
};
