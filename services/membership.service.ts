import { authorize, type Subject } from './domain/authorization.js';
import { addDays, londonDate, parseDate } from './domain/calendar.js';
import { chairSeatOf, partnershipOn, type Partnership, type Person, type Seat } from './domain/directory.js';
import { DomainError, forbidden } from './domain/errors.js';
import { FROM_THE_START, planMembership, type MembershipPlan } from './domain/membership.js';
import { applyBodyEdit } from './domain/membership-edit.js';
import type {
  AttentionItem,
  FieldProblem,
  ImportPlanView,
  MembersView,
  MembershipEdit,
  MembershipEditRequest,
  PersonPick,
  SeatRow,
} from './domain/membership-views.js';
import { partnershipProblems } from './domain/partnership-schema.js';
import { slug } from './domain/slug.js';
import type { Actor, DirectoryService } from './directory.service.js';
import type { Clock } from './ports/clock.js';
import type { Outbox } from './ports/consultations.js';
import type { Logger } from './ports/logger.js';
import type { MembershipCards, MembershipFiles, MembershipFormat, SeatNotice } from './ports/membership.js';
import type { DirectoryUser, PeopleDirectory } from './ports/people-directory.js';
import type { AuditLog, ConversationRefRepo, DirectoryRepo } from './ports/repositories.js';

/**
 * Who is asking: someone in a partnership's directory, or (first run, nothing stored yet) one of
 * the managers named in QUORUM_MANAGERS.
 */
export type MembershipCaller = { actor: Actor } | { setup: { aadObjectId: string; name: string } };

export interface MembershipDeps {
  repo: DirectoryRepo;
  directory: DirectoryService;
  people: PeopleDirectory;
  files: MembershipFiles;
  conversations: ConversationRefRepo;
  outbox: Outbox;
  cards: MembershipCards;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Entra object ids of QUORUM_MANAGERS: the managers while no partnership is stored. */
  setupManagers: readonly string[];
}

/** What a manager should see first: a seat nobody fills before a person nobody has reached yet. */
const ATTENTION_ORDER: AttentionItem['kind'][] = ['vacant-seat', 'no-voting-seat', 'missing-deputy', 'never-reached'];

/** The version of an empty store, for the first save. */
const NOTHING_STORED = 'none';
/** Bounds on what a person types into the people search. */
const SEARCH_MAX = 100;

/** Sets up a partnership and keeps its membership: edits from the Members page, imports and exports. */
export class MembershipService {
  constructor(private readonly deps: MembershipDeps) {}

  /** The caller for an Entra object id, or undefined when they may not keep the membership at all. */
  async caller(aadObjectId: string, name = 'Board manager'): Promise<MembershipCaller | undefined> {
    const actor = await this.deps.directory.findActor(aadObjectId);
    if (actor) return { actor };
    return (await this.isSetup(aadObjectId)) ? { setup: { aadObjectId, name } } : undefined;
  }

  setupManagers(): readonly string[] {
    return this.deps.setupManagers;
  }

  /** Whether this person is a named manager and nothing is stored yet: they are to set up the partnership. */
  async isSetup(aadObjectId: string | undefined): Promise<boolean> {
    if (!aadObjectId || !this.deps.setupManagers.some((m) => m.toLowerCase() === aadObjectId.toLowerCase())) return false;
    return (await this.deps.directory.directories()).length === 0;
  }

  /**
   * The Members page's data, from the directory this instance already holds (at most a minute old;
   * an edit is checked against the store, and a stale page is told to reload).
   */
  async view(caller: MembershipCaller): Promise<MembersView> {
    if ('actor' in caller) {
      authorize(subjectOf(caller.actor), 'membership.manage');
      const { stored, version } = caller.actor.directory;
      if (version !== undefined) return this.render({ partnership: stored, version });
    }
    return this.render(await this.load(caller));
  }

