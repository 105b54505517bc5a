/** Form plumbing of the Members page: labelled fields, problems shown next to their field, save and conflict. */
import type { FieldProblem, ImportPlanView, MembersView, MembershipEdit } from '../../services/domain/membership-views.js';
import { ApiError, type Api } from './api.js';
import { clear, h, uid } from './dom.js';
import { fieldFor } from './members-model.js';
import { closeDialog } from './widgets.js';

/** What the Members page hands its forms. */
export interface MembersCtx {
  api: Api;
  view(): MembersView;
  /** Shows a new view (after an edit or import). */
  update(view: MembersView, message: string): void;
  /** Fetches the view again (after someone else saved). */
  reload(): Promise<void>;
  announce(message: string): void;
  /** The last import applied, shown again after the page reloads its data. */
  lastImport?: ImportPlanView;
}

interface Registered {
  control: HTMLElement;
  wrapper: HTMLElement;
  error: HTMLElement;
  hintId?: string;
}

export class Form {
  readonly el: HTMLFormElement;
  private readonly fields = new Map<string, Registered>();
  private readonly alert = h('div', { class: 'form-alert', role: 'alert', hidden: true });
  private readonly busy = h('span', { class: 'form-busy muted', role: 'status' });

  constructor(
    readonly name: string,
    private readonly ctx: MembersCtx,
  ) {
    this.el = h('form', { class: 'member-form', 'data-testid': `form-${name}`, novalidate: true });
    this.el.append(this.alert);
  }

  add(...nodes: (Node | null)[]): void {
    for (const node of nodes) if (node) this.el.append(node);
  }

  /** Registers a control under an edit field name so a problem can be shown next to it. */
  field(key: string, label: string, control: HTMLElement, opts: { hint?: string; id?: string; display?: HTMLElement } = {}): HTMLElement {
    const id = opts.id ?? (control.id || uid(`f-${this.name}-${key}`));
    control.id = id;
    const shown = opts.display ?? control;
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const hintId = opts.hint ? `${id}-hint` : undefined;
    if (hintId) control.setAttribute('aria-describedby', hintId);
    const isGroup = control.tagName === 'FIELDSET';
    const hint = opts.hint ? h('p', { class: 'hint', id: hintId }, opts.hint) : null;
    const wrapper = isGroup
      ? h('div', { class: 'field', 'data-field': key }, shown, hint, error)
      : h('div', { class: 'field', 'data-field': key }, h('label', { for: id }, label), shown, hint, error);
    this.fields.set(key, { control, wrapper, error, hintId });
    return wrapper;
  }

  /** A checkbox field: the box with its own label beside it. */
  check(key: string, box: { el: HTMLElement; input: HTMLInputElement }): HTMLElement {
    const error = h('p', { class: 'field-error', id: `${box.input.id}-error`, hidden: true });
    const wrapper = h('div', { class: 'field check-field', 'data-field': key }, box.el, error);
    this.fields.set(key, { control: box.input, wrapper, error });
    return wrapper;
  }

  clearProblems(): void {
    this.alert.hidden = true;
    this.alert.replaceChildren();
    for (const f of this.fields.values()) {
      f.error.hidden = true;
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
      f.wrapper.classList.remove('invalid');
      if (f.hintId) f.control.setAttribute('aria-describedby', f.hintId);
      else f.control.removeAttribute('aria-describedby');
    }
  }

  /** Puts each problem next to its field (the rest at the top) and focuses the first. */
  showProblems(problems: FieldProblem[], summary = 'Please correct what is marked below.'): void {
    this.clearProblems();
    const loose: string[] = [];
    let first: HTMLElement | undefined;
    for (const p of problems) {
      const key = fieldFor(p.field, this.fields.keys());
      const f = key ? this.fields.get(key) : undefined;
      if (!f) {
        loose.push(p.message);
        continue;
      }
      f.error.hidden = false;
      f.error.textContent = f.error.textContent ? `${f.error.textContent} ${p.message}` : p.message;
      f.control.setAttribute('aria-invalid', 'true');
      f.control.setAttribute('aria-describedby', [f.hintId, f.error.id].filter(Boolean).join(' '));
      f.wrapper.classList.add('invalid');
      first ??= focusable(f.control);
    }
    this.alert.hidden = false;
    this.alert.tabIndex = -1;
    clear(this.alert, h('p', { class: 'alert-title' }, summary), loose.length ? h('ul', {}, ...loose.map((m) => h('li', {}, m))) : null);
    (first ?? this.alert).focus();
  }

