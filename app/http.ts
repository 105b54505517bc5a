import express, { type Express, type Router } from 'express';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  /** Readiness: the store answers. */
  ready: () => Promise<boolean>;
  /** The dashboard tab: its API (/api/tab) and its built files (/tab), from app/tab-api.ts. */
  tab?: { api: Router; files: Router };
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));

  app.post('/api/messages', async (req, res) => {
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
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

  return app;
}

export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) reject(err);
      else resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
