import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from '../../../infra/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration', () => {
  it('runs locally with nothing set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('local');
    expect(config.port).toBe(3978);
    expect(config.playground.enabled).toBe(true);
    expect(config.cosmos.endpoint).toBeUndefined();
  });

  it('names the first-run managers by Entra object id, and can start with no sample', () => {
    const config = loadConfig({ QUORUM_MANAGERS: ' 00000000-0000-0000-0000-000000000101 ,00000000-0000-0000-0000-000000000102', PARTNERSHIP_FILE: 'none' });
    expect(config.setupManagers).toEqual(['00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-000000000102']);
    expect(config.partnershipFile).toBeUndefined();
    expect(loadConfig({}).setupManagers).toEqual([]);
    expect(loadConfig({}).partnershipFile).toBe('partnerships/merton-2015.json');
    expect(problemsOf({ QUORUM_MANAGERS: 'manager@council.example' }).join('\n')).toMatch(/QUORUM_MANAGERS.*Entra object id/);
  });

  it('names every bad setting at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', COSMOS_ENDPOINT: 'not a url' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/COSMOS_ENDPOINT/);
  });

  it('names every setting azure mode is missing', () => {
    const problems = problemsOf({ QUORUM_MODE: 'azure' });
    for (const name of ['COSMOS_ENDPOINT', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_TENANT_ID', 'PUBLIC_HOSTNAME', 'MICROSOFT_APP_PASSWORD']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('never lets the local emulator run in azure mode', () => {
    const problems = problemsOf({
      QUORUM_MODE: 'azure',
      COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/',
      MICROSOFT_APP_ID: 'id',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_TENANT_ID: 't',
      PUBLIC_HOSTNAME: 'quorum.example.org',
      PLAYGROUND: 'true',
    });
    expect(problems).toEqual(['PLAYGROUND cannot be enabled when QUORUM_MODE=azure']);
  });

  it('is documented setting by setting in .env.example', () => {
    const documented = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=')[0]);
    expect([...documented].sort()).toEqual([...SETTING_NAMES].sort());
  });
});
