import type { PoliciesDue, PolicyImportForm, PolicyImportOutcome, PolicyShown, ReviewOutcome } from '../../services/policy/index.js';
import { leadLabel } from '../../services/domain/action.js';
import type { Body, Directory } from '../../services/domain/directory.js';
import { isReviewOverdue, type PolicyDocument, type PolicyReminder } from '../../services/domain/policy-document.js';
import type { PolicyPresenter, PolicyViewer } from '../../services/ports/actions.js';
import type { CardMessage } from '../action/views.js';
import { importProblems } from '../action/words.js';
import { policyProblemText } from './problems.js';
import type { AdaptiveCard } from '../render.js';
import { formatDay, formatLondon } from '../text.js';
import { policyCards } from './cards.js';
import type { PolicyCardView, PolicyLine } from './views.js';

/** The policy register in words: outcomes and the jobs' facts become cards here. */

const NOTHING = ' Nothing was recorded.';

function problemText(p: { code: string; [fact: string]: unknown }): string {
  switch (p.code) {
    case 'version.missing':
      return `Give the new version number (up to ${p.limit} characters).${NOTHING}`;
    case 'approval.missing':
      return `Give the date the reviewed document was approved.${NOTHING}`;
    case 'approval.future':
      return `The approval date ${formatDay(String(p.approvalDate))} is in the future.${NOTHING}`;
    case 'review.not-a-date':
      return `The next review date is not a date.${NOTHING}`;
    case 'review.not-after-today':
      return `The next review date ${formatDay(String(p.reviewDate))} must be after today.${NOTHING}`;
    case 'review.too-late':
      return `Review no later than ${formatDay(String(p.latest))}: ${p.reviewYears} years after approval (PM §10).${NOTHING}`;
    default:
      return `That could not be accepted.${NOTHING}`;
  }
}

export function policyLine(d: Directory, p: PolicyDocument, today: string): PolicyLine {
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

function cardView(d: Directory, p: PolicyDocument, viewer: PolicyViewer, today: string, banner?: string): PolicyCardView {
  const name = (id: string) => d.person(id)?.displayName ?? id;
  return {
    ...policyLine(d, p, today),
    documentType: p.documentType,
    owner: leadLabel(p.owner, d),
    approvalText: formatDay(p.approvalDate),
    sponsor: p.sponsor,
    url: p.url,
    banner,
    canRecordReview: viewer.canRecordReview,
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

function reminderBanner(d: Directory, p: PolicyDocument, r: PolicyReminder, body: Body | undefined): string {
  if (r.kind === 'review-overdue') {
    return `Overdue for review since ${formatDay(p.reviewDate)}. As chair of ${body?.name ?? 'the Policy sub-group'}, please follow this up with the document manager (${leadLabel(p.documentManager, d)}).`;
  }
  return `Review due by ${formatDay(p.reviewDate)}: ${r.monthsBefore === 1 ? 'one month' : `${r.monthsBefore} months`} to go. Please start the review (PM §10).`;
}

/** The presenter port the policy jobs queue cards through. */
export const policyPresenter: PolicyPresenter = {
  reminder: ({ directory, policy, viewer, reminder, policyBody, today }) => policyCards.card(cardView(directory, policy, viewer, today, reminderBanner(directory, policy, reminder, policyBody))),
  annualReport: ({ directory, financialYear, register, shown, overdue, dueSoon, horizon, today }) => {
    const lines = register.slice(0, shown).map((p) => policyLine(directory, p, today));
    const more = register.length > lines.length ? ` (the ${lines.length} soonest reviews shown; the dashboard's Policies view has all)` : '';
    return policyCards.list({
      title: `Policy register for the board, ${financialYear}/${String(financialYear + 1).slice(2)}: ${register.length} documents, ${overdue} overdue for review, ${dueSoon} due by ${formatDay(horizon)}${more}`,
      empty: '',
      items: lines,
    });
  },
};

/** What the bot shows for each outcome of the policy use cases. */
export const presentPolicies = {
  importForm(f: PolicyImportForm, errors: string[] = []): AdaptiveCard {
    return policyCards.importForm({
      formId: f.formId,
      kind: 'policies',
      columnsHelp: `Columns as on the policy front sheet (PM Appendix 1): Document, Version Number, Approving Committee, Date of Approval, Document Manager; optional Document Review Date (default ${f.reviewYears} years after approval, and no later), Owner (a role or sub-group), Document Type, Document Sponsor, Website location.`,
      example:
        'Document,Version Number,Approving Committee,Date of Approval,Document Manager,Owner\n"Neglect strategy",V2,Policy Sub Group,7 July 2025,manager,Policy Sub Group',
      values: f.values,
      errors,
    });
  },

  imported(o: PolicyImportOutcome): AdaptiveCard {
    if (o.kind === 'rejected') return presentPolicies.importForm(o.form, importProblems(o.problems, 20, policyProblemText));
    const { policies, created, today } = o;
    return policyCards.importResult({
      title: created === 0 ? 'Already imported' : `Imported ${created} polic${created === 1 ? 'y' : 'ies'}`,
      text:
        created === 0
          ? `These ${policies.length} documents were imported before; nothing new was stored.`
          : `${policies.length} rows read; ${created} documents are in the policy register. Their document managers will be reminded before each review date.`,
      lines: policies.slice(0, 50).map((p) => `${p.ref} · ${p.title} ${p.version} · review by ${formatDay(p.reviewDate)}${isReviewOverdue(p, today) ? ' (overdue)' : ''}`),
    });
  },

  due(d: Directory, o: PoliciesDue): AdaptiveCard {
    return policyCards.list({
      title: `Policies due for review by ${formatDay(o.horizon)}`,
      empty: 'No policy is due for review in the next few months.',
      items: o.policies.map((p) => policyLine(d, p, o.today)),
    });
  },

  shown(d: Directory, o: PolicyShown | ReviewOutcome): AdaptiveCard {
    const message: CardMessage | undefined =
      o.kind === 'reviewed'
        ? { text: `Review recorded: ${o.version}, next review by ${formatDay(o.reviewDate)}.`, tone: 'good' }
        : o.kind === 'rejected'
          ? { text: o.problems.map(problemText).join(' '), tone: 'attention' }
          : undefined;
    return policyCards.card({ ...cardView(d, o.policy, o.viewer, o.today), message });
  },
};
