import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Partnership } from '../../services/domain/directory.js';
import type { Logger } from '../../services/ports/logger.js';
import type { Config } from '../config.js';
import type { GraphUser } from './graph-people.js';
import { createStandInCalendar, type StandInCalendarControls } from './stand-in-calendar.js';
import { standInMail, type StandInMail } from './stand-in-mail.js';
import standInUsers from './stand-in-users.json' with { type: 'json' };

/** A directory user as the stand-in keeps it: Graph's shape, otherMails included. */
export type StandInUser = GraphUser & { otherMails?: string[] };

/** Fictional host-tenant members and B2B guests for local runs (infra/graph/stand-in-users.json). */
export const STAND_IN_USERS: readonly StandInUser[] = standInUsers;

/** The host tenant's mail domain in the stand-in, for the loaded partnership's people. */
export const STAND_IN_HOST_DOMAIN = 'safeguarding-partnership.example';

export interface StandInGraphOptions {
  /** 0 (the default) takes any free port on 127.0.0.1. */
  port?: number;
  /** The bearer token every request must carry. */
  token: string;
  users: readonly StandInUser[];
}

export interface StandInRequest {
  method: string;
  path: string;
  consistencyLevel?: string;
  status: number;
}

export interface StandInGraph {
  /** Base URL with the version, as GRAPH_BASE_URL: http://127.0.0.1:<port>/v1.0 */
  url: string;
  /** Adds users, replacing any with the same id. */
  addUsers(users: readonly StandInUser[]): void;
  /**
   * Answers the next `count` requests with this status (429 by default, as a throttled Graph does,
   * or 403, 503, ...), with Retry-After when given.
   */
  failNext(count: number, status?: number, retryAfterSeconds?: number): void;
  /** The most recent requests, oldest first (at most 200). */
  readonly requests: readonly StandInRequest[];
  /** The board calendar's events and Teams meetings (infra/graph/stand-in-calendar.ts). */
  calendar: StandInCalendarControls;
  /** sendMail from any mailbox: the messages kept, bounces and 429s to inject (stand-in-mail.ts). */
  readonly mail: StandInMail;
  stop(): Promise<void>;
}

/** Properties Graph returns for a user when the request has no $select. */
const DEFAULT_PROPERTIES = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];
const SEARCHABLE = new Set(['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname']);
const FILTERABLE = new Set(['id', 'mail', 'userPrincipalName', 'displayName']);
const MAX_BODY = 64 * 1024;
const KEPT_REQUESTS = 200;

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A local stand-in for the parts of Microsoft Graph Quorum uses, reached exactly as the real one
 * (base URL and bearer token), so any compatible server can take its place:
 * GET /v1.0/users ($search needing `ConsistencyLevel: eventual`, $filter on mail/otherMails,
 * $select, $top, $count), GET /v1.0/users/{id}, POST /v1.0/users/{id}/teamwork/installedApps.
 */
