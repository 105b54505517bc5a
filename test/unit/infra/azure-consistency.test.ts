import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from '../../../infra/config.js';
import { CONTAINERS } from '../../../infra/cosmos/containers.js';
import { CALENDAR_PERMISSIONS } from '../../../infra/graph/graph-calendar.js';
import { GRAPH_APP_PERMISSIONS } from '../../../infra/graph/graph-installer.js';
import { MAIL_GRAPH_APP_PERMISSIONS } from '../../../infra/graph/graph-mail.js';

// The Azure templates are checked as text (there is no Bicep compiler here): the containers must
// match CONTAINERS and the web app must set everything loadConfig needs in azure mode.

const azureDir = new URL('../../../infra/azure/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, azureDir), 'utf8');

function bicepFiles(dir = fileURLToPath(azureDir)): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, bicepFiles(path));
    else if (entry.name.endsWith('.bicep')) files[path.slice(fileURLToPath(azureDir).length)] = readFileSync(path, 'utf8');
  }
  return files;
}

/** Drops // comments (outside '...' strings) so commented-out text cannot satisfy a check. */
const code = (bicep: string) =>
  bicep
    .split('\n')
    .map((line) => {
      let inString = false;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '\\' && inString) i++;
        else if (line[i] === "'") inString = !inString;
        else if (!inString && line.startsWith('//', i)) return line.slice(0, i);
      }
      return line;
    })
    .join('\n');

/** The text between the brace that opens after `from` and its matching close. */
function block(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

const strings = (text: string) => [...text.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);

interface BicepContainer {
  id: string;
  partitionKey?: string;
  defaultTtl?: number;
  excludedPaths: string[];
}

function bicepContainers(): BicepContainer[] {
  const cosmos = code(read('modules/cosmos.bicep'));
  const start = cosmos.indexOf('var containers = [');
  expect(start, 'modules/cosmos.bicep declares `var containers = [`').toBeGreaterThanOrEqual(0);
  const end = cosmos.indexOf('\n]', start);
  const list = cosmos.slice(start, end);
  return list
    .split(/\n\s*\{\s*\n/)
    .slice(1)
    .map((entry) => ({
      id: /\bid:\s*'([^']+)'/.exec(entry)?.[1] ?? '(no id)',
      partitionKey: /\bpartitionKey:\s*'([^']+)'/.exec(entry)?.[1],
      defaultTtl: /\bdefaultTtl:\s*(-?\d+)/.exec(entry) ? Number(/\bdefaultTtl:\s*(-?\d+)/.exec(entry)![1]) : undefined,
      excludedPaths: strings(/\bexcludedPaths:\s*\[([^\]]*)\]/.exec(entry)?.[1] ?? ''),
    }));
}

function appSettings(): Map<string, string> {
  const web = code(read('modules/web.bicep'));
  const at = web.search(/name:\s*'appsettings'/);
  expect(at, "modules/web.bicep has a sites/config resource named 'appsettings'").toBeGreaterThanOrEqual(0);
  const properties = block(web, web.indexOf('properties:', at));
  return new Map([...properties.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*):\s*(.+?)\s*$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** Settings supplied by the platform or the Azure SDK, not read by infra/config.ts. */
const PLATFORM_SETTINGS = ['NODE_ENV', 'AZURE_CLIENT_ID', 'WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];

const literal = (expression: string) => /^'([^']*)'$/.exec(expression)?.[1];

/** Names of the settings loadConfig complains about for this environment. */
function problemNames(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => p.split(' ')[0]!);
  }
}

