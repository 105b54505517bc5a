import type { ReturnProblem } from '../../services/domain/returns.js';
import { truncate } from '../text.js';

/** A problem with a return or a round, in a sentence; standards are named by number and text. */
export function problemText(p: ReturnProblem, standards: { id: string; text: string }[] = []): string {
  const std = (id: unknown) => {
    const s = standards.find((x) => x.id === id);
    return s ? `Standard ${s.id} (${truncate(s.text, 80)})` : `Standard ${truncate(String(id), 20)}`;
  };
  const ind = (id: unknown) => `Indicator ${truncate(String(id), 20)}`;
  switch (p.code) {
    case 'period-invalid':
      return p.kind === 'data-set' ? 'Give the quarter as a year and quarter, e.g. 2026-Q1.' : 'Give the year of the self-assessment, e.g. 2026.';
    case 'title-missing':
      return 'Give the round a title.';
    case 'too-long':
      return `${p.standardId ? `${std(p.standardId)}: ` : p.indicatorId ? `${ind(p.indicatorId)}: ` : ''}that is longer than the limit of ${String(p.limit)}.`;
    case 'deadline-invalid':
      return 'Choose the deadline date.';
    case 'deadline-past':
      return 'The deadline is in the past.';
    case 'agencies-missing':
      return 'Choose the agencies that owe the return.';
    case 'agency-unknown':
      return `"${truncate(String(p.agencyId), 60)}" is not an agency of the partnership.`;
    case 'agency-no-lead':
      return `${String(p.agencyId)} has no board member, deputy or audit lead to make the return: fill the seat or name an audit lead first.`;
    case 'agency-owes-nothing':
      return `${String(p.agencyId)} owes no indicator of the data set.`;
    case 'standards-missing':
      return 'Every standard needs a number and its text.';
    case 'round-exists':
      return `A round for ${String(p.period)} is already open.`;
    case 'standard-unknown':
      return `${std(p.standardId)} is not in this round.`;
    case 'indicator-unknown':
      return `${ind(p.indicatorId)} is not owed by this agency in this round.`;
    case 'rating-missing':
      return `${std(p.standardId)}: choose Green, Amber or Red.`;
    case 'evidence-missing':
      return `${std(p.standardId)}: give the evidence for the rating.`;
    case 'action-missing':
      return `${std(p.standardId)} is rated ${p.rating === 'red' ? 'Red' : 'Amber'}: add at least one action, with its lead and due date.`;
    case 'action-incomplete':
      return `${std(p.standardId)}: an action is missing its ${(p.missing as string[]).map((m) => (m === 'what' ? 'description' : m === 'due' ? 'due date' : m)).join(' and ')}.`;
    case 'due-invalid':
      return `${std(p.standardId)}: an action's due date is not a date.`;
    case 'due-past':
      return `${std(p.standardId)}: an action's due date is in the past.`;
    case 'figure-missing':
      return `${ind(p.indicatorId)}: give the figure, or say why it cannot be reported. A blank is not a zero.`;
    case 'figure-invalid':
      return `${ind(p.indicatorId)}: the figure is not a number.`;
    case 'reason-missing':
      return 'Say why the return is reopened.';
    case 'not-section-11':
      return 'Peer review meetings are held on Section 11 returns, not on the data set (C §6.5).';
    case 'place-missing':
      return 'Say where the peer review meetings are held (a room, or "Microsoft Teams").';
    case 'time-invalid':
      return 'Give the meetings\' start time as HH:MM, e.g. 10:00.';
    case 'no-review-days':
      return `There are not enough free working days left in April and May ${String(p.year)} for ${String(p.needed)} peer review meetings, one a day (C §6.5).`;
    case 'evaluation-missing':
      return 'Write the evaluation of the peer review meeting.';
    case 'verdict-invalid':
      return `${std(p.standardId)}: choose agreed or challenged.`;
  }
}

/** The sentences for outcomes that are not the person's mistake but still need saying. */
export const OUTCOME_TEXT = {
  badRequest: 'The return could not be read: please reload the page and try again.',
  changed: (by: string | undefined, at: string | undefined) =>
    `Someone else${by ? ` (${by})` : ''} saved this return${at ? ` at ${at}` : ''} after you opened it. Nothing of yours was saved: reload it to see their version.`,
  alreadySubmitted: (by: string | undefined, at: string | undefined) =>
    `This return was already submitted${by ? ` by ${by}` : ''}${at ? ` at ${at}` : ''}; your copy was not saved over it. Ask the board manager to reopen it if it needs changing.`,
  planned: (planned: number, already: number, failed: number) =>
    [
      planned ? `${planned} peer review ${planned === 1 ? 'meeting' : 'meetings'} planned.` : 'No new peer review meeting was needed.',
      already ? `${already} ${already === 1 ? 'was' : 'were'} planned before.` : '',
      failed ? `${failed} could not be added to the QA sub-group's calendar: try again, or add ${failed === 1 ? 'it' : 'them'} by hand.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  rejected: (n: number) => (n === 1 ? 'One thing to put right before it can be saved:' : `${n} things to put right before it can be saved:`),
} as const;
