import type { Logger } from '../services/ports/logger.js';

export interface Telemetry {
  enabled: boolean;
  stop(): Promise<void>;
}

/**
 * OpenTelemetry traces and metrics to Application Insights when a connection string is set
 * (Azure Monitor distro: HTTP and Azure SDK spans, process metrics). Logs reach Application
 * Insights through App Service's console logs, already free of personal data. The distro is
 * loaded only when it is used: importing it costs seconds of every local start.
 */
export async function startTelemetry(config: { appInsightsConnectionString?: string }, log: Logger): Promise<Telemetry> {
  if (!config.appInsightsConnectionString) return { enabled: false, stop: async () => {} };
  const { shutdownAzureMonitor, useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: config.appInsightsConnectionString },
    enableLiveMetrics: false,
  });
  log.info({}, 'telemetry to Application Insights started');
  return {
    enabled: true,
    stop: async () => {
      // Flushing needs the network; never hold up shutdown for long.
      await Promise.race([shutdownAzureMonitor(), new Promise((r) => setTimeout(r, 5000).unref())]);
    },
  };
}