export async function startStandInGraph(opts: StandInGraphOptions): Promise<StandInGraph> {
  const users = new Map<string, StandInUser>();
  const addUsers = (list: readonly StandInUser[]) => {
    for (const u of list) users.set(u.id.toLowerCase(), u);
  };
  addUsers(opts.users);
  const installed = new Set<string>();
  const mail = standInMail();
  const requests: StandInRequest[] = [];
  let failing: { count: number; status: number; retryAfterSeconds?: number } = { count: 0, status: 429 };
  let base = '';
  const calendar = createStandInCalendar((status, code, message) => new GraphError(status, code, message));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/\/+$/, '');
    const consistency = header(req, 'consistencylevel');
    const record = (status: number) => {
      requests.push({ method: req.method ?? 'GET', path: `${path}${url.search}`, consistencyLevel: consistency, status });
      if (requests.length > KEPT_REQUESTS) requests.shift();
    };
    try {
      if (header(req, 'authorization') !== `Bearer ${opts.token}`) {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
      }
      if (failing.count > 0) {
        failing.count--;
        if (failing.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failing.retryAfterSeconds));
        throw failure(failing.status);
      }
      const segments = path.split('/').slice(1).map(decodeURIComponent);
      const mailed = await mail.route(req, segments);
      if (mailed?.code) throw Object.assign(new GraphError(mailed.status, mailed.code, mailed.message ?? ''), { retryAfter: mailed.retryAfterSeconds });
      if (mailed?.body !== undefined) return void (record(mailed.status), res.writeHead(mailed.status, { 'content-type': 'application/json' }).end(JSON.stringify(mailed.body)));
      if (mailed) return void (record(mailed.status), res.writeHead(mailed.status).end());
      if (segments[0] !== 'v1.0' || segments[1] !== 'users') throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segments[1] ?? ''}'.`);
      let status = 200;
      let body: unknown;
      if (req.method === 'GET' && segments.length === 2) {
        body = listUsers([...users.values()], url.searchParams, consistency, `${base}/$metadata#users`);
      } else if (req.method === 'GET' && segments.length === 3) {
        const user = find(users, segments[2]!);
        body = project(user, selectOf(url.searchParams));
      } else if (req.method === 'POST' && segments.length === 5 && segments[3] === 'teamwork' && segments[4] === 'installedApps') {
        const user = find(users, segments[2]!);
        const app = (await readJson(req))['teamsApp@odata.bind'];
        if (typeof app !== 'string' || !app.includes('/appCatalogs/teamsApps/')) {
          throw new GraphError(400, 'BadRequest', "The body needs 'teamsApp@odata.bind' naming an app in /appCatalogs/teamsApps.");
        }
        const key = `${user.id}|${app.slice(app.lastIndexOf('/') + 1)}`;
        if (installed.has(key)) throw new GraphError(409, 'Conflict', 'App is already installed.');
        installed.add(key);
        status = 201;
      } else if (segments.length > 3) {
        const user = find(users, segments[2]!);
        const answer = await calendar.route({ method: req.method ?? 'GET', rest: segments.slice(3), user, params: url.searchParams, body: () => readJson(req) });
        if (!answer) throw new GraphError(405, 'Request_BadRequest', `${req.method ?? ''} is not supported on ${path}.`);
        status = answer.status;
        body = answer.body;
      } else {
        throw new GraphError(405, 'Request_BadRequest', `${req.method ?? ''} is not supported on ${path}.`);
      }
      record(status);
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } catch (err) {
      const e = err instanceof GraphError ? err : new GraphError(500, 'InternalServerError', (err as Error).message);
      record(e.status);
      if ((e as { retryAfter?: number }).retryAfter !== undefined) res.setHeader('Retry-After', String((e as { retryAfter?: number }).retryAfter));
      res.writeHead(e.status, { 'content-type': 'application/json' }).end(
        JSON.stringify({ error: { code: e.code, message: e.message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } }),
      );
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  return {
    url: base,
    addUsers,
    failNext: (count, status = 429, retryAfterSeconds) => {
      failing = { count, status, retryAfterSeconds };
    },
    requests,
    calendar,
    mail,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listUsers(all: StandInUser[], params: URLSearchParams, consistency: string | undefined, context: string) {
  const search = params.get('$search');
  const filter = params.get('$filter');
  const count = params.get('$count') === 'true';
  const advanced = consistency?.toLowerCase() === 'eventual';
  if (search !== null && !advanced) {
    throw new GraphError(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  }
  if (count && !advanced) throw new GraphError(400, 'Request_BadRequest', "$count is only supported with the header 'ConsistencyLevel: eventual'.");
  const topText = params.get('$top');
  const top = topText === null ? 100 : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > 999) throw new GraphError(400, 'Request_BadRequest', `Invalid page size specified: '${topText ?? ''}'. Must be between 1 and 999 inclusive.`);

  let found = all;
  if (search !== null) found = found.filter(searchMatcher(search));
  if (filter !== null) found = found.filter(filterMatcher(filter));
  found = [...found].sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? ''));
  const select = selectOf(params);
  return {
    '@odata.context': `${context}(${select?.join(',') ?? ''})`,
    ...(count ? { '@odata.count': found.length } : {}),
    value: found.slice(0, top).map((u) => project(u, select)),
  };
}

function failure(status: number): GraphError {
  switch (status) {
    case 429:
      return new GraphError(429, 'TooManyRequests', 'Too many requests; retry after the time in Retry-After.');
    case 403:
      return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    case 503:
      return new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
    default:
      return new GraphError(status, 'UnknownError', `Failing with ${status} as asked.`);
  }
}

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * $search as Graph reads it for directory objects: quoted "property:words" clauses joined by OR
 * or AND (left to right here); a clause matches when each of its words starts a word of the property.
 */
