import {
  fluentButton,
  fluentDialog,
  fluentProgressRing,
  fluentTab,
  fluentTabPanel,
  fluentTabs,
  provideFluentDesignSystem,
} from '@fluentui/web-components';
import type { ActionFilters, MeView, ViewName } from '../../services/domain/dashboard-views.js';
import { Api, ApiError, tabConfig, type TokenSource } from './api.js';
import { clearDevSession, renderDevSignIn, storedDevSession } from './auth.js';
import { h } from './dom.js';
import { connectToTeams, onTeamsThemeChange, teamsToken, type Host } from './teams.js';
import { applyTheme, currentTheme, THEMES, themeFromQuery } from './theme.js';
import { renderActions } from './view-actions.js';
import { renderAttendance } from './view-attendance.js';
import { renderLiveQuorum } from './view-live-quorum.js';
import { renderConsultations, renderNonResponse } from './view-consultations.js';
import { renderMembers } from './view-members.js';
import { renderAnnualReport, renderPolicies } from './view-reports.js';
import { renderReturns } from './view-returns.js';
import { emptyState, select } from './widgets.js';

provideFluentDesignSystem().register(fluentButton(), fluentTabs(), fluentTab(), fluentTabPanel(), fluentDialog(), fluentProgressRing());

/** The dashboard's views, and the Members page for those who keep the membership. */
type TabName = ViewName | 'members' | 'returns';

const TITLES: Record<TabName, string> = {
  consultations: 'Consultations',
  'non-response': 'Non-response',
  attendance: 'Attendance',
  actions: 'Actions',
  policies: 'Policies',
  'annual-report': 'Annual report',
  returns: 'Returns',
  members: 'Members',
};

const root = document.getElementById('app')!;

async function start(): Promise<void> {
  applyTheme(themeFromQuery() ?? 'light');
  const host = await connectToTeams();
  if (host.inTeams) {
    applyTheme(host.theme ?? 'light');
    onTeamsThemeChange(applyTheme);
  }
  const config = await tabConfig();
  if (host.inTeams && config.sso) return signedIn(host, teamsToken, 'sso');
  if (config.devSignIn) {
    const session = storedDevSession();
    if (session) return signedIn(host, async () => session.token, 'dev');
    return renderDevSignIn(root, (s) => void signedIn(host, async () => s.token, 'dev'));
  }
  root.replaceChildren(
    h('main', { class: 'center' }, emptyState('Open Quorum in Microsoft Teams', 'The dashboard signs you in with your work account inside Teams.')),
  );
}

async function signedIn(host: Host, token: TokenSource, via: 'sso' | 'dev'): Promise<void> {
  const api = new Api(token);
  let me: MeView;
  try {
    me = await api.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && via === 'dev') {
      clearDevSession();
      return start();
    }
    const message = err instanceof Error ? err.message : String(err);
    root.replaceChildren(h('main', { class: 'center' }, header(host, undefined, via), emptyState('Nothing to show you', message)));
    return;
  }
  // In a Teams meeting (its side panel), or ?chat= for a browser: the meeting's live quorum, not the dashboard.
  const chat = host.meetingChatId ?? new URLSearchParams(location.search).get('chat') ?? undefined;
  if (chat) return liveShell(host, api, me, chat);
  shell(host, api, me);
}

function liveShell(host: Host, api: Api, me: MeView, chatId: string): void {
  const panel = h('div', { class: 'panel-body live-quorum', 'data-view': 'live-quorum', 'aria-busy': 'false' });
  root.replaceChildren(header(host, me, me.signedInWith), h('main', { class: 'content narrow' }, panel));
  renderLiveQuorum(api, panel, chatId, () => {
    clearDevSession();
    void start();
  });
}

function header(host: Host, me: MeView | undefined, via: 'sso' | 'dev'): HTMLElement {
  const themeSwitch = host.inTeams
    ? null
    : select(
        'Theme',
        THEMES.map((t): [string, string] => [t.value, t.label]),
        currentTheme(),
        (v) => {
          applyTheme(v as 'light' | 'dark' | 'contrast');
          const url = new URL(location.href);
          url.searchParams.set('theme', v);
          history.replaceState(null, '', url);
        },
        'theme-switch',
      );
  return h(
    'header',
    { class: 'app-bar' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'logo', 'aria-hidden': 'true' }, 'Q'),
      h('div', {}, h('p', { class: 'app-name' }, 'Quorum'), h('p', { class: 'sub' }, me?.partnership ?? 'Dashboard')),
    ),
    h(
      'div',
      { class: 'user' },
      via === 'dev' ? h('span', { class: 'chip dev', title: 'Local development sign-in: not available in Azure' }, 'Development sign-in') : null,
      me ? h('span', { class: 'who' }, me.name) : null,
      via === 'dev'
        ? h(
            'fluent-button',
            {
              appearance: 'stealth',
              onclick: () => {
                clearDevSession();
                void start();
              },
            },
            'Switch user',
          )
        : null,
      themeSwitch,
    ),
  );
}

