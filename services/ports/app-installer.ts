/** The result of installing Quorum for one person. */
export type InstallOutcome = 'installed' | 'already-installed' | { failed: string };

/**
 * Installs the Teams app for a user so the bot can message them (Microsoft Graph in Azure).
 * Teams then sends the bot an installationUpdate, and the bot stores the conversation.
 */
export interface AppInstaller {
  /** Why installing cannot work in this deployment; undefined when it can. */
  readonly unavailable?: string;
  install(aadObjectId: string): Promise<InstallOutcome>;
}
