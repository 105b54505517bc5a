/**
 * The people picker (ARIA combobox with a listbox): people already in the partnership first, then the
 * tenant's directory through /api/tab/people, guests included. "Vacant" clears the choice.
 */
import type { DirectoryUserRef, PersonPick, PersonRow } from '../../services/domain/membership-views.js';
import type { Api } from './api.js';
import { h, uid } from './dom.js';
import { localMatches, newUsers } from './members-model.js';

export interface PeoplePicker {
  /** The wrapper: input, "Vacant" button, list. */
  el: HTMLElement;
  /** The combobox input (register it with the form under the field's name). */
  input: HTMLInputElement;
  value(): PersonPick | undefined;
}

type Option = { kind: 'person'; person: PersonRow } | { kind: 'user'; user: DirectoryUserRef };

const DEBOUNCE_MS = 250;

export function peoplePicker(opts: { api: Api; people: PersonRow[]; personId?: string; testid: string; label: string }): PeoplePicker {
  const listId = uid('picker-list');
  const statusId = uid('picker-status');
  let chosen: PersonPick | undefined = opts.personId ? { personId: opts.personId } : undefined;
  let chosenText = nameOf(chosen, opts.people);
  let options: Option[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | undefined;

  const input = h('input', {
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    placeholder: 'Vacant: type a name or email',
    value: chosenText,
    'data-testid': `picker-${opts.testid}`,
    class: 'picker-input',
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true, 'aria-label': `People for ${opts.label}` });
  const status = h('p', { id: statusId, class: 'picker-status muted', role: 'status' });
  const vacant = h(
    'fluent-button',
    { appearance: 'stealth', 'data-testid': `picker-${opts.testid}-vacant`, 'aria-label': `${opts.label}: vacant`, onclick: () => choose(undefined) },
    'Vacant',
  );
  const chosenNote = h('p', { class: 'picker-chosen sub' });

  const showChosen = () => {
    chosenNote.textContent = chosen ? '' : 'Vacant';
    if (chosen && 'user' in chosen) chosenNote.textContent = `New to the partnership: ${chosen.user.email ?? chosen.user.displayName}${chosen.user.guest ? ' (guest)' : ''}`;
  };

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const choose = (pick: PersonPick | undefined) => {
    chosen = pick;
    chosenText = nameOf(pick, opts.people);
    input.value = chosenText;
    status.textContent = pick ? `Chosen: ${chosenText}.` : `${opts.label}: vacant.`;
    showChosen();
    close();
  };

  const render = (searching: boolean) => {
    list.replaceChildren(
      ...options.map((o, i) => {
        const name = o.kind === 'person' ? o.person.displayName : o.user.displayName;
        const email = o.kind === 'person' ? o.person.email : o.user.email;
        const org = o.kind === 'person' ? o.person.organisation : o.user.organisation;
        const guest = o.kind === 'person' ? o.person.guest : o.user.guest;
        const li = h(
          'li',
          {
            id: `${listId}-${i}`,
            role: 'option',
            class: 'picker-option',
            'aria-selected': i === active ? 'true' : 'false',
            'data-testid': 'picker-option',
            'data-person-id': o.kind === 'person' ? o.person.id : undefined,
            'data-object-id': o.kind === 'user' ? o.user.objectId : o.person.aadObjectId,
          },
          h('span', { class: 'picker-name' }, name, guest ? h('span', { class: 'chip tone-info guest' }, 'Guest') : null),
          h('span', { class: 'sub' }, [email, org].filter(Boolean).join(' · ') || (o.kind === 'person' ? 'In the partnership' : 'From the directory')),
        );
        // mousedown, not click: the input must not lose focus (and restore its text) first.
        li.addEventListener('mousedown', (e) => {
          e.preventDefault();
          pick(i);
        });
        return li;
      }),
    );
    const open = options.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
    status.textContent = searching ? 'Searching the directory…' : input.value.trim() ? `${options.length} ${options.length === 1 ? 'person' : 'people'} found.` : '';
  };

  const pick = (i: number) => {
    const o = options[i];
    if (!o) return;
    choose(o.kind === 'person' ? { personId: o.person.id } : { user: o.user });
  };

  const search = () => {
    const q = input.value.trim();
    clearTimeout(timer);
    inflight?.abort();
    const local = localMatches(opts.people, q).map((person): Option => ({ kind: 'person', person }));
    options = local;
    active = -1;
    if (q.length < 2) return render(false);
    render(true);
    timer = setTimeout(() => {
      const ctl = (inflight = new AbortController());
      opts.api
        .searchPeople(q, ctl.signal)
        .then(({ people }) => {
          if (ctl.signal.aborted || input.value.trim() !== q) return;
          options = [...local, ...newUsers(people, opts.people).map((user): Option => ({ kind: 'user', user }))];
          render(false);
        })
        .catch((err: unknown) => {
          if (ctl.signal.aborted) return;
          render(false);
          status.textContent = `The directory could not be searched: ${err instanceof Error ? err.message : String(err)}`;
        });
    }, DEBOUNCE_MS);
  };

  input.addEventListener('input', search);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) return search();
      if (!options.length) return;
      active = e.key === 'ArrowDown' ? (active + 1) % options.length : (active - 1 + options.length) % options.length;
      render(false);
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        e.preventDefault();
        pick(active);
      } else if (!list.hidden) e.preventDefault();
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    }
  });
  input.addEventListener('blur', () => {
    close();
    input.value = chosenText;
  });
  showChosen();

  return {
    el: h('div', { class: 'picker' }, h('div', { class: 'picker-row' }, input, vacant), list, chosenNote, status),
    input,
    value: () => chosen,
  };
}

function nameOf(pick: PersonPick | undefined, people: PersonRow[]): string {
  if (!pick) return '';
  if ('user' in pick) return pick.user.displayName;
  return people.find((p) => p.id === pick.personId)?.displayName ?? pick.personId;
}
