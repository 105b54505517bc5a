import type { Actor } from '../directory/index.js';
import { ACTION_SOURCES, leadKey, scheduled, shortRef, type ActionItem, type ActionSource } from '../domain/action.js';
import { actionErrors } from '../domain/error-messages/action.js';
import { readActionCsv } from '../domain/register-import.js';
import type { ActionPorts, Problem } from './support.js';
import { chasePolicy, creatableBodies, todayOf, viewersOf } from './support.js';

export interface ImportInput {
  formId: string;
  csv?: string;
  source?: string;
}

export interface ActionImportForm {
  kind: 'import-form';
  formId: string;
  sources: readonly ActionSource[];
  values: { csv?: string; source: string };
}

export type ImportOutcome =
  | { kind: 'imported'; actions: ActionItem[]; created: number; ignoredColumns: string[] }
  /** Problems are line problems: the reader's (`csv.…`, `line.…` with their facts), or `line.body-not-yours`, `line.ref-taken`. */
  | { kind: 'rejected'; problems: Problem[]; form: ActionImportForm };

/** The action register pasted as CSV (business plan, work plans): every row stored, or none. */
export function importActionUseCases(ports: Pick<ActionPorts, 'repo' | 'audit' | 'clock' | 'newId' | 'chase'>) {
  const chase = chasePolicy(ports);

  function importForm(actor: Actor, values: { formId?: string; csv?: string; source?: string } = {}): ActionImportForm {
    if (creatableBodies(actor).length === 0) throw actionErrors.notCreator('import');
    return { kind: 'import-form', formId: values.formId ?? ports.newId(), sources: ACTION_SOURCES, values: { csv: values.csv, source: values.source ?? 'business-plan' } };
  }

  /** Stores every row of the pasted register, or none: problems come back with their line numbers. */
  async function importCsv(actor: Actor, input: ImportInput): Promise<ImportOutcome> {
    const d = actor.directory;
    const creatable = new Set(creatableBodies(actor).map((b) => b.id));
    if (creatable.size === 0) throw actionErrors.notCreator('import');
    const now = ports.clock.now();
    const today = todayOf(ports.clock);
    const csv = input.csv ?? '';
    const defaultSource = (ACTION_SOURCES as readonly string[]).includes(input.source ?? '') ? (input.source as ActionSource) : 'business-plan';
    const result = readActionCsv(csv, { directory: d, today, defaultSource });
    const problems: (Problem & { line: number })[] = [...result.errors];
    if (problems.length === 0) {
      for (const row of result.rows) {
        if (!creatable.has(row.bodyId)) problems.push({ code: 'line.body-not-yours', line: row.line, bodyName: d.body(row.bodyId)?.name ?? row.bodyId });
      }
      const refs = result.rows.filter((r) => r.ref).map((r) => r.ref!);
      if (refs.length) {
        const taken = (await ports.repo.findByRefs(d.partnership.id, refs)).filter((a) => !a.id.startsWith(`${input.formId}-`));
        for (const row of result.rows) {
          if (row.ref && taken.some((t) => t.ref.toLowerCase() === row.ref!.toLowerCase())) problems.push({ code: 'line.ref-taken', line: row.line, ref: row.ref });
        }
      }
    }
    if (problems.length) {
      problems.sort((a, b) => a.line - b.line);
      return { kind: 'rejected', problems, form: importForm(actor, { formId: input.formId, csv, source: input.source }) };
    }

    const at = now.toISOString();
    const actions = result.rows.map((row) => {
      const id = `${input.formId}-${row.line}`;
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
      return scheduled({ ...base, viewers: viewersOf(base, row.viewers, actor.person.id, d) }, today, chase);
    });
    const created = await ports.repo.createMany(actions);
    await ports.audit.record({ partnershipId: d.partnership.id, at, actor: actor.person.id, action: 'action.import', subject: input.formId, after: { rows: actions.length, created } });
    return { kind: 'imported', actions, created, ignoredColumns: result.ignoredColumns };
  }

  return { importForm, importCsv };
}
