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

  it.each([
    ['QUORUM_MODE', 'cloud', /QUORUM_MODE must be "local" or "azure" \(it is "cloud"\)\./],
    ['PORT', 'abc', /PORT must be a port number from 1 to 65535 \(it is "abc"\)\./],
    ['PLAYGROUND_PORT', '70000', /PLAYGROUND_PORT must be a port number/],
    ['HOST', 'my box', /HOST must be an IP address/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error/],
    ['COSMOS_ENDPOINT', 'not a url', /COSMOS_ENDPOINT must be the URL of a Cosmos DB account/],
    ['COSMOS_DATABASE', 'a b', /COSMOS_DATABASE must be a database name/],
    ['QUORUM_MANAGERS', 'bob', /QUORUM_MANAGERS must be Entra object ids/],
    ['PLAYGROUND', 'maybe', /PLAYGROUND must be true or false/],
    ['JOBS_ENABLED', 'sometimes', /JOBS_ENABLED must be true or false/],
    ['MICROSOFT_APP_TYPE', 'MultiTenant', /MICROSOFT_APP_TYPE must be "SingleTenant" or "UserAssignedMSI"/],
    ['GRAPH_BASE_URL', 'graph', /GRAPH_BASE_URL must be a URL/],
    ['SEND_RATE_PER_SECOND', '0', /SEND_RATE_PER_SECOND must be a number of messages a second/],
    ['REMINDER_HOUR', '25', /REMINDER_HOUR must be an hour of the day, 0 to 23/],
    ['RETENTION_YEARS', 'forever', /RETENTION_YEARS must be a whole number of years/],
    ['LOG_FORMAT', 'pretty', /LOG_FORMAT must be "json" \(one JSON object a line\) or "text" \(a short line for a terminal\) \(it is "pretty"\)\./],
    ['MICROSOFT_APP_CERTIFICATE_THUMBPRINT', 'abc', /MICROSOFT_APP_CERTIFICATE_THUMBPRINT must be the certificate thumbprint, 40 to 64 hex digits \(it is "abc"\)\./],
    ['GRAPH_STAND_IN_PORT', '-1', /GRAPH_STAND_IN_PORT must be a port number from 0 to 65535 \(0 takes any free port\) \(it is "-1"\)\./],
    ['ENTRA_AUTHORITY', 'login', /ENTRA_AUTHORITY must be a URL, e\.g\. https:\/\/login\.microsoftonline\.com \(it is "login"\)\./],
    ['PUBLIC_HOSTNAME', 'https://quorum.example.org/', /PUBLIC_HOSTNAME must be a host name without https:\/\/ or a path/],
    ['PORT', '0', /PORT must be a port number from 1 to 65535 \(it is "0"\)\./],
    ['SEND_RATE_PER_SECOND', 'fast', /SEND_RATE_PER_SECOND must be a number of messages a second, above 0 and at most 1000 \(it is "fast"\)\./],
    ['RETENTION_YEARS', '0', /RETENTION_YEARS must be a whole number of years, 1 to 100 \(it is "0"\)\./],
  ])('says in a sentence what %s accepts', (key, value, message) => {
    expect(problemsOf({ [key]: value })).toEqual([expect.stringMatching(message)]);
  });

  // Settings that take any text (names, ids, paths, secrets): no value of theirs is refused.
  const FREE_TEXT = [
    'COSMOS_KEY', 'DATA_DIR', 'PARTNERSHIP_FILE', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_PASSWORD',
    'MICROSOFT_APP_CERTIFICATE_KEY', 'AZURE_CLIENT_ID', 'GRAPH_DEV_TOKEN', 'TEAMS_APP_CATALOG_ID', 'TAB_SSO_CLIENT_ID',
    'APPLICATIONINSIGHTS_CONNECTION_STRING',
  ];
  it.each(SETTING_NAMES.filter((k) => !FREE_TEXT.includes(k) && k !== 'LINK_SIGNING_KEY'))('refuses a nonsense %s with a sentence saying what it accepts', (key) => {
    const problems = problemsOf({ [key]: 'no such value!' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${key} must be .+ \\(it is "no such value!"\\)\\.$`));
  });

  it('refuses a short LINK_SIGNING_KEY with a sentence that does not repeat it', () => {
    expect(problemsOf({ LINK_SIGNING_KEY: 'too short' })).toEqual(['LINK_SIGNING_KEY must be at least 32 random characters.']);
  });

  it.each(FREE_TEXT)('takes any text for %s', (key) => {
    expect(problemsOf({ [key]: 'no such value!' })).toEqual([]);
  });

  it('never repeats a secret back', () => {
    const problems = problemsOf({ MICROSOFT_APP_CERTIFICATE_KEY: '', GRAPH_DEV_TOKEN: 'x', QUORUM_MODE: 'azure' }).join('\n');
    expect(problems).not.toMatch(/"x"/);
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
    expect(problems).toEqual(['PLAYGROUND cannot be enabled when QUORUM_MODE=azure.']);
  });

  it('is documented setting by setting in .env.example', () => {
    const documented = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=')[0]);
    expect([...documented].sort()).toEqual([...SETTING_NAMES].sort());
  });
});
