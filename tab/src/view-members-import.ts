/** Import and export of the whole membership, and the first-run setup panel. */
import type { ImportPlanView } from '../../services/domain/membership-views.js';
import { ApiError, type MembershipFormat } from './api.js';
import { h, shortDate } from './dom.js';
import { dateInput, Form, textInput, type MembersCtx } from './members-form.js';
import { formatOfFile } from './members-model.js';
import { dataTable } from './table.js';

const FORMATS: { format: MembershipFormat; label: string }[] = [
  { format: 'xlsx', label: 'Spreadsheet (.xlsx)' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

export function exportPanel(ctx: MembersCtx): HTMLElement {
  const run = async (format: MembershipFormat, label: string) => {
    ctx.announce(`Preparing the ${label} export…`);
    try {
      const { blob, fileName } = await ctx.api.exportMembers(format);
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: fileName, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      ctx.announce(`Downloaded ${fileName}.`);
    } catch (err) {
      ctx.announce(`The export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return h(
    'section',
    { class: 'member-section', 'aria-labelledby': 'export-title' },
    h('h2', { id: 'export-title' }, 'Export'),
    h('p', { class: 'lead' }, 'The whole membership: every body, seat, agency and person, with each seat\'s history. Import the same file back and nothing changes.'),
    h(
      'div',
      { class: 'button-row' },
      ...FORMATS.map((f) =>
        h('fluent-button', { appearance: 'outline', 'data-testid': `export-${f.format}`, onclick: () => void run(f.format, f.label) }, h('span', { 'aria-hidden': 'true', class: 'icon' }, '⤓'), ` ${f.label}`),
      ),
    ),
  );
}

/** Choose a file and a date, check it (dry run), then apply exactly what was checked. */
export function importPanel(ctx: MembersCtx): HTMLElement {
  const fileInput = h('input', { type: 'file', id: 'import-file', accept: '.xlsx,.csv,.json', 'data-testid': 'import-file', 'aria-describedby': 'import-file-hint' });
  const effective = dateInput(ctx.view().today, { id: 'import-effective', 'data-testid': 'import-effective' });
  const result = h('div', { class: 'import-result', 'data-testid': 'import-result' });
  const check = h('fluent-button', { appearance: 'outline', 'data-testid': 'import-check', id: 'import-check' }, 'Check');
  const apply = h('fluent-button', { appearance: 'accent', 'data-testid': 'import-apply', id: 'import-apply', disabled: true }, 'Apply');
  const fileError = h('p', { class: 'field-error', id: 'import-file-error', hidden: true });
  let checked: { plan: ImportPlanView; file: File; effective: string } | undefined;
  if (ctx.lastImport) result.replaceChildren(planView(ctx.lastImport));

  const invalidate = () => {
    checked = undefined;
    apply.setAttribute('disabled', '');
    result.replaceChildren();
  };
  fileInput.addEventListener('change', () => {
    invalidate();
    fileError.hidden = true;
    fileInput.removeAttribute('aria-invalid');
    fileInput.setAttribute('aria-describedby', 'import-file-hint');
  });
  effective.addEventListener('change', invalidate);

  const problem = (message: string) => {
    fileError.textContent = message;
    fileError.hidden = false;
    fileInput.setAttribute('aria-invalid', 'true');
    fileInput.setAttribute('aria-describedby', 'import-file-hint import-file-error');
    fileInput.focus();
  };

  check.addEventListener('click', () => {
    const file = fileInput.files?.[0];
    if (!file) return problem('Choose a file to import.');
    const format = formatOfFile(file.name);
    if (!format) return problem('Choose a .xlsx, .csv or .json file.');
    invalidate();
    ctx.lastImport = undefined;
    check.setAttribute('disabled', '');
    ctx.announce(`Checking ${file.name}…`);
    void ctx.api
      .importMembers(file, format, { dryRun: true, effective: effective.value || undefined, basedOn: ctx.view().version })
      .then((plan) => {
        if (plan.problems.length === 0) {
          checked = { plan, file, effective: effective.value };
          apply.removeAttribute('disabled');
        }
        result.replaceChildren(planView(plan));
        ctx.announce(plan.problems.length ? `${file.name} has ${plural(plan.problems.length, 'problem')}; nothing was changed.` : `${file.name} checked: ${summary(plan)}. Apply to make these changes.`);
      })
      .catch((err: unknown) => {
        result.replaceChildren(h('div', { class: 'form-alert', role: 'alert' }, h('p', {}, err instanceof Error ? err.message : String(err))));
      })
      .finally(() => check.removeAttribute('disabled'));
  });

  apply.addEventListener('click', () => {
    if (!checked || apply.hasAttribute('disabled')) return;
    const { plan, file } = checked;
    // The first import creates the partnership: the dashboard's other views open once the page reloads.
    const firstRun = ctx.view().partnership === undefined;
    apply.setAttribute('disabled', '');
    ctx.announce(`Applying ${file.name}…`);
    void ctx.api
      .importMembers(file, plan.format, { dryRun: false, effective: checked.effective || undefined, basedOn: plan.basedOn })
      .then(async (done) => {
        checked = undefined;
        result.replaceChildren(planView(done));
        if (done.applied) {
          ctx.lastImport = done;
          await ctx.reload();
          ctx.announce(`Imported ${file.name}: ${summary(done)}.`);
          const applied = document.querySelector<HTMLElement>('[data-testid="import-applied"]');
          if (firstRun)
            applied?.prepend(
              h(
                'p',
                { class: 'done' },
                'Your partnership is set up. ',
                h('fluent-button', { appearance: 'accent', 'data-testid': 'open-dashboard', onclick: () => location.reload() }, 'Open the whole dashboard'),
              ),
            );
          applied?.focus();
        } else ctx.announce(`${file.name} was not applied: ${plural(done.problems.length, 'problem')}.`);
      })
      .catch((err: unknown) => {
        const changed = err instanceof ApiError && err.status === 409;
        result.replaceChildren(
          h(
            'div',
            { class: 'form-alert', role: 'alert' },
            h('p', {}, err instanceof Error ? err.message : String(err)),
            changed ? h('p', {}, 'The membership changed since the check: check the file again.') : null,
          ),
        );
        if (changed) void ctx.reload();
      });
  });

  return h(
    'section',
    { class: 'member-section', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, 'Import'),
    h(
      'p',
      { class: 'lead', id: 'import-file-hint' },
      'A spreadsheet (.xlsx or .csv) or the partnership JSON with the whole membership. Check shows what it will add, change and end; nothing changes until you apply it, and only when every row is valid.',
    ),
    h(
      'div',
      { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'File'), fileInput, fileError),
      h('div', { class: 'field' }, h('label', { for: 'import-effective' }, 'Changes take effect from'), effective),
      h('div', { class: 'button-row' }, check, apply),
    ),
    result,
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(plan: ImportPlanView): string {
  return `${plan.counts.add} to add, ${plan.counts.change} to change, ${plan.counts.end} to end`;
}

const CHANGE_WORDS = { add: 'Add', change: 'Change', end: 'End' } as const;

function planView(plan: ImportPlanView): HTMLElement {
  if (plan.problems.length)
    return h(
      'div',
      { 'data-testid': 'import-problems' },
      h('div', { class: 'form-alert', role: 'alert' }, h('p', { class: 'alert-title' }, `Nothing was changed: the file has ${plural(plan.problems.length, 'problem')}. Correct them and check again.`)),
      dataTable({
        caption: 'Problems in the file',
        exportName: 'import-problems',
        rows: plan.problems,
        columns: [
          { header: 'Sheet', cell: (p) => p.field },
          { header: 'Row', cell: (p) => p.row ?? '', numeric: true },
          { header: 'Column', cell: (p) => p.column ?? '' },
          { header: 'Problem', cell: (p) => p.message },
        ],
      }),
    );
  return h(
    'div',
    { 'data-testid': plan.applied ? 'import-applied' : 'import-plan', tabindex: -1 },
    h(
      'div',
      { class: 'summary' },
      ...(['add', 'change', 'end'] as const).map((k) => h('div', { class: 'stat', 'data-testid': `import-count-${k}` }, h('span', { class: 'stat-value' }, String(plan.counts[k])), `to ${k}`)),
    ),
    h('p', { class: plan.applied ? 'done' : 'lead', role: 'status' }, plan.applied ? 'Applied: the membership now reads as below.' : `Checked: effective from ${shortDate(plan.effective)}. Apply to make these changes.`),
    dataTable({
      caption: plan.applied ? 'Changes made' : 'Changes the import will make',
      exportName: 'import-plan',
      rows: plan.changes,
      empty: 'No changes: the file matches the membership.',
      columns: [
        { header: 'Change', cell: (c) => h('span', { class: `chip change-${c.kind}` }, CHANGE_WORDS[c.kind]), csv: (c) => c.kind },
        { header: 'What', cell: (c) => c.label, rowHeader: true },
        { header: 'Details', cell: (c) => (c.details.length ? h('ul', { class: 'plain' }, ...c.details.map((d) => h('li', {}, d))) : ''), csv: (c) => c.details.join('; ') },
      ],
    }),
  );
}

/** First run: name the partnership, or import the whole membership. */
export function setupPanel(ctx: MembersCtx): HTMLElement {
  const form = new Form('setup', ctx);
  const name = textInput('', { id: 'setup-name', 'data-testid': 'setup-name', required: true });
  const source = textInput('', { id: 'setup-source', 'data-testid': 'setup-source' });
  form.add(
    form.field('name', 'Partnership name', name, { hint: 'e.g. "Merton Safeguarding Children Partnership".' }),
    form.field('source', 'Where its rules come from (optional)', source, { hint: 'e.g. "Constitution 2024".' }),
    form.actions('Create', 'setup-create', async () => {
      if (!name.value.trim()) return form.showProblems([{ field: 'name', message: 'Give the partnership a name.' }]);
      await form.save({ kind: 'setup', name: name.value.trim(), ...(source.value.trim() ? { source: source.value.trim() } : {}) }, `Created ${name.value.trim()}. Add its bodies, agencies and seats.`);
    }),
  );
  // No dialog here: Cancel has nothing to close.
  form.el.querySelector('.form-actions fluent-button[appearance="stealth"]')?.remove();
  return h(
    'div',
    { class: 'setup', 'data-testid': 'setup' },
    h('h2', {}, 'Set up your partnership'),
    h('p', { class: 'lead' }, 'Quorum has no partnership yet. Name it and then add its bodies, agencies and seats here, or import the whole membership from a spreadsheet.'),
    h('div', { class: 'card setup-card' }, h('h3', {}, 'Start from a name'), form.el),
    h('div', { class: 'card setup-card wide' }, importPanel(ctx)),
  );
}
