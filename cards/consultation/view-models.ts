import {
  isOpenForAnswers,
  LIMITS,
  openConflicts,
  seatsWithoutVote,
  statusAt,
  tally,
  type AgencyAnswer,
  type Consultation,
  type Recipient,
} from '../../services/domain/consultation.js';
import type { Directory } from '../../services/domain/directory.js';
import { formatLondon, truncate } from '../text.js';
import type { AgencyAnswerView, ConsultationSummaryLine, RequestView, TallyView } from './views.js';
import { cannotVoteText, KIND_LABEL, nonAnsweringNote, outcomeText, stateLabel, statusLabel } from './words.js';

/** Domain facts → the worded view models the card templates show. */

/** How much of a conflicting answer's reason the manager's conflict line quotes; the answer card has it whole. */
const CONFLICT_REASON_SHOWN = 200;

export const personName = (directory: Directory, id?: string) => (id ? (directory.person(id)?.displayName ?? id) : '');
export const agencyName = (directory: Directory, id: string) => directory.agency(id)?.name ?? id;

export function summaryLine(directory: Directory, c: Consultation): ConsultationSummaryLine {
  return {
    consultationId: c.id,
    ref: c.ref,
    title: c.title,
    kind: c.kind,
    kindLabel: KIND_LABEL[c.kind],
    bodyName: directory.body(c.bodyId)?.name ?? c.bodyId,
    deadlineText: formatLondon(new Date(c.deadline)),
  };
}

/** The agency a person's card answers for: the first they can answer for, else the first they sit for. */
const primaryAgency = (r: Recipient) => r.agencies.find((a) => a.canAnswer) ?? r.agencies[0];

const by = (directory: Directory, a: AgencyAnswer) =>
  `${personName(directory, a.answeredBy)}${a.answeredAs === 'deputy' ? ' (deputy)' : ''}${a.answeredVia === 'email' ? ' by email' : ''}`;

function answerView(directory: Directory, a: AgencyAnswer, canAnswer: boolean): AgencyAnswerView {
  return {
    agencyId: a.agencyId,
    agencyName: agencyName(directory, a.agencyId),
    canAnswer,
    state: a.choice,
    stateLabel: stateLabel(a.choice),
    answeredBy: a.answeredBy ? by(directory, a) : undefined,
    answeredAt: a.answeredAt ? formatLondon(new Date(a.answeredAt)) : undefined,
    reason: a.reason,
    comment: a.comment,
    signedOff: a.signOff ? `Signed off by ${personName(directory, a.signOff.personId)} on ${formatLondon(new Date(a.signOff.at))}` : undefined,
    conflicts: openConflicts(a).map((x) => `${personName(directory, x.personId)}${x.as === 'deputy' ? ' (deputy)' : ''} answered ${stateLabel(x.choice)}${x.reason ? `: ${x.reason}` : ''}`),
  };
}

function referralText(directory: Directory, c: Consultation): string | undefined {
  const r = c.referral;
  if (!r) return undefined;
  const to = c.rule?.dissent?.referToTitle ?? personName(directory, r.toPersonId);
  const from = `${personName(directory, r.by)} (${agencyName(directory, r.agencyId)})`;
  return `Referred to ${to} by ${from} on ${formatLondon(new Date(r.at))}: ${r.reason}${r.view ? '' : ` Waiting for the view of ${to}.`}`;
}

