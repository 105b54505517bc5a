// The App Service (Linux, Node) that runs Quorum: the bot's /api/messages, the tab under /tab and
// the scheduled jobs. Its app settings are exactly what infra/config.ts needs in azure mode
// (test/unit/infra/azure-consistency.test.ts checks that), plus two platform settings.

param planName string
param siteName string
param location string
param sku string
param linuxFxVersion string
@description('Resource id of the user-assigned managed identity.')
param identityId string
param identityClientId string
param identityTenantId string
param publicHostname string
param cosmosEndpoint string
param cosmosDatabaseName string
param appInsightsConnectionString string
param partnershipFile string
param jobsEnabled bool
param logLevel string
param retentionYears int
param meetingsMailbox string = ''
param meetingsPresentMinutes int = 15
@description('Teams app catalog id of Quorum (after upload), for the manager\'s "reach" command; empty until known.')
param teamsAppCatalogId string = ''
@description('The board mailbox email is sent from; empty: no email.')
param mailFrom string = ''
param mailRatePerSecond int = 15
@description('The Key Vault holding the secret link-signing-key (the answer links in emails are signed with it).')
param keyVaultName string
param workspaceId string
param tags object

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: true
      healthCheckPath: '/healthz'
      appCommandLine: 'node dist/app/main.js'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      webSocketsEnabled: false
    }
  }
}

var hostname = empty(publicHostname) ? site.properties.defaultHostName : publicHostname

// A separate resource so PUBLIC_HOSTNAME can use the site's own default host name.
// It replaces the whole set of app settings on every deployment: change them here, not in the portal.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    QUORUM_MODE: 'azure'
    // Express in production mode (the server answers every error with its own JSON body in any mode).
    NODE_ENV: 'production'
    COSMOS_ENDPOINT: cosmosEndpoint
    COSMOS_DATABASE: cosmosDatabaseName
    MICROSOFT_APP_ID: identityClientId
    MICROSOFT_APP_TYPE: 'UserAssignedMSI'
    MICROSOFT_APP_TENANT_ID: identityTenantId
    PUBLIC_HOSTNAME: hostname
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    JOBS_ENABLED: jobsEnabled ? 'true' : 'false'
    PARTNERSHIP_FILE: partnershipFile
    LOG_LEVEL: logLevel
    RETENTION_YEARS: string(retentionYears)
    MEETINGS_MAILBOX: meetingsMailbox
    MEETINGS_PRESENT_MINUTES: string(meetingsPresentMinutes)
    TEAMS_APP_CATALOG_ID: teamsAppCatalogId
    MAIL_FROM: mailFrom
    MAIL_RATE_PER_SECOND: string(mailRatePerSecond)
    // Only with a mailbox: the app refuses to start in Azure with MAIL_FROM and no key.
    LINK_SIGNING_KEY: empty(mailFrom) ? '' : '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=link-signing-key)'
    // The user-assigned identity DefaultAzureCredential uses for Cosmos DB and Microsoft Graph.
    AZURE_CLIENT_ID: identityClientId
    // The zip holds the built app (dist/ and production node_modules); run it as is, read-only.
    WEBSITE_RUN_FROM_PACKAGE: '1'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  }
}

// No FTP. (SCM basic auth stays on: some zip-deploy tools still use it.)
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: site
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

output id string = site.id
output name string = site.name
output hostname string = hostname
