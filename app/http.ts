import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_ERRORS, httpErrorBody, type HttpErrorCode } from '../services/domain/errors.js';
import type { Logger } from '../services/ports/logger.js';

export interface HttpDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  /** Readiness: the store answers. */
  ready: () => Promise<boolean>;
  /** The dashboard tab: its API (/api/tab) and its built files (/tab), from app/tab-api.ts. */
  tab?: { api: Router; files: Router };
  /** Plain pages served at the root: the answer pages of email links (app/answer-pages.ts). */
  pages?: Router;
  log?: Logger;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const refuse = (res: Response, code: HttpErrorCode) => {
  if (res.headersSent) return void res.end();
  res.status(HTTP_ERRORS[code].status).json(httpErrorBody(code));
};

export function createHttpApp(deps: HttpDeps): Express {
  const log = deps.log ?? quiet;
  const app = express();
  app.disable('x-powered-by');
  // Requests whose body was read and held no bytes (a chunked empty body parses as `{}`).
  const emptyBodies = new WeakSet<object>();
  app.use(
    express.json({
      limit: '1mb',
      verify: (req, _res, buf) => {
        if (buf.length === 0) emptyBodies.add(req);
      },
    }),
  );

  app.post('/api/messages', async (req, res) => {
    // Checked before authentication and before any handler: a malformed activity reaches nothing.
    const problem = req.body === undefined || emptyBodies.has(req) ? 'empty' : activityProblem(req.body);
    if (problem) {
      log.warn({ path: req.path, problem, bytes: Number(req.get('content-length') ?? 0) }, 'malformed activity refused');
      refuse(res, problem === 'empty' ? 'REQUEST.EMPTY' : 'ACTIVITY.INVALID');
      return;
    }
    const answer = new AdapterAnswer(res.socket);
    await deps.adapter.process(req, answer, (context) => deps.bot.run(context));
    if (answer.statusCode >= 400) {
      // The adapter answers with the error's own text (e.g. why a token was refused); we do not.
      const code: HttpErrorCode =
        answer.statusCode === 401 || answer.statusCode === 403 ? 'AUTH.UNAUTHENTICATED' : answer.statusCode === 405 ? 'METHOD_NOT_ALLOWED' : answer.statusCode === 400 ? 'ACTIVITY.INVALID' : 'INTERNAL';
      log.warn({ path: req.path, status: answer.statusCode, code }, 'activity refused');
      refuse(res, code);
      return;
    }
    res.status(answer.statusCode);
    if (answer.body === undefined) res.end();
    else res.send(answer.body);
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const ok = await deps.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready' });
  });

  if (deps.tab) {
    app.use('/api/tab', deps.tab.api);
    app.use('/tab', deps.tab.files);
  }

  if (deps.pages) app.use(deps.pages);

  app.use((_req, res) => refuse(res, 'NOT_FOUND'));

  // Express's own handler would answer with an HTML page (with the stack outside production).
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const code = bodyErrorCode(err);
    if (code) {
      // Never the error itself: a parse error carries the body it could not parse.
      log.warn({ path: req.path, code }, 'unreadable request refused');
    } else {
      log.error({ path: req.path, err: err instanceof Error ? err.message : String(err) }, 'request failed');
    }
    refuse(res, code ?? 'INTERNAL');
  });

  return app;
}

/** Errors from the body parser and the static files carry a 4xx `status` (the parser's also a `type`). */
function bodyErrorCode(err: unknown): HttpErrorCode | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (type === 'entity.parse.failed') return 'REQUEST.INVALID_JSON';
  if (status === 404) return 'NOT_FOUND';
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  if (status === 413) return 'REQUEST.TOO_LARGE';
  if (status === 415) return 'REQUEST.UNSUPPORTED';
  return 'REQUEST.INVALID';
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What every activity needs before the adapter or the bot may see it; the name of the first field missing. */
export function activityProblem(body: unknown): string | undefined {
  if (!record(body)) return 'not an object';
  if (!text(body.type)) return 'type';
  if (!record(body.conversation) || !text(body.conversation.id)) return 'conversation';
  if (!record(body.from) || !text(body.from.id)) return 'from';
  if (!text(body.serviceUrl) || !/^https?:\/\/[^\s/]+/i.test(body.serviceUrl)) return 'serviceUrl';
  if (!text(body.channelId)) return 'channelId';
  return undefined;
}

/**
 * What the adapter answers, held back so that an error goes out as a catalogue JSON body rather than
 * the adapter's text. It has what CloudAdapter.process uses of a response: status, header, send, end.
 */
class AdapterAnswer {
  statusCode = 200;
  body: unknown;
  constructor(readonly socket: unknown) {}
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  header(): this {
    return this;
  }
  send(body: unknown): this {
    this.body = body;
    return this;
  }
  end(): this {
    return this;
  }
}

export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) reject(err);
      else resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
