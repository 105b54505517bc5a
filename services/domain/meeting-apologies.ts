/** A seat-holder's answer to a notice: attending, or apologies with a deputy or a proxy (C §5.6; L). Pure. */
import type { ProxyRule } from './directory.js';
import type { Apology, AttendanceResponse } from './meeting.js';
import type { Apology as QuorumApology } from './quorum.js';



export interface ResponseInput {
  personId: string;
  response: AttendanceResponse;
  deputyId?: string;
  proxyId?: string;
  at: string;
  via?: 'email';
}

export type ResponseOutcome =
  | { kind: 'recorded' | 'changed'; apology: Apology; previousDeputyId?: string }
  | { kind: 'unchanged'; apology: Apology };

/** Applies a seat-holder's answer; the same answer twice changes nothing, and every change is kept. */
export function applyResponse(
  current: Apology | undefined,
  base: Pick<Apology, 'id' | 'partnershipId' | 'meetingId' | 'bodyId' | 'seatId' | 'agencyId' | 'holderId'>,
  input: ResponseInput,
): ResponseOutcome {
  const deputyId = input.response === 'apologies' ? input.deputyId : undefined;
  const proxyId = input.response === 'apologies' ? input.proxyId : undefined;
  if (current && current.response === input.response && current.deputyId === deputyId && current.proxyId === proxyId) return { kind: 'unchanged', apology: current };
  const next: Apology = {
    ...base,
    ...(current?.etag ? { etag: current.etag } : {}),
    response: input.response,
    deputyId,
    proxyId,
    // The chair's agreement was to this proxy: another one asks again.
    ...(proxyId !== undefined && current?.proxyId === proxyId && current.proxyAgreement ? { proxyAgreement: current.proxyAgreement } : {}),
    answeredBy: input.personId,
    answeredAt: input.at,
    ...(input.via ? { answeredVia: input.via } : {}),
    history: [...(current?.history ?? []), { at: input.at, by: input.personId, response: input.response, deputyId, ...(proxyId ? { proxyId } : {}), ...(input.via ? { via: input.via } : {}) }],
  };
  if (deputyId === undefined) delete next.deputyId;
  if (proxyId === undefined) delete next.proxyId;
  return { kind: current ? 'changed' : 'recorded', apology: next, previousDeputyId: current?.deputyId };
}

/** The proxy who will attend for the seat: named, and agreed by the chair where the body's rule asks (L, Partnership Group ToR). */
export function attendingProxy(a: Apology, rule: ProxyRule | undefined): string | undefined {
  if (a.response !== 'apologies' || a.proxyId === undefined || !rule) return undefined;
  return !rule.chairAgreement || a.proxyAgreement?.agreed === true ? a.proxyId : undefined;
}

/** The apologies as the quorum forecast reads them: a named deputy, or an agreed proxy, attends for the agency. */
export function quorumApologies(apologies: Apology[], proxies?: ProxyRule): QuorumApology[] {
  return apologies
    .filter((a) => a.response === 'apologies')
    .map((a) => ({ seatId: a.seatId, deputyAttending: a.deputyId !== undefined || attendingProxy(a, proxies) !== undefined }));
}

