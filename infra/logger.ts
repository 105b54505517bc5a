import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../services/ports/logger.js';

/** Fields that would carry personal data or free text; censored if a log call ever passes them. */
const PERSONAL = ['name', 'displayName', 'email', 'userPrincipalName', 'text', 'reason', 'comment'];
export const REDACTED_PATHS = [...PERSONAL, ...PERSONAL.map((f) => `*.${f}`)];

/** Structured JSON logs. Fields carry ids only; no names, answers or free text. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const base = pino(
    {
      level,
      base: { app: 'quorum' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[removed: personal data]' },
    },
    destination,
  );
  return {
    debug: (fields, msg) => base.debug(fields, msg),
    info: (fields, msg) => base.info(fields, msg),
    warn: (fields, msg) => base.warn(fields, msg),
    error: (fields, msg) => base.error(fields, msg),
  };
}
