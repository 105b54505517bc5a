import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { invalidMembershipText, wordProblems } from '../cards/membership/problems.js';
import { TokenRejected, type TabAuth, type TabIdentity } from '../infra/tab-auth.js';
import type { DashboardUseCases } from '../services/dashboard/index.js';
import type { Actor, DirectoryService } from '../services/directory.service.js';
import { VIEW_NAMES, type MeView, type ViewName } from '../services/domain/dashboard-views.js';
import type { MembershipProblem } from '../services/domain/membership-problems.js';
import { DomainError, httpErrorBody, type ErrorKind } from '../services/domain/errors.js';
import type { Logger } from '../services/ports/logger.js';
import type { MembershipUseCases } from '../services/membership/index.js';
import { addLiveQuorumRoutes } from './live-quorum-api.js';
import { addMembersRoutes } from './members-api.js';
import { addReturnsRoutes } from './returns-api.js';
import type { ReturnsUseCases } from '../services/returns/index.js';
import type { LiveQuorumUseCases } from '../services/meeting/live-quorum.js';

export interface TabApiDeps {
  auth: TabAuth;
  directory: DirectoryService;
  dashboard: DashboardUseCases;
  members: MembershipUseCases;
  returns?: ReturnsUseCases;
  /** Meetings held in Teams: the side panel's live quorum (absent without MEETINGS_MAILBOX). */
  liveQuorum?: LiveQuorumUseCases;
  log: Logger;
}

/** For trying the outsider's view with the development sign-in: someone of the tenant in no directory. */
export const DEV_OUTSIDER = { aadObjectId: '00000000-0000-0000-0000-00000000ffff', name: 'Someone outside the partnership' };

interface Authenticated {
  identity: TabIdentity;
  actor?: Actor;
}

/**
 * The dashboard tab's API, mounted at /api/tab. Every request but the development sign-in carries a
 * bearer token (Teams SSO, or the local development session); the views are JSON view models that
 * the dashboard use cases have already filtered through the authorization policy.
 */
