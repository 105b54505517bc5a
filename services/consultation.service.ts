import type { Actor, DirectoryService } from './directory.service.js';
import { atLondonTime, londonDate, workingDaysBefore, workingDaysBetween } from './domain/calendar.js';
import {
  answerId,
  applyAnswer,
  asOf,
  castingVoter,
  decide,
  decisionRuleOf,
  DEFAULT_REMINDER_WORKING_DAYS,
  isOpenForAnswers,
  LIMITS,
  openConflicts,
  recipients,
  respondingUnits,
  statusAt,
  statusLabel,
  tally,
  type AgencyAnswer,
  type Choice,
  type Consultation,
  type ConsultationKind,
  type DecisionOutcome,
  type Recipient,
  type Referral,
} from './domain/consultation.js';
import type {
  AgencyAnswerView,
  ConsultationFormView,
  ConsultationSummaryLine,
  RequestView,
  TallyView,
} from './domain/consultation-views.js';
import type { Body, DecisionRule, DecisionThreshold, Directory } from './domain/directory.js';
import { authorize, can, canSeeConsultation, isReplayBy, subjectOf, type Permission } from './domain/authorization.js';
import { DomainError, forbidden } from './domain/errors.js';
import { formatLondon } from './domain/format.js';
import type { Clock } from './ports/clock.js';
import type { CarryForwardRepo, ConsultationCards, ConsultationRepo, Outbox } from './ports/consultations.js';
import type { Logger } from './ports/logger.js';
import type { CardPayload, NewDelivery } from './ports/outbox.js';
import type { AuditLog, ConversationRefRepo } from './ports/repositories.js';
import { updateOptimistically } from './optimistic-update.js';

export interface ConsultationDeps {
  repo: ConsultationRepo;
  carryForward: CarryForwardRepo;
  directory: DirectoryService;
  conversations: ConversationRefRepo;
  outbox: Outbox;
  cards: ConsultationCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  reminderHour: number;
}

/** What the form sends: the same fields it shows. */
export type DraftInput = { formId: string } & ConsultationFormView['values'];

export interface AnswerInput {
  consultationId: string;
  agencyId: string;
  choice: Choice;
  reason?: string;
  comment?: string;
  /** 'email' for an answer given through a signed email link. */
  via?: 'email';
}

export class ConsultationClosedError extends DomainError {
  constructor(c: Consultation) {
    super(
      'CONSULTATION.CLOSED',
      `"${c.title}" closed at ${formatLondon(new Date(c.deadline))}. Your answer was not recorded and nothing was changed.`,
    );
  }
}

const KIND_LABEL: Record<ConsultationKind, string> = { consultation: 'Consultation', decision: 'Vote' };
const MAX_RETRIES = 5;

/**
 * Consultations and votes: draft → preview → send to every member of a body; agencies answer;
 * reminders before the deadline; at the deadline the chair and manager get the summary and the
 * non-responders are carried to the body's next meeting.
 */
export class ConsultationService {
  constructor(private readonly deps: ConsultationDeps) {}

  // ----- sending -----

  /** The empty form (or the form again with the sender's values and what is wrong with them). */
  form(actor: Actor, values: Partial<DraftInput> = {}, errors: string[] = []): CardPayload {
    const bodies = this.sendableBodies(actor);
    if (bodies.length === 0) throw forbidden('Only the board manager or the chair of a body can send consultations and votes.');
    const view: ConsultationFormView = {
      formId: values.formId ?? this.deps.newId(),
      bodies: bodies.map((b) => ({ id: b.id, name: b.name })),
      agencies: actor.directory.partnership.agencies.map((a) => ({ id: a.id, name: a.name })),
      values: { kind: 'consultation', signOffRequired: false, deadlineTime: '17:00', ...values },
      errors,
    };
    return this.deps.cards.form(view);
  }

  /** Validates the form and stores a draft; returns the preview (nothing is sent yet). */
  async preview(actor: Actor, input: DraftInput): Promise<CardPayload> {
    const now = this.deps.clock.now();
    // The right to act comes before the form's id is read; only its creator gets a stored draft back.
    if (this.sendableBodies(actor).length === 0) throw forbidden('Only the board manager or the chair of a body can send consultations and votes.');
    const existing = await this.deps.repo.get(actor.directory.partnership.id, input.formId);
    if (existing && isReplayBy(subjectOf(actor), existing)) return this.previewCard(actor.directory, existing);

    const errors: string[] = [];
    const title = input.title?.trim() ?? '';
    const ask = input.ask?.trim() ?? '';
    const url = input.documentUrl?.trim() || undefined;
    if (!title) errors.push('Give the consultation a title.');
    if (title.length > LIMITS.title) errors.push(`The title is ${title.length} characters; the limit is ${LIMITS.title}.`);
    if (!ask) errors.push('Say what the body is asked to do.');
    if (ask.length > LIMITS.ask) errors.push(`What is asked is ${ask.length} characters; the limit is ${LIMITS.ask}.`);
    if (url && (!/^https:\/\/\S+$/i.test(url) || url.length > LIMITS.url)) errors.push('The document link must be an https:// address.');
    const body = input.bodyId ? actor.directory.body(input.bodyId) : undefined;
    if (!body) errors.push('Choose the body to consult.');
    else if (!this.sendableBodies(actor).includes(body)) errors.push(`You cannot send to ${body.name}: only its chair or the board manager can.`);
    let deadline: Date | undefined;
    if (!input.deadlineDate || !/^\d{4}-\d{2}-\d{2}$/.test(input.deadlineDate)) errors.push('Choose a deadline date.');
    else {
      const [h, m] = (input.deadlineTime && /^\d{2}:\d{2}/.test(input.deadlineTime) ? input.deadlineTime : '17:00').split(':').map(Number);
      deadline = atLondonTime(input.deadlineDate, h!, m!);
      if (deadline.getTime() <= now.getTime() + 60 * 60 * 1000) errors.push('The deadline must be at least an hour from now.');
    }
    const unknown = (input.extraAgencyIds ?? []).filter((id) => !actor.directory.agency(id));
    if (unknown.length) errors.push(`Unknown agencies: ${unknown.join(', ')}.`);
    if (errors.length) return this.form(actor, input, errors);
    // Someone else's record under this id: answered as an unknown consultation, with nothing of it shown.
    if (existing) throw unknownConsultation();

    const c: Consultation = {
      id: input.formId,
      ref: `C-${input.formId.replace(/-/g, '').slice(0, 6).toUpperCase()}`,
      partnershipId: actor.directory.partnership.id,
      kind: input.kind ?? 'consultation',
      title,
      ask,
      documentUrl: url,
      bodyId: body!.id,
      deadline: deadline!.toISOString(),
      signOffRequired: input.signOffRequired ?? false,
      extraAgencyIds: input.extraAgencyIds ?? [],
      reminderWorkingDays: DEFAULT_REMINDER_WORKING_DAYS,
      createdBy: actor.person.id,
      createdAt: now.toISOString(),
      status: 'draft',
    };
    await this.deps.repo.create(c);
    const stored = (await this.deps.repo.get(c.partnershipId, c.id)) ?? c;
    return this.previewCard(actor.directory, stored);
  }

