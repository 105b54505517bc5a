import type { Actor } from '../directory/index.js';
import type { Seat } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import { apologyId, isUpcoming, namedDeputies, type Apology, type AttendanceResponse, type Meeting } from '../domain/meeting.js';
import type { MeetingRepo } from '../ports/meetings.js';
import { auditUse, openChecked, refusedUse, type LinkDeps, type Refused } from './open-link.js';
import type { LinkClaims } from './tokens.js';

/** The meeting apologies use case, exactly as Teams calls it (the seat's holder, named deputies, proxies, until the start). */
export interface MeetingAnswering {
  respond(actor: Actor, input: { meetingId: string; seatId: string; response: AttendanceResponse; deputyId?: string; proxyId?: string; via?: 'email' }): Promise<unknown>;
}

export interface MeetingLinkDeps extends LinkDeps {
  meetings: MeetingAnswering;
  meetingRepo: Pick<MeetingRepo, 'getMeeting' | 'getApology'>;
}

export type MeetingAnswerProblem =
  | { code: 'response-missing'; field: 'response' }
  | { code: 'deputy-not-named'; field: 'deputyId' }
  | { code: 'proxy-not-offered'; field: 'proxyId' }
  | { code: 'deputy-and-proxy'; field: 'proxyId' };

export interface PersonChoice {
  id: string;
  name: string;
}

/** What the meeting answer page shows: the meeting, the seat's answer now, the choices, and what this visit did. */
export interface MeetingPage {
  kind: 'meeting';
  meetingId: string;
  bodyName: string;
  seatTitle: string;
  agencyName?: string;
  startsAt: string;
  place?: string;
  joinUrl?: string;
  /** The agency's named deputies (C §5.6); empty for a sector or advisory seat. */
  deputies: PersonChoice[];
  /** Present when the body takes proxies (L): whom the member may send, and whether the chair must agree. */
  proxies?: { people: PersonChoice[]; chairAgreement: boolean; source: string };
  current: { response: AttendanceResponse | 'none'; deputyName?: string; proxyName?: string; proxyAgreed?: boolean; viaEmail: boolean; at?: string; deputyId?: string; proxyId?: string };
  /** The response the link or the form asked for, to preselect. */
  response?: AttendanceResponse;
  given?: { deputyId?: string; proxyId?: string };
  result?: 'recorded' | 'unchanged';
  problems?: MeetingAnswerProblem[];
}

export type MeetingLinkOutcome = Refused | MeetingPage;

/** GET: shows the meeting and the seat's answer; changes nothing. */
export async function showMeeting(deps: MeetingLinkDeps, token: string, response?: AttendanceResponse): Promise<MeetingLinkOutcome> {
  const opened = await openChecked(deps, token, 'open', check);
  if ('kind' in opened) return opened;
  await auditUse(deps, opened.claims, 'open');
  return page(deps, opened.actor, opened.checked, { response });
}

/** POST: answers for the seat through the meeting apologies use case, marked as come by email. */
export async function answerMeeting(deps: MeetingLinkDeps, token: string, form: { response?: string; deputyId?: string; proxyId?: string }): Promise<MeetingLinkOutcome> {
  const opened = await openChecked(deps, token, 'answer', check);
  if ('kind' in opened) return opened;
  const { claims, actor, checked } = opened;
  const response = form.response === 'attending' || form.response === 'apologies' ? form.response : undefined;
  const apologies = response === 'apologies';
  const deputyId = apologies ? form.deputyId?.trim() || undefined : undefined;
  const proxyId = apologies ? form.proxyId?.trim() || undefined : undefined;
  const choices = choicesFor(actor, checked);
  const problems: MeetingAnswerProblem[] = [];
  if (!response) problems.push({ code: 'response-missing', field: 'response' });
  if (deputyId && !choices.deputies.some((d) => d.id === deputyId)) problems.push({ code: 'deputy-not-named', field: 'deputyId' });
  if (proxyId && !choices.proxies?.people.some((p) => p.id === proxyId)) problems.push({ code: 'proxy-not-offered', field: 'proxyId' });
  else if (proxyId && deputyId) problems.push({ code: 'deputy-and-proxy', field: 'proxyId' });
  const given = { ...(deputyId ? { deputyId } : {}), ...(proxyId ? { proxyId } : {}) };
  if (problems.length > 0 || !response) {
    await auditUse(deps, claims, 'rejected', { problems: problems.map((p) => p.code) });
    return page(deps, actor, checked, { response, problems, given });
  }

  const before = await deps.meetingRepo.getApology(claims.partnershipId, apologyId(claims.itemId, claims.scope));
  try {
    await deps.meetings.respond(actor, { meetingId: claims.itemId, seatId: claims.scope, response, deputyId, proxyId, via: 'email' });
  } catch (err) {
    if (err instanceof DomainError && (err.kind === 'closed' || err.kind === 'forbidden' || err.kind === 'not-found')) {
      const reasonCode = err.kind === 'closed' ? 'closed' : err.kind === 'forbidden' ? 'not-yours' : 'not-found';
      await refusedUse(deps, claims, 'answer', reasonCode);
      return { kind: 'refused', reason: reasonCode };
    }
    throw err;
  }
  const stored = await deps.meetingRepo.getApology(claims.partnershipId, apologyId(claims.itemId, claims.scope));
  const result = (stored?.history.length ?? 0) > (before?.history.length ?? 0) ? 'recorded' : 'unchanged';
  await auditUse(deps, claims, 'answer', { response, result, ...given });
  return page(deps, actor, checked, { response, result, known: stored });
}

