import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from './config.js';

/** Who a dashboard request is from, once its token has been checked. */
export interface TabIdentity {
  /** Entra object id: how the directory knows the person. */
  aadObjectId: string;
  tenantId?: string;
  via: 'sso' | 'dev';
}

/** A token that must not be honoured. The reason is for logs; callers answer 401 and nothing else. */
export class TokenRejected extends Error {
  constructor(readonly reason: string) {
    super(`Token rejected: ${reason}`);
    this.name = 'TokenRejected';
  }
}

export type VerifyToken = (token: string) => Promise<TabIdentity>;

export interface EntraOptions {
  /** Our tenant: tokens from any other are refused. */
  tenantId: string;
  /** The app registration the tab's SSO tokens are issued for. */
  clientId: string;
  /** With it, `api://<host>/<clientId>` is accepted as audience too (v1 tokens carry the Application ID URI). */
  publicHostname?: string;
  /** Default https://login.microsoftonline.com; tests point this at a local server. */
  authority?: string;
  /** Default `<authority>/<tenant>/discovery/v2.0/keys`. */
  jwksUrl?: string;
  /** Instead of fetching keys (tests). */
  keys?: JWTVerifyGetKey;
}

export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';
const SSO_SCOPE = 'access_as_user';

/**
 * Verifies Teams SSO tokens (authentication.getAuthToken): signature against Entra's published keys,
 * issuer of our tenant (v2 or v1 form), audience our app, not expired, issued to a user for our
 * `access_as_user` scope (so an app-only token of the tenant is not a person).
 */
export function entraVerifier(opts: EntraOptions): VerifyToken {
  const authority = (opts.authority ?? DEFAULT_AUTHORITY).replace(/\/+$/, '');
  const tid = opts.tenantId;
  const keys =
    opts.keys ??
    createRemoteJWKSet(new URL(opts.jwksUrl ?? `${authority}/${tid}/discovery/v2.0/keys`), {
      timeoutDuration: 5_000,
      cooldownDuration: 60_000,
      cacheMaxAge: 6 * 3600_000,
    });
  const issuer = [`${authority}/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
  const audience = [opts.clientId, ...(opts.publicHostname ? [`api://${opts.publicHostname}/${opts.clientId}`] : [])];

  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256'], clockTolerance: 60, requiredClaims: ['exp', 'iat'] }));
    } catch (err) {
      throw new TokenRejected(describe(err));
    }
    if (payload.tid !== tid) throw new TokenRejected(`tenant ${String(payload.tid)} is not ours`);
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(SSO_SCOPE)) throw new TokenRejected(`scope ${SSO_SCOPE} missing`);
    if (typeof payload.oid !== 'string' || !payload.oid) throw new TokenRejected('no object id');
    return { aadObjectId: payload.oid, tenantId: tid, via: 'sso' };
  };
}

const DEV_ISSUER = 'quorum-dev-sign-in';
const DEV_AUDIENCE = 'quorum-tab';

/** The local development sign-in: short-lived sessions signed with a key that lives only in this process. */
export interface DevSessions {
  issue(aadObjectId: string): Promise<{ token: string; expiresAt: string }>;
  verify: VerifyToken;
}

/**
 * Exists only in local mode, where there is no Entra to sign anyone in: it throws for any other mode,
 * and its key is random per process, so a session never outlives the process or crosses to another.
 */
export function devSessions(mode: Config['mode'], opts: { ttlSeconds?: number } = {}): DevSessions {
  if (mode !== 'local') throw new Error('The development sign-in exists only in local mode.');
  const key = new Uint8Array(randomBytes(32));
  const ttl = opts.ttlSeconds ?? 3600;
  return {
    async issue(aadObjectId) {
      const exp = Math.floor(Date.now() / 1000) + ttl;
      const token = await new SignJWT({ oid: aadObjectId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(aadObjectId)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['HS256'] });
        if (typeof payload.oid !== 'string') throw new TokenRejected('no object id');
        return { aadObjectId: payload.oid, via: 'dev' };
      } catch (err) {
        throw err instanceof TokenRejected ? err : new TokenRejected(describe(err));
      }
    },
  };
}

export interface TabAuth {
  /** Checks an Authorization header; throws TokenRejected for anything but a good bearer token. */
  authenticate(authorization: string | undefined): Promise<TabIdentity>;
  /** Present in local mode only. */
  dev?: DevSessions;
  /** Whether Teams single sign-on is configured. */
  sso: boolean;
}

/** Routes each token by its algorithm: HS256 only ever to the local sign-in (when it exists), RS256 to Entra. */
export function tabAuth(verifiers: { entra?: VerifyToken; dev?: DevSessions }): TabAuth {
  return {
    dev: verifiers.dev,
    sso: verifiers.entra !== undefined,
    async authenticate(authorization) {
      const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization ?? '');
      if (!match) throw new TokenRejected('no bearer token');
      const token = match[1]!;
      let alg: string | undefined;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw new TokenRejected('malformed token');
      }
      if (alg === 'HS256' && verifiers.dev) return verifiers.dev.verify(token);
      if (alg === 'RS256' && verifiers.entra) return verifiers.entra(token);
      throw new TokenRejected(`no verifier for ${alg ?? 'unsigned'} tokens`);
    },
  };
}

/** The tab's sign-in as configured: Teams SSO when the tenant and app are known; the development sign-in in local mode only. */
export function tabAuthFromConfig(config: Config): TabAuth {
  const { tenantId } = config.bot;
  const clientId = config.tab.ssoClientId;
  return tabAuth({
    entra:
      tenantId && clientId
        ? entraVerifier({ tenantId, clientId, publicHostname: config.publicHostname, authority: config.tab.entraAuthority })
        : undefined,
    dev: config.mode === 'local' ? devSessions(config.mode) : undefined,
  });
}

function describe(err: unknown): string {
  if (err instanceof errors.JOSEError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
