import type { Actor } from '../directory/index.js';
import { isOpenForAnswers, LIMITS, recipients, type AgencyAnswer, type AnswerState, type Choice, type Consultation } from '../domain/consultation.js';
import { DomainError } from '../domain/errors.js';
import type { ConsultationRepo } from '../ports/consultations.js';
import { auditUse, openChecked, refusedUse, type LinkDeps, type Refused } from './open-link.js';
import type { LinkClaims } from './tokens.js';

/** The consultation answer use case, exactly as Teams calls it (agency rules, reasons, deadline). */
export interface ConsultationAnswering {
  answer(actor: Actor, input: { consultationId: string; agencyId: string; choice: Choice; reason?: string; comment?: string; via?: 'email' }): Promise<unknown>;
}

export interface ConsultationLinkDeps extends LinkDeps {
  consultations: ConsultationAnswering;
  repo: Pick<ConsultationRepo, 'get' | 'getAnswer'>;
}

export type AnswerProblem = { code: 'choice-missing'; field: 'choice' } | { code: 'reason-required'; field: 'reason' } | { code: 'too-long'; field: 'reason' | 'comment'; limit: number; length: number };

/** What the answer page shows: the consultation, the agency's answer now, and what this visit did. */
export interface ConsultationPage {
  kind: 'consultation';
  consultationId: string;
  ref: string;
  title: string;
  ask: string;
  documentUrl?: string;
  bodyName: string;
  agencyName: string;
  deadline: string;
  signOffRequired: boolean;
  current: { choice: AnswerState; byName?: string; byMe: boolean; asDeputy: boolean; viaEmail: boolean; reason?: string; comment?: string; at?: string };
  /** The choice the link or the form asked for, to preselect. */
  choice?: Choice;
  /** What was given, shown again when it was not recorded. */
  given?: { reason?: string; comment?: string };
  result?: 'recorded' | 'unchanged' | 'conflict';
  problems?: AnswerProblem[];
}

export type ConsultationLinkOutcome = Refused | ConsultationPage;

/** GET: shows the consultation and the agency's answer; changes nothing. */
export async function showConsultation(deps: ConsultationLinkDeps, token: string, choice?: Choice): Promise<ConsultationLinkOutcome> {
  const opened = await openChecked(deps, token, 'open', check);
  if ('kind' in opened) return opened;
  await auditUse(deps, opened.claims, 'open');
  return page(deps, opened.claims, opened.actor, opened.checked.c, { choice });
}

/** POST: answers for the agency through the consultation answer use case, marked as come by email. */
export async function answerConsultation(
  deps: ConsultationLinkDeps,
  token: string,
  form: { choice?: string; reason?: string; comment?: string },
): Promise<ConsultationLinkOutcome> {
  const opened = await openChecked(deps, token, 'answer', check);
  if ('kind' in opened) return opened;
  const { claims, actor, checked } = opened;
  const choice = form.choice === 'agree' || form.choice === 'disagree' ? form.choice : undefined;
  const reason = form.reason?.trim() || undefined;
  const comment = form.comment?.trim() || undefined;
  const problems: AnswerProblem[] = [];
  if (!choice) problems.push({ code: 'choice-missing', field: 'choice' });
  if (choice === 'disagree' && !reason) problems.push({ code: 'reason-required', field: 'reason' });
  if (reason && reason.length > LIMITS.reason) problems.push({ code: 'too-long', field: 'reason', limit: LIMITS.reason, length: reason.length });
  if (comment && comment.length > LIMITS.comment) problems.push({ code: 'too-long', field: 'comment', limit: LIMITS.comment, length: comment.length });
  const given = { reason: reason?.slice(0, LIMITS.reason), comment: comment?.slice(0, LIMITS.comment) };
  if (problems.length > 0 || !choice) {
    await auditUse(deps, claims, 'rejected', { problems: problems.map((p) => p.code) });
    return page(deps, claims, actor, checked.c, { choice, problems, given });
  }

  const before = await deps.repo.getAnswer(claims.partnershipId, claims.itemId, claims.scope);
  try {
    await deps.consultations.answer(actor, { consultationId: claims.itemId, agencyId: claims.scope, choice, reason, comment, via: 'email' });
  } catch (err) {
    if (err instanceof DomainError && (err.kind === 'closed' || err.kind === 'forbidden' || err.kind === 'not-found')) {
      const reasonCode = err.kind === 'closed' ? 'closed' : err.kind === 'forbidden' ? 'not-yours' : 'not-found';
      await refusedUse(deps, claims, 'answer', reasonCode);
      return { kind: 'refused', reason: reasonCode };
    }
    throw err;
  }
  const stored = await deps.repo.getAnswer(claims.partnershipId, claims.itemId, claims.scope);
  const mine = stored?.answeredBy === actor.person.id && stored.choice === choice;
  const result = !mine ? 'conflict' : (stored?.history.length ?? 0) > (before?.history.length ?? 0) ? 'recorded' : 'unchanged';
  await auditUse(deps, claims, 'answer', { choice, result });
  return page(deps, claims, actor, checked.c, { choice, result, known: stored, ...(result === 'conflict' ? { given } : {}) });
}