export function tabApiRouter(deps: TabApiDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const dev = deps.auth.dev;
  if (dev) {
    router.get('/dev/users', async (_req, res) => {
      const users = (await deps.directory.directories()).flatMap((d) =>
        d.partnership.people.map((p) => ({ aadObjectId: p.aadObjectId, name: p.displayName, partnership: d.partnership.name })),
      );
      const setup = users.length === 0 ? deps.members.setupManagers().map((aadObjectId) => ({ aadObjectId, name: 'Board manager (first run)', partnership: '(to set up)' })) : [];
      res.json({ users: [...users, ...setup, { ...DEV_OUTSIDER, partnership: '(none)' }] });
    });
    router.post('/dev/sign-in', async (req, res) => {
      const aadObjectId = typeof req.body?.aadObjectId === 'string' ? req.body.aadObjectId : '';
      const known =
        aadObjectId === DEV_OUTSIDER.aadObjectId || (await deps.directory.findActor(aadObjectId)) !== undefined || (await deps.members.isSetup(aadObjectId));
      if (!known) {
        res.status(400).json({ error: { code: 'DEV.UNKNOWN_USER', message: 'Choose one of the sample users.' } });
        return;
      }
      const session = await dev.issue(aadObjectId);
      deps.log.info({ aadObjectId }, 'development sign-in');
      res.json(session);
    });
  }

  router.get('/config', (_req, res) => {
    res.json({ sso: deps.auth.sso, devSignIn: dev !== undefined });
  });

  router.use(async (req, res, next) => {
    try {
      const identity = await deps.auth.authenticate(req.get('authorization'));
      const actor = await deps.directory.findActor(identity.aadObjectId);
      res.locals.auth = { identity, actor } satisfies Authenticated;
      next();
    } catch (err) {
      if (!(err instanceof TokenRejected)) throw err;
      deps.log.warn({ reason: err.reason, path: req.path }, 'dashboard token refused');
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer error="invalid_token"')
        .json({ error: { code: 'AUTH.INVALID_TOKEN', message: 'Please sign in again.' } });
    }
  });

  const withActor = (handler: (actor: Actor, req: Request, res: Response, via: TabIdentity['via']) => Promise<void> | void): RequestHandler =>
    async (req, res) => {
      const { identity, actor } = res.locals.auth as Authenticated;
      if (!actor && req.path === '/me' && (await deps.members.isSetup(identity.aadObjectId))) {
        res.json(setupView(identity));
        return;
      }
      if (!actor) {
        res.status(403).json({
          error: {
            code: 'DIRECTORY.NOT_A_MEMBER',
            message: 'You are not in the partnership directory, so there is nothing to show you. Please ask the board manager to add your seat.',
          },
        });
        return;
      }
      await handler(actor, req, res, identity.via);
    };

  router.get(
    '/me',
    withActor((actor, _req, res, via) => {
      res.json(deps.dashboard.me(actor, via));
    }),
  );

  router.get(
    '/views/:name',
    withActor(async (actor, req, res) => {
      const name = String(req.params.name);
      if (!(VIEW_NAMES as readonly string[]).includes(name)) {
        res.status(404).json({ error: { code: 'VIEW.NOT_FOUND', message: `There is no view "${name}".` } });
        return;
      }
      const params = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
      res.json(await deps.dashboard.view(actor, name as ViewName, params));
    }),
  );

  addMembersRoutes(router, deps.members);
  if (deps.returns) addReturnsRoutes(router, deps.returns);
  if (deps.liveQuorum) addLiveQuorumRoutes(router, deps.liveQuorum);

  router.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such dashboard endpoint.' } });
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof DomainError) {
      const status = HTTP_STATUS[err.kind];
      if (err.code === 'MEMBERSHIP.INVALID') {
        const problems = wordProblems(err.details?.problems as MembershipProblem[]);
        res.status(status).json({ error: { code: err.code, message: invalidMembershipText(problems), problems } });
        return;
      }
      const problems = Array.isArray(err.details?.problems) && typeof err.details.problems[0] === 'object' ? { problems: err.details.problems } : {};
      res.status(status).json({ error: { code: err.code, message: err.message, ...problems } });
      return;
    }
    const tooLarge = (err as { type?: unknown }).type === 'entity.too.large';
    if (tooLarge) {
      res.status(413).json({ error: { code: 'REQUEST.TOO_LARGE', message: 'The file is too large: a membership spreadsheet is at most 5 MB.' } });
      return;
    }
    deps.log.error({ err: err instanceof Error ? err.message : String(err), path: req.path }, 'dashboard request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Something went wrong; please try again.' } });
  });
  return router;
}

const HTTP_STATUS: Record<ErrorKind, number> = { forbidden: 403, 'not-found': 404, conflict: 409, busy: 409, closed: 409, unavailable: 503, invalid: 400 };

/** Where scripts/build-tab.ts writes the tab: beside app/ from source, or two levels up from dist/app. */
export function tabDistDir(): string {
  const candidates = ['../tab/dist/', '../../tab/dist/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

/** Teams and Outlook may frame the tab; nobody else may. */
const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.skype.com " +
  'https://*.office.com https://*.office365.com https://*.outlook.com https://*.cloud.microsoft https://*.microsoft365.com';

/** The tab's built files at /tab. */
export function tabFiles(dir: string = tabDistDir()): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Content-Security-Policy', FRAME_ANCESTORS);
    next();
  });
  router.use(express.static(dir, { index: 'index.html', fallthrough: true, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));
  // A missing file falls through to the server's JSON 404.
  router.use((_req, res, next) => {
    if (existsSync(dir)) next();
    else res.status(503).json(httpErrorBody('TAB.NOT_BUILT'));
  });
  return router;
}

/** First run: a named manager with no partnership yet sees only the Members page, to set it up. */
function setupView(identity: TabIdentity): MeView {
  return {
    personId: `setup:${identity.aadObjectId}`,
    name: 'Board manager',
    partnership: 'New partnership',
    isManager: true,
    roles: ['manager'],
    bodies: [],
    views: [],
    managesMembers: true,
    setup: true,
    signedInWith: identity.via,
  };
}
