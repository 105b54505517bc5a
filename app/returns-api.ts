import type { Request, Response, Router } from 'express';
import { OUTCOME_TEXT, problemText } from '../cards/returns/problems.js';
import { evaluationData, openRoundData, parseData, planReviewsData, reopenData, returnData } from '../cards/returns/verbs.js';
import { formatLondon } from '../cards/text.js';
import type { Actor } from '../services/directory/index.js';
import { DomainError } from '../services/domain/errors.js';
import type { ReturnProblem } from '../services/domain/returns.js';
import type { ReturnsUseCases } from '../services/returns/index.js';

/**
 * The returns' API under /api/tab (after authentication). The use cases decide who may do what
 * before reading anything by id; here requests are shaped and outcomes worded (cards/returns).
 */
export function addReturnsRoutes(router: Router, returns: ReturnsUseCases): void {
  const actorOf = (res: Response): Actor => {
    const actor = (res.locals.auth as { actor?: Actor } | undefined)?.actor;
    if (!actor) throw new DomainError('AUTH.FORBIDDEN', 'You are not in the partnership directory, so there are no returns to show you.');
    return actor;
  };
  const param = (req: Request, name: string) => String(req.params[name] ?? '').slice(0, 120);
  const query = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).slice(0, 120) : undefined);
  const person = (actor: Actor, id?: string) => (id ? (actor.directory.person(id)?.displayName ?? id) : undefined);
  const when = (iso?: string) => (iso ? formatLondon(new Date(iso)) : undefined);
  const rejected = (problems: ReturnProblem[], standards: { id: string; text: string }[] = []) =>
    new DomainError('INPUT.INVALID', `${OUTCOME_TEXT.rejected(problems.length)} ${problems.map((p) => problemText(p, standards)).join(' ')}`, {
      problems: problems.map((p) => ({ ...p, message: problemText(p, standards) })),
    });
  const body = <T>(schema: Parameters<typeof parseData<T>>[0], req: Request): T => {
    const data = parseData(schema, req.body);
    if (!data) throw new DomainError('INPUT.INVALID', OUTCOME_TEXT.badRequest);
    return data;
  };

  router.get('/returns', async (_req, res) => {
    res.json(await returns.home(actorOf(res)));
  });
  router.get('/returns/matrix', async (req, res) => {
    res.json(await returns.matrix(actorOf(res), query(req, 'round')));
  });
  router.get('/returns/data-set', async (req, res) => {
    res.json(await returns.dataSet(actorOf(res), query(req, 'year')));
  });
  router.post('/returns/rounds', async (req, res) => {
    const actor = actorOf(res);
    const outcome = await returns.openRound(actor, body(openRoundData, req));
    if (outcome.kind === 'rejected') throw rejected(outcome.problems);
    res.status(outcome.kind === 'opened' ? 201 : 200).json({ kind: outcome.kind, roundId: outcome.round.id, ...(outcome.kind === 'opened' ? { requested: outcome.requested } : {}) });
  });
  router.post('/returns/:roundId/peer-reviews', async (req, res) => {
    const actor = actorOf(res);
    const outcome = await returns.planPeerReviews(actor, { roundId: param(req, 'roundId'), ...body(planReviewsData, req) });
    if (outcome.kind === 'rejected') throw rejected(outcome.problems);
    const count = (kind: string) => outcome.reviews.filter((r) => r.kind === kind).length;
    const name = (id: string) => actor.directory.agency(id)?.name ?? id;
    res.json({
      message: OUTCOME_TEXT.planned(count('planned'), count('already-planned'), outcome.failed.length),
      reviews: outcome.reviews.map((r) => ({ ...r, agency: name(r.agencyId) })),
      failed: outcome.failed.map((f) => ({ agencyId: f.agencyId, agency: name(f.agencyId) })),
    });
  });
  router.get('/returns/:roundId/:agencyId', async (req, res) => {
    res.json(await returns.returnView(actorOf(res), param(req, 'roundId'), param(req, 'agencyId')));
  });
  router.post('/returns/:roundId/:agencyId/:step', async (req, res) => {
    const actor = actorOf(res);
    const ids = { roundId: param(req, 'roundId'), agencyId: param(req, 'agencyId') };
    const step = param(req, 'step');
    if (step === 'reopen') {
      const outcome = await returns.reopenReturn(actor, { ...ids, ...body(reopenData, req) });
      if (outcome.kind === 'rejected') throw rejected(outcome.problems);
    } else if (step === 'evaluate') {
      const outcome = await returns.evaluateReturn(actor, { ...ids, ...body(evaluationData, req) });
      if (outcome.kind === 'rejected') throw rejected(outcome.problems, (await returns.returnView(actor, ids.roundId, ids.agencyId)).round.standards);
    } else if (step === 'draft' || step === 'submit') {
      const data = body(returnData, req);
      const outcome = step === 'draft' ? await returns.saveDraft(actor, { ...ids, ...data }) : await returns.submitReturn(actor, { ...ids, ...data });
      if (outcome.kind === 'rejected') {
        const view = await returns.returnView(actor, ids.roundId, ids.agencyId);
        throw rejected(outcome.problems, view.round.standards);
      }
      if (outcome.kind === 'changed' || outcome.kind === 'already-submitted') {
        const message = outcome.kind === 'changed' ? OUTCOME_TEXT.changed(person(actor, outcome.by), when(outcome.at)) : OUTCOME_TEXT.alreadySubmitted(person(actor, outcome.by), when(outcome.at));
        res.status(409).json({ error: { code: outcome.kind === 'changed' ? 'RETURN.CHANGED' : 'RETURN.ALREADY_SUBMITTED', message } });
        return;
      }
    } else {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such dashboard endpoint.' } });
      return;
    }
    res.json(await returns.returnView(actor, ids.roundId, ids.agencyId));
  });
}