function searchMatcher(search: string): (u: StandInUser) => boolean {
  const token = /\s*(?:"((?:[^"\\]|\\.)*)"|(OR|AND))\s*/gy;
  const clauses: { property: string; terms: string[] }[] = [];
  const joins: ('OR' | 'AND')[] = [];
  let m: RegExpExecArray | null;
  while (token.lastIndex < search.length && (m = token.exec(search)) !== null) {
    if (m[2]) {
      if (joins.length >= clauses.length) throw syntax(search);
      joins.push(m[2] as 'OR' | 'AND');
      continue;
    }
    if (clauses.length > joins.length) throw syntax(search);
    const clause = m[1]!.replace(/\\(.)/g, '$1');
    const colon = clause.indexOf(':');
    const property = clause.slice(0, colon);
    if (colon < 0 || !SEARCHABLE.has(property)) {
      throw new GraphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid property in $search: '${property || clause}'.`);
    }
    clauses.push({ property, terms: words(clause.slice(colon + 1)) });
  }
  if (token.lastIndex < search.length || clauses.length === 0 || joins.length !== clauses.length - 1) throw syntax(search);
  const matches = (u: StandInUser, c: { property: string; terms: string[] }) => {
    const value = u[c.property as keyof GraphUser];
    const have = typeof value === 'string' ? words(value) : [];
    return c.terms.length > 0 && c.terms.every((t) => have.some((w) => w.startsWith(t)));
  };
  return (u) => clauses.slice(1).reduce((acc, c, i) => (joins[i] === 'OR' ? acc || matches(u, c) : acc && matches(u, c)), matches(u, clauses[0]!));
}

const syntax = (search: string) => new GraphError(400, 'Request_BadRequest', `Syntax error in $search: ${search}`);

/** $filter: `prop eq 'v'` and `otherMails/any(x:x eq 'v')` joined by `or`, as Quorum sends it. */
function filterMatcher(filter: string): (u: StandInUser) => boolean {
  const literal = `'((?:[^']|'')*)'`;
  const eq = new RegExp(`\\s*(\\w+)\\s+eq\\s+${literal}\\s*`, 'y');
  const any = new RegExp(`\\s*otherMails/any\\((\\w+):\\1\\s+eq\\s+${literal}\\)\\s*`, 'y');
  const or = /or\b/y;
  const tests: ((u: StandInUser) => boolean)[] = [];
  let at = 0;
  for (;;) {
    eq.lastIndex = any.lastIndex = at;
    let m: RegExpExecArray | null;
    if ((m = any.exec(filter))) {
      const value = m[2]!.replace(/''/g, "'").toLowerCase();
      tests.push((u) => (u.otherMails ?? []).some((x) => x.toLowerCase() === value));
      at = any.lastIndex;
    } else if ((m = eq.exec(filter)) && FILTERABLE.has(m[1]!)) {
      const property = m[1] as keyof GraphUser;
      const value = m[2]!.replace(/''/g, "'").toLowerCase();
      tests.push((u) => String(u[property] ?? '').toLowerCase() === value);
      at = eq.lastIndex;
    } else {
      throw new GraphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause: ${filter.slice(at)}`);
    }
    if (at >= filter.length) break;
    or.lastIndex = at;
    if (!or.exec(filter)) throw new GraphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause: ${filter.slice(at)}`);
    at = or.lastIndex;
  }
  return (u) => tests.some((t) => t(u));
}

const selectOf = (params: URLSearchParams) => params.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean);

/** The user with only the selected properties, null for those it lacks (as Graph answers). */
function project(user: StandInUser, select: string[] | undefined): Record<string, unknown> {
  const record = user as unknown as Record<string, unknown>;
  return Object.fromEntries((select ?? DEFAULT_PROPERTIES).map((p) => [p, record[p] ?? null]));
}

function find(users: Map<string, StandInUser>, idOrUpn: string): StandInUser {
  const key = idOrUpn.toLowerCase();
  const user = users.get(key) ?? [...users.values()].find((u) => u.userPrincipalName?.toLowerCase() === key);
  if (!user) {
    throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return user;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new GraphError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(chunk);
  }
  try {
    const json: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new GraphError(400, 'BadRequest', 'The body must be a JSON object.');
}

/** The people of a loaded partnership as members of the host tenant. */
export function partnershipUsers(partnership: Partnership): StandInUser[] {
  return partnership.people.map((p) => {
    const address = `${p.id.replace(/^p-/, '')}.${partnership.id}@${STAND_IN_HOST_DOMAIN}`;
    return { id: p.aadObjectId, displayName: p.displayName, mail: address, userPrincipalName: address, userType: 'Member' };
  });
}

export interface LocalGraph {
  /** The config with GRAPH_BASE_URL and the dev token pointing at the stand-in. */
  config: Config;
  standIn: StandInGraph;
}

/**
 * Local mode without GRAPH_BASE_URL: starts the stand-in with the fictional users, on
 * GRAPH_STAND_IN_PORT, accepting GRAPH_DEV_TOKEN (or a fresh random token), and points the Graph
 * clients at it. Undefined when Quorum should call the configured Graph instead.
 */
export async function startLocalGraph(config: Config, log: Logger): Promise<LocalGraph | undefined> {
  if (config.mode !== 'local' || !config.graph.standIn) return undefined;
  const token = config.graph.devToken ?? randomUUID();
  const standIn = await startStandInGraph({ port: config.graph.standIn.port, token, users: [...STAND_IN_USERS, ...mailboxUsers(config)] });
  log.info({ url: standIn.url }, 'stand-in Microsoft Graph started');
  return { config: Object.freeze({ ...config, graph: { ...config.graph, baseUrl: standIn.url, devToken: token } }), standIn };
}

/** The board mailbox as a user of the stand-in tenant, so its calendar and Teams meetings work locally. */
export function mailboxUsers(config: Pick<Config, 'meetings'>): StandInUser[] {
  const mailbox = config.meetings.mailbox;
  return mailbox ? [{ id: randomUUID(), displayName: 'Partnership board mailbox', mail: mailbox, userPrincipalName: mailbox, userType: 'Member' }] : [];
}
