import type { Logger } from '../../services/ports/logger.js';
import {
  PEOPLE_DIRECTORY_FAILED,
  PEOPLE_DIRECTORY_UNAVAILABLE,
  type DirectoryUser,
  type PeopleDirectory,
} from '../../services/ports/people-directory.js';
import { DomainError } from '../../services/domain/errors.js';
import type { Config } from '../config.js';
import { graphTokenProvider, type GraphTokenProvider } from './graph-installer.js';
import { requestGraph } from './graph-request.js';
import { graphErrorCode, retryAfterMs } from './graph-responses.js';

/**
 * Least privilege for reading other users as an application: User.ReadBasic.All covers only the
 * basic profile (no userType, no companyName) and GET /users does not honour it as an app role.
 */
export const PEOPLE_PERMISSION = 'User.Read.All';

/** The user properties Quorum reads; nothing else leaves Graph. */
export const USER_SELECT = 'id,displayName,mail,userPrincipalName,userType,companyName';

const MAX_QUERY_LENGTH = 64;
const MAX_LIMIT = 50;
const RETRIED = new Set([429, 503, 504]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GraphPeopleOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (GRAPH_BASE_URL), or the local stand-in. */
  baseUrl: string;
  token: GraphTokenProvider;
  log: Logger;
  /** Retries after 429/503/504; a Retry-After longer than maxWaitMs is not waited for. */
  maxRetries?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
}

/** A user object as Graph returns it with USER_SELECT. */
export interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  userType?: string | null;
  companyName?: string | null;
}

/**
 * The host tenant's directory through Microsoft Graph: $search for names and emails (which needs
 * `ConsistencyLevel: eventual` and $count=true), $filter for an exact email, GET /users/{id}.
 */
export class GraphPeopleDirectory implements PeopleDirectory {
  constructor(private readonly opts: GraphPeopleOptions) {}

  async search(query: string, limit = 10): Promise<DirectoryUser[]> {
    const q = sanitiseSearch(query);
    if (!q) return [];
    const top = Math.min(Math.max(1, Math.floor(limit) || 1), MAX_LIMIT);
    const params = [
      `$search=${encodeURIComponent(`"displayName:${q}" OR "mail:${q}"`)}`,
      `$select=${USER_SELECT}`,
      `$top=${top}`,
      '$count=true',
    ];
    const page = await this.get<{ value?: GraphUser[] }>(`/users?${params.join('&')}`, 'search');
    return (page?.value ?? []).slice(0, top).map(toDirectoryUser);
  }

  async byEmail(email: string): Promise<DirectoryUser | undefined> {
    const address = email.trim();
    if (!isEmailLike(address)) return undefined;
    const literal = `'${address.replace(/'/g, "''")}'`;
    const filter = `mail eq ${literal} or otherMails/any(m:m eq ${literal})`;
    const params = [`$filter=${encodeURIComponent(filter)}`, `$select=${USER_SELECT}`, '$top=2', '$count=true'];
    const page = await this.get<{ value?: GraphUser[] }>(`/users?${params.join('&')}`, 'byEmail');
    const found = page?.value ?? [];
    const exact = found.find((u) => u.mail?.toLowerCase() === address.toLowerCase()) ?? found[0];
    return exact ? toDirectoryUser(exact) : undefined;
  }

  async byId(objectId: string): Promise<DirectoryUser | undefined> {
    if (!GUID.test(objectId)) return undefined;
    const user = await this.get<GraphUser>(`/users/${encodeURIComponent(objectId)}?$select=${USER_SELECT}`, 'byId', true);
    return user ? toDirectoryUser(user) : undefined;
  }

