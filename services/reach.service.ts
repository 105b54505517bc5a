import type { Actor } from './directory.service.js';
import { authorize, subjectOf } from './domain/authorization.js';
import type { Person } from './domain/directory.js';
import type { ReachView } from './domain/reach.js';
import type { AppInstaller, InstallOutcome, ReachCards } from './ports/app-installer.js';
import type { Clock } from './ports/clock.js';
import type { Logger } from './ports/logger.js';
import type { CardPayload } from './ports/outbox.js';
import type { AuditLog, ConversationRefRepo, StoredConversation } from './ports/repositories.js';

export interface ReachDeps {
  conversations: ConversationRefRepo;
  installer: AppInstaller;
  cards: ReachCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Installs in flight at once; Graph throttles per app and per tenant. */
  concurrency?: number;
}

const WHY = {
  blocked: 'blocked Quorum in Teams; only they can unblock it',
  installed: 'installed just now; Teams has not confirmed it yet (say "reach" again in a minute)',
  alreadyInstalled: 'Quorum is installed for them, but Teams has not given the bot their chat: ask them to open Quorum once',
  externalAccess:
    'reached only by external access (federated chat): Teams lets no bot message people outside your organisation; invite them as a guest (docs/deploy.md)',
};

/**
 * A member who never opened the bot cannot be messaged. "reach" installs Quorum for everyone in
 * the directory the bot cannot write to (Teams then tells the bot, which stores the chat), and
 * reports who is still unreachable and why.
 */
export class ReachService {
  constructor(private readonly deps: ReachDeps) {}

  async reach(actor: Actor): Promise<CardPayload> {
    authorize(subjectOf(actor), 'directory.install');
    const partnershipId = actor.directory.partnership.id;
    const people = actor.directory.partnership.people;
    const before = await this.reachability(partnershipId);
    const missing = people.filter((p) => !isReachable(before.get(key(p))));
    const blocked = missing.filter((p) => before.get(key(p))?.unreachable === 'blocked');
    // Installing cannot reach someone outside the organisation: it would only fail, slowly.
    const targets = missing.filter((p) => !blocked.includes(p) && !p.externalAccessOnly);

    const outcomes = new Map<Person, InstallOutcome>();
    const unavailable = this.deps.installer.unavailable;
    if (!unavailable) {
      await pool(targets, this.deps.concurrency ?? 4, async (p) => {
        outcomes.set(p, await this.deps.installer.install(p.aadObjectId).catch((err: Error) => ({ failed: err.message })));
      });
    }

    const after = await this.reachability(partnershipId);
    const stillUnreachable = missing
      .filter((p) => !isReachable(after.get(key(p))))
      .map((p) => ({
        name: p.displayName,
        why: p.externalAccessOnly ? WHY.externalAccess : blocked.includes(p) ? WHY.blocked : whyNot(outcomes.get(p), unavailable),
      }));
    const view: ReachView = {
      people: people.length,
      alreadyReachable: people.length - missing.length,
      installed: names(targets, outcomes, (o) => o === 'installed'),
      alreadyInstalled: names(targets, outcomes, (o) => o === 'already-installed'),
      failed: targets.flatMap((p) => {
        const o = outcomes.get(p);
        return o && typeof o === 'object' ? [{ name: p.displayName, why: o.failed }] : [];
      }),
      stillUnreachable,
      nowReachable: missing.length - stillUnreachable.length,
      unavailable,
    };

    const counts = {
      people: view.people,
      alreadyReachable: view.alreadyReachable,
      installed: view.installed.length,
      alreadyInstalled: view.alreadyInstalled.length,
      failed: view.failed.length,
      stillUnreachable: view.stillUnreachable.length,
    };
    await this.deps.audit.record({
      partnershipId,
      at: this.deps.clock.now().toISOString(),
      actor: actor.person.id,
      action: 'directory.install',
      subject: partnershipId,
      after: counts,
    });
    this.deps.log.info({ partnershipId, by: actor.person.id, ...counts, unavailable: unavailable !== undefined }, 'reach: installs attempted');
    return this.deps.cards.report(view);
  }

  private async reachability(partnershipId: string): Promise<Map<string, StoredConversation>> {
    const refs = await this.deps.conversations.list(partnershipId);
    return new Map(refs.map((r) => [r.aadObjectId.toLowerCase(), r]));
  }
}

const key = (p: Person) => p.aadObjectId.toLowerCase();
const isReachable = (ref: StoredConversation | undefined) => ref !== undefined && !ref.unreachable;

function names(people: Person[], outcomes: Map<Person, InstallOutcome>, pick: (o: InstallOutcome) => boolean): string[] {
  return people.filter((p) => {
    const o = outcomes.get(p);
    return o !== undefined && pick(o);
  }).map((p) => p.displayName);
}

function whyNot(outcome: InstallOutcome | undefined, unavailable: string | undefined): string {
  if (outcome === undefined) return unavailable ? 'never opened Quorum (installing is not possible here, see above)' : 'never opened Quorum';
  if (outcome === 'installed') return WHY.installed;
  if (outcome === 'already-installed') return WHY.alreadyInstalled;
  return `installing failed: ${outcome.failed}`;
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