  /**
   * One change from the Members page. A change the store already holds (a double click, a retried
   * request) saves nothing and answers with the membership as it is; any other change made against
   * an older version is refused, so nobody overwrites what they have not seen.
   */
  async edit(caller: MembershipCaller, req: MembershipEditRequest): Promise<MembersView> {
    const stored = await this.load(caller);
    const today = this.today();
    const effective = effectiveDate(req.effective, today);
    if (req.edit.kind === 'setup' && stored && stored.partnership.name === req.edit.name.trim()) return this.render(stored);
    const next = await this.apply(caller, stored?.partnership, req.edit, effective);
    const plan = planMembership(stored?.partnership, next, effective, today);
    if (stored && plan.changes.length === 0 && plan.problems.length === 0) return this.render(stored);
    if (req.basedOn !== (stored?.version ?? NOTHING_STORED)) throw this.changed();
    const problems = [...plan.problems, ...this.ruleProblems(plan.result), ...this.lockedOut(caller, plan.result)];
    if (problems.length) throw invalidMembership(problems);
    await this.save(caller, stored, plan, effective, `membership.${req.edit.kind}`);
    return this.render(await this.deps.repo.getVersioned(plan.result.id));
  }

  /** A dry run lists what the file would add, change and end; applying needs a clean plan against the same version. */
  async importFile(
    caller: MembershipCaller,
    input: { format: MembershipFormat; bytes: Uint8Array; effective?: string; dryRun: boolean; basedOn?: string },
  ): Promise<ImportPlanView> {
    const stored = await this.load(caller);
    const version = stored?.version ?? NOTHING_STORED;
    const today = this.today();
    const effective = effectiveDate(input.effective, today);
    const base = { format: input.format, effective, basedOn: version, applied: false };
    const none = { add: 0, change: 0, end: 0 };
    const read = await this.deps.files.read(input.format, input.bytes);
    if (!read.partnership || read.problems.length) return { ...base, changes: [], counts: none, problems: read.problems };
    const resolved = await this.resolvePeople(read.partnership);
    if (resolved.problems.length) return { ...base, changes: [], counts: none, problems: resolved.problems };
    const plan = planMembership(stored?.partnership, resolved.partnership, effective, today);
    const problems = [...plan.problems, ...this.ruleProblems(plan.result), ...this.lockedOut(caller, plan.result)];
    const counts = { ...none };
    for (const c of plan.changes) counts[c.kind]++;
    const view = { ...base, changes: plan.changes, counts, problems };
    if (problems.length || input.dryRun) return view;
    if (input.basedOn !== version) throw this.changed();
    if (plan.changes.length === 0) return { ...view, applied: true };
    await this.save(caller, stored, plan, effective, `membership.import.${input.format}`);
    return { ...view, applied: true };
  }

  async exportFile(caller: MembershipCaller, format: MembershipFormat) {
    const stored = await this.load(caller);
    if (!stored) throw new DomainError('PARTNERSHIP.NOT_FOUND', 'There is no membership to export yet: set up the partnership first.');
    const today = this.today();
    // Today's membership; history stays in the store (and in the JSON backup, which keeps the terms).
    const out = format === 'json' ? stored.partnership : withoutHistory(partnershipOn(stored.partnership, today));
    await this.deps.audit.record({ partnershipId: stored.partnership.id, at: this.now(), actor: personOf(caller), action: `membership.export.${format}`, subject: stored.partnership.id });
    return this.deps.files.write(format, out);
  }

  /** People in the tenant's directory (guests included) matching what the manager typed. */
  async searchPeople(caller: MembershipCaller, query: string): Promise<DirectoryUser[]> {
    await this.load(caller);
    const q = query.trim().slice(0, SEARCH_MAX);
    if (q.length < 2) return [];
    return this.deps.people.search(q, 15);
  }

  /** What needs the manager's attention (the `members` command and the top of the Members page). */
  async attention(actor: Actor): Promise<{ items: AttentionItem[]; partnership: Partnership }> {
    authorize(subjectOf(actor), 'membership.manage');
    const partnership = actor.directory.partnership;
    return { items: await this.attentionOf(partnership), partnership };
  }

  // ----- the steps -----

