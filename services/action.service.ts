import type { Actor, DirectoryService } from './directory.service.js';
import {
  ACTION_SOURCES,
  actorLeadKeys,
  canSee,
  cadenceMeetingDates,
  chaseBatchId,
  chaseDay,
  chairOf,
  daysBetween,
  daysOverdue,
  DEFAULT_CHASE_POLICY,
  digestSlot,
  findBody,
  formatDay,
  formatMonth,
  isLead,
  isOverdue,
  leadKey,
  leadLabel,
  leadPeople,
  LIMITS,
  nextChaseOn,
  OFFICE_LABEL,
  parseLead,
  RAG_LABEL,
  RAGS,
  remindersDue,
  reportRemindersDue,
  scheduled,
  shortRef,
  SOURCE_LABEL,
  type ActionItem,
  type ActionSource,
  type ChasePolicy,
  type Lead,
  type ProgressEntry,
  type Rag,
  type Reminder,
} from './domain/action.js';
import type { ActionCardView, ActionFormView, ActionLine, CardMessage, Choice } from './domain/action-views.js';
import { authorize, can, isReplayBy, subjectOf } from './domain/authorization.js';
import { addDays, atLondonTime, londonDate } from './domain/calendar.js';
import { formatLineErrors } from './domain/csv.js';
import type { Body, Directory } from './domain/directory.js';
import { DomainError, forbidden, invalid } from './domain/errors.js';
import { formatLondon } from './domain/format.js';
import { readActionCsv } from './domain/register-import.js';
import type { ActionCards, ActionRepo, MeetingDates } from './ports/actions.js';
import type { Clock } from './ports/clock.js';
import type { Outbox } from './ports/consultations.js';
import type { Logger } from './ports/logger.js';
import type { MeetingRepo } from './ports/meetings.js';
import type { CardPayload, NewDelivery } from './ports/outbox.js';
import type { AuditLog } from './ports/repositories.js';
import { updateOptimistically } from './optimistic-update.js';

export interface ActionDeps {
  repo: ActionRepo;
  directory: DirectoryService;
  outbox: Outbox;
  cards: ActionCards;
  /** When the parent bodies meet, for report reminders. */
  meetings: MeetingDates;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  reminderHour: number;
  chase?: ChasePolicy;
}

/** What the form sends: the fields it shows, with the RAG still unchecked text. */
export type NewActionInput = { formId: string } & Omit<ActionFormView['values'], 'rag'> & { rag?: string };

export interface ChaseReport {
  /** Actions the sweep read: those with a reminder due, never the whole register. */
  candidates: number;
  /** Reminders (action × reason) that applied. */
  reminders: number;
  /** Cards newly queued; a rerun queues none. */
  queued: number;
  /** Reminders nobody could be sent (a vacant seat, or a chair not named on a confidential action). */
  unaddressed: number;
}

/** Board meetings from the body's cadence (first Tuesday of each cadence month), until meetings are scheduled. */
export const cadenceMeetings: MeetingDates = {
  async between(directory, bodyId, from, to) {
    const body = directory.body(bodyId);
    return body ? cadenceMeetingDates(body, from, to) : [];
  },
};

