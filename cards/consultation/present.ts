import { decisionRuleOf, type AgencyAnswer, type Consultation, type Recipient } from '../../services/domain/consultation.js';
import type {
  AnswerResult,
  CancelOutcome,
  ConsultationProblem,
  CastingOutcome,
  CommentOutcome,
  ConsultationForm,
  OpenConsultations,
  PreviewOutcome,
  ReferOutcome,
  RequestModel,
  SendOutcome,
  TallyModel,
} from '../../services/domain/consultation-outcomes.js';
import type { Directory } from '../../services/domain/directory.js';
import { DomainError } from '../../services/domain/errors.js';
import type { Clock } from '../../services/ports/clock.js';
import type { ConsultationPresenter } from '../../services/ports/consultations.js';
import type { EmailProgress } from '../../services/ports/outbox.js';
import type { AdaptiveCard } from '../render.js';
import { formatLondon, truncate } from '../text.js';
import { consultationCards } from './cards.js';
import { agencyName, personName, requestView, summaryLine, tallyView } from './view-models.js';
import type { RequestView } from './views.js';
import { cannotVoteText, castingSource, outcomeText, problemText, stateLabel } from './words.js';

type Message = RequestView['message'];

/** How much of a typed reference a refusal repeats. */
const REF_SHOWN = 40;

/**
 * The consultation presenter: every outcome of services/consultation/ into words and cards. The
 * jobs reach it through the ConsultationPresenter port; the bot handlers call the rest.
 */
