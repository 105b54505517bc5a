import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../infra/config.js';
import { createLogger } from '../../../infra/logger.js';
import { startTelemetry } from '../../../infra/telemetry.js';
import { recordingLog } from '../../support/harness.js';

describe('structured logs', () => {
  it('are JSON lines with ids, and censor fields that would carry personal data', () => {
    const lines: string[] = [];
    const log = createLogger('info', { destination: { write: (line: string) => void lines.push(line) } });
    log.warn({ personId: 'p-cafcass', displayName: 'Senior Service Manager, CAFCASS', reason: 'free text', seat: { name: 'x' } }, 'refused');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 40, app: 'quorum', msg: 'refused', personId: 'p-cafcass' });
    expect(entry.displayName).not.toContain('CAFCASS');
    expect(entry.reason).not.toContain('free text');
    expect(entry.seat.name).not.toBe('x');
  });
});

describe('logs at a terminal', () => {
  it('are one short line each, with the same redacted fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', { format: 'text', destination: { write: (line: string) => void lines.push(line) } });
    log.info({ port: 4978 }, 'bot listening on /api/messages');
    log.warn({ personId: 'p-cafcass', displayName: 'Senior Service Manager, CAFCASS' }, 'refused');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d info  bot listening on \/api\/messages  port=4978\n$/);
    expect(lines[1]).toMatch(/ WARN  refused  personId=p-cafcass displayName="\[removed: personal data\]"\n$/);
    expect(lines.join('')).not.toContain('CAFCASS');
    expect(lines.join('')).not.toContain('{"level"');
  });

  it('stay JSON in azure mode unless LOG_FORMAT says otherwise', () => {
    const azure = {
      QUORUM_MODE: 'azure',
      COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/',
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_TENANT_ID: 't',
      PUBLIC_HOSTNAME: 'quorum.example.org',
    };
    expect(loadConfig(azure).logFormat).toBe('json');
    expect(loadConfig({}).logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'text' }).logFormat).toBe('text');
  });
});

describe('telemetry', () => {
  it('starts exporting to Application Insights when a connection string is set, and stops promptly offline', async () => {
    const log = recordingLog();
    const telemetry = await startTelemetry(
      { appInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/' },
      log,
    );
    expect(telemetry.enabled).toBe(true);
    expect(log.entries.map((e) => e.message)).toEqual(['telemetry to Application Insights started']);
    const started = Date.now();
    await telemetry.stop();
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('says nothing when none is set', async () => {
    const log = recordingLog();
    expect((await startTelemetry({}, log)).enabled).toBe(false);
    expect(log.entries).toEqual([]);
  });
});
