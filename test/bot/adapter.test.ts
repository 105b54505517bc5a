import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { ConnectorReusingAuthentication } from '../../bot/adapter.js';
import { message, type TeamsUser } from '../support/activities.js';

const user: TeamsUser = { id: 'u-1', aadObjectId: '00000000-0000-0000-0000-000000000001', name: 'Someone' };
const turnFrom = (serviceUrl: string) => message(user, serviceUrl, 'help') as unknown as Activity;

type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConnectorReusingAuthentication>[1]>;

/** Local mode's credentials (none), failing the first time they are asked for. */
function credentialsFailingOnce(): CredentialsFactory & { calls: number } {
  const factory = {
    calls: 0,
    isValidAppId: async () => true,
    isAuthenticationDisabled: async () => true,
    createCredentials: async () => {
      factory.calls++;
      if (factory.calls === 1) throw new Error('credentials not ready');
      return { signRequest: async <T>(request: T) => request };
    },
  };
  return factory as unknown as CredentialsFactory & { calls: number };
}

describe('the adapter keeps its Bot Framework clients instead of building them every turn', () => {
  it('hands every turn from one service URL the same connector and token client, and another URL its own', async () => {
    const auth = new ConnectorReusingAuthentication({});
    const first = await auth.authenticateRequest(turnFrom('http://127.0.0.1:1'), '');
    const second = await auth.authenticateRequest(turnFrom('http://127.0.0.1:1'), '');
    const connector = await first.connectorFactory!.create('http://127.0.0.1:1');
    expect(await second.connectorFactory!.create('http://127.0.0.1:1')).toBe(connector);
    expect(await first.connectorFactory!.create('http://127.0.0.1:2')).not.toBe(connector);
    // Proactive sends (createConnectorFactory) share the clients of incoming turns.
    expect(await auth.createConnectorFactory(first.claimsIdentity).create('http://127.0.0.1:1')).toBe(connector);
    expect(await auth.createUserTokenClient(first.claimsIdentity)).toBe(await auth.createUserTokenClient(second.claimsIdentity));
  });

  it('does not keep a client whose creation failed, so the next turn tries again', async () => {
    const credentials = credentialsFailingOnce();
    const auth = new ConnectorReusingAuthentication({}, credentials);
    const { connectorFactory } = await auth.authenticateRequest(turnFrom('http://127.0.0.1:1'), '');
    await expect(connectorFactory!.create('http://127.0.0.1:1')).rejects.toThrow('credentials not ready');
    const connector = await connectorFactory!.create('http://127.0.0.1:1');
    expect(await connectorFactory!.create('http://127.0.0.1:1')).toBe(connector);
    expect(credentials.calls).toBe(2);
  });
});