export function consultationPresenter(clock: Clock) {
  const request = (directory: Directory, c: Consultation, r: Recipient, answer?: AgencyAnswer, extra: { banner?: string; message?: Message } = {}) =>
    consultationCards.request(requestView(directory, c, r, answer, clock.now(), extra));

  const tally = (directory: Directory, m: TallyModel) => consultationCards.tally(tallyView(directory, m.consultation, m.answers, clock.now(), m.viewerId));

  const castingVote = (directory: Directory, c: Consultation) => {
    const body = directory.body(c.bodyId);
    const rule = c.rule ?? (body ? decisionRuleOf(body) : undefined);
    return consultationCards.castingVote({
      ...summaryLine(directory, c),
      for: c.outcome?.for ?? 0,
      against: c.outcome?.against ?? 0,
      castingSource: rule ? castingSource(rule) : 'C App3',
      decided: c.outcome?.castingVote ? { choice: c.outcome.castingVote, text: outcomeText(c.outcome, c.rule) } : undefined,
    });
  };

  const progress = (directory: Directory, s: Omit<SendOutcome, 'kind'>) => {
    const c = s.consultation;
    const p = s.progress;
    return consultationCards.progress({
      ...summaryLine(directory, c),
      status:
        c.status === 'draft'
          ? 'Not sent'
          : c.status === 'cancelled'
            ? 'Cancelled'
            : p.pending > 0
              ? `Sending: ${p.sent} of ${p.total} delivered`
              : `Sent: ${p.sent} of ${p.total} delivered`,
      ...p,
      unreachable: s.unreachable.map((id) => personName(directory, id)),
      email: p.email ? emailView(directory, p.email) : undefined,
    });
  };

  const byAad = (directory: Directory) => (aad: string) => directory.personByAad(aad)?.displayName ?? 'a former member';
  const emailView = (directory: Directory, e: EmailProgress) => ({
    total: e.total,
    sent: e.sent,
    pending: e.pending,
    bounced: e.bounced,
    failed: e.failed,
    waiting: e.waitingFor.map(byAad(directory)),
    bouncedNames: e.bouncedFor.map(byAad(directory)),
    failedNames: e.failedFor.map(byAad(directory)),
  });

  const bodyName = (directory: Directory) => (id: string) => directory.body(id)?.name ?? id;
  const attention = (directory: Directory, o: { problems: ConsultationProblem[] }): Message => ({
    text: o.problems.map((p) => problemText(p, bodyName(directory))).join(' '),
    tone: 'attention',
  });

  const form = (directory: Directory, f: ConsultationForm): AdaptiveCard =>
    consultationCards.form({
      formId: f.formId,
      bodies: f.bodyIds.map((id) => ({ id, name: bodyName(directory)(id) })),
      agencies: directory.partnership.agencies.map((a) => ({ id: a.id, name: a.name })),
      values: f.values,
      errors: f.problems.map((p) => problemText(p, bodyName(directory))),
    });

  const port: ConsultationPresenter = {
    request: (f) => request(f.directory, f.consultation, f.recipient, f.answer, f.reminder ? { banner: reminderBanner(f.consultation, f.reminder.workingDaysLeft) } : {}),
    tally: (f) => tally(f.directory, f),
    castingVote: (f) => castingVote(f.directory, f.consultation),
    progress: (f) => progress(f.directory, f),
  };

  return {
    port,

    form,

    preview(directory: Directory, o: PreviewOutcome): AdaptiveCard {
      if (o.kind === 'rejected') return form(directory, o.form);
      if (o.kind === 'sent') return progress(directory, o);
      const c = o.consultation;
      return consultationCards.preview({
        ...summaryLine(directory, c),
        ask: c.ask,
        documentUrl: c.documentUrl,
        signOffRequired: c.signOffRequired,
        recipients: o.recipients,
        units: o.units,
        unreachable: o.unreachable.map((id) => personName(directory, id)),
        cancelled: false,
      });
    },

    sent: (directory: Directory, o: SendOutcome): AdaptiveCard => progress(directory, o),

    cancelled(directory: Directory, o: CancelOutcome): AdaptiveCard {
      const c = o.consultation;
      return consultationCards.preview({ ...summaryLine(directory, c), ask: c.ask, signOffRequired: c.signOffRequired, recipients: 0, units: 0, unreachable: [], cancelled: true });
    },

    view: (directory: Directory, m: RequestModel): AdaptiveCard => request(directory, m.consultation, m.recipient, m.answer),

    answered(directory: Directory, o: AnswerResult): AdaptiveCard {
      const agency = agencyName(directory, o.agencyId);
      const message: Message =
        o.kind === 'rejected'
          ? attention(directory, o)
          : o.kind === 'conflict'
            ? {
                text:
                  o.conflict.kind === 'deputy-differs-from-member'
                    ? `The member for ${agency} has already answered, and a deputy cannot overturn the member's answer. Your different answer is recorded as a conflict for the board manager.`
                    : `Another member has already answered for ${agency}. Your different answer is recorded as a conflict for the board manager; the first answer stands until they agree.`,
                tone: 'warning',
              }
            : o.kind === 'unchanged'
              ? undefined
              : { text: `Recorded for ${agency}.`, tone: 'good' };
      return request(directory, o.consultation, o.recipient, o.answer, { message });
    },

    commented(directory: Directory, o: CommentOutcome): AdaptiveCard {
      const message: Message = o.kind === 'rejected' ? attention(directory, o) : o.kind === 'commented' ? { text: 'Your comment was recorded.', tone: 'good' } : undefined;
      return request(directory, o.consultation, o.recipient, o.answer, { message });
    },

    referred(directory: Directory, o: ReferOutcome): AdaptiveCard {
      const message: Message =
        o.kind === 'rejected'
          ? attention(directory, o)
          : o.kind === 'already-referred'
            ? { text: 'This decision has already been referred; nothing was changed.', tone: 'warning' }
            : { text: `Referred to ${o.referToTitle}; they and the chair have been told.`, tone: 'good' };
      return request(directory, o.consultation, o.recipient, o.answer, { message });
    },

    casting: (directory: Directory, o: CastingOutcome): AdaptiveCard => castingVote(directory, o.consultation),

    tally: (directory: Directory, m: TallyModel): AdaptiveCard => tally(directory, m),

    list(directory: Directory, m: OpenConsultations): AdaptiveCard {
      return consultationCards.list({
        title: 'Open consultations and votes',
        empty: 'Nothing is open for you just now.',
        items: m.items.map((i) => ({
          ...summaryLine(directory, i.consultation),
          yourAgency: i.agencyId ? agencyName(directory, i.agencyId) : '—',
          yourState: i.state ? stateLabel(i.state) : 'Not asked to answer',
        })),
      });
    },

    /** A refusal whose words need facts the use case carries (a deadline, a reference, a seat's roles); others pass as they are. */
    refusal(err: unknown): unknown {
      if (!(err instanceof DomainError) || !err.details) return err;
      const d = err.details;
      if (err.code === 'CONSULTATION.CLOSED' && typeof d.title === 'string' && typeof d.deadline === 'string') {
        return new DomainError(err.code, `"${d.title}" closed at ${formatLondon(new Date(d.deadline))}. Your answer was not recorded and nothing was changed.`);
      }
      if (err.code === 'CONSULTATION.NOT_FOUND' && typeof d.ref === 'string') {
        return new DomainError(err.code, `There is no consultation "${truncate(d.ref, REF_SHOWN)}". Say "consultations" to see the open ones.`);
      }
      if (err.code === 'CONSULTATION.NO_VOTE' && Array.isArray(d.roles)) {
        return new DomainError(err.code, `${cannotVoteText(d.roles)} Nothing was recorded.`);
      }
      return err;
    },
  };
}

export type ConsultationCardPresenter = ReturnType<typeof consultationPresenter>;

function reminderBanner(c: Consultation, left: number): string {
  return `Reminder: your agency has not answered yet. ${left <= 1 ? 'The deadline is' : `${left} working days left; the deadline is`} ${formatLondon(new Date(c.deadline))}.`;
}
