import type { TokenCredential } from '@azure/core-auth';
import { CosmosClient, type Container, type Database } from '@azure/cosmos';
import { CONTAINERS, type ContainerName } from './containers.js';

export type Containers = Record<ContainerName, Container>;

export interface CosmosStore {
  database: Database;
  containers: Containers;
  dispose(): void;
}

export interface CosmosConnection {
  endpoint: string;
  /** An account key; without one the app authenticates with its managed identity. */
  key?: string;
  database: string;
  /** A token credential for managed identity (Azure mode). */
  credential?: TokenCredential;
}

/** Connects and makes sure the database and every container of CONTAINERS exist. */
export async function openCosmosStore(conn: CosmosConnection): Promise<CosmosStore> {
  const client = new CosmosClient({
    endpoint: conn.endpoint,
    ...(conn.key ? { key: conn.key } : { aadCredentials: conn.credential }),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  const { database } = await client.databases.createIfNotExists({ id: conn.database });
  const entries = await Promise.all(
    (Object.keys(CONTAINERS) as ContainerName[]).map(async (name) => {
      const def = CONTAINERS[name];
      const { container } = await database.containers.createIfNotExists({
        id: def.id,
        partitionKey: { paths: [def.partitionKey] },
        ...('indexingPolicy' in def ? { indexingPolicy: def.indexingPolicy } : {}),
        ...('defaultTtl' in def ? { defaultTtl: def.defaultTtl } : {}),
      });
      return [name, container] as const;
    }),
  );
  return { database, containers: Object.fromEntries(entries) as Containers, dispose: () => client.dispose() };
}