interface Checked {
  m: Meeting;
  seat: Seat;
}

/** The meeting is there and has not started, and the person still holds the seat the link names. */
async function check(deps: MeetingLinkDeps, claims: LinkClaims, actor: Actor, use: 'open' | 'answer'): Promise<Checked | Refused> {
  const refuse = async (reason: Refused['reason']): Promise<Refused> => {
    await refusedUse(deps, claims, use, reason);
    return { kind: 'refused', reason };
  };
  if (claims.purpose !== 'meeting') return refuse('tampered');
  const m = await deps.meetingRepo.getMeeting(claims.partnershipId, claims.itemId);
  if (!m || m.status === 'cancelled') return refuse('not-found');
  if (!isUpcoming(m, deps.clock.now())) return refuse('closed');
  const seat = actor.directory.body(m.bodyId)?.seats.find((s) => s.id === claims.scope);
  if (!seat || seat.holderId !== actor.person.id) return refuse('not-yours');
  return { m, seat };
}

function choicesFor(actor: Actor, { m, seat }: Checked): Pick<MeetingPage, 'deputies' | 'proxies'> {
  const d = actor.directory;
  const rule = d.body(m.bodyId)?.proxies;
  const person = (id: string): PersonChoice => ({ id, name: d.person(id)?.displayName ?? id });
  return {
    deputies: namedDeputies(d.partnership, seat).map(person),
    ...(rule
      ? {
          proxies: {
            people: d.partnership.people.filter((p) => p.id !== seat.holderId).map((p) => ({ id: p.id, name: p.displayName })),
            chairAgreement: rule.chairAgreement === true,
            source: rule.source,
          },
        }
      : {}),
  };
}

async function page(
  deps: MeetingLinkDeps,
  actor: Actor,
  checked: Checked,
  extra: { response?: AttendanceResponse; result?: MeetingPage['result']; problems?: MeetingAnswerProblem[]; given?: MeetingPage['given']; known?: Apology },
): Promise<MeetingPage> {
  const { m, seat } = checked;
  const d = actor.directory;
  const a = extra.known ?? (await deps.meetingRepo.getApology(m.partnershipId, apologyId(m.id, seat.id)));
  const name = (id?: string) => (id ? (d.person(id)?.displayName ?? id) : undefined);
  return {
    kind: 'meeting',
    meetingId: m.id,
    bodyName: d.body(m.bodyId)?.name ?? m.bodyId,
    seatTitle: seat.title,
    ...(seat.agencyId ? { agencyName: d.agency(seat.agencyId)?.name ?? seat.agencyId } : {}),
    startsAt: m.startsAt,
    ...(m.place ? { place: m.place } : {}),
    ...(m.joinUrl ? { joinUrl: m.joinUrl } : {}),
    ...choicesFor(actor, checked),
    current: {
      response: a?.response ?? 'none',
      ...(a?.deputyId ? { deputyId: a.deputyId, deputyName: name(a.deputyId) } : {}),
      ...(a?.proxyId ? { proxyId: a.proxyId, proxyName: name(a.proxyId), ...(a.proxyAgreement ? { proxyAgreed: a.proxyAgreement.agreed } : {}) } : {}),
      viaEmail: a?.answeredVia === 'email',
      ...(a ? { at: a.answeredAt } : {}),
    },
    ...(extra.response ? { response: extra.response } : {}),
    ...(extra.given ? { given: extra.given } : {}),
    ...(extra.result ? { result: extra.result } : {}),
    ...(extra.problems?.length ? { problems: extra.problems } : {}),
  };
}