function shell(host: Host, api: Api, me: MeView): void {
  const query = new URLSearchParams(location.search);
  // A returns card opens `returns:<round>[:<agency>]` (a deep link in Teams) or ?view=returns&round=&agency=.
  const [subView, subRound, subAgency] = (host.subPageId ?? '').split(':');
  const requested = query.get('view') ?? subView;
  const returnsTarget = { round: query.get('round') ?? subRound, agency: query.get('agency') ?? subAgency };
  // First run has no views yet: the Members page is where the partnership gets set up.
  const names: TabName[] = me.setup ? ['members'] : [...me.views, ...(me.views.length ? (['returns'] as const) : []), ...(me.managesMembers ? (['members'] as const) : [])];
  if (names.length === 0) {
    root.replaceChildren(header(host, me, me.signedInWith), h('main', { class: 'center' }, emptyState('Nothing to show you', 'You do not sit on any body of the partnership.')));
    return;
  }
  const first = names.find((v) => v === requested) ?? names[0]!;
  const panels = new Map<TabName, HTMLElement>();
  const loaded = new Set<TabName>();
  const tabs = h('fluent-tabs', { activeid: `tab-${first}`, class: 'views', 'aria-label': 'Dashboard views' });
  for (const v of names) tabs.append(h('fluent-tab', { id: `tab-${v}`, 'data-view': v }, TITLES[v]));
  for (const v of names) {
    const panel = h('div', { class: 'panel-body', 'data-view': v, 'aria-busy': 'false' });
    panels.set(v, panel);
    tabs.append(h('fluent-tab-panel', { id: `panel-${v}` }, h('h1', { class: 'view-title' }, TITLES[v]), panel));
  }

  const load = async (name: TabName, params: Record<string, string | undefined> = {}) => {
    const panel = panels.get(name)!;
    loaded.add(name);
    panel.setAttribute('aria-busy', 'true');
    panel.replaceChildren(h('div', { class: 'loading' }, h('fluent-progress-ring', { 'aria-label': `Loading ${TITLES[name]}` })));
    try {
      switch (name) {
        case 'consultations':
          renderConsultations(await api.view('consultations'), panel);
          break;
        case 'non-response':
          renderNonResponse(await api.view('non-response'), panel);
          break;
        case 'attendance':
          renderAttendance(await api.view('attendance'), panel);
          break;
        case 'actions':
          renderActions(await api.view('actions', params), panel, (f: ActionFilters) => void load('actions', { ...f }), (offset) =>
            api.view('actions', { ...params, offset: String(offset) }),
          );
          break;
        case 'policies':
          renderPolicies(await api.view('policies'), panel);
          break;
        case 'annual-report':
          renderAnnualReport(await api.view('annual-report', params), panel, (year) => void load('annual-report', { year }));
          break;
        case 'returns':
          await renderReturns(api, panel, name === first ? returnsTarget : {});
          break;
        case 'members':
          renderMembers(api, await api.members(), panel);
          break;
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clearDevSession();
        return void start();
      }
      panel.replaceChildren(emptyState('This view could not be loaded', err instanceof Error ? err.message : String(err)));
    } finally {
      panel.setAttribute('aria-busy', 'false');
      panel.dataset.loaded = 'true';
    }
  };

  tabs.addEventListener('change', (event) => {
    const id = (event as CustomEvent<HTMLElement | undefined>).detail?.id ?? (tabs as HTMLElement & { activeid?: string }).activeid ?? '';
    const name = id.replace(/^tab-/, '') as TabName;
    if (!panels.has(name)) return;
    if (!loaded.has(name)) void load(name);
    const url = new URL(location.href);
    url.searchParams.set('view', name);
    history.replaceState(null, '', url);
  });

  root.replaceChildren(header(host, me, me.signedInWith), h('main', { class: 'content' }, tabs));
  void load(first);
}

start().catch((err: unknown) => {
  root.replaceChildren(h('main', { class: 'center' }, emptyState('The dashboard could not start', err instanceof Error ? err.message : String(err))));
});
