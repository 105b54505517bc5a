import type { Actor } from '../directory/index.js';
import {
  ACTION_SOURCES,
  dueRemindersAhead,
  LIMITS,
  leadKey,
  parseLead,
  RAGS,
  scheduled,
  shortRef,
  type ActionItem,
  type ActionSource,
  type Lead,
  type Rag,
} from '../domain/action.js';
import { isReplayBy, subjectOf } from '../domain/authorization.js';
import { actionErrors } from '../domain/error-messages/action.js';
import type { Directory } from '../domain/directory.js';
import type { ActionPorts, Problem } from './support.js';
import { chasePolicy, creatableBodies, noticeToLeads, todayOf, viewerOf, viewersOf } from './support.js';

/** What the form sends: the fields it shows, the RAG still unchecked text. */
export interface NewActionInput {
  formId: string;
  description?: string;
  bodyId?: string;
  leads?: string[];
  dueDate?: string;
  ongoing?: boolean;
  source?: string;
  objectiveRef?: string;
  rag?: string;
  confidential?: boolean;
  viewers?: string[];
}

/** One choice of lead on the form: what it stands for, named as the directory names it. */
export interface LeadChoice {
  value: string;
  kind: 'chair' | 'manager' | 'agency' | 'person';
  name: string;
}

/** The new-action form: the choices the actor has and the values sent so far. */
export interface ActionForm {
  kind: 'form';
  formId: string;
  bodies: { id: string; name: string }[];
  leads: LeadChoice[];
  people: { id: string; name: string }[];
  sources: readonly ActionSource[];
  /** Earliest due date the form accepts (today, London). */
  minDate: string;
  values: Omit<NewActionInput, 'formId' | 'rag'> & { rag: Rag };
}

export type CreateOutcome =
  | { kind: 'created'; action: ActionItem; replay: boolean; reminders: { dueSoonOn?: string; dueOn?: string }; dueSoonDays: number; viewer: ReturnType<typeof viewerOf>; today: string }
  | { kind: 'rejected'; problems: Problem[]; form: ActionForm };

