import { app, authentication } from '@microsoft/teams-js';

export type Theme = 'light' | 'dark' | 'contrast';

export interface Host {
  inTeams: boolean;
  theme?: Theme;
  /** Set by a deep link or the channel tab's configuration: the view to open. */
  subPageId?: string;
  /** The Teams team's or channel's name, when the tab is in a channel. */
  channelName?: string;
  /** In a Teams meeting (its side panel or chat tab): the meeting chat's id, which the live quorum is asked for. */
  meetingChatId?: string;
}

/** Teams' theme names ('default', 'dark', 'contrast'; 'glass' on some hosts) as ours. */
export const themeFromTeams = (t: string | undefined): Theme => (t === 'dark' ? 'dark' : t === 'contrast' ? 'contrast' : 'light');

const timeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);

/**
 * Connects to Teams when the page is hosted by it. A page opened directly in a browser is not framed
 * and has no opener, so it does not wait for a host that will never answer.
 */
export async function connectToTeams(ms = 5000): Promise<Host> {
  if (window.parent === window && !window.opener) return { inTeams: false };
  try {
    await timeout(app.initialize(), ms);
    const context = await timeout(app.getContext(), ms);
    return {
      inTeams: true,
      theme: themeFromTeams(context.app.theme),
      subPageId: context.page.subPageId || undefined,
      channelName: context.channel?.displayName,
      meetingChatId: context.meeting?.id ? context.chat?.id : undefined,
    };
  } catch {
    return { inTeams: false };
  }
}

export function onTeamsThemeChange(handler: (theme: Theme) => void): void {
  app.registerOnThemeChangeHandler((t) => handler(themeFromTeams(t)));
}

/** The signed-in user's SSO token for our API (Teams caches and refreshes it). */
export const teamsToken = (): Promise<string> => authentication.getAuthToken();
