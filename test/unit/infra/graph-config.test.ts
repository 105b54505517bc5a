import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../infra/config.js';
import { createAppInstaller, GraphAppInstaller } from '../../../infra/graph/graph-installer.js';
import { silentLog } from '../../support/harness.js';

describe('Graph and managed identity settings', () => {
  it('default to the public Graph, and to the bot identity as the managed identity', () => {
    const local = loadConfig({});
    expect(local.graph).toEqual({ baseUrl: 'https://graph.microsoft.com/v1.0', teamsAppCatalogId: undefined });
    expect(local.azureClientId).toBeUndefined();
    const msi = loadConfig({ MICROSOFT_APP_ID: 'mi-client-id', MICROSOFT_APP_TYPE: 'UserAssignedMSI' });
    expect(msi.azureClientId).toBe('mi-client-id');
    expect(loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_TYPE: 'UserAssignedMSI', AZURE_CLIENT_ID: 'other' }).azureClientId).toBe('other');
    expect(loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0/' }).graph.baseUrl).toBe('https://graph.microsoft.us/v1.0');
  });

  it('give no installer without a catalogue id or an identity, and say which is missing', () => {
    expect(createAppInstaller(loadConfig({}), silentLog).unavailable).toMatch(/TEAMS_APP_CATALOG_ID/);
    expect(createAppInstaller(loadConfig({ TEAMS_APP_CATALOG_ID: 'cat' }), silentLog).unavailable).toMatch(/no identity/);
    const withSecret = loadConfig({ TEAMS_APP_CATALOG_ID: 'cat', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_TENANT_ID: 't', MICROSOFT_APP_PASSWORD: 'p' });
    expect(createAppInstaller(withSecret, silentLog)).toBeInstanceOf(GraphAppInstaller);
    const withMsi = loadConfig({ TEAMS_APP_CATALOG_ID: 'cat', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_TYPE: 'UserAssignedMSI' });
    expect(createAppInstaller(withMsi, silentLog)).toBeInstanceOf(GraphAppInstaller);
  });
});
