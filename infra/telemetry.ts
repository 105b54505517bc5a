import type { Logger } from '../services/ports/logger.js';

export interface Telemetry {
  enabled: boolean;
  stop(): Promise<void>;
}

/**
 * OpenTelemetry traces and metrics to Application Insights. This build has no exporter package
 * (@azure/monitor-opentelemetry is not a dependency), so a connection string is accepted and said
 * to do nothing, rather than silently ignored. Logs still reach Application Insights through the
 * App Service console logs.
 */
export function startTelemetry(config: { appInsightsConnectionString?: string }, log: Logger): Telemetry {
  if (config.appInsightsConnectionString) {
    log.warn({ setting: 'APPLICATIONINSIGHTS_CONNECTION_STRING' }, 'telemetry not available in this build');
  }
  return { enabled: false, stop: async () => {} };
}
