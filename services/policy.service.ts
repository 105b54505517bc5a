import type { Actor, DirectoryService } from './directory.service.js';
import { chaseBatchId, chaseDay, chairOf, formatDay, leadLabel, leadPeople, shortRef, type Lead } from './domain/action.js';
import type { CardMessage, PolicyCardView, PolicyLine } from './domain/action-views.js';
import { authorize, can, subjectOf } from './domain/authorization.js';
import { addMonths, isWorkingDay, londonDate } from './domain/calendar.js';
import { formatLineErrors } from './domain/csv.js';
import type { Body, Directory } from './domain/directory.js';
import { DomainError, invalid } from './domain/errors.js';
import { formatLondon } from './domain/format.js';
import {
  defaultReviewDate,
  DEFAULT_POLICY_RULES,
  isReviewOverdue,
  policyNextChaseOn,
  policyRemindersDue,
  scheduledPolicy,
  type PolicyDocument,
  type PolicyReminder,
  type PolicyRules,
} from './domain/policy-document.js';
import { parseDateText, readPolicyCsv } from './domain/register-import.js';
import type { PolicyCards, PolicyRepo } from './ports/actions.js';
import type { Clock } from './ports/clock.js';
import type { Outbox } from './ports/consultations.js';
import type { Logger } from './ports/logger.js';
import type { CardPayload, NewDelivery } from './ports/outbox.js';
import type { AuditLog } from './ports/repositories.js';
import { updateOptimistically } from './optimistic-update.js';

export interface PolicyDeps {
  repo: PolicyRepo;
  directory: DirectoryService;
  outbox: Outbox;
  cards: PolicyCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  newId: () => string;
  reminderHour: number;
  rules?: PolicyRules;
}


/** How many documents the annual register report lists in its card. */
export const ANNUAL_REPORT_SHOWN = 30;

/**
 * The Policy sub-group: the sub-group whose name says so (Policy-ToR), else the main board. Its
 * chair hears of documents overdue for review.
 */
export function policyBody(d: Directory): Body | undefined {
  return (
    d.bodies.find((b) => (b.kind === 'sub-group' || b.kind === 'task-and-finish') && /\bpolic(y|ies)\b/i.test(b.name)) ??
    d.mainBoard()
  );
}

/**
 * The policy register (PM §10-11): imported from CSV by the board manager, listed by "policies due",
 * a review recorded from the card. Review reminders go to the document manager ahead of the review
 * date (3 and 1 months by default) and the Policy sub-group chair is told once it is overdue.
 */
export class PolicyService {
  private readonly rules: PolicyRules;

  constructor(private readonly deps: PolicyDeps) {
    this.rules = deps.rules ?? DEFAULT_POLICY_RULES;
  }

  private today(): string {
    return londonDate(this.deps.clock.now());
  }

  importForm(actor: Actor, values: { formId?: string; csv?: string } = {}, errors: string[] = []): CardPayload {
    authorize(subjectOf(actor), 'policy.manage');
    return this.deps.cards.importForm({
      formId: values.formId ?? this.deps.newId(),
      kind: 'policies',
      columnsHelp: `Columns as on the policy front sheet (PM Appendix 1): Document, Version Number, Approving Committee, Date of Approval, Document Manager; optional Document Review Date (default ${this.rules.reviewYears} years after approval, and no later), Owner (a role or sub-group), Document Type, Document Sponsor, Website location.`,
      example:
        'Document,Version Number,Approving Committee,Date of Approval,Document Manager,Owner\n"Neglect strategy",V2,Policy Sub Group,7 July 2025,manager,Policy Sub Group',
      values: { csv: values.csv },
      errors,
    });
  }

