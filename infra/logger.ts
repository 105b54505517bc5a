import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../services/ports/logger.js';

/** Fields that would carry personal data or free text; censored if a log call ever passes them. */
const PERSONAL = ['name', 'displayName', 'email', 'userPrincipalName', 'text', 'reason', 'comment'];
export const REDACTED_PATHS = [...PERSONAL, ...PERSONAL.map((f) => `*.${f}`)];

export interface LogOptions {
  /** Where the lines go; default stdout. */
  destination?: DestinationStream;
  /**
   * `json` (the default, and always in Azure: one JSON object a line, for App Service and
   * Application Insights) or `text`, a short line for a person at a terminal.
   */
  format?: 'json' | 'text';
}

/** Structured logs. Fields carry ids only; no names, answers or free text. */
export function createLogger(level: string, opts: LogOptions = {}): Logger {
  const out = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const base = pino(
    {
      level,
      base: { app: 'quorum' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[removed: personal data]' },
    },
    opts.format === 'text' ? { write: (line: string) => void out.write(textLine(line)) } : out,
  );
  return {
    debug: (fields, msg) => base.debug(fields, msg),
    info: (fields, msg) => base.info(fields, msg),
    warn: (fields, msg) => base.warn(fields, msg),
    error: (fields, msg) => base.error(fields, msg),
  };
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * One JSON log line as a short one: `05:44:12 info  bot listening on /api/messages  port=4978`.
 * The same fields as the JSON line (already redacted), without the app name and the date.
 */
export function textLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, app: _app, ...fields } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const label = (LEVELS[Number(level)] ?? String(level)).padEnd(5);
  const rest = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${clock} ${label} ${String(msg ?? '')}${rest ? `  ${rest}` : ''}\n`;
}
