/** One change from the Members page: the setup, an agency, a body, a person, a seat, or the end of a seat. */
import { londonDate } from '../domain/calendar.js';
import { partnershipOn, type Partnership, type Seat } from '../domain/directory.js';
import { membershipErrors } from '../domain/error-messages/membership.js';
import { planMembership } from '../domain/membership.js';
import { applyBodyEdit } from '../domain/membership-edit.js';
import type { MembersView, MembershipEdit, MembershipEditRequest, PersonPick } from '../domain/membership-views.js';
import { slug } from '../domain/slug.js';
import type { PeopleDirectory } from '../ports/people-directory.js';
import { ID_LENGTH, newPartnership } from './first-run.js';
import { personFrom, uniquePersonId } from './people.js';
import { planProblems, saveMembership, type SavePorts } from './save.js';
import { changed, effectiveDate, invalidMembership, loadFor, NOTHING_STORED, withoutHistory, type MembershipCaller } from './support.js';
import { renderMembers, type ViewPorts } from './view.js';

export type EditPorts = SavePorts &
  ViewPorts & {
    people: Pick<PeopleDirectory, 'byId'>;
  };

export function membershipEdits(ports: EditPorts) {
  return {
    /**
     * One change from the Members page. A change the store already holds (a double click, a retried
     * request) saves nothing and answers with the membership as it is; any other change made against
     * an older version is refused, so nobody overwrites what they have not seen.
     */
    async edit(caller: MembershipCaller, req: MembershipEditRequest): Promise<MembersView> {
      const stored = await loadFor(ports, caller);
      const today = londonDate(ports.clock.now());
      const effective = effectiveDate(req.effective, today);
      if (req.edit.kind === 'setup' && stored && stored.partnership.name === req.edit.name.trim()) return renderMembers(ports, stored);
      const next = await apply(ports, caller, stored?.partnership, req.edit, effective);
      const plan = planMembership(stored?.partnership, next, effective, today);
      if (stored && plan.changes.length === 0 && plan.problems.length === 0) return renderMembers(ports, stored);
      if (req.basedOn !== (stored?.version ?? NOTHING_STORED)) throw changed(ports.directory);
      const problems = planProblems(ports, caller, plan);
      if (problems.length) throw invalidMembership(problems);
      await saveMembership(ports, caller, stored, plan, effective, `membership.${req.edit.kind}`);
      return renderMembers(ports, await ports.repo.getVersioned(plan.result.id));
    },
  };
}

async function apply(ports: EditPorts, caller: MembershipCaller, stored: Partnership | undefined, edit: MembershipEdit, effective: string): Promise<Partnership> {
  if (edit.kind === 'setup') {
    if (stored) throw membershipErrors.setUpAlready();
    return newPartnership(caller, edit.name, edit.source, ports.cards.newPartnership);
  }
  if (!stored) throw invalidMembership([{ field: 'name', code: 'edit.not-set-up' }]);
  const next = structuredClone(withoutHistory(partnershipOn(stored, effective)));
  // Ended seats stay out of `next`; seats not begun by `effective` are kept as they are.
  switch (edit.kind) {
    case 'agency':
      upsert(next.agencies, edit.agency);
      break;
    case 'person':
      upsert(next.people, edit.person);
      break;
    case 'body': {
      const at = next.bodies.findIndex((b) => b.id === edit.body.id);
      const body = applyBodyEdit(next.bodies[at], edit.body);
      if (at >= 0) next.bodies[at] = body;
      else next.bodies.push(body);
      break;
    }
    case 'seat': {
      const body = next.bodies.find((b) => b.id === edit.bodyId);
      if (!body) throw invalidMembership([{ field: 'bodyId', code: 'edit.body-needed' }]);
      const seat: Seat = { id: edit.seatId ?? newSeatId(next, edit.bodyId, edit.title), title: edit.title, roles: edit.roles };
      if (edit.agencyId) seat.agencyId = edit.agencyId;
      if (edit.office) seat.office = edit.office;
      if (edit.voting) seat.voting = true;
      if (edit.holder) seat.holderId = await pick(ports, next, edit.holder, 'holder');
      if (edit.deputy) seat.deputyId = await pick(ports, next, edit.deputy, 'deputy');
      const at = body.seats.findIndex((s) => s.id === seat.id);
      if (edit.seatId && at < 0) throw membershipErrors.seatNotOnBody();
      if (at >= 0) body.seats[at] = seat;
      else body.seats.push(seat);
      break;
    }
    case 'end-seat': {
      const body = next.bodies.find((b) => b.id === edit.bodyId);
      const at = body?.seats.findIndex((s) => s.id === edit.seatId) ?? -1;
      if (!body || at < 0) throw membershipErrors.seatNotOnBody();
      body.seats.splice(at, 1);
      break;
    }
  }
  return next;
}

/** The person picked for a seat: someone in the directory, or someone from the tenant's directory added now. */
async function pick(ports: EditPorts, next: Partnership, picked: PersonPick, field: 'holder' | 'deputy'): Promise<string> {
  if ('personId' in picked) {
    if (!next.people.some((p) => p.id === picked.personId)) throw invalidMembership([{ field, code: 'edit.person-gone' }]);
    return picked.personId;
  }
  const existing = next.people.find((p) => p.aadObjectId.toLowerCase() === picked.user.objectId.toLowerCase());
  if (existing) return existing.id;
  // The tenant's directory is the authority on who this is; the page's copy could be stale or made up.
  const user = await ports.people.byId(picked.user.objectId);
  if (!user) throw invalidMembership([{ field, code: 'edit.user-gone' }]);
  const person = personFrom(user, uniquePersonId(next, user));
  next.people.push(person);
  return person.id;
}

function upsert<T extends { id: string }>(list: T[], item: T): void {
  const at = list.findIndex((x) => x.id === item.id);
  if (at >= 0) list[at] = item;
  else list.push(item);
}

function newSeatId(p: Partnership, bodyId: string, title: string): string {
  const base = `${bodyId}-${slug(title, ID_LENGTH) || 'seat'}`;
  const taken = new Set(p.bodies.flatMap((b) => b.seats.map((s) => s.id)));
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}
