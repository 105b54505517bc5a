import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from '../services/ports/logger.js';
import { SharedLoads } from '../services/shared-loads.js';
import { buildNotice } from '../cards/notice.card.js';
import { cardAttachment } from './replies.js';

export interface BotCredentials {
  appId?: string;
  appType: 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  password?: string;
  /** Instead of a password: the app's certificate (thumbprint and PEM private key). */
  certificate?: { thumbprint: string; privateKey: string };
}

/**
 * The Bot Framework adapter. Without an app id (local mode) requests are not authenticated, which
 * is what the local emulator expects; with one, every request must carry a valid Bot Framework token.
 */
export function createAdapter(creds: BotCredentials, log: Logger): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = creds.appId
    ? {
        MicrosoftAppId: creds.appId,
        MicrosoftAppType: creds.appType,
        MicrosoftAppTenantId: creds.tenantId,
        MicrosoftAppPassword: creds.password,
        CertificateThumbprint: creds.certificate?.thumbprint,
        CertificatePrivateKey: creds.certificate?.privateKey,
      }
    : {};
  const adapter = new CloudAdapter(new ConnectorReusingAuthentication(options));
  adapter.onTurnError = async (context, error) => {
    log.error(
      { err: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack, activityType: context.activity.type },
      'unhandled error in turn',
    );
    if (context.activity.type === 'message') {
      await context.sendActivity(
        cardAttachment(
          buildNotice({
            title: 'Something went wrong',
            text: 'Sorry, I could not finish that. Nothing was changed. Please try again in a moment; if it keeps happening, tell the board manager.',
            tone: 'error',
          }),
        ),
      );
    }
  };
  return adapter;
}

type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

const MAX_CONNECTORS = 64;

/**
 * The stock authentication has CloudAdapter build a new ConnectorClient and a new UserTokenClient,
 * each with its own HTTP pipeline, on every turn: together a fifth of the work of answering a card.
 * Neither holds per-turn state (their credentials fetch and cache their own tokens), so one per bot
 * identity, service URL and audience is kept and reused.
 */
export class ConnectorReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  // A failed creation (say, credentials unavailable for a moment) is not kept.
  private readonly clients = new SharedLoads<ConnectorClient>({ maxEntries: MAX_CONNECTORS });
  private readonly tokenClients = new SharedLoads<UserTokenClient>({ maxEntries: MAX_CONNECTORS });

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    return { ...result, connectorFactory: result.connectorFactory && this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(JSON.stringify([appIdOf(claimsIdentity)]), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(factory: ConnectorFactory, claims: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claims);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.clients.get(JSON.stringify([appId, serviceUrl, audience ?? '']), () => factory.create(serviceUrl, audience)),
    };
  }
}

/** The app id the stock factories build their clients for: the audience claim, else the appid claim. */
const appIdOf = (claims: ClaimsIdentity) => claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
