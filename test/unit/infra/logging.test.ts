import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../infra/logger.js';
import { startTelemetry } from '../../../infra/telemetry.js';
import { recordingLog } from '../../support/harness.js';

describe('structured logs', () => {
  it('are JSON lines with ids, and censor fields that would carry personal data', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    log.warn({ personId: 'p-cafcass', displayName: 'Senior Service Manager, CAFCASS', reason: 'free text', seat: { name: 'x' } }, 'refused');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 40, app: 'quorum', msg: 'refused', personId: 'p-cafcass' });
    expect(entry.displayName).not.toContain('CAFCASS');
    expect(entry.reason).not.toContain('free text');
    expect(entry.seat.name).not.toBe('x');
  });
});

describe('telemetry', () => {
  it('starts exporting to Application Insights when a connection string is set, and stops promptly offline', async () => {
    const log = recordingLog();
    const telemetry = startTelemetry(
      { appInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/' },
      log,
    );
    expect(telemetry.enabled).toBe(true);
    expect(log.entries.map((e) => e.message)).toEqual(['telemetry to Application Insights started']);
    const started = Date.now();
    await telemetry.stop();
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('says nothing when none is set', () => {
    const log = recordingLog();
    expect(startTelemetry({}, log).enabled).toBe(false);
    expect(log.entries).toEqual([]);
  });
});
