import type { OutboxService } from '../services/outbox/index.js';
import type { Logger } from '../services/ports/logger.js';

export interface OutboxPump {
  /** Drain soon: something was just queued. */
  kick(): void;
  /** Stop the timer and wait for the drain in flight, so in-flight sends finish. */
  stop(): Promise<void>;
}

/** Drives the outbox: a drain after every enqueue, and a periodic one for retries and resumed work. */
export function startOutboxPump(outbox: OutboxService, log: Logger, intervalMs = 5_000): OutboxPump {
  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const drain = () => {
    if (stopped) return;
    inFlight = outbox.drain().catch((err: Error) => log.error({ err: err.message }, 'outbox drain failed'));
  };
  const timer = setInterval(drain, intervalMs);
  timer.unref();
  drain();
  return {
    kick: drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
