/** Someone in the host tenant's directory (Microsoft Entra ID), a B2B guest included. */
export interface DirectoryUser {
  /** Entra object id (a GUID): how Teams identifies the user. */
  objectId: string;
  displayName: string;
  email?: string;
  userPrincipalName?: string;
  /** A B2B guest: a member of another organisation invited into the host tenant. */
  guest: boolean;
  /** Home organisation: the directory's company name, else (for a guest) the domain of their email. */
  organisation?: string;
}

/**
 * Finds people in the host tenant's directory for the Members page (Microsoft Graph in Azure, a
 * stand-in server locally). Failures reject with a DomainError whose message says what is wrong
 * (code PEOPLE_DIRECTORY_FAILED, or PEOPLE_DIRECTORY_UNAVAILABLE when `unavailable` is set).
 */
export interface PeopleDirectory {
  /** Why searching cannot work in this deployment; undefined when it can. */
  readonly unavailable?: string;
  /** People whose name or email starts with the words of `query`; at most `limit` (default 10). */
  search(query: string, limit?: number): Promise<DirectoryUser[]>;
  byEmail(email: string): Promise<DirectoryUser | undefined>;
  byId(objectId: string): Promise<DirectoryUser | undefined>;
}

export const PEOPLE_DIRECTORY_FAILED = 'DIRECTORY.LOOKUP_FAILED';
export const PEOPLE_DIRECTORY_UNAVAILABLE = 'DIRECTORY.LOOKUP_UNAVAILABLE';
