import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAdapter } from '../../../bot/adapter.js';
import { ConfigError, loadConfig } from '../../../infra/config.js';
import { silentLog } from '../../support/harness.js';

const azure = {
  QUORUM_MODE: 'azure',
  COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/',
  MICROSOFT_APP_ID: '6f1c2d3e-0000-4000-8000-00000000a991',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-0000000000001',
  PUBLIC_HOSTNAME: 'quorum.example.org',
};
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const thumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('Bot Framework credentials', () => {
  it('accept a certificate instead of a secret for a single-tenant app', () => {
    const config = loadConfig({ ...azure, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumbprint, MICROSOFT_APP_CERTIFICATE_KEY: pem.replace(/\n/g, '\\n') });
    expect(config.bot.password).toBeUndefined();
    expect(config.bot.certificate).toEqual({ thumbprint, privateKey: pem });
    expect(() => createAdapter(config.bot, silentLog)).not.toThrow();
  });

  it('need both halves of the certificate, or a secret', () => {
    expect(problems({ ...azure, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: thumbprint })).toEqual([
      expect.stringMatching(/^MICROSOFT_APP_PASSWORD is required .* unless MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_KEY/),
    ]);
    expect(problems({ ...azure, MICROSOFT_APP_CERTIFICATE_THUMBPRINT: 'not-hex', MICROSOFT_APP_PASSWORD: 's' })[0]).toMatch(/^MICROSOFT_APP_CERTIFICATE_THUMBPRINT/);
  });

  it('need nothing more for the managed identity', () => {
    expect(problems({ ...azure, MICROSOFT_APP_TYPE: 'UserAssignedMSI' })).toEqual([]);
  });
});
