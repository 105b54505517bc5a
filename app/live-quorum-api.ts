import type { Response, Router } from 'express';
import { liveQuorumPanel } from '../cards/meeting/live-quorum.js';
import type { Actor } from '../services/directory/index.js';
import { httpErrorBody } from '../services/domain/errors.js';
import type { LiveQuorumUseCases } from '../services/meeting/live-quorum.js';

/** Teams meeting chat ids are `19:meeting_…@thread.v2`; anything longer is not one. */
const MAX_CHAT_ID = 300;

/**
 * The meeting side panel's API under /api/tab (after authentication): `GET /live-quorum?chat=<the
 * meeting chat's id>` answers who is present for which seat and whether the meeting is quorate. The
 * use case checks that the caller may see the meeting before it says anything about it; a chat that
 * is not a meeting Quorum arranged, or not one of the caller's, is the same 404.
 */
export function addLiveQuorumRoutes(router: Router, live: LiveQuorumUseCases): void {
  router.get('/live-quorum', async (req, res: Response) => {
    const actor = (res.locals.auth as { actor?: Actor } | undefined)?.actor;
    if (!actor) {
      res.status(403).json(httpErrorBody('DIRECTORY.NOT_A_MEMBER'));
      return;
    }
    const chat = typeof req.query.chat === 'string' ? req.query.chat.trim() : '';
    if (!chat || chat.length > MAX_CHAT_ID) {
      res.status(400).json(httpErrorBody('REQUEST.INVALID'));
      return;
    }
    res.json(liveQuorumPanel(await live.view(actor, chat)));
  });
}
