// Cosmos DB for NoSQL, serverless, with account keys switched off: the app signs in with its
// managed identity and gets the built-in Data Contributor role on the database only.
// The containers must match infra/cosmos/containers.ts (CONTAINERS): same ids, partition key
// paths, indexing and default TTL. test/unit/infra/azure-consistency.test.ts checks that.
// With keys off, the SDK cannot create databases or containers; this template does.

param accountName string
param location string
param databaseName string
@description('Principal (object) id of the managed identity that reads and writes the data.')
param dataContributorPrincipalId string
param workspaceId string
param tags object

// Every container also excludes /"_etag"/?, as Cosmos DB does by default; excludedPaths lists the
// free-text paths containers.ts leaves out of the index. defaultTtl -1: items expire only when
// they set their own ttl.
var containers = [
  {
    id: 'directory'
    partitionKey: '/partnershipId'
    excludedPaths: []
  }
  {
    id: 'conversations'
    partitionKey: '/partnershipId'
    excludedPaths: ['/reference/*']
  }
  {
    id: 'consultations'
    partitionKey: '/partnershipId'
    excludedPaths: ['/reason/?', '/comment/?', '/history/*', '/description/?']
  }
  {
    id: 'outbox'
    partitionKey: '/partnershipId'
    defaultTtl: -1
    excludedPaths: ['/card/*']
  }
  {
    id: 'meetings'
    partitionKey: '/partnershipId'
    excludedPaths: []
  }
  {
    id: 'actions'
    partitionKey: '/partnershipId'
    excludedPaths: ['/progress/*', '/description/?']
  }
  {
    id: 'returns'
    partitionKey: '/partnershipId'
    excludedPaths: ['/history/*', '/standards/*', '/figures/*']
  }
  {
    id: 'leases'
    partitionKey: '/id'
    defaultTtl: -1
    excludedPaths: []
  }
  {
    id: 'audit'
    partitionKey: '/partnershipId'
    excludedPaths: ['/before/*', '/after/*']
  }
]

// Cosmos DB Built-in Data Contributor: read and write items, read metadata.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in containers: {
    parent: database
    name: c.id
    properties: {
      resource: union(
        {
          id: c.id
          partitionKey: {
            paths: [c.partitionKey]
            kind: 'Hash'
            version: 2
          }
          indexingPolicy: {
            indexingMode: 'consistent'
            automatic: true
            includedPaths: [
              {
                path: '/*'
              }
            ]
            excludedPaths: map(concat(['/"_etag"/?'], c.excludedPaths), path => { path: path })
          }
        },
        c.?defaultTtl == null ? {} : { defaultTtl: c.?defaultTtl }
      )
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: dataContributorPrincipalId
    scope: '${account.id}/dbs/${databaseName}'
  }
  dependsOn: [database]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: account
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        category: 'DataPlaneRequests'
        enabled: true
      }
      {
        category: 'ControlPlaneRequests'
        enabled: true
      }
    ]
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
