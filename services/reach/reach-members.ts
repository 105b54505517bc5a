import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import type { Person } from '../domain/directory.js';
import type { ReachOutcome, UnreachableReason } from '../domain/reach.js';
import type { AppInstaller, InstallOutcome } from '../ports/app-installer.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AuditLog, ConversationRefRepo, StoredConversation } from '../ports/repositories.js';

export interface ReachPorts {
  conversations: ConversationRefRepo;
  installer: AppInstaller;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Installs in flight at once; Graph throttles per app and per tenant. */
  concurrency?: number;
}

/**
 * A member who never opened the bot cannot be messaged. "reach" installs Quorum for everyone in
 * the directory the bot cannot write to (Teams then tells the bot, which stores the chat), and
 * reports who is still unreachable and why (as reason codes; cards/reach/ words them).
 */
export function reachMembers(deps: ReachPorts) {
  async function reachability(partnershipId: string): Promise<Map<string, StoredConversation>> {
    const refs = await deps.conversations.list(partnershipId);
    return new Map(refs.map((r) => [r.aadObjectId.toLowerCase(), r]));
  }

  return {
    async reach(actor: Actor): Promise<ReachOutcome> {
      authorize(subjectOf(actor), 'directory.install');
      const partnershipId = actor.directory.partnership.id;
      const people = actor.directory.partnership.people;
      const before = await reachability(partnershipId);
      const missing = people.filter((p) => !isReachable(before.get(key(p))));
      const blocked = missing.filter((p) => before.get(key(p))?.unreachable === 'blocked');
      // Installing cannot reach someone outside the organisation: it would only fail, slowly.
      const targets = missing.filter((p) => !blocked.includes(p) && !p.externalAccessOnly);

      const outcomes = new Map<Person, InstallOutcome>();
      const unavailable = deps.installer.unavailable;
      if (!unavailable) {
        await pool(targets, deps.concurrency ?? 4, async (p) => {
          outcomes.set(p, await deps.installer.install(p.aadObjectId).catch((err: Error) => ({ failed: err.message })));
        });
      }

      const after = await reachability(partnershipId);
      const stillUnreachable: ReachOutcome['stillUnreachable'] = missing
        .filter((p) => !isReachable(after.get(key(p))))
        .map((p) => ({
          name: p.displayName,
          reason: p.externalAccessOnly ? { code: 'external-access' } : blocked.includes(p) ? { code: 'blocked' } : whyNot(outcomes.get(p), unavailable),
        }));
      const view: ReachOutcome = {
        people: people.length,
        alreadyReachable: people.length - missing.length,
        installed: names(targets, outcomes, (o) => o === 'installed'),
        alreadyInstalled: names(targets, outcomes, (o) => o === 'already-installed'),
        failed: targets.flatMap((p) => {
          const o = outcomes.get(p);
          return o && typeof o === 'object' ? [{ name: p.displayName, detail: o.failed }] : [];
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
      await deps.audit.record({
        partnershipId,
        at: deps.clock.now().toISOString(),
        actor: actor.person.id,
        action: 'directory.install',
        subject: partnershipId,
        after: counts,
      });
      deps.log.info({ partnershipId, by: actor.person.id, ...counts, unavailable: unavailable !== undefined }, 'reach: installs attempted');
      return view;
    },
  };
}

const key = (p: Person) => p.aadObjectId.toLowerCase();
const isReachable = (ref: StoredConversation | undefined) => ref !== undefined && !ref.unreachable;

function names(people: Person[], outcomes: Map<Person, InstallOutcome>, pick: (o: InstallOutcome) => boolean): string[] {
  return people.filter((p) => {
    const o = outcomes.get(p);
    return o !== undefined && pick(o);
  }).map((p) => p.displayName);
}

function whyNot(outcome: InstallOutcome | undefined, unavailable: string | undefined): UnreachableReason {
  if (outcome === undefined) return { code: 'never-opened', installUnavailable: unavailable !== undefined };
  if (outcome === 'installed') return { code: 'installed' };
  if (outcome === 'already-installed') return { code: 'already-installed' };
  return { code: 'install-failed', detail: outcome.failed };
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
