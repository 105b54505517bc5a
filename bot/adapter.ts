import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from '../services/ports/logger.js';
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
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
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
