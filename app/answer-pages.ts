import express, { Router, type Response } from 'express';
import { devMailPage, errorPage, linkOutcomePage, refusalStatus, type DevMailView } from '../cards/email/pages.js';
import type { EmailAnswers } from '../services/email-answers/index.js';
import type { Logger } from '../services/ports/logger.js';

/** A mail the local stand-in holds, as the development mailbox lists it. */
export interface HeldMail {
  to: string;
  subject: string;
  at: string;
  text: string;
}

const TOKEN = /^[A-Za-z0-9_-]{1,800}\.[A-Za-z0-9_-]{1,100}$/;
const field = (v: unknown, max: number): string | undefined => (typeof v === 'string' ? v.slice(0, max + 1) : undefined);

/**
 * The answer pages of signed email links, served by the same process: GET shows (and changes
 * nothing, so a mail scanner opening the link answers nothing), POST answers. No sign-in: the signed
 * link is the credential. In local mode, /dev/mail lists the mails the stand-in Graph holds.
 */
export function answerPagesRouter(deps: { answers: EmailAnswers; log: Logger; heldMail?: () => readonly HeldMail[] }): Router {
  const router = Router();
  const html = (res: Response, status: number, page: string) => {
    res
      .status(status)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        // The token is in the address: never sent on to another site.
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      })
      .send(page);
  };
  const failed = (res: Response, err: unknown) => {
    deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'answer page failed');
    html(res, 500, errorPage());
  };

  router.get('/answer/:token', async (req, res) => {
    const token = String(req.params.token);
    try {
      const choice = req.query.choice === 'agree' || req.query.choice === 'disagree' ? req.query.choice : undefined;
      const response = req.query.response === 'attending' || req.query.response === 'apologies' ? req.query.response : undefined;
      const outcome = TOKEN.test(token) ? await deps.answers.show(token, { choice, response }) : { kind: 'refused' as const, reason: 'tampered' as const };
      html(res, outcome.kind === 'refused' ? refusalStatus[outcome.reason] : 200, linkOutcomePage(outcome, `/answer/${token}`));
    } catch (err) {
      failed(res, err);
    }
  });

  router.post('/answer/:token', express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 10 }), async (req, res) => {
    const token = String(req.params.token);
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = TOKEN.test(token)
        ? await deps.answers.answer(token, {
            choice: field(body.choice, 20),
            reason: field(body.reason, 2000),
            comment: field(body.comment, 2000),
            response: field(body.response, 20),
            deputyId: field(body.deputyId, 200),
            proxyId: field(body.proxyId, 200),
          })
        : { kind: 'refused' as const, reason: 'tampered' as const };
      const status = outcome.kind === 'refused' ? refusalStatus[outcome.reason] : outcome.problems ? 400 : 200;
      html(res, status, linkOutcomePage(outcome, `/answer/${token}`));
    } catch (err) {
      failed(res, err);
    }
  });

  const held = deps.heldMail;
  if (held) {
    router.get('/dev/mail', (_req, res) => {
      const mails: DevMailView[] = [...held()].reverse().map((m) => ({ ...m, links: linksIn(m.text) }));
      html(res, 200, devMailPage(mails));
    });
  }
  return router;
}

/** The links of a rendered email's text part: one "label: url" a line. */
function linksIn(text: string): { label: string; url: string }[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = /^(.+?): (https?:\/\/\S+)$/.exec(line.trim());
    return m ? [{ label: m[1]!, url: m[2]! }] : [];
  });
}