  async importCsv(actor: Actor, input: { formId: string; csv?: string }): Promise<CardPayload> {
    authorize(subjectOf(actor), 'policy.manage');
    const d = actor.directory;
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const csv = input.csv ?? '';
    const current = await this.deps.repo.listCurrent(d.partnership.id);
    const existingTitles = new Set(current.filter((p) => !p.id.startsWith(`${input.formId}-`)).map((p) => p.title.toLowerCase()));
    const result = readPolicyCsv(csv, { directory: d, today, rules: this.rules, existingTitles });
    if (result.errors.length) {
      return this.importForm(actor, { formId: input.formId, csv }, [
        `Nothing was stored: ${result.errors.length === 1 ? 'one problem' : `${result.errors.length} problems`} to fix.`,
        ...formatLineErrors(result.errors),
      ]);
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
        this.rules,
      );
    });
    const created = await this.deps.repo.createMany(policies);
    await this.deps.audit.record({ partnershipId: d.partnership.id, at, actor: actor.person.id, action: 'policy.import', subject: input.formId, after: { rows: policies.length, created } });
    return this.deps.cards.importResult({
      title: created === 0 ? 'Already imported' : `Imported ${created} polic${created === 1 ? 'y' : 'ies'}`,
      text:
        created === 0
          ? `These ${policies.length} documents were imported before; nothing new was stored.`
          : `${policies.length} rows read; ${created} documents are in the policy register. Their document managers will be reminded before each review date.`,
      lines: policies.slice(0, 50).map((p) => `${p.ref} · ${p.title} ${p.version} · review by ${formatDay(p.reviewDate)}${isReviewOverdue(p, today) ? ' (overdue)' : ''}`),
    });
  }

  /** Documents due for review within the next months, and those overdue; the register is published, so anyone may ask. */
  async due(actor: Actor): Promise<CardPayload> {
    const d = actor.directory;
    const today = this.today();
    const horizon = addMonths(today, this.rules.dueWithinMonths);
    const due = await this.deps.repo.listCurrent(d.partnership.id, horizon);
    return this.deps.cards.list({
      title: `Policies due for review by ${formatDay(horizon)}`,
      empty: 'No policy is due for review in the next few months.',
      items: due.map((p) => this.line(d, p, today)),
    });
  }

  async view(actor: Actor, policyId: string, message?: CardMessage): Promise<CardPayload> {
    const p = await this.require(actor.directory, policyId);
    return this.deps.cards.card({ ...this.cardView(actor.directory, p, actor.person.id), message });
  }

  /** Records a review: the new version and approval date; the review date defaults to the longest allowed. */
  async recordReview(actor: Actor, input: { policyId: string; version?: string; approvalDate?: string; reviewDate?: string }): Promise<CardPayload> {
    const d = actor.directory;
    const p = await this.require(d, input.policyId);
    if (!this.canRecordReview(d, p, actor.person.id)) {
      throw new DomainError('AUTH.FORBIDDEN', 'Only the board manager or the document manager can record a review.');
    }
    try {
      const today = this.today();
      const version = input.version?.trim() ?? '';
      if (!version || version.length > 20) throw invalid('Give the new version number (up to 20 characters). Nothing was recorded.');
      const approvalDate = input.approvalDate ? parseDateText(input.approvalDate) : undefined;
      if (!approvalDate) throw invalid('Give the date the reviewed document was approved. Nothing was recorded.');
      if (approvalDate > today) throw invalid(`The approval date ${formatDay(approvalDate)} is in the future. Nothing was recorded.`);
      const latest = defaultReviewDate(approvalDate, this.rules);
      const reviewDate = input.reviewDate ? parseDateText(input.reviewDate) : latest;
      if (!reviewDate) throw invalid('The next review date is not a date. Nothing was recorded.');
      if (reviewDate <= today) throw invalid(`The next review date ${formatDay(reviewDate)} must be after today. Nothing was recorded.`);
      if (reviewDate > latest) throw invalid(`Review no later than ${formatDay(latest)}: ${this.rules.reviewYears} years after approval (PM §10). Nothing was recorded.`);
      const at = this.deps.clock.now().toISOString();
      const stored = await this.change(p, (x) =>
        x.version === version && x.approvalDate === approvalDate && x.reviewDate === reviewDate
          ? x
          : scheduledPolicy(
              {
                ...x,
                version,
                approvalDate,
                reviewDate,
                history: [...x.history, { at, by: actor.person.id, kind: 'reviewed', version: { from: x.version, to: version }, reviewDate: { from: x.reviewDate, to: reviewDate } }],
              },
              today,
              this.rules,
            ),
      );
      await this.deps.audit.record({ partnershipId: p.partnershipId, at, actor: actor.person.id, action: 'policy.review', subject: p.id, after: { version, approvalDate, reviewDate } });
      return this.deps.cards.card({ ...this.cardView(d, stored, actor.person.id), message: { text: `Review recorded: ${version}, next review by ${formatDay(reviewDate)}.`, tone: 'good' } });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'INPUT.INVALID') return this.view(actor, p.id, { text: err.message, tone: 'attention' });
      throw err;
    }
  }

  /** Review reminders to document managers, and the escalation to the Policy sub-group chair once overdue. */
  async reviewReminders(now: Date = this.deps.clock.now()): Promise<{ candidates: number; queued: number }> {
    const day = chaseDay(now, this.deps.reminderHour);
    let candidates = 0;
    let queued = 0;
    for (const d of await this.deps.directory.directories()) {
      const due = await this.deps.repo.chaseDue(d.partnership.id, day);
      candidates += due.length;
      for (const p of due) {
        try {
          queued += await this.remindOne(d, p, day);
        } catch (err) {
          this.deps.log.error({ policyId: p.id, err: (err as Error).message }, 'policies: reminder failed for one document; the next run retries it');
        }
      }
    }
    return { candidates, queued };
  }

  /**
   * The register reported to the board once a year (Policy-ToR App1): on the first working day of
   * April (a later April day catches up a missed run), the register, overdue and soon-due documents
   * first, to the chair of the main board and the board manager, to table at the next meeting. Once
   * a year however often the job runs; a partnership with an empty register gets nothing.
   */
  async annualReport(now: Date = this.deps.clock.now()): Promise<{ reports: number }> {
    const day = chaseDay(now, this.deps.reminderHour);
    const [financialYear, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
    if (month !== 4 || !isWorkingDay(day)) return { reports: 0 };
    const today = londonDate(now);
    const horizon = addMonths(today, this.rules.dueWithinMonths);
    let reports = 0;
    for (const d of await this.deps.directory.directories()) {
      const register = await this.deps.repo.listCurrent(d.partnership.id);
      if (register.length === 0) continue;
      const lines = register
        .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.title.localeCompare(b.title))
        .map((p) => this.line(d, p, today));
      const overdue = lines.filter((l) => l.overdue).length;
      const dueSoon = register.filter((p) => !isReviewOverdue(p, today) && p.reviewDate <= horizon).length;
      // A Teams message holds about 28 KB: a long register shows its soonest reviews, and says so.
      const shown = lines.slice(0, ANNUAL_REPORT_SHOWN);
      const more = lines.length > shown.length ? ` (the ${shown.length} soonest reviews shown; the dashboard's Policies view has all)` : '';
      const card = this.deps.cards.list({
        title: `Policy register for the board, ${financialYear}/${String(financialYear + 1).slice(2)}: ${register.length} documents, ${overdue} overdue for review, ${dueSoon} due by ${formatDay(horizon)}${more}`,
        empty: '',
        items: shown,
      });
      const to = [...new Set([chairOf(d.mainBoard(), d), ...d.managers().map((m) => m.id)].filter((id): id is string => id !== undefined))];
      const items = to.flatMap((personId) => {
        const person = d.person(personId);
        return person ? [{ partnershipId: d.partnership.id, batchId: `policy-register:${financialYear}`, recipientAad: person.aadObjectId, card }] : [];
      });
      const { created } = await this.deps.outbox.enqueue(items);
      if (created > 0) {
        reports++;
        this.deps.log.info({ partnershipId: d.partnership.id, financialYear, documents: register.length }, 'policies: annual register report queued');
      }
    }
    return { reports };
  }

  private async remindOne(d: Directory, p: PolicyDocument, day: string): Promise<number> {
    const items: NewDelivery[] = [];
    for (const r of policyRemindersDue(p, day, this.rules)) {
      const to = this.recipients(d, p, r);
      if (to.length === 0) this.deps.log.warn({ policyId: p.id, reminder: r.kind }, 'policies: nobody to send this reminder to');
      for (const personId of to) {
        const person = d.person(personId);
        if (!person) continue;
        items.push({
          partnershipId: p.partnershipId,
          batchId: chaseBatchId(p.id, r),
          recipientAad: person.aadObjectId,
          card: this.deps.cards.card(this.cardView(d, p, personId, this.banner(d, p, r))),
        });
      }
    }
    const created = items.length ? (await this.deps.outbox.enqueue(items)).created : 0;
    await this.change(p, (x) => {
      if (x.status !== 'current' || x.scheduleFrom !== p.scheduleFrom || x.reviewDate !== p.reviewDate) return x;
      const chasedThrough = x.chasedThrough && x.chasedThrough > day ? x.chasedThrough : day;
      const next = policyNextChaseOn({ ...x, chasedThrough }, day, this.rules);
      return x.chasedThrough === chasedThrough && x.nextChaseOn === next ? x : { ...x, chasedThrough, nextChaseOn: next };
    });
    return created;
  }

  private recipients(d: Directory, p: PolicyDocument, r: PolicyReminder): string[] {
    if (r.audience === 'document-manager') return this.managerPeople(d, p.documentManager, p.approvingBodyId);
    const chair = chairOf(policyBody(d), d);
    return chair ? [chair] : d.managers().map((m) => m.id);
  }

  private managerPeople(d: Directory, lead: Lead, bodyId: string): string[] {
    return leadPeople({ leads: [lead], bodyId }, d, { deputies: false });
  }

  private banner(d: Directory, p: PolicyDocument, r: PolicyReminder): string {
    if (r.kind === 'review-overdue') {
      return `Overdue for review since ${formatDay(p.reviewDate)}. As chair of ${policyBody(d)?.name ?? 'the Policy sub-group'}, please follow this up with the document manager (${leadLabel(p.documentManager, d)}).`;
    }
    return `Review due by ${formatDay(p.reviewDate)}: ${r.monthsBefore === 1 ? 'one month' : `${r.monthsBefore} months`} to go. Please start the review (PM §10).`;
  }

  private canRecordReview(d: Directory, p: PolicyDocument, personId: string): boolean {
    return (
      can({ personId, directory: d, assignments: d.assignmentsOf(personId), isManager: d.isManager(personId) }, 'policy.manage') ||
      leadPeople({ leads: [p.documentManager], bodyId: p.approvingBodyId }, d, { deputies: true }).includes(personId)
    );
  }

  private async require(d: Directory, id: string): Promise<PolicyDocument> {
    const p = await this.deps.repo.get(d.partnership.id, id);
    if (!p) throw new DomainError('POLICY.NOT_FOUND', 'I could not find that document in the policy register. Say "policies due" to see the register.');
    return p;
  }

  private change(p: PolicyDocument, change: (p: PolicyDocument) => PolicyDocument): Promise<PolicyDocument> {
    return updateOptimistically(p, change, { replace: (n) => this.deps.repo.replaceIfUnchanged(n), reread: () => this.deps.repo.get(p.partnershipId, p.id) }, { code: 'POLICY', name: 'document' });
  }


  private line(d: Directory, p: PolicyDocument, today: string): PolicyLine {
    const overdue = isReviewOverdue(p, today);
    return {
      policyId: p.id,
      ref: p.ref,
      title: p.title,
      version: p.version,
      reviewText: `${overdue ? 'Overdue: review was due' : 'Review by'} ${formatDay(p.reviewDate)}`,
      overdue,
      manager: leadLabel(p.documentManager, d),
      committee: d.body(p.approvingBodyId)?.name ?? p.approvingBodyId,
    };
  }

  private cardView(d: Directory, p: PolicyDocument, personId: string, banner?: string): PolicyCardView {
    const today = this.today();
    const name = (id: string) => d.person(id)?.displayName ?? id;
    return {
      ...this.line(d, p, today),
      documentType: p.documentType,
      owner: leadLabel(p.owner, d),
      approvalText: formatDay(p.approvalDate),
      sponsor: p.sponsor,
      url: p.url,
      banner,
      canRecordReview: this.canRecordReview(d, p, personId),
      history: [...p.history]
        .reverse()
        .slice(0, 5)
        .map((h) => ({
          at: formatLondon(new Date(h.at)),
          by: name(h.by),
          text: h.kind === 'imported' ? `Added to the register (${h.version?.to ?? ''})` : `Reviewed: ${h.version?.from ?? ''} → ${h.version?.to ?? ''}, next review ${h.reviewDate ? formatDay(h.reviewDate.to) : ''}`,
        })),
      minDate: today,
    };
  }
}