  private async previewCard(directory: Directory, c: Consultation): Promise<CardPayload> {
    if (c.status !== 'draft') return this.progressCard(directory, c);
    const body = this.bodyOf(directory, c);
    const people = recipients(body, directory, c.kind, c.extraAgencyIds);
    return this.deps.cards.preview({
      ...this.summaryLine(directory, c),
      ask: c.ask,
      documentUrl: c.documentUrl,
      signOffRequired: c.signOffRequired,
      recipients: people.length,
      units: respondingUnits(body, c.kind, c.extraAgencyIds).filter((u) => u.required).length,
      unreachable: await this.unreachable(directory, people),
      cancelled: false,
    });
  }

  /** Opens the consultation and queues one card per recipient. Safe to repeat: it sends once. */
  async send(actor: Actor, consultationId: string, senderActivityId?: string): Promise<CardPayload> {
    const directory = actor.directory;
    let c = await this.require(actor, consultationId, 'consultation.send');
    this.assertCanSend(actor, this.bodyOf(directory, c));
    if (c.status === 'cancelled') throw new DomainError('CONSULTATION.CANCELLED', 'This draft was cancelled; nothing was sent.');
    const now = this.deps.clock.now();
    if (c.status === 'draft') {
      if (Date.parse(c.deadline) <= now.getTime()) {
        throw new DomainError('CONSULTATION.DEADLINE_PASSED', 'The deadline of this draft has passed; start again with "consult".');
      }
      const rule = c.kind === 'decision' ? decisionRuleOf(this.bodyOf(directory, c)) : undefined;
      const opened = await this.update(c, (x) => (x.status === 'draft' ? {
        ...x,
        status: 'open',
        openedAt: now.toISOString(),
        ...(rule ? { rule } : {}),
        senderCard: senderActivityId ? { aadObjectId: actor.person.aadObjectId, activityId: senderActivityId } : undefined,
      } : x));
      const body = this.bodyOf(directory, opened);
      await this.deps.repo.createAnswers(
        respondingUnits(body, opened.kind, opened.extraAgencyIds).map((u) => ({
          id: answerId(opened.id, u.agencyId),
          partnershipId: opened.partnershipId,
          consultationId: opened.id,
          agencyId: u.agencyId,
          required: u.required,
          votes: u.votes,
          choice: 'none',
          conflicts: [],
          history: [],
          comments: [],
        })),
      );
      await this.deps.audit.record({
        partnershipId: opened.partnershipId,
        at: now.toISOString(),
        actor: actor.person.id,
        action: 'consultation.open',
        subject: opened.id,
      });
      c = opened;
    }
    await this.fanOut(directory, c, `consultation:${c.id}:open`);
    return this.progressCard(directory, c);
  }

  async cancel(actor: Actor, consultationId: string): Promise<CardPayload> {
    const c = await this.require(actor, consultationId, 'consultation.send');
    this.assertCanSend(actor, this.bodyOf(actor.directory, c));
    if (c.status !== 'draft' && c.status !== 'cancelled') {
      throw new DomainError('CONSULTATION.ALREADY_SENT', 'This has been sent already and cannot be cancelled from here.');
    }
    const cancelled = await this.update(c, (x) => ({ ...x, status: x.status === 'draft' ? 'cancelled' : x.status }));
    return this.deps.cards.preview({
      ...this.summaryLine(actor.directory, cancelled),
      ask: cancelled.ask,
      signOffRequired: cancelled.signOffRequired,
      recipients: 0,
      units: 0,
      unreachable: [],
      cancelled: true,
    });
  }

  private async fanOut(directory: Directory, c: Consultation, batchId: string, only?: (r: Recipient) => boolean, banner?: string) {
    const body = this.bodyOf(directory, c);
    const answers = await this.deps.repo.listAnswers(c.partnershipId, c.id);
    const items: NewDelivery[] = [];
    for (const r of recipients(body, directory, c.kind, c.extraAgencyIds)) {
      if (only && !only(r)) continue;
      const person = directory.person(r.personId);
      if (!person) continue;
      items.push({
        partnershipId: c.partnershipId,
        batchId,
        recipientAad: person.aadObjectId,
        card: this.deps.cards.request(this.requestView(directory, c, r, (agencyId) => answers.find((a) => a.agencyId === agencyId), banner)),
      });
    }
    await this.deps.outbox.enqueue(items);
  }

  /** The sender's card: how many cards went out, and who could not be reached. */
  async progressCard(directory: Directory, c: Consultation): Promise<CardPayload> {
    const progress = await this.deps.outbox.progress(c.partnershipId, `consultation:${c.id}:open`);
    const body = this.bodyOf(directory, c);
    const unreachable = await this.unreachable(directory, recipients(body, directory, c.kind, c.extraAgencyIds));
    return this.deps.cards.progress({
      ...this.summaryLine(directory, c),
      status:
        c.status === 'draft'
          ? 'Not sent'
          : c.status === 'cancelled'
            ? 'Cancelled'
            : progress.pending > 0
              ? `Sending: ${progress.sent} of ${progress.total} delivered`
              : `Sent: ${progress.sent} of ${progress.total} delivered`,
      ...progress,
      unreachable,
    });
  }

