import template from './templates/notice.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';

export interface NoticeData {
  title: string;
  text: string;
  hint?: string;
  tone?: 'info' | 'warning' | 'error';
  showHelp?: boolean;
}

/** A short message card: confirmations, refusals and errors. */
export const buildNotice = (data: NoticeData): AdaptiveCard =>
  expand(template, { tone: 'info', showHelp: false, ...data });

/** What replaces a card too long for Teams to show (about 28 KB). */
export const tooLongForTeams = (): AdaptiveCard =>
  buildNotice({
    title: 'Too long to show in Teams',
    text: 'This answer is longer than Teams can show in one message, so it was not sent. Nothing was changed by it.',
    hint: 'Ask for less (a shorter name or one reference), or open the Quorum tab, which shows long lists in full.',
    tone: 'warning',
  });

/** A command's argument longer than any it takes: refused, and not repeated back. */
export const argumentTooLong = (command: string, max: number): AdaptiveCard =>
  buildNotice({
    title: 'That is too long',
    text: `What you wrote after "${command}" is longer than ${max} characters, longer than any name or reference Quorum knows. Nothing was looked up.`,
    hint: `Say "${command}" followed by a reference (e.g. C-1A2B3C) or a name.`,
    tone: 'warning',
  });