  /** GET with retries; undefined for a 404 when `notFoundIsEmpty`. Throws a DomainError otherwise. */
  private async get<T>(path: string, operation: string, notFoundIsEmpty = false): Promise<T | undefined> {
    const { baseUrl, log } = this.opts;
    const out = await requestGraph({
      baseUrl,
      path,
      token: this.opts.token,
      headers: { consistencylevel: 'eventual', accept: 'application/json' },
      timeoutMs: this.opts.timeoutMs ?? 10_000,
      retry: { statuses: RETRIED, maxRetries: this.opts.maxRetries ?? 3, maxWaitMs: this.opts.maxWaitMs ?? 10_000 },
    });
    if (out.kind === 'no-token') {
      log.warn({ operation, err: out.reason }, 'graph people: no token');
      throw failed(`Quorum could not get a token for Microsoft Graph (${out.reason})`);
    }
    if (out.kind === 'unreachable') {
      const reason = out.timedOut ? 'it did not answer in time' : out.reason;
      log.warn({ operation, err: reason }, 'graph people: request failed');
      throw failed(`Microsoft Graph could not be reached (${reason})`);
    }
    const { res } = out;
    if (res.ok) {
      try {
        return (await res.json()) as T;
      } catch {
        throw failed('Microsoft Graph sent an answer Quorum could not read');
      }
    }
    const code = await graphErrorCode(res);
    if (res.status === 404 && notFoundIsEmpty) return undefined;
    log.warn({ operation, status: res.status, code }, 'graph people: refused');
    throw failed(explain(res.status, code, retryAfterMs(res)), { status: res.status, graphCode: code });
  }
}

/**
 * A $search term that cannot break out of its quotes: no double quotes or backslashes (the
 * syntax's delimiters and escape), no control characters, spaces collapsed, bounded length.
 */
export function sanitiseSearch(query: string): string {
  return query
    .replace(/["\\]/g, ' ')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    .trim();
}

const isEmailLike = (s: string) => s.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && !/\p{Cc}/u.test(s);

export function toDirectoryUser(u: GraphUser): DirectoryUser {
  const upn = u.userPrincipalName ?? undefined;
  const guest = u.userType === 'Guest' || (upn?.includes('#EXT#') ?? false);
  const email = u.mail ?? undefined;
  return {
    objectId: u.id,
    displayName: u.displayName ?? email ?? upn ?? u.id,
    email,
    userPrincipalName: upn,
    guest,
    organisation: u.companyName?.trim() || (guest ? homeDomain(email, upn) : undefined),
  };
}

/** The guest's home domain: from their mail, else from a UPN like name_agency.example#EXT#@host. */
function homeDomain(email: string | undefined, upn: string | undefined): string | undefined {
  const fromMail = email?.split('@')[1];
  if (fromMail) return fromMail.toLowerCase();
  const local = upn?.split('#EXT#')[0];
  const at = local?.lastIndexOf('_') ?? -1;
  return local && at >= 0 ? local.slice(at + 1).toLowerCase() : undefined;
}

function explain(status: number, code: string | undefined, retryAfter: number | undefined): string {
  const suffix = code ? ` (${status} ${code})` : ` (${status})`;
  switch (status) {
    case 400:
      return `Microsoft Graph did not accept the request${suffix}`;
    case 401:
      return `Microsoft Graph did not accept Quorum's token${suffix}`;
    case 403:
      return `Quorum lacks the Microsoft Graph application permission ${PEOPLE_PERMISSION} (User.ReadBasic.All is not enough to tell guests and their organisation apart); see docs/deploy.md${suffix}`;
    case 429:
    case 503:
    case 504: {
      const later = retryAfter ? ` in ${Math.ceil(retryAfter / 1000)} seconds` : ' later';
      return `Microsoft Graph is busy; try again${later}${suffix}`;
    }
    default:
      return `Microsoft Graph refused${suffix}`;
  }
}

const failed = (message: string, details?: Record<string, unknown>) => new DomainError(PEOPLE_DIRECTORY_FAILED, message, details);




/** A directory that cannot search, and says why. */
export const peopleDirectoryUnavailable = (reason: string): PeopleDirectory => {
  const refuse = () => Promise.reject(new DomainError(PEOPLE_DIRECTORY_UNAVAILABLE, reason));
  return { unavailable: reason, search: refuse, byEmail: refuse, byId: refuse };
};

/** The people directory this deployment can have: Graph when Quorum has an identity (or a dev token). */
export function createPeopleDirectory(config: Config, log: Logger, token?: GraphTokenProvider): PeopleDirectory {
  const provider = token ?? graphTokenProvider(config);
  if (!provider) {
    return peopleDirectoryUnavailable(
      'Quorum has no identity to call Microsoft Graph with (the managed identity in Azure, or MICROSOFT_APP_ID with its secret, or GRAPH_DEV_TOKEN locally)',
    );
  }
  return new GraphPeopleDirectory({ baseUrl: config.graph.baseUrl, token: provider, log });
}
