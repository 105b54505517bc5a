import type { Actor } from '../directory/index.js';
import { isReplayBy, subjectOf } from '../domain/authorization.js';
import { atLondonTime } from '../domain/calendar.js';
import {
  answerId,
  decisionRuleOf,
  DEFAULT_REMINDER_WORKING_DAYS,
  LIMITS,
  recipients,
  respondingUnits,
  type Consultation,
} from '../domain/consultation.js';
import type {
  CancelOutcome,
  ConsultationForm,
  ConsultationProblem,
  DraftValues,
  PreviewOutcome,
  SendOutcome,
} from '../domain/consultation-outcomes.js';
import type { Directory } from '../domain/directory.js';
import { consultationErrors } from '../domain/error-messages/consultation.js';
import type { SenderCardUpdate } from '../ports/consultations.js';
import { fanOut, progressOf } from './deliveries.js';
import {
  assertCanSend,
  assertMaySendAnywhere,
  bodyOf,
  requireConsultation,
  sendableBodies,
  unreachableOf,
  updateConsultation,
  type ConsultationPorts,
} from './support.js';

/** What the form sends: the same fields it shows, under the id the form was given. */
export type DraftInput = { formId: string } & DraftValues;

type SendPorts = Pick<ConsultationPorts, 'repo' | 'directory' | 'conversations' | 'outbox' | 'presenter' | 'audit' | 'clock' | 'newId'>;

