import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

/**
 * Every setting Quorum reads. `.env.example` documents each one; a test keeps the two in step.
 * With no Azure settings (QUORUM_MODE unset) Quorum runs locally on the embedded Cosmos server.
 */
const schema = z
  .object({
    QUORUM_MODE: z.enum(['local', 'azure']).default('local'),
    PORT: port.default(3978),
    HOST: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'text']).optional(),

    COSMOS_ENDPOINT: z.url().optional(),
    COSMOS_KEY: z.string().min(1).optional(),
    COSMOS_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/).default('quorum'),
    DATA_DIR: z.string().min(1).default('.data'),

    PARTNERSHIP_FILE: z.string().min(1).default('partnerships/merton-2015.json'),
    QUORUM_MANAGERS: z
      .string()
      .transform((v) => v.split(',').map((id) => id.trim()).filter(Boolean))
      .pipe(z.array(z.guid('each id must be an Entra object id (8-4-4-4-12 hex digits)')))
      .optional(),

    PLAYGROUND: bool.optional(),
    PLAYGROUND_PORT: port.default(56150),

    MICROSOFT_APP_ID: z.string().min(1).optional(),
    MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
    MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
    MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
    MICROSOFT_APP_CERTIFICATE_THUMBPRINT: z.string().regex(/^[0-9A-Fa-f]{40,64}$/).optional(),
    MICROSOFT_APP_CERTIFICATE_KEY: z.string().min(1).optional(),
    AZURE_CLIENT_ID: z.string().min(1).optional(),

    GRAPH_BASE_URL: z.url().optional(),
    GRAPH_DEV_TOKEN: z.string().min(1).optional(),
    GRAPH_STAND_IN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    TEAMS_APP_CATALOG_ID: z.string().min(1).optional(),
    MEETINGS_MAILBOX: z.email().max(254).optional(),
    MEETINGS_PRESENT_MINUTES: z.coerce.number().int().min(0).max(600).default(15),

    JOBS_ENABLED: bool.default(true),
    SEND_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(50),
    REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(9),

    PUBLIC_HOSTNAME: z.string().regex(/^(?!-)[A-Za-z0-9-]{1,63}(?:\.(?!-)[A-Za-z0-9-]{1,63})*$/).optional(),
    MAIL_FROM: z.email().optional(),
    MAIL_RATE_PER_SECOND: z.coerce.number().positive().max(100).default(15),
    LINK_SIGNING_KEY: z.string().min(32).optional(),
    TAB_SSO_CLIENT_ID: z.string().min(1).optional(),
    ENTRA_AUTHORITY: z.url().default('https://login.microsoftonline.com'),
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().min(1).optional(),
    RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(7),
  })
  .superRefine((env, ctx) => {
    if (env.QUORUM_MODE !== 'azure') return;
    const required = ['COSMOS_ENDPOINT', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_TENANT_ID', 'PUBLIC_HOSTNAME'] as const;
    for (const key of required) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when QUORUM_MODE=azure' });
    }
    const certificate = env.MICROSOFT_APP_CERTIFICATE_THUMBPRINT && env.MICROSOFT_APP_CERTIFICATE_KEY;
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && !env.MICROSOFT_APP_PASSWORD && !certificate) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message:
          'is required when MICROSOFT_APP_TYPE=SingleTenant, unless MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_KEY are set (use Key Vault references in Azure)',
      });
    }
    if (env.PLAYGROUND) {
      ctx.addIssue({ code: 'custom', path: ['PLAYGROUND'], message: 'cannot be enabled when QUORUM_MODE=azure' });
    }
    if (env.MAIL_FROM && !env.LINK_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['LINK_SIGNING_KEY'],
        message: 'is required when MAIL_FROM is set in Azure: the answer links in emails are signed with it (at least 32 random characters, kept in Key Vault)',
      });
    }
    if (env.GRAPH_DEV_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPH_DEV_TOKEN'],
        message: 'cannot be set when QUORUM_MODE=azure: there Quorum calls Microsoft Graph as its managed identity',
      });
    }
  });

type Env = z.output<typeof schema>;

/** Local mode's board mailbox (the stand-in Graph keeps what it sends) and link key: never valid in Azure. */
export const LOCAL_MAILBOX = 'quorum-board@safeguarding-partnership.example';
const LOCAL_LINK_KEY = 'quorum-local-development-link-key-not-a-secret';

