import type { Actor } from '../directory/index.js';
import { shortRef } from '../domain/action.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { londonDate } from '../domain/calendar.js';
import { scheduledPolicy, type PolicyDocument } from '../domain/policy-document.js';
import { readPolicyCsv } from '../domain/register-import.js';
import type { Problem } from '../action/support.js';
import type { PolicyPorts } from './support.js';
import { rulesOf } from './support.js';

export interface PolicyImportForm {
  kind: 'import-form';
  formId: string;
  /** The longest review period after approval (PM §10), for the columns' help. */
  reviewYears: number;
  values: { csv?: string };
}

export type PolicyImportOutcome =
  | { kind: 'imported'; policies: PolicyDocument[]; created: number; today: string }
  /** Line problems from the reader (`csv.…`, `line.…` with their facts). */
  | { kind: 'rejected'; problems: Problem[]; form: PolicyImportForm };

/** The policy register pasted as CSV by the board manager: every row stored, or none. */
export function importPolicyUseCases(ports: Pick<PolicyPorts, 'repo' | 'audit' | 'clock' | 'newId' | 'rules'>) {
  const rules = rulesOf(ports);

  function importForm(actor: Actor, values: { formId?: string; csv?: string } = {}): PolicyImportForm {
    authorize(subjectOf(actor), 'policy.manage');
    return { kind: 'import-form', formId: values.formId ?? ports.newId(), reviewYears: rules.reviewYears, values: { csv: values.csv } };
  }

  async function importCsv(actor: Actor, input: { formId: string; csv?: string }): Promise<PolicyImportOutcome> {
    authorize(subjectOf(actor), 'policy.manage');
    const d = actor.directory;
    const now = ports.clock.now();
    const today = londonDate(now);
    const csv = input.csv ?? '';
    const current = await ports.repo.listCurrent(d.partnership.id);
    const existingTitles = new Set(current.filter((p) => !p.id.startsWith(`${input.formId}-`)).map((p) => p.title.toLowerCase()));
    const result = readPolicyCsv(csv, { directory: d, today, rules, existingTitles });
    if (result.errors.length) {
      return { kind: 'rejected', problems: result.errors, form: importForm(actor, { formId: input.formId, csv }) };
    }
    const at = now.toISOString();
    const policies = result.rows.map((row) => {
      const id = `${input.formId}-${row.line}`;
      return scheduledPolicy(
        {
          id,
          ref: shortRef('P', id),
          partnershipId: d.partnership.id,
          title: row.title,
          documentType: row.documentType,
          version: row.version,
          owner: row.owner,
          approvingBodyId: row.approvingBodyId,
          approvalDate: row.approvalDate,
          reviewDate: row.reviewDate,
          documentManager: row.documentManager,
          sponsor: row.sponsor,
          url: row.url,
          status: 'current' as const,
          history: [{ at, by: actor.person.id, kind: 'imported' as const, version: { to: row.version }, reviewDate: { to: row.reviewDate } }],
          createdBy: actor.person.id,
          createdAt: at,
          scheduleFrom: today,
        },
        today,
        rules,
      );
    });
    const created = await ports.repo.createMany(policies);
    await ports.audit.record({ partnershipId: d.partnership.id, at, actor: actor.person.id, action: 'policy.import', subject: input.formId, after: { rows: policies.length, created } });
    return { kind: 'imported', policies, created, today };
  }

  return { importForm, importCsv };
}
