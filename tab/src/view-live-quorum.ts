import type { LiveQuorumPanel } from '../../services/domain/live-quorum-facts.js';
import { ApiError, type Api } from './api.js';
import { h } from './dom.js';
import { emptyState } from './widgets.js';

/** How often the panel asks again while it is open: Teams tells the bot of joins and leaves as they happen. */
export const LIVE_REFRESH_MS = 10_000;

type Seat = LiveQuorumPanel['seats'][number];

const AS: Record<NonNullable<Seat['present']>['as'], string> = {
  holder: 'Present',
  deputy: 'Deputy present',
  proxy: 'Proxy present',
};

const clockTime = (d: Date) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/London' }).format(d);
const meetingTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }).format(new Date(iso));

/**
 * The meeting side panel: who is in the Teams meeting for which seat, and whether that is quorate by
 * the body's own rule. It asks again every ten seconds and whenever the panel comes back into view;
 * a failed refresh keeps what was last shown and says so. Every state is said in words and a symbol,
 * never by colour alone. Returns a function that stops the refreshing.
 */
export function renderLiveQuorum(api: Api, panel: HTMLElement, chatId: string, onSignedOut: () => void, everyMs = LIVE_REFRESH_MS): () => void {
  let shown: LiveQuorumPanel | undefined;
  let inFlight = false;
  let stopped = false;
  const status = h('p', { class: 'live-updated muted', role: 'status' });

  const refresh = async () => {
    if (inFlight || stopped) return;
    inFlight = true;
    panel.setAttribute('aria-busy', 'true');
    try {
      const facts = await api.liveQuorum(chatId);
      shown = facts;
      panel.replaceChildren(...liveQuorumView(facts), status);
      status.textContent = `Updated at ${clockTime(new Date())}; refreshes every ${Math.round(everyMs / 1000)} seconds.`;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        stop();
        onSignedOut();
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      if (!shown || (err instanceof ApiError && err.status === 404)) {
        shown = undefined;
        panel.replaceChildren(emptyState('No live quorum for this meeting', message), status);
        status.textContent = `Checked at ${clockTime(new Date())}.`;
      } else {
        status.textContent = `Could not refresh at ${clockTime(new Date())} (${message}); showing what was last known.`;
      }
    } finally {
      inFlight = false;
      panel.setAttribute('aria-busy', 'false');
      panel.dataset.loaded = 'true';
    }
  };

  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };
  const onFocus = () => void refresh();
  // A hidden panel does not poll: it refreshes when it is shown again (onVisible).
  const timer = setInterval(() => {
    if (document.visibilityState !== 'hidden') void refresh();
  }, everyMs);
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('focus', onFocus);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('focus', onFocus);
  };
  void refresh();
  return stop;
}

function liveQuorumView(f: LiveQuorumPanel): HTMLElement[] {
  const present = f.seats.filter((s) => s.present).length;
  const banner = h(
    'div',
    { class: `live-banner ${f.quorate ? 'tone-good' : 'tone-bad'}`, 'data-quorate': String(f.quorate) },
    h('span', { class: 'live-icon', 'aria-hidden': 'true' }, f.quorate ? '✓' : '✕'),
    h(
      'div',
      {},
      h('p', { class: 'live-verdict' }, f.quorate ? 'Quorate' : 'Not quorate'),
      h('p', {}, `${present} of ${f.seats.length} seats present in the Teams meeting.`),
    ),
  );
  return [
    h('h1', { class: 'live-title' }, `${f.bodyName}: live quorum`),
    h('p', { class: 'muted' }, `Meeting of ${meetingTime(f.startsAt)}${f.chairName ? `; chair: ${f.chairName}` : ''}.`),
    banner,
    h(
      'section',
      { 'aria-labelledby': 'live-rule' },
      h('h2', { id: 'live-rule' }, 'The body’s quorum rule'),
      h(
        'ul',
        { class: 'live-conditions' },
        ...f.conditions.map((c) =>
          h(
            'li',
            { 'data-met': String(c.met) },
            h('span', { class: `chip ${c.met ? 'good' : 'bad'}` }, h('span', { 'aria-hidden': 'true' }, c.met ? '✓ ' : '✕ '), c.met ? 'Met' : 'Not met'),
            ` ${c.explanation}`,
            c.missing.length ? h('span', { class: 'missing' }, ` Missing: ${c.missing.join('; ')}.`) : null,
          ),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'live-seats' },
      h('h2', { id: 'live-seats' }, 'Seats'),
      h('ul', { class: 'live-seats' }, ...f.seats.map(seatItem)),
    ),
    h(
      'section',
      { 'aria-labelledby': 'live-others' },
      h('h2', { id: 'live-others' }, 'In the meeting for no seat'),
      f.others.length ? h('ul', { class: 'live-others' }, ...f.others.map((name) => h('li', {}, name))) : h('p', { class: 'muted' }, 'Nobody.'),
    ),
  ];
}

function seatItem(s: Seat): HTMLElement {
  const p = s.present;
  const state = p
    ? h('span', { class: `chip ${p.as === 'holder' ? 'good' : 'tone-info'}` }, h('span', { 'aria-hidden': 'true' }, '● '), AS[p.as])
    : h('span', { class: 'chip neutral' }, h('span', { 'aria-hidden': 'true' }, '○ '), 'Not in the meeting');
  return h(
    'li',
    { 'data-seat': s.seatId, 'data-as': p?.as ?? 'absent' },
    h('div', { class: 'live-seat' }, h('span', { class: 'live-seat-title' }, s.seatTitle), s.agencyName ? h('span', { class: 'sub' }, s.agencyName) : null),
    state,
    h('span', { class: 'live-who' }, p ? (p.as === 'holder' ? p.name : `${p.name}, for ${s.holderName}`) : s.holderName),
  );
}