export interface Config {
  mode: 'local' | 'azure';
  port: number;
  /** The interface the HTTP server listens on: loopback locally, every interface in Azure. */
  host: string;
  logLevel: Env['LOG_LEVEL'];
  /** Set: always this format. Unset: JSON in Azure; locally, short lines at a terminal and JSON otherwise. */
  logFormat?: 'json' | 'text';
  cosmos: { endpoint?: string; key?: string; database: string };
  dataDir: string;
  /** The sample loaded into an empty store in local mode; undefined for none (PARTNERSHIP_FILE=none). */
  partnershipFile?: string;
  /** Entra object ids of the board managers while no partnership is stored (first run). */
  setupManagers: string[];
  playground: { enabled: boolean; port: number };
  bot: {
    appId?: string;
    appType: Env['MICROSOFT_APP_TYPE'];
    tenantId?: string;
    password?: string;
    certificate?: { thumbprint: string; privateKey: string };
  };
  /** Client id of the user-assigned managed identity (Cosmos DB, Microsoft Graph). */
  azureClientId?: string;
  graph: {
    baseUrl: string;
    teamsAppCatalogId?: string;
    /** Local mode: the bearer token for GRAPH_BASE_URL (or the stand-in), instead of an Entra identity. */
    devToken?: string;
    /** Local mode without GRAPH_BASE_URL: start the stand-in Graph on this port (0: any free one). */
    standIn?: { port: number };
  };
  /**
   * Meetings held in Teams: the board mailbox whose calendar holds them (unset: meetings stay as
   * before, with a link the manager pastes) and the minutes in the meeting that count as present.
   */
  meetings: { mailbox?: string; presentMinutes: number };
  jobs: { enabled: boolean; reminderHour: number };
  sendRatePerSecond: number;
  /**
   * Email for members Teams cannot reach: the board mailbox it is sent from, the sendMail pace, and the
   * key answer links are signed with (a fixed development key in local mode when none is set).
   */
  mail: { from?: string; ratePerSecond: number; linkKey: string };
  publicHostname?: string;
  /** The dashboard tab's single sign-on: the Entra app its tokens are for, and where Entra's keys are. */
  tab: { ssoClientId?: string; entraAuthority: string };
  appInsightsConnectionString?: string;
  retentionYears: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Quorum cannot start: the configuration has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Names of every setting, for `.env.example` and the Azure templates' consistency tests. */
export const SETTING_NAMES = Object.keys(schema.shape) as (keyof Env)[];

/** Parses the environment once. Throws a ConfigError naming every bad or missing setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    SETTING_NAMES.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const parsed = schema.safeParse(known);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => sentence(i, known)));
  const e = parsed.data;
  return Object.freeze({
    mode: e.QUORUM_MODE,
    port: e.PORT,
    host: e.HOST ?? (e.QUORUM_MODE === 'azure' ? '0.0.0.0' : '127.0.0.1'),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.QUORUM_MODE === 'azure' ? 'json' : undefined),
    cosmos: { endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, database: e.COSMOS_DATABASE },
    dataDir: e.DATA_DIR,
    partnershipFile: e.PARTNERSHIP_FILE === 'none' ? undefined : e.PARTNERSHIP_FILE,
    setupManagers: e.QUORUM_MANAGERS ?? [],
    playground: { enabled: e.PLAYGROUND ?? e.QUORUM_MODE === 'local', port: e.PLAYGROUND_PORT },
    bot: {
      appId: e.MICROSOFT_APP_ID,
      appType: e.MICROSOFT_APP_TYPE,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      password: e.MICROSOFT_APP_PASSWORD,
      certificate:
        e.MICROSOFT_APP_CERTIFICATE_THUMBPRINT && e.MICROSOFT_APP_CERTIFICATE_KEY
          ? { thumbprint: e.MICROSOFT_APP_CERTIFICATE_THUMBPRINT, privateKey: e.MICROSOFT_APP_CERTIFICATE_KEY.replace(/\\n/g, '\n') }
          : undefined,
    },
    azureClientId: e.AZURE_CLIENT_ID ?? (e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' ? e.MICROSOFT_APP_ID : undefined),
    graph: {
      baseUrl: (e.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, ''),
      teamsAppCatalogId: e.TEAMS_APP_CATALOG_ID,
      devToken: e.GRAPH_DEV_TOKEN,
      standIn: e.QUORUM_MODE === 'local' && !e.GRAPH_BASE_URL ? { port: e.GRAPH_STAND_IN_PORT } : undefined,
    },
    meetings: { mailbox: e.MEETINGS_MAILBOX, presentMinutes: e.MEETINGS_PRESENT_MINUTES },
    jobs: { enabled: e.JOBS_ENABLED, reminderHour: e.REMINDER_HOUR },
    sendRatePerSecond: e.SEND_RATE_PER_SECOND,
    mail: {
      from: e.MAIL_FROM ?? (e.QUORUM_MODE === 'local' ? LOCAL_MAILBOX : undefined),
      ratePerSecond: e.MAIL_RATE_PER_SECOND,
      linkKey: e.LINK_SIGNING_KEY ?? (e.QUORUM_MODE === 'local' ? LOCAL_LINK_KEY : ''),
    },
    publicHostname: e.PUBLIC_HOSTNAME,
    tab: {
      // A managed identity cannot expose an API, so only a SingleTenant bot's app doubles as the tab's.
      ssoClientId: e.TAB_SSO_CLIENT_ID ?? (e.MICROSOFT_APP_TYPE === 'SingleTenant' ? e.MICROSOFT_APP_ID : undefined),
      entraAuthority: e.ENTRA_AUTHORITY.replace(/\/+$/, ''),
    },
    appInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
    retentionYears: e.RETENTION_YEARS,
  });
}

/** What each setting accepts, for the sentence that refuses a bad value. */
const ACCEPTS: Partial<Record<keyof Env, string>> = {
  QUORUM_MODE: '"local" or "azure"',
  PORT: 'a port number from 1 to 65535',
  PLAYGROUND_PORT: 'a port number from 1 to 65535',
  HOST: 'an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  LOG_FORMAT: '"json" (one JSON object a line) or "text" (a short line for a terminal)',
  COSMOS_ENDPOINT: 'the URL of a Cosmos DB account, e.g. https://quorum.documents.azure.com:443/',
  COSMOS_DATABASE: 'a database name of letters, digits, _ and -',
  QUORUM_MANAGERS: 'Entra object ids (8-4-4-4-12 hex digits) separated by commas',
  PLAYGROUND: 'true or false',
  JOBS_ENABLED: 'true or false',
  MICROSOFT_APP_TYPE: '"SingleTenant" or "UserAssignedMSI"',
  MICROSOFT_APP_CERTIFICATE_THUMBPRINT: 'the certificate thumbprint, 40 to 64 hex digits',
  GRAPH_BASE_URL: 'a URL, e.g. https://graph.microsoft.com/v1.0',
  GRAPH_STAND_IN_PORT: 'a port number from 0 to 65535 (0 takes any free port)',
  PUBLIC_HOSTNAME: 'a host name without https:// or a path, e.g. quorum.example.org',
  ENTRA_AUTHORITY: 'a URL, e.g. https://login.microsoftonline.com',
  SEND_RATE_PER_SECOND: 'a number of messages a second, above 0 and at most 1000',
  REMINDER_HOUR: 'an hour of the day, 0 to 23',
  MAIL_FROM: 'the email address of the board mailbox, e.g. board@partnership.example',
  MAIL_RATE_PER_SECOND: 'a number of emails a second, above 0 and at most 100',
  LINK_SIGNING_KEY: 'at least 32 random characters',
  RETENTION_YEARS: 'a whole number of years, 1 to 100',
  MEETINGS_MAILBOX: 'the email address of the board mailbox, e.g. board@partnership.example',
  MEETINGS_PRESENT_MINUTES: 'a whole number of minutes, 0 to 600',
};

/** Settings whose values are never repeated back, even when wrong. */
const SECRET = /PASSWORD|KEY|TOKEN|SECRET|CONNECTION_STRING/;

/** One sentence per problem: the setting, what it accepts, and (unless secret) what it was given. */
function sentence(issue: z.core.$ZodIssue, given: Record<string, string | undefined>): string {
  const key = String(issue.path[0] ?? '');
  if (!key) return `The environment: ${issue.message}.`;
  if (issue.code === 'custom') return `${key} ${issue.message}.`;
  const value = given[key];
  const shown = value === undefined || SECRET.test(key) ? '' : ` (it is "${value.length > 40 ? `${value.slice(0, 40)}…` : value}")`;
  const accepts = ACCEPTS[key as keyof Env];
  return accepts ? `${key} must be ${accepts}${shown}.` : `${key} is not valid${shown}: ${issue.message}.`;
}
