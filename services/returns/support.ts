import type { Actor } from '../directory/index.js';
import { canFillReturn, canSeeReturn, subjectOf } from '../domain/authorization.js';
import type { Directory } from '../domain/directory.js';
import { returnsErrors } from '../domain/error-messages/returns.js';
import type { ReturnsConfig } from '../domain/returns-config.js';
import { leadIdsOf, returnLeadsOf } from '../domain/returns-leads.js';
import { returnIdOf, type AgencyReturn, type ReturnRound } from '../domain/returns.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AuditLog } from '../ports/repositories.js';
import type { ReturnActionRegister, ReturnsCarryForward, ReturnsMeetings, ReturnsOutbox, ReturnsPresenter, ReturnsRepo, RoundFacts } from '../ports/returns.js';

export interface ReturnsPorts {
  repo: ReturnsRepo;
  directories: { directory(partnershipId: string): Promise<Directory>; directories(): Promise<Directory[]> };
  outbox: ReturnsOutbox;
  presenter: ReturnsPresenter;
  actions: ReturnActionRegister;
  /** The meetings capability, for the peer review meetings (C §6.5). */
  meetings: ReturnsMeetings;
  carryForward: ReturnsCarryForward;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** London hour at which reminders go out. */
  reminderHour: number;
}

/** Rounds still to chase or sum up, partnership by partnership (every query stays in one). */
export async function unsummarisedRounds(ports: Pick<ReturnsPorts, 'repo' | 'directories'>): Promise<ReturnRound[]> {
  const rounds: ReturnRound[] = [];
  for (const d of await ports.directories.directories()) if (d.partnership.returns) rounds.push(...(await ports.repo.listUnsummarised(d.partnership.id)));
  return rounds;
}

export function configOf(directory: Directory): ReturnsConfig {
  const config = directory.partnership.returns;
  if (!config) throw returnsErrors.notConfigured();
  return config;
}

export const roundFacts = (r: ReturnRound): RoundFacts => ({ id: r.id, kind: r.kind, period: r.period, title: r.title, deadline: r.deadline });

export const { unknownRound, unknownReturn } = returnsErrors;

export const leadsFor = (directory: Directory, config: ReturnsConfig, agencyId: string) => leadIdsOf(returnLeadsOf(directory, config, agencyId));

/**
 * The one loader of a return by the ids a client sent. The caller's right comes first, from the
 * directory alone; a return the caller may not see is answered exactly as an unknown one.
 */
export async function requireReturn(
  ports: Pick<ReturnsPorts, 'repo'>,
  actor: Actor,
  roundId: string,
  agencyId: string,
  need: 'see' | 'fill',
): Promise<{ round: ReturnRound; ret: AgencyReturn; config: ReturnsConfig; leads: string[] }> {
  const config = configOf(actor.directory);
  const subject = subjectOf(actor);
  const leads = actor.directory.agency(agencyId) ? leadsFor(actor.directory, config, agencyId) : [];
  if (need === 'fill' && !canFillReturn(subject, leads)) {
    throw returnsErrors.notReturnLead();
  }
  if (need === 'see' && !canSeeReturn(subject, config.qaBodyId, agencyId, leads)) throw unknownReturn();
  const pid = actor.directory.partnership.id;
  const round = await ports.repo.getRound(pid, roundId);
  if (!round || !round.agencyIds.includes(agencyId)) throw unknownReturn();
  const ret = await ports.repo.getReturn(pid, returnIdOf(round.id, agencyId));
  if (!ret) throw unknownReturn();
  return { round, ret, config, leads };
}

export function changeReturn(repo: ReturnsRepo, r: AgencyReturn, change: (r: AgencyReturn) => AgencyReturn): Promise<AgencyReturn> {
  return updateOptimistically(r, change, { replace: (n) => repo.replaceReturnIfUnchanged(n), reread: () => repo.getReturn(r.partnershipId, r.id) }, { ...recordErrors('return'), gone: unknownReturn });
}

export function changeRound(repo: ReturnsRepo, r: ReturnRound, change: (r: ReturnRound) => ReturnRound): Promise<ReturnRound> {
  return updateOptimistically(r, change, { replace: (n) => repo.replaceRoundIfUnchanged(n), reread: () => repo.getRound(r.partnershipId, r.id) }, { ...recordErrors('return-round'), gone: unknownRound });
}
