import { deepFreeze } from '../../infra/cosmos/documents.js';
import type { AgencyReturn, ReturnKind, ReturnRound } from '../../services/domain/returns.js';
import type { RegisterActionFacts, ReturnActionRegister, ReturnsPresenter, ReturnsRepo } from '../../services/ports/returns.js';

let etags = 0;
const stamp = <T extends object>(v: T): T & { etag: string } => ({ ...(JSON.parse(JSON.stringify(v)) as T), etag: `r${++etags}` });
const frozen = <T>(v: T): T => deepFreeze(structuredClone(v));

/** Rounds and returns in memory with the Cosmos repository's create-once and ETag semantics. */
export class MemoryReturnsRepo implements ReturnsRepo {
  readonly rounds = new Map<string, ReturnRound>();
  readonly returns = new Map<string, AgencyReturn>();
  /** Makes the next listReturns for this round fail, for the jobs' isolation tests. */
  failFor = new Set<string>();

  async createRound(round: ReturnRound) {
    const key = `${round.partnershipId}/${round.id}`;
    if (this.rounds.has(key)) return false;
    this.rounds.set(key, stamp(round));
    return true;
  }
  async getRound(partnershipId: string, id: string) {
    const r = this.rounds.get(`${partnershipId}/${id}`);
    return r ? frozen(r) : undefined;
  }
  async replaceRoundIfUnchanged(round: ReturnRound) {
    const key = `${round.partnershipId}/${round.id}`;
    const current = this.rounds.get(key);
    if (!current || current.etag !== round.etag) return undefined;
    const stored = stamp(round);
    this.rounds.set(key, stored);
    return frozen(stored);
  }
  async listRounds(partnershipId: string, kind?: ReturnKind) {
    return [...this.rounds.values()]
      .filter((r) => r.partnershipId === partnershipId && (!kind || r.kind === kind))
      .sort((a, b) => b.period.localeCompare(a.period))
      .map(frozen);
  }
  async listUnsummarised(partnershipId: string) {
    return [...this.rounds.values()].filter((r) => r.partnershipId === partnershipId && !r.summarisedAt).map(frozen);
  }
  async createReturns(returns: AgencyReturn[]) {
    for (const r of returns) {
      const key = `${r.partnershipId}/${r.id}`;
      if (!this.returns.has(key)) this.returns.set(key, stamp(r));
    }
  }
  async getReturn(partnershipId: string, id: string) {
    const r = this.returns.get(`${partnershipId}/${id}`);
    return r ? frozen(r) : undefined;
  }
  async replaceReturnIfUnchanged(r: AgencyReturn) {
    const key = `${r.partnershipId}/${r.id}`;
    const current = this.returns.get(key);
    if (!current || current.etag !== r.etag) return undefined;
    const stored = stamp(r);
    this.returns.set(key, stored);
    return frozen(stored);
  }
  async listReturns(partnershipId: string, roundIds: string[]) {
    for (const id of roundIds) if (this.failFor.has(id)) throw new Error(`store unavailable for ${id}`);
    return [...this.returns.values()].filter((r) => r.partnershipId === partnershipId && roundIds.includes(r.roundId)).map(frozen);
  }
  async listDataSet(partnershipId: string, year?: string) {
    const rounds = (await this.listRounds(partnershipId, 'data-set')).filter((r) => !year || r.period.startsWith(`${year}-`));
    const figures = (await this.listReturns(partnershipId, rounds.map((r) => r.id))).filter((r) => r.status === 'submitted');
    return { rounds, figures };
  }
}

/** A presenter that keeps the facts it was given, so tests read what a card would say. */
export const factsPresenter: ReturnsPresenter = {
  requested: (facts) => ({ card: 'requested', facts }),
  reminder: (facts) => ({ card: 'reminder', facts }),
  summary: (facts) => ({ card: 'summary', facts }),
};

/** The action register as the returns see it: remembers each action once, by id. */
export class RecordingActionRegister implements ReturnActionRegister {
  readonly actions = new Map<string, RegisterActionFacts>();
  async register(actions: RegisterActionFacts[]) {
    for (const a of actions) if (!this.actions.has(a.id)) this.actions.set(a.id, a);
    return actions.map((a) => a.id);
  }
}