  showMessage(message: string, action?: { label: string; run: () => void; testid: string }): void {
    this.clearProblems();
    this.alert.hidden = false;
    this.alert.tabIndex = -1;
    clear(
      this.alert,
      h('p', {}, message),
      action ? h('fluent-button', { appearance: 'outline', 'data-testid': action.testid, onclick: action.run }, action.label) : null,
    );
    this.alert.focus();
  }

  /** Buttons at the foot of the form; the submit runs `submit`. */
  actions(submitLabel: string, testid: string, submit: () => void | Promise<void>): HTMLElement {
    const button = h('fluent-button', { appearance: 'accent', type: 'submit', 'data-testid': testid }, submitLabel);
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      void (async () => {
        if (button.hasAttribute('disabled')) return;
        button.setAttribute('disabled', '');
        this.busy.textContent = 'Saving…';
        try {
          await submit();
        } finally {
          button.removeAttribute('disabled');
          this.busy.textContent = '';
        }
      })();
    });
    // Fluent's button is form-associated, but a click is the one path every browser keeps.
    button.addEventListener('click', (e) => {
      e.preventDefault();
      this.el.requestSubmit();
    });
    return h('div', { class: 'form-actions' }, button, h('fluent-button', { appearance: 'stealth', onclick: () => closeDialog() }, 'Cancel'), this.busy);
  }

  /** Sends one edit; on success the page shows the new view and the dialog closes. */
  async save(edit: MembershipEdit, done: string, effective?: string): Promise<boolean> {
    try {
      const view = await this.ctx.api.editMembers({ edit, basedOn: this.ctx.view().version, ...(effective ? { effective } : {}) });
      closeDialog();
      this.ctx.update(view, done);
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  failed(err: unknown): void {
    if (err instanceof ApiError && err.code === 'MEMBERSHIP.INVALID' && err.problems?.length) this.showProblems(err.problems, err.message);
    else if (err instanceof ApiError && (err.status === 409 || err.code === 'MEMBERSHIP.CHANGED'))
      this.showMessage(`${err.message} Reload to see their change, then make yours again.`, {
        label: 'Reload the membership',
        testid: 'reload-members',
        run: () => {
          closeDialog();
          void this.ctx.reload();
        },
      });
    else this.showMessage(err instanceof Error ? err.message : String(err));
  }
}

function focusable(control: HTMLElement): HTMLElement {
  if (control.tagName === 'FIELDSET') return control.querySelector<HTMLElement>('input, select, textarea, button') ?? control;
  return control;
}

// ---- controls ----

export function textInput(value: string | undefined, attrs: Record<string, string | boolean | number | undefined> = {}): HTMLInputElement {
  return h('input', { type: 'text', value: value ?? '', autocomplete: 'off', ...attrs });
}

export function numberInput(value: number | undefined, attrs: Record<string, string | number | undefined> = {}): HTMLInputElement {
  return h('input', { type: 'number', value: value === undefined ? '' : String(value), inputmode: 'numeric', class: 'short', ...attrs });
}

export function dateInput(value: string, attrs: Record<string, string | undefined> = {}): HTMLInputElement {
  return h('input', { type: 'date', value, required: true, ...attrs });
}

export function selectInput(options: [string, string][], value: string, attrs: Record<string, string | undefined> = {}): HTMLSelectElement {
  return h('select', attrs, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** A checkbox with its label beside it. */
export function checkbox(label: string, checked: boolean, attrs: Record<string, string | undefined> = {}): { el: HTMLElement; input: HTMLInputElement } {
  const id = attrs.id ?? uid('check');
  const input = h('input', { type: 'checkbox', id, checked, ...attrs });
  return { el: h('div', { class: 'check' }, input, h('label', { for: id }, label)), input };
}

export const num = (input: HTMLInputElement): number => (input.value.trim() === '' ? Number.NaN : Number(input.value));
