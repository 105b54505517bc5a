// Quorum in Azure: one resource group holding the App Service that runs the bot and the tab, the
// Azure Bot with its Teams channel, Cosmos DB (serverless, keyless), Key Vault and monitoring.
// The bot, Cosmos DB and Key Vault all use one user-assigned managed identity, so there are no
// passwords or account keys to store or rotate.
// Deploy: see docs/deploy.md. The Microsoft 365 Agents Toolkit runs it from m365agents.yml.

targetScope = 'resourceGroup'

@description('Short lowercase name used in every resource name.')
@minLength(3)
@maxLength(16)
param baseName string = 'quorum'

@description('Teams app catalog id of Quorum once uploaded (Teams admin centre); enables the "reach" command.')
param teamsAppCatalogId string = ''

@description('Region for everything except the Azure Bot, which is global.')
param location string = resourceGroup().location

@description('Custom host name for the app (e.g. quorum.example.org) if you bind one; empty uses <app>.azurewebsites.net.')
param publicHostname string = ''

@description('App Service plan SKU. Always On needs Basic (B1) or above.')
@allowed(['B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3'])
param appServiceSku string = 'B1'

@description('App Service runtime stack.')
param linuxFxVersion string = 'NODE|20-lts'

@description('Azure Bot SKU. Teams is a standard channel, free on F0.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'quorum'

@description('Partnership configuration file shipped with the app (PARTNERSHIP_FILE).')
param partnershipFile string = 'partnerships/merton-2015.json'

@description('Run the scheduled jobs (reminders, digests) in this deployment (JOBS_ENABLED).')
param jobsEnabled bool = true

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
param logLevel string = 'info'

@description('Years governance records are kept (RETENTION_YEARS).')
@minValue(1)
@maxValue(100)
param retentionYears int = 7

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('The board mailbox Quorum sends email from, for members Teams cannot reach (docs/deploy.md, email); empty: no email. Needs the link-signing-key secret in Key Vault and MAIL_GRAPH_APP_PERMISSIONS granted.')
param mailFrom string = ''

@description('Emails a second at most, from the board mailbox (Graph allows 10,000 requests per 10 minutes per mailbox).')
@minValue(1)
@maxValue(100)
param mailRatePerSecond int = 15

@description('The board mailbox whose calendar holds the meetings held in Teams (MEETINGS_MAILBOX); empty: meetings stay as before. Needs the calendar permissions below and the access policies in docs/deploy.md.')
param meetingsMailbox string = ''

@description('Minutes in the Teams meeting that count as present in the pre-filled register (MEETINGS_PRESENT_MINUTES).')
@minValue(0)
@maxValue(600)
param meetingsPresentMinutes int = 15

param tags object = {
  application: 'quorum'
}

// Microsoft Graph application permissions the managed identity needs, least privilege; an
// administrator grants them once (docs/deploy.md, step 6): a template cannot grant Graph app roles.
var graphAppPermissions = [
  {
    permission: 'TeamsAppInstallation.ReadWriteForUser.All'
    why: 'reach: install Quorum for members who never opened it, so the bot can message them'
  }
  {
    permission: 'User.Read.All'
    why: 'Members page: find people and guests by name or email; User.ReadBasic.All lacks userType and companyName'
  }
]

// Email for members Teams cannot reach, only with mailFrom: granted after an Exchange administrator has
// limited the app to the board mailbox (application access policy, docs/deploy.md); on their own they
// reach every mailbox in the tenant.
var mailGraphAppPermissions = [
  {
    permission: 'Mail.Send'
    why: 'email: send cards as emails from the board mailbox (sendMail) to members Teams cannot reach'
  }
  {
    permission: 'Mail.Read'
    why: 'email: read non-delivery reports that arrive later in the board mailbox inbox, to mark the delivery bounced'
  }
]

// Only with meetingsMailbox: meetings held in Teams (docs/deploy.md, "Meetings held in Teams"), each
// limited to the board mailbox by an application access policy.
var meetingsGraphPermissions = [
  {
    permission: 'Calendars.ReadWrite'
    why: 'meetings held in Teams: create, update and cancel the events in the board mailbox calendar'
  }
  {
    permission: 'OnlineMeetings.Read.All'
    why: 'meetings held in Teams: find the Teams meeting behind an event join link'
  }
  {
    permission: 'OnlineMeetingArtifact.Read.All'
    why: 'meetings held in Teams: read the attendance reports that pre-fill the register'
  }
]

var name = toLower(baseName)
var suffix = uniqueString(subscription().id, resourceGroup().id, name)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${name}-${suffix}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${name}-${suffix}'
    appInsightsName: 'appi-${name}-${suffix}'
    location: location
    retentionInDays: logRetentionDays
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${name}-${suffix}'
    location: location
    databaseName: cosmosDatabaseName
    dataContributorPrincipalId: identity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    vaultName: 'kv${take(replace(name, '-', ''), 9)}${suffix}'
    location: location
    secretsUserPrincipalId: identity.properties.principalId
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module web 'modules/web.bicep' = {
  name: 'web'
  params: {
    planName: 'plan-${name}-${suffix}'
    siteName: 'app-${name}-${suffix}'
    location: location
    sku: appServiceSku
    linuxFxVersion: linuxFxVersion
    identityId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    publicHostname: publicHostname
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    partnershipFile: partnershipFile
    jobsEnabled: jobsEnabled
    logLevel: logLevel
    retentionYears: retentionYears
    meetingsMailbox: meetingsMailbox
    meetingsPresentMinutes: meetingsPresentMinutes
    teamsAppCatalogId: teamsAppCatalogId
    mailFrom: mailFrom
    mailRatePerSecond: mailRatePerSecond
    keyVaultName: keyVault.outputs.name
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: 'bot-${name}-${suffix}'
    displayName: 'Quorum'
    sku: botSku
    identityId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    messagingEndpoint: 'https://${web.outputs.hostname}/api/messages'
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

// Upper-case names: the Agents Toolkit's arm/deploy writes each output to env/.env.<env> under its
// own name, where manifest placeholders and the deploy step pick them up.
output MICROSOFT_APP_ID string = identity.properties.clientId
output MICROSOFT_APP_TENANT_ID string = identity.properties.tenantId
output PUBLIC_HOSTNAME string = web.outputs.hostname
@description('The Teams app id is the bot id, so the manifest needs no separate one.')
output TEAMS_APP_ID string = identity.properties.clientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output AZURE_APP_SERVICE_NAME string = web.outputs.name
output AZURE_APP_SERVICE_RESOURCE_ID string = web.outputs.id
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output KEY_VAULT_NAME string = keyVault.outputs.name
output BOT_NAME string = bot.outputs.name
@description('Microsoft Graph application permissions to grant the managed identity (docs/deploy.md step 6), space-separated.')
output GRAPH_APP_PERMISSIONS string = join(map(concat(graphAppPermissions, empty(meetingsMailbox) ? [] : meetingsGraphPermissions), p => p.permission), ' ')
@description('With mailFrom: the Graph application permissions email needs, space-separated; grant them once the application access policy limits the app to the board mailbox.')
output MAIL_GRAPH_APP_PERMISSIONS string = empty(mailFrom) ? '' : join(map(mailGraphAppPermissions, p => p.permission), ' ')
