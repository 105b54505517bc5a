/** Saving a planned membership change (an edit or an import): the checks every save makes, the version check, the audit entry, and telling people whose seats changed. */
import type { DirectoryService } from '../directory.service.js';
import { londonDate } from '../domain/calendar.js';
import { partnershipOn, type Partnership } from '../domain/directory.js';
import type { MembershipPlan } from '../domain/membership.js';
import type { MembershipProblem } from '../domain/membership-problems.js';
import { partnershipProblems } from '../domain/partnership-schema.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { MembershipCards, SeatNotice } from '../ports/membership.js';
import type { AuditLog, DirectoryRepo } from '../ports/repositories.js';
import { changed, personOf, type MembershipCaller, type StoredMembership } from './support.js';

export interface SavePorts {
  repo: Pick<DirectoryRepo, 'saveIfUnchanged' | 'getVersioned'>;
  directory: Pick<DirectoryService, 'forget'>;
  outbox: Pick<Outbox, 'enqueue'>;
  cards: MembershipCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/** The partnership's own rules (partnership-schema), each problem coded at its path (its field). */
export function ruleProblems(result: Partnership): MembershipProblem[] {
  return partnershipProblems(result);
}

/** A manager may not save a membership in which they are no longer a manager: nobody could then mend it. */
export function lockedOut(caller: MembershipCaller, result: Partnership, today: string): MembershipProblem[] {
  const aad = 'actor' in caller ? caller.actor.person.aadObjectId : caller.setup.aadObjectId;
  const current = partnershipOn(result, today);
  const person = current.people.find((p) => p.aadObjectId.toLowerCase() === aad.toLowerCase());
  const manages = person && current.bodies.some((b) => b.seats.some((s) => s.office === 'manager' && s.holderId === person.id));
  return manages ? [] : [{ field: 'membership', code: 'edit.locked-out' }];
}

/** Everything that stops a plan from being saved: its own problems, the rules, and the caller locking themselves out. */
export function planProblems(ports: Pick<SavePorts, 'clock'>, caller: MembershipCaller, plan: MembershipPlan): MembershipProblem[] {
  return [...plan.problems, ...ruleProblems(plan.result), ...lockedOut(caller, plan.result, londonDate(ports.clock.now()))];
}

/** Saves the plan if the store still holds `stored`'s version; then the audit entry and the notices. */
export async function saveMembership(ports: SavePorts, caller: MembershipCaller, stored: StoredMembership | undefined, plan: MembershipPlan, effective: string, action: string): Promise<void> {
  const actor = personOf(caller);
  const version = await ports.repo.saveIfUnchanged(plan.result, actor, stored?.version);
  if (!version) throw changed(ports.directory);
  ports.directory.forget();
  await ports.audit.record({
    partnershipId: plan.result.id,
    at: ports.clock.now().toISOString(),
    actor,
    action,
    subject: plan.result.id,
    after: { effective, changes: plan.changes },
  });
  ports.log.info({ partnershipId: plan.result.id, action, changes: plan.changes.length, effective }, 'membership saved');
  await tellPeople(ports, stored?.partnership, plan.result, effective, version);
}

/** Each person whose seats change is told their new seats and roles; a new deputy, whose deputy they are. */
async function tellPeople(ports: SavePorts, before: Partnership | undefined, after: Partnership, effective: string, version: string): Promise<void> {
  if (!before) return;
  const was = seatsByPerson(partnershipOn(before, effective));
  const now = seatsByPerson(partnershipOn(after, effective));
  const items = [];
  for (const person of after.people) {
    const old = was.get(person.id) ?? new Map();
    const cur = now.get(person.id) ?? new Map();
    const gained = [...cur].filter(([k]) => !old.has(k)).map(([, v]) => v);
    const lost = [...old].filter(([k]) => !cur.has(k)).map(([, v]) => ({ body: v.body, seat: v.seat, as: v.as }));
    if (gained.length === 0 && lost.length === 0) continue;
    const notice: SeatNotice = { partnership: after.name, effective, gained, lost };
    items.push({ partnershipId: after.id, batchId: `membership:${version}:${person.id}`, recipientAad: person.aadObjectId, card: ports.cards.seatsChanged(notice) });
  }
  if (items.length) await ports.outbox.enqueue(items);
}

type Held = { body: string; seat: string; agency?: string; as: 'holder' | 'deputy'; holderName?: string };

function seatsByPerson(p: Partnership): Map<string, Map<string, Held>> {
  const out = new Map<string, Map<string, Held>>();
  const name = (id?: string) => p.people.find((x) => x.id === id)?.displayName;
  for (const b of p.bodies) {
    for (const s of b.seats) {
      const agency = p.agencies.find((a) => a.id === s.agencyId)?.name;
      const add = (personId: string | undefined, as: 'holder' | 'deputy') => {
        if (!personId) return;
        const mine = out.get(personId) ?? new Map<string, Held>();
        const holderName = as === 'deputy' ? name(s.holderId) : undefined;
        mine.set(`${b.id}/${s.id}/${as}/${s.agencyId ?? ''}/${s.roles.join('')}`, { body: b.name, seat: s.title, ...(agency ? { agency } : {}), as, ...(holderName ? { holderName } : {}) });
        out.set(personId, mine);
      };
      add(s.holderId, 'holder');
      add(s.deputyId, 'deputy');
    }
  }
  return out;
}