describe('Azure templates and Cosmos containers', () => {
  const containers = bicepContainers();

  it('declare every container in CONTAINERS, and no other', () => {
    expect(containers.map((c) => c.id).sort()).toEqual(Object.values(CONTAINERS).map((c) => c.id).sort());
  });

  for (const definition of Object.values(CONTAINERS)) {
    it(`declare ${definition.id} with the same partition key, TTL and indexing`, () => {
      const declared = containers.find((c) => c.id === definition.id)!;
      expect(declared).toBeDefined();
      expect(declared.partitionKey).toBe(definition.partitionKey);
      expect(declared.defaultTtl).toBe('defaultTtl' in definition ? definition.defaultTtl : undefined);

      // The template builds every policy as consistent, automatic, /* included, /"_etag"/? excluded.
      const policy = 'indexingPolicy' in definition ? definition.indexingPolicy : undefined;
      if (policy) {
        expect(policy.indexingMode).toBe('consistent');
        expect(policy.automatic).toBe(true);
        expect(policy.includedPaths).toEqual([{ path: '/*' }]);
      }
      const expected = (policy?.excludedPaths ?? []).map((p) => p.path).filter((p) => p !== '/"_etag"/?');
      expect(declared.excludedPaths).toEqual(expected);
    });
  }

  it('build each container from that list, keyless and serverless', () => {
    const cosmos = code(read('modules/cosmos.bicep'));
    expect(cosmos).toMatch(/for c in containers:/);
    expect(cosmos).toMatch(/paths:\s*\[c\.partitionKey\]/);
    expect(cosmos).toMatch(/defaultTtl:\s*c\.\?defaultTtl/);
    expect(cosmos).toMatch(/concat\(\['\/"_etag"\/\?'\],\s*c\.excludedPaths\)/);
    expect(cosmos).toMatch(/disableLocalAuth:\s*true/);
    expect(cosmos).toMatch(/name:\s*'EnableServerless'/);
    expect(cosmos).toMatch(/dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    expect(cosmos).toMatch(/sqlRoleAssignments@/);
  });
});

describe('Azure templates and the configuration', () => {
  const settings = appSettings();

  it('set every setting loadConfig requires in azure mode', () => {
    const appType = literal(settings.get('MICROSOFT_APP_TYPE') ?? '');
    const required = problemNames({ QUORUM_MODE: 'azure', ...(appType ? { MICROSOFT_APP_TYPE: appType } : {}) });
    expect(required, `config.ts rejects MICROSOFT_APP_TYPE '${appType}'`).not.toContain('MICROSOFT_APP_TYPE');
    expect(required).toContain('COSMOS_ENDPOINT');
    for (const name of required) expect([...settings.keys()], `${name} is required in azure mode`).toContain(name);
    expect(literal(settings.get('QUORUM_MODE')!)).toBe('azure');
    expect(appType).toBe('UserAssignedMSI');
  });

  it('give literal values that loadConfig accepts', () => {
    const literals = Object.fromEntries(
      [...settings].flatMap(([name, expression]) => (literal(expression) === undefined ? [] : [[name, literal(expression)!]])),
    );
    // Whatever loadConfig still objects to must be one of the settings computed from resources.
    const computed = [...settings.keys()].filter((name) => !(name in literals));
    for (const name of problemNames(literals)) expect(computed, `${name} has an invalid literal value`).toContain(name);
  });

  it('set nothing that is neither a config setting nor a known platform setting', () => {
    for (const name of settings.keys()) expect([...SETTING_NAMES, ...PLATFORM_SETTINGS]).toContain(name);
  });

  it('run Node and Express in production mode', () => {
    expect(literal(settings.get('NODE_ENV') ?? '')).toBe('production');
  });

  it('set no key or password for Cosmos DB or the bot', () => {
    expect(settings.has('COSMOS_KEY')).toBe(false);
    expect(settings.has('MICROSOFT_APP_PASSWORD')).toBe(false);
  });

  it('run the app the way the brief for App Service says', () => {
    const web = code(read('modules/web.bicep'));
    const main = code(read('main.bicep'));
    expect(main).toMatch(/param linuxFxVersion string = 'NODE\|20-lts'/);
    expect(web).toMatch(/alwaysOn:\s*true/);
    expect(web).toMatch(/httpsOnly:\s*true/);
    expect(web).toMatch(/healthCheckPath:\s*'\/healthz'/);
    expect(web).toMatch(/appCommandLine:\s*'node dist\/app\/main\.js'/);
    expect(web).toMatch(/type:\s*'UserAssigned'/);
  });

  it('register the bot on the managed identity with the Teams channel', () => {
    const bot = code(read('modules/bot.bicep'));
    expect(bot).toMatch(/msaAppType:\s*'UserAssignedMSI'/);
    expect(bot).toMatch(/msaAppMSIResourceId:\s*identityId/);
    expect(bot).toMatch(/name:\s*'MsTeamsChannel'/);
    expect(code(read('main.bicep'))).toMatch(/messagingEndpoint:\s*'https:\/\/\$\{web\.outputs\.hostname\}\/api\/messages'/);
  });

  it('only pass parameters main.bicep declares', () => {
    const declared = [...code(read('main.bicep')).matchAll(/^param (\w+)/gm)].map((m) => m[1]);
    const parameters = JSON.parse(read('main.parameters.json')) as { parameters: Record<string, unknown> };
    for (const name of Object.keys(parameters.parameters)) expect(declared).toContain(name);
  });

  it('reference only modules that exist', () => {
    const files = bicepFiles();
    for (const [file, text] of Object.entries(files)) {
      for (const m of code(text).matchAll(/^module \w+ '([^']+)'/gm)) {
        const target = join(file, '..', m[1]!);
        expect(Object.keys(files), `${file} uses ${m[1]}`).toContain(target);
      }
    }
  });
});

