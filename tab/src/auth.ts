import { h } from './dom.js';

/** The local development sign-in: a session for a chosen sample user, kept for this browser tab only. */

const KEY = 'quorum.dev-session';

export interface DevSession {
  token: string;
  expiresAt: string;
  name: string;
}

interface DevUser {
  aadObjectId: string;
  name: string;
  partnership: string;
}

export function storedDevSession(): DevSession | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as DevSession | null;
    return s && Date.parse(s.expiresAt) > Date.now() + 30_000 ? s : undefined;
  } catch {
    return undefined;
  }
}

export function clearDevSession(): void {
  sessionStorage.removeItem(KEY);
}

async function signIn(user: DevUser): Promise<DevSession> {
  const res = await fetch('/api/tab/dev/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ aadObjectId: user.aadObjectId }),
  });
  if (!res.ok) throw new Error(`Sign-in failed (${res.status}).`);
  const session = { ...((await res.json()) as { token: string; expiresAt: string }), name: user.name };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The clearly marked sign-in screen of local mode. */
export async function renderDevSignIn(container: HTMLElement, onSignedIn: (s: DevSession) => void): Promise<void> {
  const res = await fetch('/api/tab/dev/users');
  const { users } = (await res.json()) as { users: DevUser[] };
  const select = h('select', { id: 'dev-user', name: 'user' }, ...users.map((u, i) => h('option', { value: String(i) }, u.name)));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'dev-sign-in card', 'aria-labelledby': 'dev-title' },
    h(
      'div',
      { class: 'dev-banner', role: 'note' },
      h('strong', {}, 'Development sign-in'),
      ' — local mode only. In Teams you are signed in with your work account; this screen does not exist when Quorum runs in Azure.',
    ),
    h('h1', { id: 'dev-title' }, 'Sign in as a sample user'),
    h('p', {}, 'Pick a person of the sample partnership to see the dashboard as they would.'),
    h('label', { for: 'dev-user' }, 'Sample user'),
    select,
    h('div', { class: 'actions' }, h('fluent-button', { appearance: 'accent', type: 'submit', id: 'dev-sign-in' }, 'Sign in')),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const user = users[Number(select.value)];
    if (!user) return;
    signIn(user).then(onSignedIn, (err: Error) => (error.textContent = err.message));
  });
  container.replaceChildren(h('main', { class: 'center' }, form));
}