/** The body's scheduled meetings from the meetings register; the cadence when none is scheduled in the window. */
export function scheduledMeetings(repo: Pick<MeetingRepo, 'listMeetings'>, fallback: MeetingDates = cadenceMeetings): MeetingDates {
  return {
    async between(directory, bodyId, from, to) {
      const found = await repo.listMeetings(directory.partnership.id, {
        bodyIds: [bodyId],
        statuses: ['scheduled'],
        // startsAt is an instant; a day either side covers London dates at the edges.
        from: `${addDays(from, -2)}T00:00:00.000Z`,
        to: `${addDays(to, 2)}T00:00:00.000Z`,
      });
      const dates = [...new Set(found.map((m) => m.date).filter((d) => d >= from && d <= to))].sort();
      return dates.length ? dates : fallback.between(directory, bodyId, from, to);
    },
  };
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The action register: actions created from a card or imported from CSV, updated by their leads
 * from the card they are chased with, a new due date proposed by a lead and decided by the chair of
 * the governing body. Scheduled jobs chase, escalate, digest and remind about reports; every send
 * goes through the outbox with a deterministic batch id, so a rerun or a second instance sends nothing twice.
 */
export class ActionService {
  private readonly chase: ChasePolicy;

  constructor(private readonly deps: ActionDeps) {
    this.chase = deps.chase ?? DEFAULT_CHASE_POLICY;
  }

  private today(): string {
    return londonDate(this.deps.clock.now());
  }

  // ----- creating -----

  form(actor: Actor, values: Partial<NewActionInput> = {}, errors: string[] = []): CardPayload {
    const bodies = this.creatableBodies(actor);
    if (bodies.length === 0) throw forbidden('Only the board manager or the chair of a body can create actions.');
    const d = actor.directory;
    const view: ActionFormView = {
      formId: values.formId ?? this.deps.newId(),
      bodies: bodies.map((b) => ({ value: b.id, title: b.name })),
      leads: leadChoices(d),
      people: d.partnership.people.map((p) => ({ value: p.id, title: truncate(p.displayName, 60) })),
      sources: ACTION_SOURCES.map((s) => ({ value: s, title: SOURCE_LABEL[s] })),
      minDate: this.today(),
      values: {
        description: values.description,
        bodyId: values.bodyId,
        leads: values.leads,
        dueDate: values.dueDate,
        ongoing: values.ongoing,
        source: values.source ?? 'meeting',
        objectiveRef: values.objectiveRef,
        rag: RAGS.includes(values.rag as Rag) ? (values.rag as Rag) : 'green',
        confidential: values.confidential,
        viewers: values.viewers,
      },
      errors,
    };
    return this.deps.cards.form(view);
  }

  /** Validates the form and stores the action; the form comes back with every problem and nothing stored. */
  async create(actor: Actor, input: NewActionInput): Promise<CardPayload> {
    const d = actor.directory;
    // The right to act comes before the form's id is read; only its creator gets a stored action back.
    if (this.creatableBodies(actor).length === 0) throw forbidden('Only the board manager or the chair of a body can create actions.');
    const existing = await this.deps.repo.get(d.partnership.id, input.formId);
    if (existing && isReplayBy(subjectOf(actor), existing)) return this.cardFor(actor, existing, { text: `Action ${existing.ref} is in the register.`, tone: 'good' });

    const now = this.deps.clock.now();
    const today = londonDate(now);
    const errors: string[] = [];
    const description = input.description?.trim() ?? '';
    if (!description) errors.push('Say what is to be done.');
    if (description.length > LIMITS.description) errors.push(`The action is ${description.length} characters; the limit is ${LIMITS.description}.`);
    const body = input.bodyId ? d.body(input.bodyId) : undefined;
    if (!body) errors.push('Choose the body that governs the action.');
    else if (!this.creatableBodies(actor).includes(body)) errors.push(`You cannot add actions for ${body.name}: only its chair or the board manager can.`);
    const leads: Lead[] = [];
    for (const text of input.leads ?? []) {
      const lead = parseLead(text, d);
      if (lead) leads.push(lead);
      else errors.push(`"${text}" is not a seat, a role or an agency in the directory.`);
    }
    if ((input.leads ?? []).length === 0) errors.push('Choose at least one lead: a seat, a role or an agency.');
    if (leads.length > LIMITS.leads) errors.push(`Choose at most ${LIMITS.leads} leads.`);
    let dueDate: string | undefined;
    if (!input.ongoing) {
      if (!input.dueDate || !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) errors.push('Choose a due date, or tick "Ongoing".');
      else if (input.dueDate < today) errors.push(`The due date ${formatDay(input.dueDate)} is in the past.`);
      else dueDate = input.dueDate;
    }
    const source = (ACTION_SOURCES as readonly string[]).includes(input.source ?? '') ? (input.source as ActionSource) : undefined;
    if (!source) errors.push('Choose where the action comes from.');
    const rag = (input.rag ?? 'green') as Rag;
    if (!RAGS.includes(rag) || rag === 'complete') errors.push('A new action is Red, Amber or Green.');
    const objectiveRef = input.objectiveRef?.trim() || undefined;
    if (objectiveRef && objectiveRef.length > LIMITS.objectiveRef) errors.push(`The objective ref is longer than ${LIMITS.objectiveRef} characters.`);
    const unknownViewers = (input.viewers ?? []).filter((id) => !d.person(id));
    if (unknownViewers.length) errors.push(`Unknown viewers: ${unknownViewers.join(', ')}.`);
    if (!input.confidential && (input.viewers ?? []).length) errors.push('Viewers are named only for a confidential action: tick "Confidential" or clear them.');
    if (errors.length) return this.form(actor, input, errors);
    // Someone else's record under this id: answered as an unknown action, with nothing of it shown.
    if (existing) throw unknownAction(input.formId);

    const draft = {
      id: input.formId,
      ref: shortRef('A', input.formId),
      partnershipId: d.partnership.id,
      source: source!,
      objectiveRef,
      description,
      bodyId: body!.id,
      leads,
      leadKeys: leads.map(leadKey),
      dueDate,
      rag,
      status: 'open' as const,
      progress: [{ at: now.toISOString(), by: actor.person.id, kind: 'created' as const }],
      confidential: input.confidential ?? false,
      viewers: [],
      createdBy: actor.person.id,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      scheduleFrom: today,
    };
    const action = scheduled({ ...draft, viewers: viewersOf(draft, input.viewers ?? [], actor.person.id, d) }, today, this.chase);
    await this.deps.repo.create(action);
    await this.deps.audit.record({ partnershipId: action.partnershipId, at: action.createdAt, actor: actor.person.id, action: 'action.create', subject: action.id });
    const stored = (await this.deps.repo.get(action.partnershipId, action.id)) ?? action;
    await this.notifyLeads(d, stored, `action:${stored.id}:assigned`, `New action for you, from ${d.person(actor.person.id)?.displayName ?? 'the board'}.`);
    return this.cardFor(actor, stored, { text: `Action ${stored.ref} is in the register. ${this.scheduleText(stored)}`, tone: 'good' });
  }

  private scheduleText(a: ActionItem): string {
    if (!a.dueDate) return 'It is ongoing, so it has no due-date reminders.';
    return `Its leads will be reminded ${this.chase.dueSoonDays} days before and on ${formatDay(a.dueDate)}.`;
  }

  // ----- importing -----

  importForm(actor: Actor, values: { formId?: string; csv?: string; source?: string } = {}, errors: string[] = []): CardPayload {
    if (this.creatableBodies(actor).length === 0) throw forbidden('Only the board manager or the chair of a body can import actions.');
    return this.deps.cards.importForm({
      formId: values.formId ?? this.deps.newId(),
      kind: 'actions',
      columnsHelp:
        'Columns (header names as in the business plan and work plans): Objective, Outcome, Action, Lead (or Who), Governance oversight, When (a date, a month or Ongoing); optional Ref, RAG, Status, Progress, Source, Confidential, Viewers. Several leads: separate with ";".',
      example:
        'Objective,Action,Lead,Governance oversight,When,RAG\n2.1,"Approve the DVA strategy",Policy Sub Group,Policy Sub Group,January 2027,Green',
      sources: ACTION_SOURCES.map((s) => ({ value: s, title: SOURCE_LABEL[s] })),
      values: { csv: values.csv, source: values.source ?? 'business-plan' },
      errors,
    });
  }

  /** Stores every row of the pasted register, or none: problems come back with their line numbers. */
  async importCsv(actor: Actor, input: { formId: string; csv?: string; source?: string }): Promise<CardPayload> {
    const d = actor.directory;
    const creatable = new Set(this.creatableBodies(actor).map((b) => b.id));
    if (creatable.size === 0) throw forbidden('Only the board manager or the chair of a body can import actions.');
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const csv = input.csv ?? '';
    const defaultSource = (ACTION_SOURCES as readonly string[]).includes(input.source ?? '') ? (input.source as ActionSource) : 'business-plan';
    const result = readActionCsv(csv, { directory: d, today, defaultSource });
    const errors = [...result.errors];
    const idOf = (line: number) => `${input.formId}-${line}`;
    if (errors.length === 0) {
      for (const row of result.rows) {
        if (!creatable.has(row.bodyId)) errors.push({ line: row.line, message: `you cannot add actions for ${d.body(row.bodyId)?.name ?? row.bodyId}: only its chair or the board manager can.` });
      }
      const refs = result.rows.filter((r) => r.ref).map((r) => r.ref!);
      if (refs.length) {
        const taken = (await this.deps.repo.findByRefs(d.partnership.id, refs)).filter((a) => !a.id.startsWith(`${input.formId}-`));
        for (const row of result.rows) {
          if (row.ref && taken.some((t) => t.ref.toLowerCase() === row.ref!.toLowerCase())) {
            errors.push({ line: row.line, message: `the ref "${row.ref}" is already used by another action in the register.` });
          }
        }
      }
    }
    if (errors.length) {
      errors.sort((a, b) => a.line - b.line);
      return this.importForm(actor, { formId: input.formId, csv, source: input.source }, [
        `Nothing was stored: ${errors.length === 1 ? 'one problem' : `${errors.length} problems`} to fix.`,
        ...formatLineErrors(errors),
      ]);
    }

    const at = now.toISOString();
    const actions = result.rows.map((row) => {
      const id = idOf(row.line);
      const base = {
        id,
        ref: row.ref ?? shortRef('A', id),
        partnershipId: d.partnership.id,
        source: row.source,
        objectiveRef: row.objectiveRef,
        outcome: row.outcome,
        description: row.description,
        bodyId: row.bodyId,
        leads: row.leads,
        leadKeys: row.leads.map(leadKey),
        dueDate: row.dueDate,
        rag: row.rag,
        status: row.complete ? ('complete' as const) : ('open' as const),
        progress: [{ at, by: actor.person.id, kind: 'imported' as const, note: row.progressNote }],
        confidential: row.confidential,
        viewers: [] as string[],
        createdBy: actor.person.id,
        createdAt: at,
        updatedAt: at,
        completedAt: row.complete ? at : undefined,
        scheduleFrom: today,
      };
      return scheduled({ ...base, viewers: viewersOf(base, row.viewers, actor.person.id, d) }, today, this.chase);
    });
    const created = await this.deps.repo.createMany(actions);
    await this.deps.audit.record({ partnershipId: d.partnership.id, at, actor: actor.person.id, action: 'action.import', subject: input.formId, after: { rows: actions.length, created } });
    const line = (a: ActionItem) =>
      `${a.ref} · ${d.body(a.bodyId)?.name ?? a.bodyId} · ${a.leads.map((l) => leadLabel(l, d)).join('; ')} · ${a.dueDate ? formatDay(a.dueDate) : 'Ongoing'}${a.status === 'complete' ? ' · Complete' : ''}${a.confidential ? ' · Confidential' : ''}`;
    return this.deps.cards.importResult({
      title: created === 0 ? 'Already imported' : `Imported ${created} action${created === 1 ? '' : 's'}`,
      text:
        created === 0
          ? `These ${actions.length} actions were imported before; nothing new was stored.`
          : `${actions.length} rows read; ${created} new actions are in the register. Their leads will be chased from their due dates.${result.ignoredColumns.length ? ` Columns not used: ${result.ignoredColumns.join(', ')}.` : ''}`,
      lines: actions.slice(0, 50).map(line).concat(actions.length > 50 ? [`… and ${actions.length - 50} more.`] : []),
    });
  }

  // ----- the owner's card -----

  /** The action as this person may see it now; a confidential action they are not named on does not exist for them. */
  async view(actor: Actor, actionId: string, message?: CardMessage): Promise<CardPayload> {
    const a = await this.requireVisible(actor, actionId);
    return this.cardFor(actor, a, message);
  }

  async openByRef(actor: Actor, ref: string): Promise<CardPayload> {
    const wanted = ref.trim();
    if (!wanted) throw invalid('Say which action, e.g. "action A-7F3A2B". "my actions" lists yours.');
    const a = await this.deps.repo.getByRef(actor.directory.partnership.id, wanted);
    if (!a || !canSee(a, actor.person.id)) throw unknownAction(wanted);
    return this.cardFor(actor, a);
  }

  async update(actor: Actor, input: { actionId: string; note?: string; rag?: string }): Promise<CardPayload> {
    return this.onCard(actor, input.actionId, async () => {
      const a = await this.requireLead(actor, input.actionId);
      const note = input.note?.trim() || undefined;
      const rag = input.rag ? (input.rag.toLowerCase() as Rag) : undefined;
      if (rag !== undefined && !RAGS.includes(rag)) throw invalid(`"${input.rag}" is not Red, Amber, Green or Complete. Nothing was recorded.`);
      if (rag === 'complete') return this.complete(actor, { actionId: a.id, note });
      if (a.status !== 'open') throw new DomainError('ACTION.COMPLETE', `${a.ref} is complete; nothing was changed.`);
      if ((note?.length ?? 0) > LIMITS.note) throw invalid(`Your note is ${note!.length} characters; the limit is ${LIMITS.note}. Nothing was recorded.`);
      if (!note && (rag === undefined || rag === a.rag)) throw invalid('Write a progress note or choose a new RAG. Nothing was recorded.');
      const at = this.deps.clock.now().toISOString();
      const entry: ProgressEntry = { at, by: actor.person.id, kind: 'progress', note, rag: rag && rag !== a.rag ? { from: a.rag, to: rag } : undefined };
      const stored = await this.change(a, (x) => {
        if (x.status !== 'open') return x;
        const last = x.progress[x.progress.length - 1];
        if (last && last.kind === 'progress' && last.by === entry.by && (last.note ?? '') === (note ?? '') && (rag === undefined || rag === x.rag)) return x;
        return { ...x, rag: rag ?? x.rag, progress: [...x.progress, { ...entry, rag: rag && rag !== x.rag ? { from: x.rag, to: rag } : undefined }], updatedAt: at };
      });
      await this.audited(actor, stored, 'action.update', { note, rag });
      return this.cardFor(actor, stored, { text: 'Progress recorded.', tone: 'good' });
    });
  }

  async complete(actor: Actor, input: { actionId: string; note?: string }): Promise<CardPayload> {
    return this.onCard(actor, input.actionId, async () => {
      const a = await this.requireLead(actor, input.actionId);
      if (a.status === 'complete') return this.cardFor(actor, a, { text: `${a.ref} is complete.`, tone: 'good' });
      const note = input.note?.trim() || undefined;
      if ((note?.length ?? 0) > LIMITS.note) throw invalid(`Your note is ${note!.length} characters; the limit is ${LIMITS.note}. Nothing was recorded.`);
      const at = this.deps.clock.now().toISOString();
      const stored = await this.change(a, (x) =>
        x.status === 'complete'
          ? x
          : {
              ...x,
              status: 'complete',
              rag: 'complete',
              completedAt: at,
              updatedAt: at,
              proposal: undefined,
              nextChaseOn: undefined,
              progress: [...x.progress, { at, by: actor.person.id, kind: 'completed', note, rag: { from: x.rag, to: 'complete' } }],
            },
      );
      await this.audited(actor, stored, 'action.complete', { note });
      return this.cardFor(actor, stored, { text: `${stored.ref} is marked complete. Thank you.`, tone: 'good' });
    });
  }

  /** A lead proposes a new due date; the chair of the governing body is asked to accept or decline it. */
  async proposeDueDate(actor: Actor, input: { actionId: string; dueDate?: string; reason?: string }): Promise<CardPayload> {
    return this.onCard(actor, input.actionId, async () => {
      const a = await this.requireLead(actor, input.actionId);
      if (a.status !== 'open') throw new DomainError('ACTION.COMPLETE', `${a.ref} is complete; it needs no new due date.`);
      const today = this.today();
      const dueDate = input.dueDate?.trim();
      if (!dueDate || !/^\d{4}-\d{2}-\d{2}$/.test(dueDate)) throw invalid('Choose the new due date you propose. Nothing was recorded.');
      if (dueDate <= today) throw invalid(`The new due date must be after today (${formatDay(today)}); ${formatDay(dueDate)} is not. Nothing was recorded.`);
      if (dueDate === a.dueDate) throw invalid(`${a.ref} is already due on ${formatDay(dueDate)}. Nothing was recorded.`);
      const reason = input.reason?.trim() || undefined;
      if ((reason?.length ?? 0) > LIMITS.reason) throw invalid(`Your reason is ${reason!.length} characters; the limit is ${LIMITS.reason}. Nothing was recorded.`);
      const d = actor.directory;
      const body = d.body(a.bodyId);
      const chair = chairOf(body, d);
      if (!chair || !canSee(a, chair)) {
        throw new DomainError(
          'ACTION.NO_CHAIR',
          a.confidential
            ? `The chair of ${body?.name ?? a.bodyId} is not named on this confidential action, so nobody can accept a new date. Ask the board manager.`
            : `${body?.name ?? a.bodyId} has no chair to accept a new date. Ask the board manager.`,
        );
      }
      const at = this.deps.clock.now().toISOString();
      const stored = await this.change(a, (x) =>
        x.proposal?.dueDate === dueDate && x.proposal.by === actor.person.id
          ? x
          : {
              ...x,
              proposal: { dueDate, by: actor.person.id, at, reason },
              updatedAt: at,
              progress: [...x.progress, { at, by: actor.person.id, kind: 'due-proposed', note: reason, due: { from: x.dueDate, to: dueDate } }],
            },
      );
      const person = d.person(chair);
      if (person && stored.proposal) {
        await this.deps.outbox.enqueue([
          {
            partnershipId: stored.partnershipId,
            batchId: `due:${stored.id}:proposed:${stored.proposal.at}`,
            recipientAad: person.aadObjectId,
            card: this.deps.cards.card(
              this.cardView(d, stored, chair, `${d.person(actor.person.id)?.displayName ?? 'A lead'} proposes a new due date: ${formatDay(dueDate)}. Please accept or decline.`),
            ),
          },
        ]);
      }
      await this.audited(actor, stored, 'action.propose-due-date', { dueDate, reason });
      return this.cardFor(actor, stored, { text: `Proposed ${formatDay(dueDate)}; the chair of ${body?.name ?? a.bodyId} has been asked to decide.`, tone: 'good' });
    });
  }

  async decideDueDate(actor: Actor, input: { actionId: string; dueDate: string; accept: boolean; reason?: string }): Promise<CardPayload> {
    return this.onCard(actor, input.actionId, async () => {
      const a = await this.requireVisible(actor, input.actionId);
      authorize(subjectOf(actor), 'action.accept-due-date', { bodyId: a.bodyId, confidentialTo: a.confidential ? a.viewers : undefined });
      const p = a.proposal;
      if (!p || p.dueDate !== input.dueDate) {
        if (input.accept && a.dueDate === input.dueDate) return this.cardFor(actor, a, { text: `${a.ref} is due on ${formatDay(a.dueDate)}.`, tone: 'good' });
        throw new DomainError('ACTION.NO_PROPOSAL', `There is no proposal of ${formatDay(input.dueDate)} for ${a.ref} to decide; it may have been decided already.`);
      }
      const today = this.today();
      if (input.accept && p.dueDate <= today) throw invalid(`The proposed date ${formatDay(p.dueDate)} is not after today; decline it and ask the lead for a new one.`);
      const reason = input.reason?.trim() || undefined;
      const at = this.deps.clock.now().toISOString();
      const stored = await this.change(a, (x) => {
        if (x.proposal?.at !== p.at) return x;
        const entry: ProgressEntry = { at, by: actor.person.id, kind: input.accept ? 'due-accepted' : 'due-declined', note: reason, due: { from: x.dueDate, to: p.dueDate } };
        const next: ActionItem = { ...x, proposal: undefined, updatedAt: at, progress: [...x.progress, entry] };
        return input.accept ? scheduled({ ...next, dueDate: p.dueDate }, today, this.chase) : next;
      });
      const d = actor.directory;
      const proposer = d.person(p.by);
      if (proposer && canSee(stored, p.by)) {
        const verdict = input.accept
          ? `The chair accepted your new due date: ${formatDay(p.dueDate)}.`
          : `The chair declined your new due date of ${formatDay(p.dueDate)}${reason ? `: ${reason}` : '.'} It stays due on ${stored.dueDate ? formatDay(stored.dueDate) : 'no date'}.`;
        await this.deps.outbox.enqueue([
          {
            partnershipId: stored.partnershipId,
            batchId: `due:${stored.id}:decided:${p.at}`,
            recipientAad: proposer.aadObjectId,
            card: this.deps.cards.card(this.cardView(d, stored, p.by, verdict)),
          },
        ]);
      }
      await this.audited(actor, stored, input.accept ? 'action.accept-due-date' : 'action.decline-due-date', { dueDate: p.dueDate, reason });
      return this.cardFor(actor, stored, {
        text: input.accept ? `Accepted: ${stored.ref} is now due on ${formatDay(p.dueDate)}.` : `Declined: ${stored.ref} stays due on ${stored.dueDate ? formatDay(stored.dueDate) : 'no date (ongoing)'}.`,
        tone: 'good',
      });
    });
  }

  // ----- looking up -----

  async myActions(actor: Actor): Promise<CardPayload> {
    const d = actor.directory;
    const keys = actorLeadKeys(actor.assignments);
    const found = keys.length ? await this.deps.repo.listOpenForLeadKeys(d.partnership.id, keys) : [];
    const mine = found.filter((a) => canSee(a, actor.person.id) && isLead(a, actor.person.id, d));
    return this.deps.cards.list({
      title: 'Your open actions',
      empty: 'You lead no open actions.',
      items: this.sorted(mine).map((a) => this.line(d, a)),
    });
  }

  /** A body's open actions (its chair and the board manager); confidential ones only where the reader is named. */
  async bodyActions(actor: Actor, bodyText: string): Promise<CardPayload> {
    const d = actor.directory;
    let body: Body | undefined;
    if (!bodyText.trim()) {
      const chaired = d.bodies.filter((b) => can(subjectOf(actor), 'action.view-body', { bodyId: b.id }));
      if (chaired.length === 1) body = chaired[0];
      else if (chaired.length === 0) throw forbidden('Only the board manager and the chair of a body can list its actions.');
      else throw invalid(`Say which body, e.g. "actions ${shortName(chaired[0]!)}". Bodies: ${chaired.map(shortName).join(', ')}.`);
    } else {
      body = findBody(bodyText, d);
      if (!body) throw new DomainError('BODY.NOT_FOUND', `There is no body "${bodyText}". Try one of: ${d.bodies.map(shortName).join(', ')}.`);
    }
    authorize(subjectOf(actor), 'action.view-body', { bodyId: body!.id });
    const all = await this.deps.repo.listForBody(d.partnership.id, body!.id);
    const visible = all.filter((a) => a.status === 'open' && canSee(a, actor.person.id));
    const today = this.today();
    return this.deps.cards.list({
      title: `Open actions: ${body!.name}`,
      subtitle: `${visible.length} open, ${visible.filter((a) => isOverdue(a, today)).length} overdue`,
      empty: `${body!.name} has no open actions.`,
      items: this.sorted(visible).map((a) => this.line(d, a)),
    });
  }

  // ----- scheduled jobs -----

  /**
   * Sends every action reminder due today: due soon, due today, weekly while overdue, escalation to
   * the chair, and the monthly progress request. Reads only the actions whose `nextChaseOn` has come.
   * Each reminder is queued with its deterministic batch id before the action is marked handled, so a
   * crash in between, a rerun or a second instance queues nothing twice.
   */
  async chaseDue(now: Date = this.deps.clock.now()): Promise<ChaseReport> {
    const day = chaseDay(now, this.deps.reminderHour);
    const report: ChaseReport = { candidates: 0, reminders: 0, queued: 0, unaddressed: 0 };
    for (const d of await this.deps.directory.directories()) {
      const due = await this.deps.repo.chaseDue(d.partnership.id, day);
      report.candidates += due.length;
      for (const a of due) {
        try {
          await this.chaseOne(d, a, day, report);
        } catch (err) {
          this.deps.log.error({ actionId: a.id, err: (err as Error).message }, 'actions: chase failed for one action; the next run retries it');
        }
      }
    }
    if (report.candidates) this.deps.log.info({ day, ...report }, 'actions chased');
    return report;
  }

  private async chaseOne(d: Directory, a: ActionItem, day: string, report: ChaseReport): Promise<void> {
    const items: NewDelivery[] = [];
    for (const r of remindersDue(a, day, this.chase)) {
      report.reminders++;
      const to = r.audience === 'leads' ? leadPeople(a, d, { deputies: false }) : [chairOf(d.body(a.bodyId), d)].filter((x): x is string => x !== undefined);
      const allowed = to.filter((personId) => canSee(a, personId));
      if (allowed.length === 0) {
        report.unaddressed++;
        this.deps.log.warn({ actionId: a.id, reminder: r.kind }, 'actions: nobody to send this reminder to');
      }
      for (const personId of allowed) {
        const person = d.person(personId);
        if (!person) continue;
        items.push({
          partnershipId: a.partnershipId,
          batchId: chaseBatchId(a.id, r),
          recipientAad: person.aadObjectId,
          card: this.deps.cards.card(this.cardView(d, a, personId, this.banner(d, a, r, day))),
        });
      }
    }
    if (items.length) report.queued += (await this.deps.outbox.enqueue(items)).created;
    await this.change(a, (x) => {
      // A schedule changed since it was read (a new due date) keeps its own bookkeeping.
      if (x.status !== 'open' || x.scheduleFrom !== a.scheduleFrom || x.dueDate !== a.dueDate) return x;
      const chasedThrough = x.chasedThrough && x.chasedThrough > day ? x.chasedThrough : day;
      const next = nextChaseOn({ ...x, chasedThrough }, day, this.chase);
      return x.chasedThrough === chasedThrough && x.nextChaseOn === next ? x : { ...x, chasedThrough, nextChaseOn: next };
    });
  }

  private banner(d: Directory, a: ActionItem, r: Reminder, day: string): string {
    const due = a.dueDate ? formatDay(a.dueDate) : '';
    switch (r.kind) {
      case 'due-soon':
        return `Reminder: due in ${daysBetween(day, a.dueDate!)} days, on ${due}.`;
      case 'due-today':
        return a.dueDate === day ? `Due today, ${due}.` : `Due on ${due}.`;
      case 'overdue':
        return `Overdue: it was due on ${due}, ${daysOverdue(a, day)} days ago. Please update its progress, mark it complete, or propose a new due date.`;
      case 'escalation':
        return `Escalated to you as chair of ${d.body(a.bodyId)?.name ?? a.bodyId}: ${daysOverdue(a, day)} days overdue (due ${due}).`;
      case 'progress-request':
        return `Monthly progress update for ${formatMonth(r.slot)}: please add a note and check the RAG.`;
    }
  }

  /** The weekly digest to each sub-group chair: the body's overdue, open and recently completed actions. */
  async digest(now: Date = this.deps.clock.now()): Promise<{ digests: number }> {
    const day = chaseDay(now, this.deps.reminderHour);
    const slot = digestSlot(day);
    if (!slot) return { digests: 0 };
    let digests = 0;
    const since = atLondonTime(addDays(slot, -7), 0).toISOString();
    for (const d of await this.deps.directory.directories()) {
      for (const body of d.bodies.filter((b) => this.chase.digestBodyKinds.includes(b.kind))) {
        const chairId = chairOf(body, d);
        const chair = chairId ? d.person(chairId) : undefined;
        if (!chair) continue;
        const batchId = `digest:${body.id}:${slot}`;
        if ((await this.deps.outbox.progress(d.partnership.id, batchId)).total > 0) continue;
        const visible = (await this.deps.repo.listForBody(d.partnership.id, body.id, since)).filter((a) => canSee(a, chair.id));
        if (visible.length === 0) continue;
        const open = this.sorted(visible.filter((a) => a.status === 'open'));
        const card = this.deps.cards.digest({
          bodyName: body.name,
          weekText: `Week of ${formatDay(slot)}`,
          overdue: open.filter((a) => isOverdue(a, day)).map((a) => this.line(d, a, day)),
          open: open.filter((a) => !isOverdue(a, day)).map((a) => this.line(d, a, day)),
          completed: visible.filter((a) => a.status === 'complete').map((a) => this.line(d, a, day)),
        });
        digests += (await this.deps.outbox.enqueue([{ partnershipId: d.partnership.id, batchId, recipientAad: chair.aadObjectId, card }])).created;
      }
    }
    return { digests };
  }

  /** Reminds the chair of each reporting body that its report to the parent's next meeting is due (C App2). */
  async reportReminders(now: Date = this.deps.clock.now()): Promise<{ reminders: number }> {
    const day = chaseDay(now, this.deps.reminderHour);
    let reminders = 0;
    for (const d of await this.deps.directory.directories()) {
      for (const body of d.bodies) {
        const reporting = body.reporting;
        const chairId = chairOf(body, d);
        const chair = chairId ? d.person(chairId) : undefined;
        const parent = reporting ? d.body(reporting.toBodyId) : undefined;
        if (!reporting || !chair || !parent) continue;
        const meetings = await this.deps.meetings.between(d, parent.id, day, addDays(day, this.chase.reportLookaheadDays));
        for (const r of reportRemindersDue(reporting, meetings, day, this.chase)) {
          const card = this.deps.cards.reportDue({
            bodyName: body.name,
            toBodyName: parent.name,
            meetingText: formatDay(r.meetingDate),
            dueText: formatDay(r.reportDue),
            description: reporting.description,
          });
          reminders += (
            await this.deps.outbox.enqueue([
              { partnershipId: d.partnership.id, batchId: `report:${body.id}:${r.meetingDate}:${r.workingDaysBefore}`, recipientAad: chair.aadObjectId, card },
            ])
          ).created;
        }
      }
    }
    return { reminders };
  }

  // ----- helpers -----

  private creatableBodies(actor: Actor): Body[] {
    return actor.directory.bodies.filter((b) => can(subjectOf(actor), 'action.create', { bodyId: b.id }));
  }

  private async requireVisible(actor: Actor, actionId: string): Promise<ActionItem> {
    const a = await this.deps.repo.get(actor.directory.partnership.id, actionId);
    if (!a || !canSee(a, actor.person.id)) throw unknownAction(actionId);
    return a;
  }

  private async requireLead(actor: Actor, actionId: string): Promise<ActionItem> {
    const a = await this.requireVisible(actor, actionId);
    if (!isLead(a, actor.person.id, actor.directory)) {
      const leads = a.leads.map((l) => leadLabel(l, actor.directory)).join('; ');
      throw forbidden(`Only the lead of ${a.ref} (${leads}) can update it. Nothing was recorded.`);
    }
    return a;
  }

  /** Bad input on the owner's card comes back on the card itself, so the person can correct it. */
  private async onCard(actor: Actor, actionId: string, work: () => Promise<CardPayload>): Promise<CardPayload> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'INPUT.INVALID') return this.view(actor, actionId, { text: err.message, tone: 'attention' });
      throw err;
    }
  }

  private change(a: ActionItem, change: (a: ActionItem) => ActionItem): Promise<ActionItem> {
    return updateOptimistically(a, change, { replace: (n) => this.deps.repo.replaceIfUnchanged(n), reread: () => this.deps.repo.get(a.partnershipId, a.id) }, { code: 'ACTION', name: 'action', gone: () => unknownAction(a.ref) });
  }


  private async audited(actor: Actor, a: ActionItem, action: string, after: Record<string, unknown>) {
    await this.deps.audit.record({ partnershipId: a.partnershipId, at: this.deps.clock.now().toISOString(), actor: actor.person.id, action, subject: a.id, after });
  }

  private async notifyLeads(d: Directory, a: ActionItem, batchId: string, banner: string) {
    const items = leadPeople(a, d, { deputies: false })
      .filter((id) => canSee(a, id))
      .map((id) => d.person(id))
      .filter((p) => p !== undefined)
      .map((p) => ({ partnershipId: a.partnershipId, batchId, recipientAad: p.aadObjectId, card: this.deps.cards.card(this.cardView(d, a, p.id, banner)) }));
    if (items.length) await this.deps.outbox.enqueue(items);
  }

  private sorted(actions: ActionItem[]): ActionItem[] {
    return [...actions].sort((x, y) => (x.dueDate ?? '9999').localeCompare(y.dueDate ?? '9999') || x.ref.localeCompare(y.ref));
  }

  private line(d: Directory, a: ActionItem, day = this.today()): ActionLine {
    const last = [...a.progress].reverse().find((p) => p.note);
    return {
      actionId: a.id,
      ref: a.ref,
      description: truncate(a.description, 300),
      bodyName: d.body(a.bodyId)?.name ?? a.bodyId,
      leads: a.leads.map((l) => leadLabel(l, d)).join('; '),
      dueText: a.dueDate ? `${formatDay(a.dueDate)}${isOverdue(a, day) ? ` (${daysOverdue(a, day)} days overdue)` : ''}` : 'Ongoing',
      rag: a.rag,
      ragLabel: RAG_LABEL[a.rag],
      overdue: isOverdue(a, day),
      confidential: a.confidential,
      lastProgress: last ? `${truncate(last.note!, 200)} (${d.person(last.by)?.displayName ?? last.by}, ${formatLondon(new Date(last.at))})` : undefined,
    };
  }

  private cardFor(actor: Actor, a: ActionItem, message?: CardMessage): CardPayload {
    return this.deps.cards.card({ ...this.cardView(actor.directory, a, actor.person.id), message });
  }

  private cardView(d: Directory, a: ActionItem, personId: string, banner?: string): ActionCardView {
    const name = (id: string) => d.person(id)?.displayName ?? id;
    const canDecide =
      a.proposal !== undefined &&
      chairOf(d.body(a.bodyId), d) === personId &&
      can({ personId, directory: d, assignments: d.assignmentsOf(personId), isManager: d.isManager(personId) }, 'action.accept-due-date', { bodyId: a.bodyId });
    return {
      ...this.line(d, a),
      sourceLabel: SOURCE_LABEL[a.source],
      objectiveRef: a.objectiveRef,
      outcome: a.outcome,
      statusLabel: a.status === 'open' ? 'Open' : `Complete${a.completedAt ? ` (${formatLondon(new Date(a.completedAt))})` : ''}`,
      viewers: a.confidential ? a.viewers.map(name).join('; ') : undefined,
      banner,
      history: [...a.progress]
        .reverse()
        .slice(0, 6)
        .map((p) => ({ at: formatLondon(new Date(p.at)), by: name(p.by), text: progressText(p) })),
      proposal: a.proposal
        ? { dueDate: a.proposal.dueDate, dueText: formatDay(a.proposal.dueDate), by: name(a.proposal.by), reason: a.proposal.reason }
        : undefined,
      canUpdate: a.status === 'open' && isLead(a, personId, d),
      canDecide,
      isOpen: a.status === 'open',
      minDate: addDays(this.today(), 1),
      noteLimit: LIMITS.note,
    };
  }
}

