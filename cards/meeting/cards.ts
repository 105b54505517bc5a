import type {
  BriefView,
  CardMessage,
  MeetingCardView,
  MeetingFormView,
  MeetingListView,
  MeetingMessageView,
  QuorumView,
  QuorumWarningView,
  RegisterFormView,
  RegisterView,
  ReviewListView,
  ReviewView,
  RiskRegisterView,
} from './views.js';
import briefTemplate from '../templates/meeting-brief.json' with { type: 'json' };
import cardTemplate from '../templates/meeting-card.json' with { type: 'json' };
import formTemplate from '../templates/meeting-form.json' with { type: 'json' };
import listTemplate from '../templates/meeting-list.json' with { type: 'json' };
import messageTemplate from '../templates/meeting-message.json' with { type: 'json' };
import warningTemplate from '../templates/meeting-quorum-warning.json' with { type: 'json' };
import registerFormTemplate from '../templates/meeting-register-form.json' with { type: 'json' };
import registerTemplate from '../templates/meeting-register.json' with { type: 'json' };
import reviewTemplate from '../templates/meeting-review.json' with { type: 'json' };
import reviewsTemplate from '../templates/meeting-reviews.json' with { type: 'json' };
import risksTemplate from '../templates/meeting-risks.json' with { type: 'json' };
import { DEPUTY_MARK_PREFIX } from './verbs.js';
import { expand, type AdaptiveCard } from '../render.js';

const message = (m?: CardMessage) => ({ hasMessage: m !== undefined, messageText: m?.text ?? '', messageStyle: m?.tone ?? 'default' });
const join = (url?: string) => ({ hasJoinUrl: url !== undefined, joinUrlValue: url ?? '' });
const quorumColor = (q: QuorumView) => (q.met ? 'Good' : 'Attention');

/**
 * One choice set per seat keeps the card for a 40-seat board well under Teams' message size:
 * "present as deputy" is offered once per named deputy, as `deputy:<personId>`.
 */
function registerRow(row: RegisterFormView['rows'][number]) {
  return {
    markInputId: row.markInputId,
    label: `${row.seatTitle} (${row.holderName}). ${row.answered}`,
    value: row.mark === 'deputy' && row.deputyId ? `${DEPUTY_MARK_PREFIX}${row.deputyId}` : row.mark,
    choices: [
      { title: 'Present', value: 'present' },
      ...row.deputies.map((d) => ({ title: `Present as ${d.proxy ? 'proxy' : 'deputy'} (${d.name})`, value: `${DEPUTY_MARK_PREFIX}${d.id}` })),
      { title: 'Apologies', value: 'apologies' },
      { title: 'Absent', value: 'absent' },
    ],
  };
}

export const meetingCards = {
  form(view: MeetingFormView): AdaptiveCard {
    const v = view.values;
    const editing = view.meetingId !== undefined;
    return expand(formTemplate, {
      ...view,
      heading: editing ? 'Change the meeting' : 'Add a meeting',
      editing,
      meetingIdValue: view.meetingId ?? '',
      bodyName: view.bodies.find((b) => b.id === v.bodyId)?.name ?? '',
      values: {
        bodyId: v.bodyId ?? view.bodies[0]?.id ?? '',
        date: v.date ?? '',
        time: v.time ?? '10:00',
        place: v.place ?? '',
        joinUrl: v.joinUrl ?? '',
        durationMinutes: v.durationMinutes ?? '',
      },
    });
  },

  meeting(view: MeetingCardView): AdaptiveCard {
    const canAnswer = view.seat?.canAnswer ?? false;
    return expand(cardTemplate, {
      ...view,
      ...message(view.message),
      ...join(view.joinUrl),
      hasBanner: view.banner !== undefined,
      bannerText: view.banner ?? '',
      hasSeat: view.seat !== undefined,
      seat: view.seat ?? { deputies: [] },
      canAnswer,
      canNameDeputy: canAnswer && (view.seat?.deputies.length ?? 0) > 0,
      deputyValue: view.seat?.deputyId ?? '',
      canNameProxy: canAnswer && (view.seat?.proxies?.length ?? 0) > 0,
      proxyValue: view.seat?.proxyId ?? '',
      proxyLabel: view.seat?.proxyLabel ?? '',
      proxies: view.seat?.proxies ?? [],
      hasNote: view.note !== undefined,
      noteText: view.note ?? '',
    });
  },

  message(view: MeetingMessageView): AdaptiveCard {
    return expand(messageTemplate, { ...view, ...join(view.joinUrl), isProxyRequest: view.proxyRequest !== undefined, proxySeatId: view.proxyRequest?.seatId ?? '' });
  },

  list(view: MeetingListView): AdaptiveCard {
    return expand(listTemplate, view);
  },

  quorumWarning(view: QuorumWarningView): AdaptiveCard {
    return expand(warningTemplate, view);
  },

  registerForm(view: RegisterFormView): AdaptiveCard {
    return expand(registerFormTemplate, {
      ...view,
      heading: view.correcting ? 'Correct the attendance register' : 'Record the attendance register',
      submitTitle: view.correcting ? 'Record the correction' : 'Record the register',
      basedOnText: String(view.basedOn),
      rows: view.rows.map(registerRow),
    });
  },

  register(view: RegisterView): AdaptiveCard {
    return expand(registerTemplate, { ...view, ...message(view.message), quorumColor: quorumColor(view.quorum), hasChair: view.chairedText !== undefined, chairedText: view.chairedText ?? '' });
  },

  brief(view: BriefView): AdaptiveCard {
    return expand(briefTemplate, { ...view, quorumColor: quorumColor(view.quorum) });
  },

  review(view: ReviewView): AdaptiveCard {
    return expand(reviewTemplate, { ...view, ...message(view.message) });
  },

  reviews(view: ReviewListView): AdaptiveCard {
    return expand(reviewsTemplate, view);
  },

  risks(view: RiskRegisterView): AdaptiveCard {
    return expand(risksTemplate, view);
  },
};
