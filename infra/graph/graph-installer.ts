import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { AppInstaller, InstallOutcome } from '../../services/ports/app-installer.js';
import type { Logger } from '../../services/ports/logger.js';
import type { Config } from '../config.js';
import { graphErrorCode, retryAfterMs, sleep } from './graph-responses.js';

/** Microsoft Graph application permissions the managed identity needs (docs/deploy.md, main.bicep). */
export const GRAPH_APP_PERMISSIONS = ['TeamsAppInstallation.ReadWriteForUser.All', 'User.Read.All'] as const;

/** An access token for Microsoft Graph. Tests pass a fake one. */
export type GraphTokenProvider = () => Promise<string>;

export interface GraphInstallerOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (GRAPH_BASE_URL). */
  baseUrl: string;
  /** The app's id in the organisation's app catalogue (TEAMS_APP_CATALOG_ID). */
  catalogAppId: string;
  token: GraphTokenProvider;
  log: Logger;
  /** Retries after 429/503/504, honouring Retry-After up to maxWaitMs. */
  maxRetries?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
}

/**
 * Installs Quorum for a user with Microsoft Graph, as Company Communicator does:
 * POST /users/{id}/teamwork/installedApps, needing TeamsAppInstallation.ReadWriteForUser.All.
 * 409 means it is installed already.
 */
export class GraphAppInstaller implements AppInstaller {
  constructor(private readonly opts: GraphInstallerOptions) {}

  async install(aadObjectId: string): Promise<InstallOutcome> {
    const { baseUrl, catalogAppId, log } = this.opts;
    const maxRetries = this.opts.maxRetries ?? 3;
    const url = `${baseUrl}/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`;
    const body = JSON.stringify({ 'teamsApp@odata.bind': `${baseUrl}/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}` });
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.opts.token();
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'graph install: no token');
        return { failed: `Quorum could not get a token for Microsoft Graph (${(err as Error).message})` };
      }
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
        });
      } catch (err) {
        log.warn({ aadObjectId, err: (err as Error).message }, 'graph install: request failed');
        return { failed: `Microsoft Graph could not be reached (${(err as Error).message})` };
      }
      if (res.ok) {
        await res.body?.cancel();
        return 'installed';
      }
      const code = await graphErrorCode(res);
      if (res.status === 409) return 'already-installed';
      if ([429, 503, 504].includes(res.status) && attempt < maxRetries) {
        await sleep(Math.min(retryAfterMs(res) ?? 1000 * 2 ** attempt, this.opts.maxWaitMs ?? 10_000));
        continue;
      }
      log.warn({ aadObjectId, status: res.status, code }, 'graph install refused');
      return { failed: explain(res.status, code) };
    }
  }
}

function explain(status: number, code: string | undefined): string {
  const suffix = code ? ` (${status} ${code})` : ` (${status})`;
  switch (status) {
    case 401:
      return `Microsoft Graph did not accept Quorum's token${suffix}`;
    case 403:
      return `Quorum lacks the Graph permission TeamsAppInstallation.ReadWriteForUser.All, or an app permission policy blocks Quorum for this user${suffix}`;
    case 404:
      return `Microsoft Graph does not know this user, or the app in TEAMS_APP_CATALOG_ID${suffix}`;
    case 429:
    case 503:
    case 504:
      return `Microsoft Graph is busy; try again later${suffix}`;
    default:
      return `Microsoft Graph refused${suffix}`;
  }
}




/** An installer that cannot install, and says why. */
export const installerUnavailable = (reason: string): AppInstaller => ({
  unavailable: reason,
  install: async () => ({ failed: reason }),
});

/**
 * The one place Graph tokens come from: locally the development token (GRAPH_DEV_TOKEN, or the
 * stand-in's), else the app's own identity: the managed identity in Azure, or the bot's secret.
 */
export function graphTokenProvider(config: Config): GraphTokenProvider | undefined {
  const devToken = config.mode === 'local' ? config.graph.devToken : undefined;
  if (devToken) return async () => devToken;
  let credential: TokenCredential | undefined;
  if (config.bot.appType === 'UserAssignedMSI' && config.azureClientId) {
    credential = new ManagedIdentityCredential({ clientId: config.azureClientId });
  } else if (config.bot.appId && config.bot.password && config.bot.tenantId) {
    credential = new ClientSecretCredential(config.bot.tenantId, config.bot.appId, config.bot.password);
  }
  if (!credential) return undefined;
  const scope = `${new URL(config.graph.baseUrl).origin}/.default`;
  let cached: { token: string; expires: number } | undefined;
  return async () => {
    if (cached && cached.expires - Date.now() > 120_000) return cached.token;
    const token = await credential.getToken(scope);
    if (!token) throw new Error('no token for Microsoft Graph');
    cached = { token: token.token, expires: token.expiresOnTimestamp };
    return token.token;
  };
}

/** The installer this deployment can have: Graph when the catalogue id and an identity are set. */
export function createAppInstaller(config: Config, log: Logger, token?: GraphTokenProvider): AppInstaller {
  const catalogAppId = config.graph.teamsAppCatalogId;
  if (!catalogAppId) return installerUnavailable('TEAMS_APP_CATALOG_ID is not set (see docs/deploy.md, step 6)');
  const provider = token ?? graphTokenProvider(config);
  if (!provider) {
    return installerUnavailable('Quorum has no identity to call Microsoft Graph with (the managed identity in Azure, or MICROSOFT_APP_ID with its secret)');
  }
  return new GraphAppInstaller({ baseUrl: config.graph.baseUrl, catalogAppId, token: provider, log });
}
