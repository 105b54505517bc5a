import type { RegisterActionFacts, ReturnReminderFacts, ReturnRequestFacts, ReturnsPresenter, RoundFacts, RoundSummaryFacts } from '../../services/ports/returns.js';
import { expand } from '../render.js';
import { formatLondon, truncate } from '../text.js';
import requestTemplate from '../templates/returns-request.json' with { type: 'json' };
import summaryTemplate from '../templates/returns-summary.json' with { type: 'json' };

/** Where a card opens the returns: the tab's Returns view, on one agency's return or on the matrix. */
export type ReturnsLink = (target: { roundId: string; agencyId?: string }) => string;

export const KIND_NAME: Record<RoundFacts['kind'], string> = { 'section-11': 'Section 11 self-assessment', 'data-set': 'performance data set' };
const AS_TEXT = { holder: 'the board member for your agency', deputy: "the board member's standing deputy", 'audit-lead': "your agency's named audit lead" } as const;
const NEVER_GREEN = 'A return not made is recorded as "not returned" and reported to the chair; it is never read as green, and a missing figure is never a zero.';

/** The returns' cards, worded from the facts the use cases and jobs give. */
export function returnsPresenter(link: ReturnsLink): ReturnsPresenter {
  const common = (f: ReturnRequestFacts) => ({
    agency: truncate(f.agency.name, 120),
    title: truncate(f.round.title, 200),
    deadlineText: formatLondon(new Date(f.round.deadline)),
    asText: AS_TEXT[f.as],
    rule: NEVER_GREEN,
    openTitle: 'Open the return',
    url: link({ roundId: f.round.id, agencyId: f.agency.id }),
  });
  return {
    requested: (f) =>
      expand(requestTemplate, {
        ...common(f),
        heading: `Your agency's ${KIND_NAME[f.round.kind]} is due`,
        text:
          f.round.kind === 'section-11'
            ? 'Rate each standard Green, Amber or Red with your evidence; every Amber or Red needs at least one action, with its lead and due date. Your deputy or audit lead can start a draft; submit it when it is complete.'
            : 'Give each figure your agency owes for the quarter, or say why it cannot be reported. Drafts are kept until you submit.',
      }),
    reminder: (f: ReturnReminderFacts) =>
      expand(requestTemplate, {
        ...common(f),
        heading: `Reminder: ${KIND_NAME[f.round.kind]} not yet returned`,
        text: `${f.status === 'draft' ? 'A draft is saved but it has not been submitted.' : 'Your agency has not returned it yet.'} ${f.workingDaysLeft <= 1 ? 'The deadline is' : `${f.workingDaysLeft} working days left; the deadline is`} ${formatLondon(new Date(f.round.deadline))}.`,
      }),
    summary: (f: RoundSummaryFacts) =>
      expand(summaryTemplate, {
        heading: `${truncate(f.round.title, 200)}: ${f.submitted} of ${f.total} returned`,
        text:
          f.notReturned.length === 0
            ? `Every agency returned its ${KIND_NAME[f.round.kind]} by the deadline, ${formatLondon(new Date(f.round.deadline))}.`
            : `The deadline was ${formatLondon(new Date(f.round.deadline))}. ${f.notReturned.length === 1 ? 'One agency has' : `${f.notReturned.length} agencies have`} not returned; they will be raised at the next Quality Assurance sub-group meeting.`,
        hasMissing: f.notReturned.length > 0,
        missing: f.notReturned.map((a) => ({ line: `${truncate(a.name, 120)}${a.draft ? ' (a draft was started, not submitted)' : ''}` })),
        hasLate: f.late.length > 0,
        late: f.late.map((a) => ({ line: truncate(a.name, 120) })),
        rule: NEVER_GREEN,
        url: link({ roundId: f.round.id }),
      }),
  };
}

/** How a Section 11 action reads in the register: where it comes from, then what is to be done and by whom. */
export function registerDescription(f: RegisterActionFacts, agencyName: string): string {
  return truncate(`Section 11 ${f.round.period}, ${agencyName}, standard ${f.standardId} (${f.rating === 'red' ? 'Red' : 'Amber'}): ${f.action.what} Lead: ${f.action.lead}.`, 2000);
}
