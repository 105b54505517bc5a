import { fluentButton, provideFluentDesignSystem } from '@fluentui/web-components';
import { app, pages } from '@microsoft/teams-js';
import { h } from './dom.js';
import { connectToTeams, onTeamsThemeChange } from './teams.js';
import { applyTheme, themeFromQuery } from './theme.js';
import { select } from './widgets.js';

/** The channel tab's configuration page: which view the tab opens on. */

provideFluentDesignSystem().register(fluentButton());

const VIEWS: [string, string][] = [
  ['consultations', 'Consultations'],
  ['non-response', 'Non-response'],
  ['attendance', 'Attendance'],
  ['actions', 'Actions'],
  ['policies', 'Policies'],
  ['annual-report', 'Annual report'],
];

async function start(): Promise<void> {
  applyTheme(themeFromQuery() ?? 'light');
  const host = await connectToTeams();
  let chosen = VIEWS[0]![0];
  const status = h('p', { class: 'muted', role: 'status' });
  // In a meeting the tab is the side panel's live quorum: the page finds the meeting chat from Teams' context.
  const inMeeting = host.meetingChatId !== undefined;
  const save = () => {
    if (inMeeting) {
      const contentUrl = `${location.origin}/tab/index.html?panel=live-quorum`;
      return pages.config.setConfig({ contentUrl, websiteUrl: contentUrl, entityId: 'quorum-live-quorum', suggestedDisplayName: 'Quorum: live quorum' });
    }
    const contentUrl = `${location.origin}/tab/index.html?view=${encodeURIComponent(chosen)}`;
    return pages.config.setConfig({
      contentUrl,
      websiteUrl: contentUrl,
      entityId: `quorum-${chosen}`,
      suggestedDisplayName: `Quorum: ${VIEWS.find(([v]) => v === chosen)?.[1] ?? 'Dashboard'}`,
    });
  };
  document.getElementById('app')!.replaceChildren(
    h(
      'main',
      { class: 'center' },
      inMeeting
        ? h(
            'div',
            { class: 'card config' },
            h('h1', {}, 'Add the live quorum to this meeting'),
            h('p', {}, 'The side panel shows who is in the meeting for which seat, and whether the body is quorate by its own rule. Quorum must have arranged the meeting.'),
            status,
          )
        : h(
            'div',
            { class: 'card config' },
            h('h1', {}, 'Add the Quorum dashboard to this channel'),
            h('p', {}, 'Everyone in the channel sees what they may see of the board: members their own agency, chairs and the board manager every agency.'),
            select('Open the tab on', VIEWS, chosen, (v) => (chosen = v), 'config-view'),
            status,
          ),
    ),
  );
  if (!host.inTeams) {
    status.textContent = 'Open this page from Teams (Add a tab) to save it.';
    return;
  }
  applyTheme(host.theme ?? 'light');
  onTeamsThemeChange(applyTheme);
  pages.config.registerOnSaveHandler((event) => {
    save().then(
      () => event.notifySuccess(),
      (err: Error) => event.notifyFailure(err.message),
    );
  });
  pages.config.setValidityState(true);
  app.notifySuccess().catch(() => undefined);
}

void start();