const unknownAction = (what: string) =>
  new DomainError('ACTION.NOT_FOUND', `I could not find action "${what}". Say "my actions" to see yours.`);

const shortName = (b: Body) => (b.id.includes('-') ? b.id.slice(b.id.indexOf('-') + 1) : b.id);

/** Who may see a confidential action: those named, the creator, and the people who lead it. */
function viewersOf(a: Pick<ActionItem, 'confidential' | 'leads' | 'bodyId'>, named: string[], creatorId: string, d: Directory): string[] {
  if (!a.confidential) return [];
  return [...new Set([...named, creatorId, ...leadPeople(a, d, { deputies: true })])];
}

function leadChoices(d: Directory): Choice[] {
  const roles: Choice[] = [];
  const root = d.mainBoard();
  for (const b of d.bodies) {
    const chair = d.chairSeat(b);
    if (chair?.holderId) roles.push({ value: `role:chair@${b.id}`, title: `Chair, ${b.name}` });
  }
  if (root?.seats.some((s) => s.office === 'manager' && s.holderId)) roles.push({ value: `role:manager@${root.id}`, title: `${OFFICE_LABEL.manager}, ${root.name}` });
  const agencies = d.partnership.agencies.map((a) => ({ value: `agency:${a.id}`, title: `Agency: ${a.name}` }));
  // One choice per person (their first seat) keeps the card under Teams' message size limit.
  const holders = new Map<string, Choice>();
  for (const b of d.bodies) {
    for (const s of b.seats) {
      if (!s.holderId || holders.has(s.holderId)) continue;
      holders.set(s.holderId, { value: `seat:${s.id}`, title: truncate(d.person(s.holderId)?.displayName ?? s.title, 60) });
    }
  }
  return [...roles, ...agencies, ...[...holders.values()].sort((a, b) => a.title.localeCompare(b.title))];
}

function progressText(p: ProgressEntry): string {
  const parts: string[] = [];
  switch (p.kind) {
    case 'created':
      parts.push('Created');
      break;
    case 'imported':
      parts.push('Imported');
      break;
    case 'completed':
      parts.push('Marked complete');
      break;
    case 'due-proposed':
      parts.push(`Proposed a new due date: ${formatDay(p.due!.to)}`);
      break;
    case 'due-accepted':
      parts.push(`Accepted the new due date: ${formatDay(p.due!.to)}`);
      break;
    case 'due-declined':
      parts.push(`Declined the new due date of ${formatDay(p.due!.to)}`);
      break;
    case 'progress':
      break;
  }
  if (p.rag && p.kind !== 'completed') parts.push(`RAG ${RAG_LABEL[p.rag.from]} → ${RAG_LABEL[p.rag.to]}`);
  if (p.note) parts.push(p.note);
  return parts.join(' · ') || 'Updated';
}

