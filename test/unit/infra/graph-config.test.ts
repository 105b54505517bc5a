import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../infra/config.js';
import { createAppInstaller, GraphAppInstaller, graphTokenProvider } from '../../../infra/graph/graph-installer.js';
import { createPeopleDirectory, GraphPeopleDirectory, toDirectoryUser } from '../../../infra/graph/graph-people.js';
import { partnershipUsers, STAND_IN_USERS } from '../../../infra/graph/stand-in-graph.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { ConfigError } from '../../../infra/config.js';
import { azureModeEnv, silentLog } from '../../support/harness.js';

describe('Graph and managed identity settings', () => {
  it('default to the public Graph, and to the bot identity as the managed identity', () => {
    const local = loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' });
    expect(local.graph).toEqual({ baseUrl: 'https://graph.microsoft.com/v1.0', teamsAppCatalogId: undefined });
    const azure = loadConfig(azureModeEnv('bot-app-id'));
    expect(azure.graph).toEqual({ baseUrl: 'https://graph.microsoft.com/v1.0', teamsAppCatalogId: undefined });
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

  it('start the stand-in Graph locally unless GRAPH_BASE_URL is set, and never in azure mode', () => {
    expect(loadConfig({}).graph.standIn).toEqual({ port: 0 });
    expect(loadConfig({ GRAPH_STAND_IN_PORT: '4100' }).graph.standIn).toEqual({ port: 4100 });
    expect(loadConfig({ GRAPH_BASE_URL: 'http://127.0.0.1:4100/v1.0' }).graph.standIn).toBeUndefined();
    expect(loadConfig(azureModeEnv('bot-app-id')).graph.standIn).toBeUndefined();
  });

  it('refuse GRAPH_DEV_TOKEN in azure mode, naming the setting', () => {
    expect(() => loadConfig(azureModeEnv('bot-app-id', { GRAPH_DEV_TOKEN: 'dev' }))).toThrow(ConfigError);
    expect(() => loadConfig(azureModeEnv('bot-app-id', { GRAPH_DEV_TOKEN: 'dev' }))).toThrow(/GRAPH_DEV_TOKEN cannot be set when QUORUM_MODE=azure/);
  });

  it('make Graph tokens in one place: the dev token locally, else the identity', async () => {
    const local = loadConfig({ GRAPH_DEV_TOKEN: 'dev-token', MICROSOFT_APP_ID: 'a', MICROSOFT_APP_TENANT_ID: 't', MICROSOFT_APP_PASSWORD: 'p' });
    expect(await graphTokenProvider(local)!()).toBe('dev-token');
    expect(graphTokenProvider(loadConfig({}))).toBeUndefined();
  });

  it('give no people directory without an identity or a dev token, and say so', () => {
    expect(createPeopleDirectory(loadConfig({}), silentLog).unavailable).toMatch(/no identity/);
    expect(createPeopleDirectory(loadConfig({ GRAPH_DEV_TOKEN: 'dev' }), silentLog)).toBeInstanceOf(GraphPeopleDirectory);
    const withMsi = loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_TYPE: 'UserAssignedMSI' });
    expect(createPeopleDirectory(withMsi, silentLog)).toBeInstanceOf(GraphPeopleDirectory);
    expect(createPeopleDirectory(loadConfig({}), silentLog, async () => 'test').unavailable).toBeUndefined();
  });

  it('read guests from userType or #EXT#, and their organisation from companyName, else their mail or UPN', () => {
    expect(toDirectoryUser({ id: 'x', displayName: 'D', userType: 'Guest', mail: 'a@Agency.example', companyName: ' ' })).toMatchObject({ guest: true, organisation: 'agency.example' });
    expect(toDirectoryUser({ id: 'x', displayName: 'D', userType: null, userPrincipalName: 'a.b_trust.nhs.example#EXT#@host.example' })).toMatchObject({ guest: true, organisation: 'trust.nhs.example' });
    expect(toDirectoryUser({ id: 'x', displayName: 'D', userType: 'Member', mail: 'a@host.example' })).toMatchObject({ guest: false, organisation: undefined });
    expect(toDirectoryUser({ id: 'x', displayName: 'D', userType: 'Member', companyName: 'Council' })).toMatchObject({ guest: false, organisation: 'Council' });
  });
});

describe('The stand-in Graph users', () => {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('are Graph user objects with GUID ids, role titles and B2B guests from other organisations', () => {
    expect(new Set(STAND_IN_USERS.map((u) => u.id)).size).toBe(STAND_IN_USERS.length);
    for (const u of STAND_IN_USERS) {
      expect(u.id).toMatch(guid);
      expect(u.userType === 'Guest').toBe(u.userPrincipalName!.includes('#EXT#'));
      if (u.userType === 'Guest') expect(u.userPrincipalName).toBe(`${u.mail!.replace('@', '_')}#EXT#@safeguardingpartnership.onmicrosoft.example`);
    }
    const guests = STAND_IN_USERS.filter((u) => u.userType === 'Guest');
    expect(guests.length).toBeGreaterThanOrEqual(6);
    expect(guests.some((u) => u.companyName)).toBe(true);
    expect(guests.some((u) => !u.companyName)).toBe(true);
    for (const domain of ['police', 'nhs', 'sch', 'probation']) expect(guests.some((u) => u.mail!.split('@')[1]!.split('.').includes(domain))).toBe(true);
  });

  it("include the loaded partnership's people as host-tenant members", async () => {
    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    const users = partnershipUsers(partnership);
    expect(users).toHaveLength(partnership.people.length);
    for (const u of users) expect(u).toMatchObject({ id: expect.stringMatching(guid), userType: 'Member', mail: expect.stringMatching(/@safeguarding-partnership\.example$/) });
  });
});