/** Draft → preview → send to every member of a body, or cancel the draft (C §4.9). */
export function sendConsultation(ports: SendPorts) {
  const form = (actor: Actor, values: Partial<DraftInput> = {}, problems: ConsultationProblem[] = []): ConsultationForm => {
    assertMaySendAnywhere(actor);
    const { formId, ...rest } = values;
    return {
      formId: formId ?? ports.newId(),
      bodyIds: sendableBodies(actor).map((b) => b.id),
      values: { kind: 'consultation', signOffRequired: false, deadlineTime: '17:00', ...rest },
      problems,
    };
  };

  const preview = async (directory: Directory, c: Consultation): Promise<PreviewOutcome> => {
    if (c.status !== 'draft') return progressOf(ports, directory, c);
    const body = bodyOf(directory, c);
    const people = recipients(body, directory, c.kind, c.extraAgencyIds);
    return {
      kind: 'draft',
      consultation: c,
      recipients: people.length,
      units: respondingUnits(body, c.kind, c.extraAgencyIds).filter((u) => u.required).length,
      unreachable: await unreachableOf(ports.conversations, directory, people),
    };
  };

  return {
    /** The empty form, for the manager or a chair. */
    form: (actor: Actor): ConsultationForm => form(actor),

    /** Validates the form and stores a draft (nothing is sent yet); or says what is wrong with it. */
    async preview(actor: Actor, input: DraftInput): Promise<PreviewOutcome> {
      const now = ports.clock.now();
      // The right to act comes before the form's id is read; only its creator gets a stored draft back.
      assertMaySendAnywhere(actor);
      const existing = await ports.repo.get(actor.directory.partnership.id, input.formId);
      if (existing && isReplayBy(subjectOf(actor), existing)) return preview(actor.directory, existing);

      const problems = draftProblems(actor, input, now);
      if (problems.length) return { kind: 'rejected', problems, form: form(actor, input, problems) };
      // Someone else's record under this id: answered as an unknown consultation, with nothing of it shown.
      if (existing) throw consultationErrors.unknown();

      const c: Consultation = {
        id: input.formId,
        ref: `C-${input.formId.replace(/-/g, '').slice(0, 6).toUpperCase()}`,
        partnershipId: actor.directory.partnership.id,
        kind: input.kind ?? 'consultation',
        title: input.title!.trim(),
        ask: input.ask!.trim(),
        documentUrl: input.documentUrl?.trim() || undefined,
        bodyId: input.bodyId!,
        deadline: deadlineOf(input)!.toISOString(),
        signOffRequired: input.signOffRequired ?? false,
        extraAgencyIds: input.extraAgencyIds ?? [],
        reminderWorkingDays: DEFAULT_REMINDER_WORKING_DAYS,
        createdBy: actor.person.id,
        createdAt: now.toISOString(),
        status: 'draft',
      };
      await ports.repo.create(c);
      return preview(actor.directory, (await ports.repo.get(c.partnershipId, c.id)) ?? c);
    },

    /** Opens the consultation and queues one card per recipient. Safe to repeat: it sends once. */
    async send(actor: Actor, consultationId: string, senderActivityId?: string): Promise<SendOutcome> {
      const directory = actor.directory;
      let c = await requireConsultation(ports.repo, actor, consultationId, 'consultation.send');
      assertCanSend(actor, bodyOf(directory, c));
      if (c.status === 'cancelled') throw consultationErrors.draftCancelled();
      const now = ports.clock.now();
      if (c.status === 'draft') {
        if (Date.parse(c.deadline) <= now.getTime()) {
          throw consultationErrors.draftDeadlinePassed();
        }
        const rule = c.kind === 'decision' ? decisionRuleOf(bodyOf(directory, c)) : undefined;
        const opened = await updateConsultation(ports.repo, c, (x) => (x.status === 'draft' ? {
          ...x,
          status: 'open',
          openedAt: now.toISOString(),
          ...(rule ? { rule } : {}),
          senderCard: senderActivityId ? { aadObjectId: actor.person.aadObjectId, activityId: senderActivityId } : undefined,
        } : x));
        await ports.repo.createAnswers(
          respondingUnits(bodyOf(directory, opened), opened.kind, opened.extraAgencyIds).map((u) => ({
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
        await ports.audit.record({ partnershipId: opened.partnershipId, at: now.toISOString(), actor: actor.person.id, action: 'consultation.open', subject: opened.id });
        c = opened;
      }
      await fanOut(ports, directory, c, `consultation:${c.id}:open`);
      return progressOf(ports, directory, c);
    },

    async cancel(actor: Actor, consultationId: string): Promise<CancelOutcome> {
      const c = await requireConsultation(ports.repo, actor, consultationId, 'consultation.send');
      assertCanSend(actor, bodyOf(actor.directory, c));
      if (c.status !== 'draft' && c.status !== 'cancelled') {
        throw consultationErrors.alreadySent();
      }
      return { kind: 'cancelled', consultation: await updateConsultation(ports.repo, c, (x) => ({ ...x, status: x.status === 'draft' ? 'cancelled' : x.status })) };
    },

    /** Called by the outbox after each pass: the sender's progress card, refreshed. */
    async onDeliveryProgress(batches: { partnershipId: string; batchId: string }[]): Promise<SenderCardUpdate[]> {
      const updates: SenderCardUpdate[] = [];
      for (const b of batches) {
        const match = /^consultation:(.+):open$/.exec(b.batchId);
        if (!match) continue;
        const directory = await ports.directory.directory(b.partnershipId);
        const c = await ports.repo.get(b.partnershipId, match[1]!);
        if (!c?.senderCard) continue;
        const sent = await progressOf(ports, directory, c);
        updates.push({ partnershipId: b.partnershipId, ...c.senderCard, card: ports.presenter.progress({ directory, ...sent }) });
      }
      return updates;
    },
  };
}

/** The deadline the form asks for, in London time (17:00 unless a time is given). */
function deadlineOf(input: DraftInput): Date | undefined {
  if (!input.deadlineDate || !/^\d{4}-\d{2}-\d{2}$/.test(input.deadlineDate)) return undefined;
  const [h, m] = (input.deadlineTime && /^\d{2}:\d{2}/.test(input.deadlineTime) ? input.deadlineTime : '17:00').split(':').map(Number);
  return atLondonTime(input.deadlineDate, h!, m!);
}

function draftProblems(actor: Actor, input: DraftInput, now: Date): ConsultationProblem[] {
  const problems: ConsultationProblem[] = [];
  const title = input.title?.trim() ?? '';
  const ask = input.ask?.trim() ?? '';
  const url = input.documentUrl?.trim() || undefined;
  if (!title) problems.push({ code: 'missing', field: 'title' });
  if (title.length > LIMITS.title) problems.push({ code: 'too-long', field: 'title', length: title.length, limit: LIMITS.title });
  if (!ask) problems.push({ code: 'missing', field: 'ask' });
  if (ask.length > LIMITS.ask) problems.push({ code: 'too-long', field: 'ask', length: ask.length, limit: LIMITS.ask });
  if (url && (!/^https:\/\/\S+$/i.test(url) || url.length > LIMITS.url)) problems.push({ code: 'not-https', field: 'documentUrl' });
  const body = input.bodyId ? actor.directory.body(input.bodyId) : undefined;
  if (!body) problems.push({ code: 'missing', field: 'bodyId' });
  else if (!sendableBodies(actor).includes(body)) problems.push({ code: 'body-not-allowed', field: 'bodyId', bodyId: body.id });
  const deadline = deadlineOf(input);
  if (!deadline) problems.push({ code: 'missing', field: 'deadlineDate' });
  else if (deadline.getTime() <= now.getTime() + 60 * 60 * 1000) problems.push({ code: 'deadline-too-soon', field: 'deadlineDate' });
  const unknown = (input.extraAgencyIds ?? []).filter((id) => !actor.directory.agency(id));
  if (unknown.length) problems.push({ code: 'unknown-agencies', field: 'extraAgencyIds', agencyIds: unknown });
  return problems;
}
