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