describe('Azure templates and Microsoft Graph', () => {
  const main = code(read('main.bicep'));
  const permissionsOf = (variable: string) => {
    const at = main.indexOf(`var ${variable} = [`);
    const list = at < 0 ? '' : main.slice(at, main.indexOf('\n]', at));
    return list
      .split(/\n\s*\{\s*\n/)
      .slice(1)
      .map((entry) => ({ permission: /\bpermission:\s*'([^']+)'/.exec(entry)?.[1], why: /\bwhy:\s*'([^']+)'/.exec(entry)?.[1] }));
  };
  const start = main.indexOf('var graphAppPermissions = [');
  const entries = permissionsOf('graphAppPermissions');
  const meetings = permissionsOf('meetingsGraphPermissions');

  it('list exactly the application permissions the Graph clients need, each with why', () => {
    expect(start, 'main.bicep declares `var graphAppPermissions = [`').toBeGreaterThanOrEqual(0);
    expect(entries.map((e) => e.permission).sort()).toEqual([...GRAPH_APP_PERMISSIONS].sort());
    for (const e of entries) expect(e.why?.length ?? 0, `${e.permission} says why`).toBeGreaterThan(20);
  });

  it('ask for no broader permission than those', () => {
    expect(main).not.toMatch(/'(Directory\.\w+\.All|User\.ReadWrite\.All|TeamsAppInstallation\.ReadWriteForTeam\.All)'/);
  });

  it('list the calendar permissions of meetings held in Teams apart, each with why', () => {
    expect(meetings.map((e) => e.permission).sort()).toEqual([...CALENDAR_PERMISSIONS].sort());
    for (const e of meetings) expect(e.why?.length ?? 0, `${e.permission} says why`).toBeGreaterThan(20);
  });

  it('output them for the administrator who grants them, the calendar ones only with a meetings mailbox', () => {
    expect(main).toMatch(
      /^output GRAPH_APP_PERMISSIONS string = join\(map\(concat\(graphAppPermissions, empty\(meetingsMailbox\) \? \[\] : meetingsGraphPermissions\), p => p\.permission\), ' '\)$/m,
    );
  });

  it('pass the meetings settings through to the app', () => {
    const settings = appSettings();
    expect(settings.get('MEETINGS_MAILBOX')).toBe('meetingsMailbox');
    expect(settings.get('MEETINGS_PRESENT_MINUTES')).toBe('string(meetingsPresentMinutes)');
    expect(main).toMatch(/meetingsMailbox: meetingsMailbox\n\s*meetingsPresentMinutes: meetingsPresentMinutes/);
  });
});

describe('Azure templates and email (#16)', () => {
  const main = code(read('main.bicep'));
  const start = main.indexOf('var mailGraphAppPermissions = [');
  const list = start < 0 ? '' : main.slice(start, main.indexOf('\n]', start));
  const permissions = [...list.matchAll(/\bpermission:\s*'([^']+)'/g)].map((m) => m[1]);
  const settings = appSettings();

  it('list the mail permissions the Graph mail clients need, apart, and output them only with a mailbox', () => {
    expect(start, 'main.bicep declares `var mailGraphAppPermissions = [`').toBeGreaterThanOrEqual(0);
    expect(permissions.sort()).toEqual([...MAIL_GRAPH_APP_PERMISSIONS].sort());
    expect(GRAPH_APP_PERMISSIONS.some((p) => p.startsWith('Mail.'))).toBe(false);
    expect(main).toMatch(/^output MAIL_GRAPH_APP_PERMISSIONS string = empty\(mailFrom\) \? '' : join\(map\(mailGraphAppPermissions, p => p\.permission\), ' '\)$/m);
  });

  it('set the mail settings, the link key from Key Vault and never as a literal', () => {
    expect(settings.get('MAIL_FROM')).toBe('mailFrom');
    expect(settings.get('MAIL_RATE_PER_SECOND')).toBe('string(mailRatePerSecond)');
    expect(settings.get('LINK_SIGNING_KEY')).toMatch(/^empty\(mailFrom\) \? '' : '@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName=link-signing-key\)'$/);
  });
});