  /** Called by the outbox after each pass: refreshes the sender's progress card. */
  async onDeliveryProgress(batches: { partnershipId: string; batchId: string }[]): Promise<{ partnershipId: string; aadObjectId: string; activityId: string; card: CardPayload }[]> {
    const updates = [];
    for (const b of batches) {
      const match = /^consultation:(.+):open$/.exec(b.batchId);
      if (!match) continue;
      const directory = await this.deps.directory.directory(b.partnershipId);
      const c = await this.deps.repo.get(b.partnershipId, match[1]!);
      if (!c?.senderCard) continue;
      updates.push({ partnershipId: b.partnershipId, ...c.senderCard, card: await this.progressCard(directory, c) });
    }
    return updates;
  }

  // ----- answering -----

  /** The card as this person should see it now (Universal Actions refresh). */
  async view(actor: Actor, consultationId: string, message?: RequestView['message']): Promise<CardPayload> {
    return this.viewOf(actor, await this.require(actor, consultationId), message);
  }

  private async viewOf(
    actor: Actor,
    c: Consultation,
    message?: RequestView['message'],
    known?: AgencyAnswer,
    r: Recipient = this.recipientFor(actor, c),
  ): Promise<CardPayload> {
    const agencyId = primaryAgency(r)?.agencyId;
    const answer = known ?? (agencyId ? await this.deps.repo.getAnswer(c.partnershipId, c.id, agencyId) : undefined);
    return this.deps.cards.request({ ...this.requestView(actor.directory, c, r, () => answer), message });
  }

