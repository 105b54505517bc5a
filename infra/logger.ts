import { pino } from 'pino';
import type { Logger } from '../services/ports/logger.js';

/** Structured JSON logs. Fields carry ids only; no names, answers or free text. */
export function createLogger(level: string): Logger {
  const base = pino({ level, base: { app: 'quorum' }, timestamp: pino.stdTimeFunctions.isoTime });
  return {
    debug: (fields, msg) => base.debug(fields, msg),
    info: (fields, msg) => base.info(fields, msg),
    warn: (fields, msg) => base.warn(fields, msg),
    error: (fields, msg) => base.error(fields, msg),
  };
}