/** The consultation is there, still open, and the person still answers for the agency on its body. */
async function check(deps: ConsultationLinkDeps, claims: LinkClaims, actor: Actor, use: 'open' | 'answer'): Promise<{ c: Consultation } | Refused> {
  const refuse = async (reason: Refused['reason']): Promise<Refused> => {
    await refusedUse(deps, claims, use, reason);
    return { kind: 'refused', reason };
  };
  if (claims.purpose !== 'consultation') return refuse('tampered');
  const c = await deps.repo.get(claims.partnershipId, claims.itemId);
  if (!c || c.status === 'draft' || c.status === 'cancelled') return refuse('not-found');
  if (!isOpenForAnswers(c, deps.clock.now())) return refuse('closed');
  const body = actor.directory.body(c.bodyId);
  const r = body && recipients(body, actor.directory, c.kind, c.extraAgencyIds).find((x) => x.personId === actor.person.id);
  if (!r?.agencies.some((a) => a.agencyId === claims.scope && a.canAnswer)) return refuse('not-yours');
  return { c };
}

async function page(
  deps: ConsultationLinkDeps,
  claims: LinkClaims,
  actor: Actor,
  c: Consultation,
  extra: { choice?: Choice; result?: ConsultationPage['result']; problems?: AnswerProblem[]; given?: ConsultationPage['given']; known?: AgencyAnswer },
): Promise<ConsultationPage> {
  const d = actor.directory;
  const a = extra.known ?? (await deps.repo.getAnswer(claims.partnershipId, claims.itemId, claims.scope));
  return {
    kind: 'consultation',
    consultationId: c.id,
    ref: c.ref,
    title: c.title,
    ask: c.ask,
    ...(c.documentUrl ? { documentUrl: c.documentUrl } : {}),
    bodyName: d.body(c.bodyId)?.name ?? c.bodyId,
    agencyName: d.agency(claims.scope)?.name ?? claims.scope,
    deadline: c.deadline,
    signOffRequired: c.signOffRequired,
    current: {
      choice: a?.choice ?? 'none',
      byName: a?.answeredBy ? (d.person(a.answeredBy)?.displayName ?? a.answeredBy) : undefined,
      byMe: a?.answeredBy === actor.person.id,
      asDeputy: a?.answeredAs === 'deputy',
      viaEmail: a?.answeredVia === 'email',
      reason: a?.reason,
      comment: a?.comment,
      at: a?.answeredAt,
    },
    ...(extra.choice ? { choice: extra.choice } : {}),
    ...(extra.given ? { given: extra.given } : {}),
    ...(extra.result ? { result: extra.result } : {}),
    ...(extra.problems?.length ? { problems: extra.problems } : {}),
  };
}