  async answer(actor: Actor, input: AnswerInput): Promise<CardPayload> {
    const directory = actor.directory;
    const c = await this.require(actor, input.consultationId, 'consultation.answer');
    const now = this.deps.clock.now();
    if (!isOpenForAnswers(c, now)) throw new ConsultationClosedError(c);

    const r = this.recipientFor(actor, c);
    const seat = r.agencies.find((a) => a.agencyId === input.agencyId);
    if (!seat) {
      throw forbidden(`You do not sit on ${this.bodyOf(directory, c).name} for that agency, so you cannot answer for it.`);
    }
    if (!seat.canAnswer) {
      throw forbidden(
        c.kind === 'decision'
          ? 'Your seat does not vote (C §4.10: one vote per agency; participant observers, advisors and board support do not vote). You can still comment.'
          : 'Your seat is an advisory one, so it does not answer for the agency. You can still comment.',
      );
    }
    const reason = input.reason?.trim() || undefined;
    const comment = input.comment?.trim() || undefined;
    if (input.choice === 'disagree' && !reason) {
      return this.viewOf(actor, c, { text: 'Please give a reason to disagree. Nothing was recorded.', tone: 'attention' });
    }
    if ((reason?.length ?? 0) > LIMITS.reason) {
      return this.viewOf(actor, c, { text: `Your reason is ${reason!.length} characters; the limit is ${LIMITS.reason}. Nothing was recorded.`, tone: 'attention' });
    }
    if ((comment?.length ?? 0) > LIMITS.comment) {
      return this.viewOf(actor, c, { text: `Your comment is ${comment!.length} characters; the limit is ${LIMITS.comment}. Nothing was recorded.`, tone: 'attention' });
    }

    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      // The first try may start from this instance's last copy of the answer: the write is
      // conditional on its ETag, so a copy another instance has overtaken costs a retry, never an answer.
      const maybeStale = attempt === 0;
      const current = await this.deps.repo.getAnswer(c.partnershipId, c.id, input.agencyId, { maybeStale });
      if (!current) throw new DomainError('CONSULTATION.NOT_ASKED', 'Your agency was not asked to answer this one.');
      const outcome = applyAnswer(
        current,
        { personId: actor.person.id, as: seat.as, seatId: seat.seatId, choice: input.choice, reason, comment, at: now.toISOString(), via: input.via },
        c.signOffRequired,
      );
      if (outcome.kind === 'unchanged') {
        // Nothing to write means no ETag check: confirm against the stored answer before saying so.
        if (maybeStale) continue;
        return this.viewOf(actor, c, undefined, current, r);
      }
      const stored = await this.deps.repo.replaceAnswerIfUnchanged(outcome.answer);
      if (!stored) continue;
      // The answer's own history (who, when, before, after) is its audit trail.
      const agencyName = directory.agency(input.agencyId)?.name ?? input.agencyId;
      const message: RequestView['message'] =
        outcome.kind === 'conflict'
          ? {
              text:
                outcome.conflict.kind === 'deputy-differs-from-member'
                  ? `The member for ${agencyName} has already answered, and a deputy cannot overturn the member's answer. Your different answer is recorded as a conflict for the board manager.`
                  : `Another member has already answered for ${agencyName}. Your different answer is recorded as a conflict for the board manager; the first answer stands until they agree.`,
              tone: 'warning',
            }
          : { text: `Recorded for ${agencyName}.`, tone: 'good' };
      return this.viewOf(actor, c, message, stored, r);
    }
    throw new DomainError('CONSULTATION.BUSY', 'Several people answered at the same moment; please try again.');
  }

  /** A comment from anyone on the body, including advisory seats that do not answer. */
  async comment(actor: Actor, consultationId: string, text: string): Promise<CardPayload> {
    const c = await this.require(actor, consultationId, 'consultation.comment');
    const now = this.deps.clock.now();
    if (!isOpenForAnswers(c, now)) throw new ConsultationClosedError(c);
    const comment = text.trim();
    if (!comment) return this.view(actor, c.id, { text: 'Write a comment first. Nothing was recorded.', tone: 'attention' });
    if (comment.length > LIMITS.comment) {
      return this.view(actor, c.id, { text: `Your comment is ${comment.length} characters; the limit is ${LIMITS.comment}. Nothing was recorded.`, tone: 'attention' });
    }
    const r = this.recipientFor(actor, c);
    const agencyId = r.agencies[0]?.agencyId;
    if (!agencyId) throw forbidden('Only members of the body can comment.');
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const current = await this.deps.repo.getAnswer(c.partnershipId, c.id, agencyId);
      if (!current) throw new DomainError('CONSULTATION.NOT_ASKED', 'Your agency was not asked about this one.');
      if (current.comments.some((x) => x.personId === actor.person.id && x.text === comment)) return this.view(actor, c.id);
      const stored = await this.deps.repo.replaceAnswerIfUnchanged({
        ...current,
        comments: [...current.comments, { personId: actor.person.id, at: now.toISOString(), text: comment }],
      });
      if (stored) return this.view(actor, c.id, { text: 'Your comment was recorded.', tone: 'good' });
    }
    throw new DomainError('CONSULTATION.BUSY', 'Several people answered at the same moment; please try again.');
  }

  /** The independent chair's casting vote on a tied decision (C App3). */
  async castingVote(actor: Actor, consultationId: string, choice: Choice): Promise<CardPayload> {
    const directory = actor.directory;
    const c = await this.require(actor, consultationId, 'consultation.casting-vote');
    const body = this.bodyOf(directory, c);
    const rule = c.rule ?? decisionRuleOf(body);
    if (castingVoter(body, rule) !== actor.person.id) {
      throw forbidden(rule.castingVote.holder === 'nobody' ? `Nobody holds a casting vote on ${body.name} (${rule.castingVote.source}).` : 'Only the chair holds the casting vote.');
    }
    const answers = await this.deps.repo.listAnswers(c.partnershipId, c.id);
    const now = this.deps.clock.now();
    if (statusAt(c, now, answers) !== 'awaiting-casting-vote') {
      if (c.outcome?.castingVote) return this.castingCard(directory, c);
      throw new DomainError('CONSULTATION.NOT_TIED', 'This vote is not waiting for a casting vote.');
    }
    const decided = await this.update(c, (x) =>
      statusAt(x, now, answers) === 'awaiting-casting-vote'
        ? { ...x, status: 'closed', closedAt: now.toISOString(), outcome: { ...decide(answers, choice, c.rule), castBy: actor.person.id } }
        : x,
    );
    await this.deps.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.casting-vote', subject: c.id, after: { choice } });
    await this.announceResult(directory, decided, answers);
    return this.castingCard(directory, decided);
  }

  /**
   * Records an open vote as agreed by consensus, without counting it (L Decision Making; C §4.10: a
   * vote only where consensus cannot be achieved). Only where the body's rule seeks consensus first.
   */
  async recordConsensus(actor: Actor, consultationId: string): Promise<CardPayload> {
    const directory = actor.directory;
    const c = await this.require(actor, consultationId, 'consultation.consensus');
    authorize(subjectOf(actor), 'consultation.consensus', { bodyId: c.bodyId });
    const now = this.deps.clock.now();
    if (c.outcome?.result === 'agreed by consensus') return this.tallyCard(actor, c);
    if (c.kind !== 'decision' || !(c.rule ?? decisionRuleOf(this.bodyOf(directory, c))).consensusFirst) {
      throw new DomainError('CONSULTATION.NO_CONSENSUS_RULE', `${this.bodyOf(directory, c).name} does not record decisions by consensus; the vote is counted at the deadline.`);
    }
    if (!isOpenForAnswers(c, now)) throw new DomainError('CONSULTATION.NOT_OPEN', 'This vote is no longer open, so it can no longer be recorded as agreed by consensus.');
    const answers = await this.deps.repo.listAnswers(c.partnershipId, c.id);
    const counted = decide(answers, undefined, c.rule);
    const agreed = await this.update(c, (x) =>
      x.status === 'open'
        ? { ...x, status: 'closed', closedAt: now.toISOString(), outcome: { for: counted.for, against: counted.against, result: 'agreed by consensus', recordedBy: actor.person.id } }
        : x,
    );
    await this.deps.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.consensus', subject: c.id });
    if (agreed.outcome?.result === 'agreed by consensus') await this.announceResult(directory, agreed, answers);
    return this.tallyCard(actor, agreed);
  }

  /**
   * A member whose agency voted against a carried decision refers it, with a reason, to whom the
   * body's rule names (L, Decision Making: the Scrutineer). They and the chair are told, and the
   * decision shows "referred" until they record a view.
   */
  async refer(actor: Actor, consultationId: string, reasonText: string): Promise<CardPayload> {
    const directory = actor.directory;
    const stored = await this.require(actor, consultationId, 'consultation.refer');
    const body = this.bodyOf(directory, stored);
    authorize(subjectOf(actor), 'consultation.refer', { bodyId: stored.bodyId });
    const answers = await this.deps.repo.listAnswers(stored.partnershipId, stored.id);
    const now = this.deps.clock.now();
    const c = asOf(stored, now, answers);
    const dissent = c.kind === 'decision' ? c.rule?.dissent : undefined;
    if (!dissent) throw new DomainError('CONSULTATION.NO_REFERRAL', `The rules of ${body.name} give no route to refer a decision.`);
    if (c.referral) return this.viewOf(actor, c, { text: 'This decision has already been referred; nothing was changed.', tone: 'warning' });
    if (c.status !== 'closed' || c.outcome?.result !== 'carried') throw new DomainError('CONSULTATION.NOT_REFERABLE', 'Only a decision that was carried can be referred.');
    const against = this.recipientFor(actor, c).agencies.find((a) => a.canAnswer && answers.some((x) => x.agencyId === a.agencyId && x.choice === 'disagree'));
    if (!against) throw forbidden('Only a member whose agency voted against the decision can refer it.');
    const reason = reasonText.trim();
    if (!reason) return this.viewOf(actor, c, { text: 'Give your reason for referring the decision. Nothing was recorded.', tone: 'attention' });
    if (reason.length > LIMITS.reason) return this.viewOf(actor, c, { text: `Your reason is ${reason.length} characters; the limit is ${LIMITS.reason}. Nothing was recorded.`, tone: 'attention' });
    const referral: Referral = { by: actor.person.id, agencyId: against.agencyId, reason, at: now.toISOString(), toPersonId: dissent.referToPersonId };
    // Past the deadline a vote reads as closed (asOf) before the job records it: record it so, with the referral.
    const referred = await this.update(stored, (x) => (x.referral ? x : { ...asOf(x, now, answers), closedAt: x.closedAt ?? now.toISOString(), referral }));
    if (referred.referral?.at !== referral.at) return this.viewOf(actor, referred, { text: 'This decision has already been referred; nothing was changed.', tone: 'warning' });
    await this.deps.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.refer', subject: c.id, after: referral });
    const chairId = directory.chairSeat(body)?.holderId;
    await this.deps.outbox.enqueue(
      [...new Set([referral.toPersonId, chairId])]
        .map((id) => (id ? directory.person(id) : undefined))
        .filter((p) => p !== undefined)
        .map((p) => ({ partnershipId: c.partnershipId, batchId: `consultation:${c.id}:referral`, recipientAad: p.aadObjectId, card: this.deps.cards.tally(this.tallyView(directory, referred, answers, p.id)) })),
    );
    return this.viewOf(actor, referred, { text: `Referred to ${dissent.referToTitle}; they and the chair have been told.`, tone: 'good' });
  }

  /** The view of the one a decision was referred to, recorded once; the chair, the referrer and the manager are told. */
  async recordReferralView(actor: Actor, consultationId: string, text: string): Promise<CardPayload> {
    const directory = actor.directory;
    const c = await this.require(actor, consultationId);
    if (!c.referral || c.referral.toPersonId !== actor.person.id) throw forbidden('Only the one a decision was referred to can record a view on it.');
    const answers = await this.deps.repo.listAnswers(c.partnershipId, c.id);
    if (c.referral.view) return this.deps.cards.tally(this.tallyView(directory, c, answers, actor.person.id));
    const view = text.trim();
    if (!view) throw new DomainError('CONSULTATION.VIEW_EMPTY', 'Write your view first. Nothing was recorded.');
    if (view.length > LIMITS.reason) throw new DomainError('CONSULTATION.VIEW_TOO_LONG', `Your view is ${view.length} characters; the limit is ${LIMITS.reason}. Nothing was recorded.`);
    const now = this.deps.clock.now();
    const done = await this.update(c, (x) => (x.referral && !x.referral.view ? { ...x, referral: { ...x.referral, view: { text: view, at: now.toISOString() } } } : x));
    await this.deps.audit.record({ partnershipId: c.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.referral-view', subject: c.id, after: done.referral?.view });
    const body = this.bodyOf(directory, c);
    const told = [directory.chairSeat(body)?.holderId, c.referral.by, ...directory.managers().map((m) => m.id)];
    const card = this.deps.cards.tally(this.tallyView(directory, done, answers));
    await this.deps.outbox.enqueue(
      [...new Set(told)]
        .map((id) => (id ? directory.person(id) : undefined))
        .filter((p) => p !== undefined)
        .map((p) => ({ partnershipId: c.partnershipId, batchId: `consultation:${c.id}:referral-view`, recipientAad: p.aadObjectId, card })),
    );
    return this.deps.cards.tally(this.tallyView(directory, done, answers, actor.person.id));
  }

  private castingCard(directory: Directory, c: Consultation): CardPayload {
    const body = directory.body(c.bodyId);
    return this.deps.cards.castingVote({
      ...this.summaryLine(directory, c),
      for: c.outcome?.for ?? 0,
      against: c.outcome?.against ?? 0,
      castingSource: (c.rule ?? (body ? decisionRuleOf(body) : undefined))?.castingVote.source ?? 'C App3',
      decided: c.outcome?.castingVote ? { choice: c.outcome.castingVote, text: outcomeText(c.outcome, c.rule) } : undefined,
    });
  }

  // ----- looking up -----

  async listOpen(actor: Actor): Promise<CardPayload> {
    const directory = actor.directory;
    const bodyIds = [...new Set(actor.assignments.map((a) => a.body.id))];
    const listed = await this.deps.repo.listForBodies(directory.partnership.id, actor.isManager ? directory.bodies.map((b) => b.id) : bodyIds, ['open', 'awaiting-casting-vote']);
    const now = this.deps.clock.now();
    const items = [];
    for (const stored of listed.sort((a, b) => a.deadline.localeCompare(b.deadline))) {
      // Past its deadline a consultation is closed, and a vote too unless it is tied.
      const c = isOpenForAnswers(stored, now) || stored.kind !== 'decision' ? asOf(stored, now) : asOf(stored, now, await this.deps.repo.listAnswers(stored.partnershipId, stored.id));
      if (c.status !== 'open' && c.status !== 'awaiting-casting-vote') continue;
      const r = this.recipientFor(actor, c, false);
      const agencyId = primaryAgency(r)?.agencyId;
      const answer = agencyId ? await this.deps.repo.getAnswer(c.partnershipId, c.id, agencyId) : undefined;
      items.push({
        ...this.summaryLine(directory, c),
        yourAgency: agencyId ? (directory.agency(agencyId)?.name ?? agencyId) : '—',
        yourState: answer ? stateLabel(answer.choice) : 'Not asked to answer',
      });
    }
    return this.deps.cards.list({ title: 'Open consultations and votes', empty: 'Nothing is open for you just now.', items });
  }

  /** The tally and the non-responders (chairs and the manager): by reference, or the latest. */
  async status(actor: Actor, ref?: string): Promise<CardPayload> {
    const directory = actor.directory;
    const bodies = this.tallyBodies(actor);
    let c: Consultation | undefined;
    if (ref) {
      c = await this.deps.repo.getByRef(directory.partnership.id, ref.trim().toUpperCase());
      if (c && !canSeeConsultation(subjectOf(actor), c, this.asked(actor, c))) c = undefined;
      if (!c) throw new DomainError('CONSULTATION.NOT_FOUND', `There is no consultation "${ref}". Say "consultations" to see the open ones.`);
    } else {
      c = await this.deps.repo.latestForBodies(directory.partnership.id, bodies.map((b) => b.id), ['open', 'awaiting-casting-vote', 'closed']);
      if (!c) throw new DomainError('CONSULTATION.NOT_FOUND', 'There are no consultations yet.');
    }
    return this.tallyCard(actor, c);
  }

  async statusById(actor: Actor, consultationId: string): Promise<CardPayload> {
    return this.tallyCard(actor, await this.require(actor, consultationId, 'consultation.tally'));
  }

  private tallyBodies(actor: Actor): Body[] {
    const bodies = actor.directory.bodies.filter((b) => can(subjectOf(actor), 'consultation.tally', { bodyId: b.id }));
    if (bodies.length === 0) throw forbidden('Only the board manager and the chairs can see the tally.');
    return bodies;
  }

  private async tallyCard(actor: Actor, c: Consultation): Promise<CardPayload> {
    authorize(subjectOf(actor), 'consultation.tally', { bodyId: c.bodyId });
    const answers = await this.deps.repo.listAnswers(c.partnershipId, c.id);
    return this.deps.cards.tally(this.tallyView(actor.directory, asOf(c, this.deps.clock.now(), answers), answers));
  }

  // ----- scheduled jobs -----

  /** Reminds agencies with no answer, N working days before the deadline. Each reminder goes once. */
  async remind(now: Date = this.deps.clock.now()): Promise<{ reminders: number }> {
    let reminders = 0;
    for (const c of await this.deps.repo.listByStatus(['open'])) {
      if (!isOpenForAnswers(c, now)) continue;
      const directory = await this.deps.directory.directory(c.partnershipId);
      const answers = await this.deps.repo.listAnswers(c.partnershipId, c.id);
      for (const days of c.reminderWorkingDays) {
        const due = workingDaysBefore(new Date(c.deadline), days, this.deps.reminderHour);
        if (now < due || Date.parse(c.openedAt ?? c.createdAt) >= due.getTime()) continue;
        const silent = answers.filter((a) => a.required && a.choice === 'none').map((a) => a.agencyId);
        if (silent.length === 0) continue;
        const left = workingDaysBetween(londonDate(now), londonDate(new Date(c.deadline)));
        const banner = `Reminder: your agency has not answered yet. ${left <= 1 ? 'The deadline is' : `${left} working days left; the deadline is`} ${formatLondon(new Date(c.deadline))}.`;
        const before = reminders;
        for (const agencyId of silent) {
          await this.fanOut(directory, c, `reminder:${c.id}:${agencyId}:${days}`, (r) => r.agencies.some((a) => a.agencyId === agencyId && a.canAnswer), banner);
          reminders++;
        }
        this.deps.log.info({ consultationId: c.id, days, agencies: reminders - before }, 'consultation reminders queued');
      }
    }
    return { reminders };
  }

  /** Closes consultations past their deadline: summary to chair and manager, non-responders to the next meeting. */
  async closeDue(now: Date = this.deps.clock.now()): Promise<{ closed: number }> {
    let closed = 0;
    for (const open of await this.deps.repo.listByStatus(['open'])) {
      if (Date.parse(open.deadline) > now.getTime()) continue;
      const directory = await this.deps.directory.directory(open.partnershipId);
      const answers = await this.deps.repo.listAnswers(open.partnershipId, open.id);
      // Readers already show it closed (asOf); the job records that, then sends the follow-ups.
      const c = await this.update(open, (x) => (x.status === 'open' && statusAt(x, now) !== 'open' ? { ...asOf(x, now, answers), closedAt: now.toISOString() } : x));
      closed++;
      await this.afterClose(directory, c, answers, now);
    }
    // A run that died after closing but before its follow-ups redoes them; every step is idempotent.
    for (const c of await this.deps.repo.listByStatus(['closed', 'awaiting-casting-vote'])) {
      if (!c.closedAt || now.getTime() - Date.parse(c.closedAt) > 24 * 3600 * 1000) continue;
      const directory = await this.deps.directory.directory(c.partnershipId);
      await this.afterClose(directory, c, await this.deps.repo.listAnswers(c.partnershipId, c.id), now);
    }
    return { closed };
  }

  private async afterClose(directory: Directory, c: Consultation, answers: AgencyAnswer[], now: Date) {
    const body = this.bodyOf(directory, c);
    const summary = this.deps.cards.tally(this.tallyView(directory, c, answers));
    const chairAndManager = new Set([directory.chairSeat(body)?.holderId, ...directory.managers().map((m) => m.id)]);
    await this.deps.outbox.enqueue(
      [...chairAndManager]
        .map((id) => (id ? directory.person(id) : undefined))
        .filter((p) => p !== undefined)
        .map((p) => ({ partnershipId: c.partnershipId, batchId: `consultation:${c.id}:summary`, recipientAad: p.aadObjectId, card: summary })),
    );
    const silent = answers.filter((a) => a.required && a.choice === 'none').map((a) => a.agencyId);
    if (silent.length && c.outcome?.result !== 'agreed by consensus') {
      await this.deps.carryForward.add({
        id: `non-response:${c.id}`,
        partnershipId: c.partnershipId,
        bodyId: c.bodyId,
        kind: 'consultation-non-response',
        consultationId: c.id,
        title: c.title,
        agencyIds: silent,
        createdAt: now.toISOString(),
      });
    }
    if (c.status === 'awaiting-casting-vote') {
      const voter = castingVoter(body, c.rule ?? decisionRuleOf(body));
      const person = voter ? directory.person(voter) : undefined;
      if (person) {
        await this.deps.outbox.enqueue([
          { partnershipId: c.partnershipId, batchId: `consultation:${c.id}:casting`, recipientAad: person.aadObjectId, card: this.castingCard(directory, c) },
        ]);
      }
    } else if (c.kind === 'decision') {
      await this.announceResult(directory, c, answers);
    }
  }

  private async announceResult(directory: Directory, c: Consultation, answers: AgencyAnswer[]) {
    const card = this.deps.cards.tally(this.tallyView(directory, c, answers));
    const body = this.bodyOf(directory, c);
    const items = recipients(body, directory, c.kind, c.extraAgencyIds)
      .map((r) => directory.person(r.personId))
      .filter((p) => p !== undefined)
      .map((p) => ({ partnershipId: c.partnershipId, batchId: `consultation:${c.id}:result`, recipientAad: p.aadObjectId, card }));
    await this.deps.outbox.enqueue(items);
  }

  // ----- helpers -----

  private sendableBodies(actor: Actor): Body[] {
    return actor.directory.bodies.filter((b) => can(subjectOf(actor), 'consultation.send', { bodyId: b.id }));
  }

  private assertCanSend(actor: Actor, body: Body) {
    authorize(subjectOf(actor), 'consultation.send', { bodyId: body.id });
  }

  /**
   * The only read by a client-sent id: the caller's right to act anywhere first, then the record,
   * which a caller who may not see it gets as an unknown id.
   */
  private async require(actor: Actor, id: string, permission?: Permission): Promise<Consultation> {
    const subject = subjectOf(actor);
    if (permission) authorize(subject, permission);
    const c = await this.deps.repo.get(actor.directory.partnership.id, id);
    if (!c || !canSeeConsultation(subject, c, this.asked(actor, c))) throw unknownConsultation();
    return c;
  }

  /** Whether the caller was asked to act on it: a recipient, or the one a decision was referred to. */
  private asked(actor: Actor, c: Consultation): boolean {
    if (c.referral?.toPersonId === actor.person.id) return true;
    const body = actor.directory.body(c.bodyId);
    return body !== undefined && recipients(body, actor.directory, c.kind, c.extraAgencyIds).some((r) => r.personId === actor.person.id);
  }

  private bodyOf(directory: Directory, c: Consultation): Body {
    const body = directory.body(c.bodyId);
    if (!body) throw new DomainError('BODY.NOT_FOUND', `The body of "${c.title}" no longer exists in the directory.`);
    return body;
  }

  private recipientFor(actor: Actor, c: Consultation, strict = true): Recipient {
    const body = this.bodyOf(actor.directory, c);
    const r = recipients(body, actor.directory, c.kind, c.extraAgencyIds).find((x) => x.personId === actor.person.id);
    if (!r && strict) throw forbidden(`You are not a member of ${body.name}, so you cannot answer this.`);
    return r ?? { personId: actor.person.id, agencies: [], isChair: false };
  }

  private update(c: Consultation, change: (c: Consultation) => Consultation): Promise<Consultation> {
    return updateOptimistically(c, change, { replace: (n) => this.deps.repo.replaceIfUnchanged(n), reread: () => this.deps.repo.get(c.partnershipId, c.id) }, { code: 'CONSULTATION', name: 'consultation' });
  }


  private async unreachable(directory: Directory, people: readonly Recipient[]): Promise<string[]> {
    const refs = await this.deps.conversations.list(directory.partnership.id);
    const reachable = new Set(refs.filter((r) => !r.unreachable).map((r) => r.aadObjectId.toLowerCase()));
    return people
      .map((r) => directory.person(r.personId))
      // Someone reached by email alone is not missing from Teams.
      .filter((p) => p !== undefined && p.channel !== 'email' && !reachable.has(p.aadObjectId.toLowerCase()))
      .map((p) => p!.displayName);
  }

  private summaryLine(directory: Directory, c: Consultation): ConsultationSummaryLine {
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

  private requestView(
    directory: Directory,
    c: Consultation,
    r: Recipient,
    answerFor: (agencyId: string) => AgencyAnswer | undefined,
    banner?: string,
  ): RequestView {
    const now = this.deps.clock.now();
    const isOpen = isOpenForAnswers(c, now);
    const seat = primaryAgency(r);
    const answer = seat ? answerFor(seat.agencyId) : undefined;
    let note: string | undefined;
    if (!seat) note = r.isChair ? 'You chair this body: you will get the summary at the deadline.' : 'For your information: you will see the result.';
    else if (!seat.canAnswer)
      note =
        c.kind === 'decision'
          ? 'Your seat does not vote (C §4.10): one vote per agency, and participant observers, advisors and board support do not vote. You can comment.'
          : 'Your seat is advisory, so it does not answer for the agency. You can comment.';
    const dissent = c.kind === 'decision' ? c.rule?.dissent : undefined;
    const mayRefer =
      dissent !== undefined && !c.referral && c.status === 'closed' && c.outcome?.result === 'carried' && seat?.canAnswer === true && answer?.choice === 'disagree';
    const referral = this.referralText(directory, c);
    return {
      ...this.summaryLine(directory, c),
      ask: c.ask,
      documentUrl: c.documentUrl,
      signOffRequired: c.signOffRequired,
      ...(mayRefer ? { refer: { title: `Refer to ${dissent.referToTitle}`, grounds: dissent.grounds, source: dissent.source } } : {}),
      ...(referral ? { referral } : {}),
      isOpen,
      statusLabel: statusLabel(statusAt(c, now)),
      banner: isOpen ? banner : c.status === 'cancelled' ? 'This was cancelled.' : `This ${c.kind === 'decision' ? 'vote' : 'consultation'} has closed.`,
      note,
      agency: seat && answer ? this.answerView(directory, answer, seat.canAnswer) : undefined,
      reasonLimit: LIMITS.reason,
      commentLimit: LIMITS.comment,
    };
  }

  private answerView(directory: Directory, a: AgencyAnswer, canAnswer: boolean): AgencyAnswerView {
    const name = (id?: string) => (id ? (directory.person(id)?.displayName ?? id) : undefined);
    return {
      agencyId: a.agencyId,
      agencyName: directory.agency(a.agencyId)?.name ?? a.agencyId,
      canAnswer,
      state: a.choice,
      stateLabel: stateLabel(a.choice),
      answeredBy: a.answeredBy ? `${name(a.answeredBy)}${a.answeredAs === 'deputy' ? ' (deputy)' : ''}${a.answeredVia === 'email' ? ' by email' : ''}` : undefined,
      answeredAt: a.answeredAt ? formatLondon(new Date(a.answeredAt)) : undefined,
      reason: a.reason,
      comment: a.comment,
      signedOff: a.signOff ? `Signed off by ${name(a.signOff.personId)} on ${formatLondon(new Date(a.signOff.at))}` : undefined,
      conflicts: openConflicts(a).map((x) => `${name(x.personId)}${x.as === 'deputy' ? ' (deputy)' : ''} answered ${stateLabel(x.choice)}${x.reason ? `: ${x.reason}` : ''}`),
    };
  }

  private referralText(directory: Directory, c: Consultation): string | undefined {
    const r = c.referral;
    if (!r) return undefined;
    const to = c.rule?.dissent?.referToTitle ?? directory.person(r.toPersonId)?.displayName ?? r.toPersonId;
    const by = `${directory.person(r.by)?.displayName ?? r.by} (${directory.agency(r.agencyId)?.name ?? r.agencyId})`;
    return `Referred to ${to} by ${by} on ${formatLondon(new Date(r.at))}: ${r.reason}${r.view ? '' : ` Waiting for the view of ${to}.`}`;
  }

  private tallyView(directory: Directory, c: Consultation, answers: AgencyAnswer[], viewerId?: string): TallyView {
    const agency = (id: string) => directory.agency(id)?.name ?? id;
    const person = (id?: string) => (id ? (directory.person(id)?.displayName ?? id) : '');
    const t = tally(answers);
    const required = answers.filter((a) => a.required);
    const referral = this.referralText(directory, c);
    const to = c.rule?.dissent?.referToTitle ?? 'the Scrutineer';
    return {
      ...this.summaryLine(directory, c),
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
          by: `${person(a.answeredBy)}${a.answeredAs === 'deputy' ? ' (deputy)' : ''}${a.answeredVia === 'email' ? ' by email' : ''}`,
          at: a.answeredAt ? formatLondon(new Date(a.answeredAt)) : '',
          comment: a.comment,
          signedOff: a.signOff ? `signed off by ${person(a.signOff.personId)}` : undefined,
        })),
      disagreed: required
        .filter((a) => a.choice === 'disagree')
        .map((a) => ({
          agency: agency(a.agencyId),
          by: `${person(a.answeredBy)}${a.answeredAs === 'deputy' ? ' (deputy)' : ''}${a.answeredVia === 'email' ? ' by email' : ''}`,
          at: a.answeredAt ? formatLondon(new Date(a.answeredAt)) : '',
          reason: a.reason ?? '',
        })),
      noResponse: t.nonResponders.map(agency),
      conflicts: answers.flatMap((a) =>
        openConflicts(a).map((x) => ({
          agency: agency(a.agencyId),
          standing: `${stateLabel(a.choice)} (${person(a.answeredBy)})`,
          other: `${stateLabel(x.choice)} (${person(x.personId)}${x.as === 'deputy' ? ', deputy' : ''})`,
        })),
      ),
      comments: answers.flatMap((a) => a.comments.map((x) => ({ agency: agency(a.agencyId), by: person(x.personId), text: x.text }))),
      outcome: c.outcome ? { ...c.outcome, text: outcomeText(c.outcome, c.rule) } : undefined,
      canRecordConsensus: c.kind === 'decision' && c.rule?.consensusFirst === true && isOpenForAnswers(c, this.deps.clock.now()),
    };
  }
}