export function createActionUseCases(ports: Pick<ActionPorts, 'repo' | 'outbox' | 'cards' | 'audit' | 'clock' | 'newId' | 'chase'>) {
  const chase = chasePolicy(ports);

  function form(actor: Actor, values: Partial<NewActionInput> = {}): ActionForm {
    const bodies = creatableBodies(actor);
    if (bodies.length === 0) throw actionErrors.notCreator('create');
    const d = actor.directory;
    return {
      kind: 'form',
      formId: values.formId ?? ports.newId(),
      bodies: bodies.map((b) => ({ id: b.id, name: b.name })),
      leads: leadChoices(d),
      people: d.partnership.people.map((p) => ({ id: p.id, name: p.displayName })),
      sources: ACTION_SOURCES,
      minDate: todayOf(ports.clock),
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
    };
  }

  /** Validates the form and stores the action; every problem comes back with the form, and nothing is stored. */
  async function create(actor: Actor, input: NewActionInput): Promise<CreateOutcome> {
    const d = actor.directory;
    // The right to act comes before the form's id is read; only its creator gets a stored action back.
    const creatable = creatableBodies(actor);
    if (creatable.length === 0) throw actionErrors.notCreator('create');
    const existing = await ports.repo.get(d.partnership.id, input.formId);
    const now = ports.clock.now();
    const today = todayOf(ports.clock);
    const created = (action: ActionItem, replay: boolean): CreateOutcome => ({
      kind: 'created',
      action,
      replay,
      reminders: dueRemindersAhead(action, chase),
      dueSoonDays: chase.dueSoonDays,
      viewer: viewerOf(d, action, actor.person.id),
      today,
    });
    if (existing && isReplayBy(subjectOf(actor), existing)) return created(existing, true);

    const problems: Problem[] = [];
    const description = input.description?.trim() ?? '';
    if (!description) problems.push({ code: 'description.missing', field: 'description' });
    if (description.length > LIMITS.description) problems.push({ code: 'description.too-long', field: 'description', length: description.length, limit: LIMITS.description });
    const body = input.bodyId ? d.body(input.bodyId) : undefined;
    if (!body) problems.push({ code: 'body.missing', field: 'bodyId' });
    else if (!creatable.includes(body)) problems.push({ code: 'body.not-yours', field: 'bodyId', bodyName: body.name });
    const leads: Lead[] = [];
    for (const text of input.leads ?? []) {
      const lead = parseLead(text, d);
      if (lead) leads.push(lead);
      else problems.push({ code: 'lead.unknown', field: 'leads', text });
    }
    if ((input.leads ?? []).length === 0) problems.push({ code: 'lead.missing', field: 'leads' });
    if (leads.length > LIMITS.leads) problems.push({ code: 'lead.too-many', field: 'leads', limit: LIMITS.leads });
    let dueDate: string | undefined;
    if (!input.ongoing) {
      if (!input.dueDate || !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) problems.push({ code: 'due.missing', field: 'dueDate' });
      else if (input.dueDate < today) problems.push({ code: 'due.past', field: 'dueDate', dueDate: input.dueDate });
      else dueDate = input.dueDate;
    }
    const source = (ACTION_SOURCES as readonly string[]).includes(input.source ?? '') ? (input.source as ActionSource) : undefined;
    if (!source) problems.push({ code: 'source.missing', field: 'source' });
    const rag = (input.rag ?? 'green') as Rag;
    if (!RAGS.includes(rag) || rag === 'complete') problems.push({ code: 'rag.not-open', field: 'rag' });
    const objectiveRef = input.objectiveRef?.trim() || undefined;
    if (objectiveRef && objectiveRef.length > LIMITS.objectiveRef) problems.push({ code: 'objective-ref.too-long', field: 'objectiveRef', limit: LIMITS.objectiveRef });
    const unknownViewers = (input.viewers ?? []).filter((id) => !d.person(id));
    if (unknownViewers.length) problems.push({ code: 'viewers.unknown', field: 'viewers', ids: unknownViewers });
    if (!input.confidential && (input.viewers ?? []).length) problems.push({ code: 'viewers.not-confidential', field: 'viewers' });
    if (problems.length) return { kind: 'rejected', problems, form: form(actor, input) };
    // Someone else's record under this id: answered as an unknown action, with nothing of it shown.
    if (existing) throw actionErrors.unknown(input.formId);

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
    const action = scheduled({ ...draft, viewers: viewersOf(draft, input.viewers ?? [], actor.person.id, d) }, today, chase);
    await ports.repo.create(action);
    await ports.audit.record({ partnershipId: action.partnershipId, at: action.createdAt, actor: actor.person.id, action: 'action.create', subject: action.id });
    const stored = (await ports.repo.get(action.partnershipId, action.id)) ?? action;
    await noticeToLeads(ports, d, stored, `action:${stored.id}:assigned`, { kind: 'assigned', by: actor.person.id });
    return created(stored, false);
  }

  return { form, create };
}

function leadChoices(d: Directory): LeadChoice[] {
  const roles: LeadChoice[] = [];
  const root = d.mainBoard();
  for (const b of d.bodies) {
    const chair = d.chairSeat(b);
    if (chair?.holderId) roles.push({ value: `role:chair@${b.id}`, kind: 'chair', name: b.name });
  }
  if (root?.seats.some((s) => s.office === 'manager' && s.holderId)) roles.push({ value: `role:manager@${root.id}`, kind: 'manager', name: root.name });
  const agencies = d.partnership.agencies.map((a): LeadChoice => ({ value: `agency:${a.id}`, kind: 'agency', name: a.name }));
  // One choice per person (their first seat) keeps the card under Teams' message size limit.
  const holders = new Map<string, LeadChoice>();
  for (const b of d.bodies) {
    for (const s of b.seats) {
      if (!s.holderId || holders.has(s.holderId)) continue;
      holders.set(s.holderId, { value: `seat:${s.id}`, kind: 'person', name: d.person(s.holderId)?.displayName ?? s.title });
    }
  }
  return [...roles, ...agencies, ...[...holders.values()].sort((a, b) => a.name.localeCompare(b.name))];
}