  private async load(caller: MembershipCaller): Promise<{ partnership: Partnership; version: string } | undefined> {
    if ('actor' in caller) {
      authorize(subjectOf(caller.actor), 'membership.manage');
      const stored = await this.deps.repo.getVersioned(caller.actor.directory.partnership.id);
      if (!stored) throw new DomainError('PARTNERSHIP.NOT_FOUND', 'Your partnership is no longer stored.');
      return stored;
    }
    if (!(await this.isSetup(caller.setup.aadObjectId))) throw forbidden('The partnership has been set up: ask its board manager to add you.');
    return undefined;
  }

  private async apply(caller: MembershipCaller, stored: Partnership | undefined, edit: MembershipEdit, effective: string): Promise<Partnership> {
    if (edit.kind === 'setup') {
      if (stored) throw new DomainError('MEMBERSHIP.INVALID', 'The partnership is set up already.', { problems: [{ field: 'name', message: 'The partnership is set up already.' }] });
      return this.newPartnership(caller, edit.name, edit.source);
    }
    if (!stored) throw invalidMembership([{ field: 'name', message: 'Set up the partnership first: give it a name, or import your membership.' }]);
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
        if (!body) throw invalidMembership([{ field: 'bodyId', message: 'Choose a body for the seat.' }]);
        const seat: Seat = { id: edit.seatId ?? newSeatId(next, edit.bodyId, edit.title), title: edit.title, roles: edit.roles };
        if (edit.agencyId) seat.agencyId = edit.agencyId;
        if (edit.office) seat.office = edit.office;
        if (edit.voting) seat.voting = true;
        if (edit.holder) seat.holderId = await this.pick(next, edit.holder, 'holder');
        if (edit.deputy) seat.deputyId = await this.pick(next, edit.deputy, 'deputy');
        const at = body.seats.findIndex((s) => s.id === seat.id);
        if (edit.seatId && at < 0) throw new DomainError('SEAT.NOT_FOUND', 'That seat is not on this body (it may have ended).');
        if (at >= 0) body.seats[at] = seat;
        else body.seats.push(seat);
        break;
      }
      case 'end-seat': {
        const body = next.bodies.find((b) => b.id === edit.bodyId);
        const at = body?.seats.findIndex((s) => s.id === edit.seatId) ?? -1;
        if (!body || at < 0) throw new DomainError('SEAT.NOT_FOUND', 'That seat is not on this body (it may have ended).');
        body.seats.splice(at, 1);
        break;
      }
    }
    return next;
  }

  /** A new partnership: one board, its independent chair's seat vacant, the manager's seat held by the caller. */
  private newPartnership(caller: MembershipCaller, name: string, source?: string): Partnership {
    if (!('setup' in caller)) throw forbidden('The partnership is set up already.');
    const trimmed = name.trim();
    if (!trimmed) throw invalidMembership([{ field: 'name', message: 'Give the partnership its name, e.g. "Merton Safeguarding Children Partnership".' }]);
    const id = slug(trimmed, ID_LENGTH) || 'partnership';
    const manager: Person = { id: 'p-board-manager', aadObjectId: caller.setup.aadObjectId, displayName: caller.setup.name };
    return {
      id,
      name: trimmed,
      source: source?.trim() || 'Set up in Quorum',
      timeZone: 'Europe/London',
      agencies: [],
      people: [manager],
      bodies: [
        {
          id: 'board',
          name: 'Board',
          kind: 'board',
          seats: [
            { id: 'board-chair', title: 'Independent Chair', roles: [], office: 'independent-chair' },
            { id: 'board-manager', title: 'Board Manager', roles: ['BS'], office: 'manager', holderId: manager.id },
          ],
          quorum: { description: 'No quorum rule set yet.', source: 'Set on the Members page', conditions: [] },
          absence: { kind: 'consecutive', count: 2, deputyResets: false, source: 'Quorum default: two consecutive meetings missed' },
          cadence: { meetingsPerYear: 4, noticeWorkingDays: 10, papersWorkingDays: 5, description: 'Four meetings a year until set.' },
        },
      ],
    };
  }

  /** The person picked for a seat: someone in the directory, or someone from the tenant's directory added now. */
  private async pick(next: Partnership, pick: PersonPick, field: 'holder' | 'deputy'): Promise<string> {
    if ('personId' in pick) {
      if (!next.people.some((p) => p.id === pick.personId)) throw invalidMembership([{ field, message: 'That person is not in the directory any more; search for them again.' }]);
      return pick.personId;
    }
    const existing = next.people.find((p) => p.aadObjectId.toLowerCase() === pick.user.objectId.toLowerCase());
    if (existing) return existing.id;
    // The tenant's directory is the authority on who this is; the page's copy could be stale or made up.
    const user = await this.deps.people.byId(pick.user.objectId);
    if (!user) throw invalidMembership([{ field, message: 'That person is no longer in your organisation\'s directory.' }]);
    const person = personFrom(user, uniquePersonId(next, user));
    next.people.push(person);
    return person.id;
  }

  /** People given by email only get their Entra object id from the tenant's directory. */
  private async resolvePeople(p: Partnership): Promise<{ partnership: Partnership; problems: FieldProblem[] }> {
    const problems: FieldProblem[] = [];
    const people: Person[] = [];
    for (const person of p.people) {
      if (person.aadObjectId) {
        people.push(person);
        continue;
      }
      const user = person.email ? await this.deps.people.byEmail(person.email) : undefined;
      if (!user) {
        problems.push({
          field: 'People',
          column: 'Email',
          message: person.email
            ? `No one with the email "${person.email}" is in your organisation's directory: invite them as a guest first (docs/deploy.md), or give their Entra object id.`
            : `"${person.displayName}" has neither an Entra object id nor an email to find them by.`,
        });
        continue;
      }
      people.push({ ...personFrom(user, person.id), displayName: person.displayName || user.displayName, ...(person.organisation ? { organisation: person.organisation } : {}) });
    }
    return { partnership: { ...p, people }, problems };
  }

  private ruleProblems(result: Partnership): FieldProblem[] {
    return partnershipProblems(result).map((problem) => {
      const at = problem.indexOf(': ');
      return { field: at > 0 ? problem.slice(0, at) : 'membership', message: at > 0 ? problem.slice(at + 2) : problem };
    });
  }

  /** A manager may not save a membership in which they are no longer a manager: nobody could then mend it. */
  private lockedOut(caller: MembershipCaller, result: Partnership): FieldProblem[] {
    const aad = 'actor' in caller ? caller.actor.person.aadObjectId : caller.setup.aadObjectId;
    const today = partnershipOn(result, this.today());
    const person = today.people.find((p) => p.aadObjectId.toLowerCase() === aad.toLowerCase());
    const manages = person && today.bodies.some((b) => b.seats.some((s) => s.office === 'manager' && s.holderId === person.id));
    return manages
      ? []
      : [{ field: 'membership', message: 'After this change you would no longer hold a board manager seat, and nobody could change the membership: keep your own seat (office "manager") in it.' }];
  }

  private async save(caller: MembershipCaller, stored: { partnership: Partnership; version: string } | undefined, plan: MembershipPlan, effective: string, action: string): Promise<void> {
    const actor = personOf(caller);
    const version = await this.deps.repo.saveIfUnchanged(plan.result, actor, stored?.version);
    if (!version) throw this.changed();
    this.deps.directory.forget();
    await this.deps.audit.record({
      partnershipId: plan.result.id,
      at: this.now(),
      actor,
      action,
      subject: plan.result.id,
      after: { effective, changes: plan.changes },
    });
    this.deps.log.info({ partnershipId: plan.result.id, action, changes: plan.changes.length, effective }, 'membership saved');
    await this.tellPeople(stored?.partnership, plan.result, effective, version);
  }

  /** Each person whose seats change is told their new seats and roles; a new deputy, whose deputy they are. */
  private async tellPeople(before: Partnership | undefined, after: Partnership, effective: string, version: string): Promise<void> {
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
      items.push({ partnershipId: after.id, batchId: `membership:${version}:${person.id}`, recipientAad: person.aadObjectId, card: this.deps.cards.seatsChanged(notice) });
    }
    if (items.length) await this.deps.outbox.enqueue(items);
  }

  private async render(stored: { partnership: Partnership; version: string } | undefined): Promise<MembersView> {
    const today = this.today();
    if (!stored) return { version: NOTHING_STORED, today, agencies: [], people: [], bodies: [], seats: [], attention: [] };
    const p = stored.partnership;
    const current = partnershipOn(p, today);
    const reached = new Set((await this.deps.conversations.list(p.id)).filter((c) => !c.unreachable).map((c) => c.aadObjectId.toLowerCase()));
    const seatNames = new Map<string, string[]>();
    for (const b of current.bodies)
      for (const s of b.seats)
        for (const id of [s.holderId, s.deputyId])
          if (id) seatNames.set(id, [...(seatNames.get(id) ?? []), `${b.name}: ${s.title}${id === s.deputyId ? ' (deputy)' : ''}`]);
    return {
      partnership: { id: p.id, name: p.name, source: p.source },
      version: stored.version,
      today,
      agencies: p.agencies,
      people: p.people.map((person) => ({ ...person, seats: seatNames.get(person.id) ?? [], reachable: reached.has(person.aadObjectId.toLowerCase()) })),
      bodies: current.bodies.map((b) => ({
        id: b.id,
        name: b.name,
        kind: b.kind,
        ...(b.parentBodyId ? { parentBodyId: b.parentBodyId } : {}),
        quorum: b.quorum,
        absence: b.absence,
        cadence: b.cadence,
        ...(b.reporting ? { reporting: b.reporting } : {}),
        ...(b.decision ? { decision: b.decision } : {}),
        ...(b.proxies ? { proxies: b.proxies } : {}),
        ...optional('chairSeatId', chairSeatOf(b)?.id),
        ...optional('viceChairSeatId', b.seats.find((s) => s.office === 'vice-chair')?.id),
      })),
      seats: p.bodies.flatMap((b) => b.seats.flatMap((s) => seatRow(b.id, s, today) ?? [])),
      attention: await this.attentionOf(current, reached),
    };
  }

  private async attentionOf(current: Partnership, reachedSet?: Set<string>): Promise<AttentionItem[]> {
    const reached = reachedSet ?? new Set((await this.deps.conversations.list(current.id)).filter((c) => !c.unreachable).map((c) => c.aadObjectId.toLowerCase()));
    const items: AttentionItem[] = [];
    const seated = new Set<string>();
    const voting = new Set<string>();
    for (const b of current.bodies) {
      for (const s of b.seats) {
        if (!s.holderId) items.push({ kind: 'vacant-seat', bodyId: b.id, seatId: s.id });
        for (const id of [s.holderId, s.deputyId]) if (id) seated.add(id);
        if (s.agencyId && s.roles.includes('V')) voting.add(s.agencyId);
        const agency = current.agencies.find((a) => a.id === s.agencyId);
        // The board's statutory partners name a standing deputy (C §5.6); sub-group seats need not.
        const needsDeputy = !b.parentBodyId && agency?.statutory === true && !agency.sectorSeat && s.roles.includes('P') && s.office === undefined;
        if (needsDeputy && s.holderId && !s.deputyId) items.push({ kind: 'missing-deputy', bodyId: b.id, seatId: s.id });
      }
    }
    for (const a of current.agencies) if (a.statutory && !voting.has(a.id)) items.push({ kind: 'no-voting-seat', agencyId: a.id });
    for (const p of current.people) if (seated.has(p.id) && !reached.has(p.aadObjectId.toLowerCase())) items.push({ kind: 'never-reached', personId: p.id });
    return items.sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind));
  }

  /** Someone saved first (here or on another instance): the next view reads the store again. */
  private changed(): DomainError {
    this.deps.directory.forget();
    return changed();
  }

  private today(): string {
    return londonDate(this.deps.clock.now());
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function subjectOf(actor: Actor): Subject {
  return { personId: actor.person.id, directory: actor.directory, assignments: actor.assignments, isManager: actor.isManager };
}

function personOf(caller: MembershipCaller): string {
  return 'actor' in caller ? caller.actor.person.id : `setup:${caller.setup.aadObjectId}`;
}

const changed = () =>
  new DomainError('MEMBERSHIP.CHANGED', 'Someone else changed the membership since you opened it. Reload to see their change, then make yours again.');

export const invalidMembership = (problems: FieldProblem[]) =>
  new DomainError(
    'MEMBERSHIP.INVALID',
    problems.length === 1 ? problems[0]!.message : `The membership has ${problems.length} problems; each is shown by its field.`,
    { problems },
  );

function effectiveDate(given: string | undefined, today: string): string {
  if (given === undefined || given === '') return today;
  try {
    parseDate(given);
  } catch {
    throw invalidMembership([{ field: 'effective', message: `"${given.slice(0, 20)}" is not a date: use YYYY-MM-DD.` }]);
  }
  return given;
}

function upsert<T extends { id: string }>(list: T[], item: T): void {
  const at = list.findIndex((x) => x.id === item.id);
  if (at >= 0) list[at] = item;
  else list.push(item);
}

function withoutHistory(p: Partnership): Partnership {
  return {
    ...p,
    bodies: p.bodies.map((b) => ({
      ...b,
      seats: b.seats.map((s) => {
        const copy = { ...s };
        delete copy.terms;
        delete copy.endsOn;
        return copy;
      }),
    })),
  };
}

function seatRow(bodyId: string, stored: Seat, today: string): SeatRow | undefined {
  const terms = stored.terms ?? [];
  const currentIndex = terms.reduce((at, t, i) => (t.from <= today ? i : at), -1);
  if (stored.endsOn !== undefined && stored.endsOn < today) return undefined;
  const current = currentIndex >= 0 ? terms[currentIndex]! : terms.length ? undefined : stored;
  const next = terms[currentIndex + 1];
  const history = terms
    .slice(0, Math.max(currentIndex, 0))
    .map((t, i) => ({ ...t, to: addDays(terms[i + 1]!.from, -1) }))
    .filter((t) => t.from !== FROM_THE_START || t.holderId !== undefined)
    .reverse();
  return {
    id: stored.id,
    bodyId,
    title: stored.title,
    roles: stored.roles,
    ...(current?.agencyId ?? stored.agencyId ? { agencyId: current?.agencyId ?? stored.agencyId } : {}),
    ...(stored.office ? { office: stored.office } : {}),
    voting: stored.voting === true,
    ...(current?.holderId ? { holderId: current.holderId } : {}),
    ...(current?.deputyId ? { deputyId: current.deputyId } : {}),
    ...(currentIndex >= 0 && terms[currentIndex]!.from !== FROM_THE_START ? { since: terms[currentIndex]!.from } : {}),
    ...(next ? { next } : {}),
    history,
  };
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

function personFrom(user: DirectoryUser, id: string): Person {
  return {
    id,
    aadObjectId: user.objectId,
    displayName: user.displayName,
    ...(user.email ? { email: user.email } : {}),
    ...(user.organisation ? { organisation: user.organisation } : {}),
    ...(user.guest ? { guest: true } : {}),
  };
}

/** Ids made here stay short: they appear in links and card data. */
const ID_LENGTH = 48;

function uniquePersonId(p: Partnership, user: DirectoryUser): string {
  const base = `p-${slug(user.email?.split('@')[0] ?? user.displayName, ID_LENGTH) || 'person'}`;
  let id = base;
  for (let i = 2; p.people.some((x) => x.id === id); i++) id = `${base}-${i}`;
  return id;
}

function newSeatId(p: Partnership, bodyId: string, title: string): string {
  const base = `${bodyId}-${slug(title, ID_LENGTH) || 'seat'}`;
  const taken = new Set(p.bodies.flatMap((b) => b.seats.map((s) => s.id)));
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}

const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));
