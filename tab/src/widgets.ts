import { h, uid } from './dom.js';

export function emptyState(text: string, detail?: string): HTMLElement {
  return h('div', { class: 'empty-state', role: 'status' }, h('p', { class: 'empty-title' }, text), detail ? h('p', {}, detail) : null);
}

/** A labelled native select (keyboard and screen-reader friendly everywhere, styled like Fluent). */
export function select(label: string, options: [string, string][], value: string, onChange: (value: string) => void, id = uid('select')): HTMLElement {
  const el = h('select', { id, name: id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  el.addEventListener('change', () => onChange(el.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), el);
}

let dialog: HTMLElement | undefined;
let returnFocus: HTMLElement | null = null;

/** A modal dialog (Fluent UI) with a title, content and a close button; focus returns where it was. */
export function openDialog(title: string, content: (Node | null)[], opts: { wide?: boolean; focus?: HTMLElement } = {}): void {
  if (!dialog) {
    dialog = h('fluent-dialog', { id: 'details-dialog', hidden: true, modal: true, 'trap-focus': true });
    dialog.addEventListener('dismiss', closeDialog);
    document.body.append(dialog);
  }
  returnFocus = document.activeElement as HTMLElement | null;
  // The dialog's role=dialog element is in Fluent's shadow root, where an aria-labelledby id would not reach.
  dialog.setAttribute('aria-label', title);
  dialog.classList.toggle('wide', opts.wide ?? false);
  const close = h('fluent-button', { appearance: 'stealth', class: 'dialog-close', 'aria-label': 'Close', onclick: closeDialog }, h('span', { 'aria-hidden': 'true' }, '✕'));
  dialog.replaceChildren(
    h('div', { class: 'dialog-body' }, h('div', { class: 'dialog-head' }, h('h2', { id: 'dialog-title' }, title), close), ...content),
  );
  dialog.removeAttribute('hidden');
  requestAnimationFrame(() => (opts.focus ?? (close as HTMLElement)).focus());
}

export function closeDialog(): void {
  dialog?.setAttribute('hidden', '');
  returnFocus?.focus();
  returnFocus = null;
}