export function requestView(
  directory: Directory,
  c: Consultation,
  r: Recipient,
  answer: AgencyAnswer | undefined,
  now: Date,
  extra: { banner?: string; message?: RequestView['message'] } = {},
): RequestView {
  const isOpen = isOpenForAnswers(c, now);
  const seat = primaryAgency(r);
  const shown = seat ? answer : undefined;
  const withoutVote = c.kind === 'decision' ? seatsWithoutVote(r) : undefined;
  let note: string | undefined;
  if (!seat) {
    note = r.isChair
      ? 'You chair this body: you will get the summary at the deadline.'
      : withoutVote
        ? `${cannotVoteText(withoutVote.roles)} You will see the result.`
        : 'For your information: you will see the result.';
  } else if (!seat.canAnswer) note = nonAnsweringNote(c.kind);
  const dissent = c.kind === 'decision' ? c.rule?.dissent : undefined;
  const mayRefer =
    dissent !== undefined && !c.referral && c.status === 'closed' && c.outcome?.result === 'carried' && seat?.canAnswer === true && shown?.choice === 'disagree';
  const referral = referralText(directory, c);
  return {
    ...summaryLine(directory, c),
    ask: c.ask,
    documentUrl: c.documentUrl,
    signOffRequired: c.signOffRequired,
    ...(mayRefer ? { refer: { title: `Refer to ${dissent.referToTitle}`, grounds: dissent.grounds, source: dissent.source } } : {}),
    ...(referral ? { referral } : {}),
    isOpen,
    statusLabel: statusLabel(statusAt(c, now)),
    banner: isOpen ? extra.banner : c.status === 'cancelled' ? 'This was cancelled.' : `This ${c.kind === 'decision' ? 'vote' : 'consultation'} has closed.`,
    note,
    agency: seat && shown ? answerView(directory, shown, seat.canAnswer) : undefined,
    message: extra.message,
    reasonLimit: LIMITS.reason,
    commentLimit: LIMITS.comment,
  };
}

export function tallyView(directory: Directory, c: Consultation, answers: AgencyAnswer[], now: Date, viewerId?: string): TallyView {
  const agency = (id: string) => agencyName(directory, id);
  const person = (id?: string) => personName(directory, id);
  const t = tally(answers);
  const required = answers.filter((a) => a.required);
  const referral = referralText(directory, c);
  const to = c.rule?.dissent?.referToTitle ?? 'the Scrutineer';
  return {
    ...summaryLine(directory, c),
    statusLabel: c.referral && !c.referral.view ? `Referred to ${to}` : statusLabel(c.status),
    ...(referral
      ? { referral: { text: referral, ...(c.referral?.view ? { view: `The view of ${to} (${formatLondon(new Date(c.referral.view.at))}): ${c.referral.view.text}` } : {}) } }
      : {}),
    canRecordView: viewerId !== undefined && c.referral?.toPersonId === viewerId && !c.referral.view,
    viewLimit: LIMITS.reason,
    required: t.required,
    agreed: required
      .filter((a) => a.choice === 'agree')
      .map((a) => ({
        agency: agency(a.agencyId),
        by: by(directory, a),
        at: a.answeredAt ? formatLondon(new Date(a.answeredAt)) : '',
        comment: a.comment,
        signedOff: a.signOff ? `signed off by ${person(a.signOff.personId)}` : undefined,
      })),
    disagreed: required
      .filter((a) => a.choice === 'disagree')
      .map((a) => ({ agency: agency(a.agencyId), by: by(directory, a), at: a.answeredAt ? formatLondon(new Date(a.answeredAt)) : '', reason: a.reason ?? '' })),
    noResponse: t.nonResponders.map(agency),
    conflicts: answers.flatMap((a) =>
      openConflicts(a).map((x) => ({
        agency: agency(a.agencyId),
        standing: `${stateLabel(a.choice)} (${person(a.answeredBy)})`,
        other: `${stateLabel(x.choice)} (${person(x.personId)}${x.as === 'deputy' ? ', deputy' : ''})${x.reason ? `: ${truncate(x.reason, CONFLICT_REASON_SHOWN)}` : ''}`,
      })),
    ),
    comments: answers.flatMap((a) => a.comments.map((x) => ({ agency: agency(a.agencyId), by: person(x.personId), text: x.text }))),
    outcome: c.outcome ? { ...c.outcome, text: outcomeText(c.outcome, c.rule) } : undefined,
    canRecordConsensus: c.kind === 'decision' && c.rule?.consensusFirst === true && isOpenForAnswers(c, now),
  };
}