/** The agency a person's card answers for: the first they can answer for, else the first they sit for. */
const primaryAgency = (r: Recipient) => r.agencies.find((a) => a.canAnswer) ?? r.agencies[0];

const stateLabel = (s: AgencyAnswer['choice']) => (s === 'agree' ? 'Agree' : s === 'disagree' ? 'Disagree' : 'No response');

function thresholdText(t: DecisionThreshold): string {
  switch (t.kind) {
    case 'majority-of-votes-cast':
      return 'a majority of the votes cast';
    case 'majority-of-voting-agencies':
      return 'a majority of the voting agencies';
    case 'unanimity':
      return 'every voting agency';
    case 'at-least':
      return `at least ${t.count} for`;
  }
}

/** The outcome in words; under a body's rule, with the rule and where it comes from. */
function outcomeText(o: DecisionOutcome, rule?: DecisionRule): string {
  const ofAgencies = o.voting !== undefined && rule !== undefined && rule.threshold.kind !== 'majority-of-votes-cast';
  const votes = `${o.for} for, ${o.against} against${ofAgencies ? `, ${o.voting} ${o.voting === 1 ? 'agency votes' : 'agencies vote'}` : ''}`;
  const basis = rule ? ` Rule: ${thresholdText(rule.threshold)} (${rule.source}).` : '';
  switch (o.result) {
    case 'carried':
      return o.castingVote ? `Carried on the chair's casting vote (${votes}).${basis}` : `Carried (${votes}).${basis}`;
    case 'not carried':
      return o.castingVote ? `Not carried on the chair's casting vote (${votes}).${basis}` : `Not carried (${votes}).${basis}`;
    case 'tied':
      return `Tied (${votes}): waiting for the chair's casting vote.${basis}`;
    case 'not decided':
      return `Not decided (${votes}).${basis}${rule?.castingVote.holder === 'nobody' ? ` Nobody has a casting vote (${rule.castingVote.source}).` : ''}${rule?.notDecidedRoute ? ` Next: ${rule.notDecidedRoute}.` : ''}`;
    case 'agreed by consensus':
      return `Agreed by consensus, without a vote.${rule?.consensusFirst ? ` Consensus first (${rule.source}).` : ''}`;
    case 'no votes cast':
      return 'No votes were cast.';
  }
}

const unknownConsultation = () =>
  new DomainError('CONSULTATION.NOT_FOUND', 'I could not find that consultation. It may belong to another partnership, or have been removed.');
