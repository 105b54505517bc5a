import type { FigureAnswer, StandardAnswer } from '../../services/domain/returns.js';
import type { ReturnView } from '../../services/domain/returns-views.js';
import { ApiError, type Api } from './api.js';
import { clear, h, shortDate, uid } from './dom.js';
import { emptyState } from './widgets.js';

export const RATING_TEXT = { green: 'Green', amber: 'Amber', red: 'Red' } as const;
export const STATUS_TEXT = { 'not-returned': 'Not returned', draft: 'Draft, not yet submitted', submitted: 'Submitted' } as const;
const KIND_TEXT = { 'section-11': 'Section 11 self-assessment', 'data-set': 'Performance data set' } as const;

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }).format(new Date(iso));

/** One agency's return: the form for its leads, read-only for everyone else; the manager may reopen it. */
export function renderReturnForm(api: Api, view: ReturnView, panel: HTMLElement, back: () => void): void {
  const editable = view.canFill && view.status !== 'submitted';
  const messages = h('div', { class: 'form-messages', role: 'alert', 'aria-live': 'assertive' });
  const showProblems = (err: unknown) => {
    const problems = err instanceof ApiError ? ((err.problems ?? []) as { message?: string }[]) : [];
    clear(messages, 
      h('p', { class: 'error-title' }, err instanceof Error ? (problems.length ? 'Nothing was saved.' : err.message) : String(err)),
      problems.length ? h('ul', {}, ...problems.map((p) => h('li', {}, p.message ?? ''))) : null,
    );
    messages.scrollIntoView({ block: 'nearest' });
  };

  const standardRows = view.round.standards.map((s) => standardFields(s, view.standards.find((a) => a.standardId === s.id), editable));
  const figureRows = view.round.indicators.map((i) => figureFields(i, view.figures.find((f) => f.indicatorId === i.id), editable));
  const answers = () => ({
    standards: standardRows.map((r) => r.read()).filter((s) => s.rating || s.evidence || (s.actions?.length ?? 0) > 0),
    figures: figureRows.map((r) => r.read()),
  });
  const step = (name: 'draft' | 'submit') => async () => {
    try {
      const next = await api.returnStep(view.round.id, view.agencyId, name, { answers: answers(), ...(name === 'draft' && view.version ? { version: view.version } : {}) });
      renderReturnForm(api, next, panel, back);
      panel.querySelector('.status-banner')?.setAttribute('tabindex', '-1');
      (panel.querySelector('.status-banner') as HTMLElement | null)?.focus();
    } catch (err) {
      showProblems(err);
    }
  };
  const reason = h('textarea', { id: uid('reopen'), rows: 2, maxlength: 1000, 'aria-label': 'Why the return is reopened' });

  clear(
    panel,
    h('fluent-button', { appearance: 'stealth', onclick: back }, '← All returns'),
    h('h2', {}, `${view.agency}: ${view.round.title}`),
    h(
      'p',
      { class: `status-banner status-${view.status}`, 'data-status': view.status },
      h('strong', {}, STATUS_TEXT[view.status]),
      view.status === 'submitted' && view.submittedBy && view.submittedAt ? ` by ${view.submittedBy} on ${when(view.submittedAt)}${view.late ? ' (late)' : ''}.` : '',
      view.status === 'draft' && view.draftBy && view.draftAt ? `: last saved by ${view.draftBy} on ${when(view.draftAt)}.` : '',
      ` ${KIND_TEXT[view.round.kind]}; the deadline is ${when(view.round.deadline)}.`,
    ),
    view.status === 'not-returned' ? h('p', { class: 'hint' }, 'Not returned yet. Until it is submitted it counts as not returned: it is never read as green, and a blank figure is never a zero.') : null,
    messages,
    h(
      'form',
      { class: 'return-form', onsubmit: (e: Event) => e.preventDefault() },
      ...standardRows.map((r) => r.el),
      figureRows.length ? h('h3', {}, 'Figures for the quarter') : null,
      ...figureRows.map((r) => r.el),
      editable
        ? h(
            'div',
            { class: 'form-actions' },
            h('fluent-button', { appearance: 'outline', id: 'return-save', onclick: () => void step('draft')() }, 'Save draft'),
            h('fluent-button', { appearance: 'accent', id: 'return-submit', onclick: () => void step('submit')() }, 'Submit the return'),
          )
        : null,
    ),
    view.canReopen
      ? h(
          'div',
          { class: 'reopen' },
          h('label', { for: reason.id }, 'Reopen for the agency to change it: say why'),
          reason,
          h(
            'fluent-button',
            {
              appearance: 'outline',
              onclick: () =>
                void api
                  .returnStep(view.round.id, view.agencyId, 'reopen', { reason: reason.value })
                  .then((next) => renderReturnForm(api, next, panel, back))
                  .catch(showProblems),
            },
            'Reopen the return',
          ),
        )
      : null,
    peerReviewSection(api, view, panel, back),
    view.history.length
      ? h('details', { class: 'history' }, h('summary', {}, 'History'), h('ul', {}, ...view.history.map((e) => h('li', {}, `${when(e.at)}: ${HISTORY_TEXT[e.kind as keyof typeof HISTORY_TEXT] ?? e.kind} by ${e.by}${e.reason ? `: ${e.reason}` : ''}`))))
      : null,
  );
}

