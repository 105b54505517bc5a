import type {
  AgencyAnswerView,
  CastingVoteView,
  ConsultationFormView,
  ConsultationListView,
  PreviewView,
  ProgressView,
  RequestView,
  TallyView,
} from './views.js';
import castingTemplate from '../templates/consultation-casting.json' with { type: 'json' };
import formTemplate from '../templates/consultation-form.json' with { type: 'json' };
import listTemplate from '../templates/consultation-list.json' with { type: 'json' };
import previewTemplate from '../templates/consultation-preview.json' with { type: 'json' };
import progressTemplate from '../templates/consultation-progress.json' with { type: 'json' };
import requestTemplate from '../templates/consultation-request.json' with { type: 'json' };
import tallyTemplate from '../templates/consultation-tally.json' with { type: 'json' };
import { expand, type AdaptiveCard } from '../render.js';

/** Names listed on a card before "and N more": the tally and the dashboard have the rest. */
const UNREACHABLE_SHOWN = 8;

/** " Bounced: A; B; and 3 more." (at most UNREACHABLE_SHOWN names, so the card stays small). */
const named = (label: string, names: string[]) =>
  names.length === 0
    ? ''
    : ` ${label}: ${names.slice(0, UNREACHABLE_SHOWN).join('; ')}${names.length > UNREACHABLE_SHOWN ? `; and ${names.length - UNREACHABLE_SHOWN} more` : ''}.`;

const TONE_STYLE = { good: 'good', warning: 'warning', attention: 'attention' } as const;

export const consultationCards = {
  form(view: ConsultationFormView): AdaptiveCard {
    const v = view.values;
    return expand(formTemplate, {
      ...view,
      values: {
        title: v.title ?? '',
        ask: v.ask ?? '',
        documentUrl: v.documentUrl ?? '',
        bodyId: v.bodyId ?? view.bodies[0]?.id ?? '',
        deadlineDate: v.deadlineDate ?? '',
        deadlineTime: v.deadlineTime ?? '17:00',
        kind: v.kind ?? 'consultation',
        signOffText: v.signOffRequired ? 'true' : 'false',
        extraText: (v.extraAgencyIds ?? []).join(','),
      },
    });
  },

  preview(view: PreviewView): AdaptiveCard {
    return expand(previewTemplate, { ...view, documentText: view.documentUrl ?? 'None', unreachableShown: view.unreachable.slice(0, UNREACHABLE_SHOWN) });
  },

  progress(view: ProgressView): AdaptiveCard {
    const email = view.email;
    return expand(progressTemplate, {
      ...view,
      unreachableShown: view.unreachable.slice(0, UNREACHABLE_SHOWN),
      hasEmail: email !== undefined,
      emailText: email
        ? `By email: ${email.sent} of ${email.total} sent, ${email.pending} waiting, ${email.bounced} bounced${email.failed ? `, ${email.failed} failed` : ''}.${email.bounced ? ' The board manager has been told of each bounce.' : ''}` +
          named('Bounced', email.bouncedNames) +
          named('Not delivered', email.failedNames) +
          named('Waiting', email.waiting)
        : '',
    });
  },

  request(view: RequestView): AdaptiveCard {
    const canAnswer = view.isOpen && (view.agency?.canAnswer ?? false);
    const canComment = view.isOpen && view.agency !== undefined;
    return expand(requestTemplate, {
      ...view,
      hasMessage: view.message !== undefined,
      messageText: view.message?.text ?? '',
      messageStyle: view.message ? TONE_STYLE[view.message.tone] : 'default',
      hasBanner: view.banner !== undefined,
      hasAgency: view.agency !== undefined,
      hasDocument: view.documentUrl !== undefined,
      canAnswer,
      canComment,
      commentOnly: canComment && !canAnswer,
      agreeTitle: view.signOffRequired ? 'Agree and sign off' : 'Agree',
      agencyFacts: agencyFacts(view.agency),
      hasConflicts: (view.agency?.conflicts.length ?? 0) > 0,
      conflictsText: view.agency?.conflicts.join('; ') ?? '',
      hasNote: view.note !== undefined,
      canRefer: view.refer !== undefined,
      referTitle: view.refer?.title ?? '',
      referHint: view.refer ? `If you believe that ${view.refer.grounds}, you may refer it, with your reason (${view.refer.source}).` : '',
      hasReferral: view.referral !== undefined,
      referralText: view.referral ?? '',
    });
  },

  tally(view: TallyView): AdaptiveCard {
    return expand(tallyTemplate, {
      ...view,
      hasOutcome: view.outcome !== undefined,
      canRecordConsensus: view.canRecordConsensus === true,
      hasReferral: view.referral !== undefined,
      referralText: view.referral?.text ?? '',
      hasReferralView: view.referral?.view !== undefined,
      referralView: view.referral?.view ?? '',
      canRecordView: view.canRecordView === true,
      viewLimit: view.viewLimit ?? 2000,
    });
  },

  castingVote(view: CastingVoteView): AdaptiveCard {
    return expand(castingTemplate, { ...view, decidedFlag: view.decided !== undefined, decidedText: view.decided?.text ?? '' });
  },

  list(view: ConsultationListView): AdaptiveCard {
    return expand(listTemplate, view);
  },
};

/** The facts about the agency's answer, worked out here rather than by template expressions on each card. */
function agencyFacts(agency: AgencyAnswerView | undefined): { title: string; value: string }[] {
  if (!agency) return [];
  const facts = [
    { title: 'Your agency', value: agency.agencyName },
    { title: 'Its answer', value: agency.stateLabel },
  ];
  const optional: [string, string | undefined][] = [
    ['Answered by', agency.answeredBy],
    ['When', agency.answeredAt],
    ['Reason', agency.reason],
    ['Comment', agency.comment],
    ['Sign-off', agency.signedOff],
  ];
  for (const [title, value] of optional) if (value !== undefined) facts.push({ title, value });
  return facts;
}