const HISTORY_TEXT = { 'draft-saved': 'draft saved', submitted: 'submitted', reopened: 'reopened', 'review-planned': 'peer review meeting planned', evaluated: 'peer review evaluated' } as const;

const VERDICT_TEXT = { agreed: 'Agreed', challenged: 'Challenged' } as const;
const day = (d: string) => new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`));

/** The agency's QA and challenge meeting (C §6.5): when it is, its evaluation, and the form to record one. */
function peerReviewSection(api: Api, view: ReturnView, panel: HTMLElement, back: () => void): HTMLElement | null {
  if (view.round.kind !== 'section-11' || (!view.peerReview && !view.evaluation && !view.canEvaluate)) return null;
  const messages = h('div', { class: 'form-messages', role: 'alert' });
  const text = h('textarea', { id: uid('evaluation'), rows: 4, maxlength: 2000 });
  text.value = view.evaluation?.text ?? '';
  const verdicts = view.round.standards.map((s) => {
    const sel = h(
      'select',
      { id: uid('verdict'), 'data-standard': s.id },
      h('option', { value: '' }, 'No verdict'),
      ...(['agreed', 'challenged'] as const).map((v) => h('option', { value: v, selected: view.evaluation?.verdicts[s.id] === v }, VERDICT_TEXT[v])),
    );
    return { s, sel };
  });
  const record = async () => {
    try {
      const next = await api.returnStep(view.round.id, view.agencyId, 'evaluate', { text: text.value, verdicts: verdicts.map((v) => ({ standardId: v.s.id, verdict: v.sel.value })) });
      renderReturnForm(api, next, panel, back);
    } catch (err) {
      const problems = err instanceof ApiError ? ((err.problems ?? []) as { message?: string }[]) : [];
      clear(messages, h('p', {}, err instanceof Error ? (problems.length ? 'The evaluation was not recorded:' : err.message) : String(err)), problems.length ? h('ul', {}, ...problems.map((p) => h('li', {}, p.message ?? ''))) : null);
    }
  };
  const e = view.evaluation;
  return h(
    'section',
    { class: 'peer-review', 'aria-label': 'Peer review' },
    h('h3', {}, 'Peer review (QA and challenge meeting, C §6.5)'),
    view.peerReview ? h('p', { class: 'review-meeting' }, `Meeting: ${day(view.peerReview.date)} at ${view.peerReview.time}, planned by ${view.peerReview.plannedBy}.`) : h('p', { class: 'hint' }, 'No peer review meeting planned yet.'),
    e
      ? h(
          'div',
          { class: 'evaluation' },
          h('p', {}, h('strong', {}, 'Evaluation'), ` by ${e.by} on ${when(e.at)}:`),
          h('blockquote', {}, e.text),
          Object.keys(e.verdicts).length
            ? h('ul', {}, ...view.round.standards.filter((s) => e.verdicts[s.id]).map((s) => h('li', { 'data-standard': s.id }, `Standard ${s.id}: ${VERDICT_TEXT[e.verdicts[s.id]!]}`)))
            : null,
        )
      : null,
    view.canEvaluate
      ? h(
          'details',
          { class: 'evaluate', open: !e },
          h('summary', {}, e ? 'Record a new evaluation' : 'Record the evaluation'),
          h('label', { for: text.id }, 'Evaluation of the meeting'),
          text,
          h('p', { class: 'hint' }, "For each standard, optionally: did the meeting agree the agency's rating or challenge it?"),
          ...verdicts.map((v) => h('div', { class: 'field' }, h('label', { for: v.sel.id }, `Standard ${v.s.id}`), v.sel)),
          messages,
          h('fluent-button', { appearance: 'accent', id: 'evaluation-record', onclick: () => void record() }, 'Record the evaluation'),
        )
      : null,
  );
}

function standardFields(s: { id: string; text: string }, answer: StandardAnswer | undefined, editable: boolean) {
  const name = uid('rating');
  const radios = (['green', 'amber', 'red'] as const).map((r) => {
    const input = h('input', { type: 'radio', name, value: r, id: `${name}-${r}`, checked: answer?.rating === r, disabled: !editable });
    return { input, el: h('label', { class: `rating-option chip rag-${r}`, for: input.id }, input, h('span', { class: 'swatch', 'aria-hidden': 'true' }), RATING_TEXT[r]) };
  });
  const evidenceId = uid('evidence');
  const evidence = h('textarea', { id: evidenceId, rows: 2, maxlength: 4000, disabled: !editable, 'data-standard': s.id });
  evidence.value = answer?.evidence ?? '';
  const list = h('div', { class: 'actions-list' });
  const rows: (() => { what: string; lead: string; due: string })[] = [];
  const addAction = (a?: { what: string; lead: string; due: string }) => {
    const what = h('input', { type: 'text', maxlength: 1000, 'aria-label': `Standard ${s.id}: action`, placeholder: 'What will be done', value: a?.what ?? '', disabled: !editable, class: 'action-what' });
    const lead = h('input', { type: 'text', maxlength: 200, 'aria-label': `Standard ${s.id}: lead`, placeholder: 'Lead (role)', value: a?.lead ?? '', disabled: !editable, class: 'action-lead' });
    const due = h('input', { type: 'date', 'aria-label': `Standard ${s.id}: due date`, value: a?.due ?? '', disabled: !editable, class: 'action-due' });
    rows.push(() => ({ what: what.value, lead: lead.value, due: due.value }));
    list.append(h('div', { class: 'action-row' }, what, lead, due));
  };
  for (const a of answer?.actions ?? []) addAction(a);
  const el = h(
    'fieldset',
    { class: 'standard', 'data-standard': s.id },
    h('legend', {}, `Standard ${s.id}: ${s.text}`),
    h('div', { class: 'rating-group', role: 'radiogroup', 'aria-label': `Standard ${s.id} rating` }, ...radios.map((r) => r.el)),
    h('label', { for: evidenceId }, 'Evidence'),
    evidence,
    h('p', { class: 'hint' }, 'Every Amber or Red needs at least one action: what, who leads it, and when it is due.'),
    list,
    editable ? h('fluent-button', { appearance: 'stealth', class: 'add-action', onclick: () => addAction() }, '+ Add an action') : null,
  );
  return {
    el,
    read: () => ({
      standardId: s.id,
      rating: radios.find((r) => r.input.checked)?.input.value,
      evidence: evidence.value,
      actions: rows.map((r) => r()).filter((a) => a.what || a.lead || a.due),
    }),
  };
}

function figureFields(i: { id: string; text: string; unit: string }, answer: FigureAnswer | undefined, editable: boolean) {
  const valueId = uid('figure');
  const value = h('input', { id: valueId, type: 'text', inputmode: 'decimal', maxlength: 40, disabled: !editable, 'data-indicator': i.id, value: answer?.value !== undefined ? String(answer.value) : '' });
  const reasonId = uid('cannot');
  const reason = h('input', { id: reasonId, type: 'text', maxlength: 1000, disabled: !editable, value: answer?.cannotReport ?? '' });
  return {
    el: h(
      'fieldset',
      { class: 'figure', 'data-indicator': i.id },
      h('legend', {}, `${i.id}: ${i.text} (${i.unit})`),
      h('label', { for: valueId }, 'Figure (leave blank if you cannot report it; a blank is not a zero)'),
      value,
      h('label', { for: reasonId }, 'Cannot report, because …'),
      reason,
    ),
    read: () => ({ indicatorId: i.id, value: value.value, cannotReport: reason.value }),
  };
}

export const noReturns = () => emptyState('No returns for you', 'Rounds of Section 11 self-assessments and the quarterly data set appear here when the board manager opens them.');
export { shortDate };
