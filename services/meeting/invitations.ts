import type { DirectoryService } from '../directory/index.js';
import type { Directory } from '../domain/directory.js';
import { attendingProxy, attendingSeats, DEFAULT_MEETING_MINUTES, isUpcoming, meetingEndsAt, safeKey, type Meeting } from '../domain/meeting.js';
import { recordErrors } from '../domain/error-messages/records.js';
import { updateOptimistically } from '../optimistic-update.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MeetingRepo } from '../ports/meetings.js';
import type { MeetingInvitation, OnlineMeetingRepo } from '../ports/online-meeting-records.js';
import type { InvitationFacts, InvitationPresenter, OnlineMeetings } from '../ports/online-meetings.js';
import type { PeopleDirectory } from '../ports/people-directory.js';

/** How long a meeting is booked for in the calendar; the attendance report is asked for after it. */

export const invitationId = (meetingId: string) => safeKey(meetingId, 'invitation');

export type InvitationOutcome =
  | { kind: 'created'; eventId: string; joinUrl?: string; invited: number; unreachable: string[] }
  | { kind: 'updated'; eventId: string; invited: number; unreachable: string[] }
  | { kind: 'cancelled'; eventId: string }
  | { kind: 'unchanged' }
  /** Past meetings are never changed in the calendar. */
  | { kind: 'past' }
  | { kind: 'failed'; reason: string };

export interface InvitationDeps {
  meetings: MeetingRepo;
  records: OnlineMeetingRepo;
  online: OnlineMeetings;
  people: PeopleDirectory;
  directory: DirectoryService;
  presenter: InvitationPresenter;
  clock: Clock;
  log: Logger;
}

/**
 * Keeps each meeting's event in the board calendar in step with Quorum: created with a Teams meeting
 * when the meeting is added or planned (every seat-holder invited, guests by their email), updated
 * when its time, place or a named deputy or proxy changes, cancelled with it. The Graph create
 * carries a transactionId derived from the meeting, and the event id is stored create-once then
 * under its ETag, so a retry (or a second instance) never makes a second event. A Graph failure
 * leaves the meeting as it is; the `meetings.invitations` job tries again.
 */
export function invitationUseCases(deps: InvitationDeps) {
  const sync = async (directory: Directory, m: Meeting): Promise<InvitationOutcome> => {
    const now = deps.clock.now();
    const stored = await deps.records.get('invitation', m.partnershipId, invitationId(m.id));
    const facts = await factsOf(directory, m);
    if (m.status === 'cancelled') {
      if (!stored || stored.cancelled) return { kind: 'unchanged' };
      await deps.online.cancelEvent(stored.eventId, deps.presenter.cancellation(facts));
      await save(stored, (x) => ({ ...x, cancelled: true, updatedAt: now.toISOString() }));
      return { kind: 'cancelled', eventId: stored.eventId };
    }
    if (!isUpcoming(m, now)) return { kind: 'past' };
    const inviteeIds = await invitees(directory, m);
    const fingerprint = fingerprintOf(m, meetingEndsAt(m, directory.body(m.bodyId)), facts, inviteeIds);
    if (stored && stored.fingerprint === fingerprint) return { kind: 'unchanged' };
    const { attendees, unreachable } = await addresses(directory, inviteeIds);
    const words = deps.presenter.event(facts);
    const request = {
      transactionId: safeKey(m.partnershipId, m.id),
      ...words,
      startsAt: m.startsAt,
      endsAt: meetingEndsAt(m, directory.body(m.bodyId)).toISOString(),
      ...(m.place ? { location: m.place } : {}),
      attendees,
    };
    if (stored) {
      await deps.online.updateEvent(stored.eventId, request);
      await save(stored, (x) => ({ ...x, fingerprint, updatedAt: now.toISOString() }));
      return { kind: 'updated', eventId: stored.eventId, invited: attendees.length, unreachable };
    }
    const event = await deps.online.createEvent(request);
    const record: MeetingInvitation = {
      id: invitationId(m.id),
      partnershipId: m.partnershipId,
      meetingId: m.id,
      eventId: event.eventId,
      ...(event.joinUrl ? { joinUrl: event.joinUrl, threadId: threadOf(event.joinUrl) } : {}),
      fingerprint,
      updatedAt: now.toISOString(),
    };
    // Another instance may have stored it first: the transactionId made it the same event.
    if (!(await deps.records.create('invitation', record))) {
      const other = await deps.records.get('invitation', m.partnershipId, record.id);
      if (other) await save(other, (x) => (x.fingerprint === fingerprint ? x : { ...x, fingerprint, updatedAt: record.updatedAt }));
    }
    if (event.joinUrl) await linkMeeting(m, event.joinUrl);
    return { kind: 'created', eventId: event.eventId, ...(event.joinUrl ? { joinUrl: event.joinUrl } : {}), invited: attendees.length, unreachable };
  };

  const save = (r: MeetingInvitation, change: (r: MeetingInvitation) => MeetingInvitation) =>
    updateOptimistically(r, change, { replace: (n) => deps.records.replace('invitation', n), reread: () => deps.records.get('invitation', r.partnershipId, r.id) }, recordErrors('meeting-invitation'));

  /** The meeting card carries the Teams link, unless the manager gave one of their own. */
  const linkMeeting = (m: Meeting, joinUrl: string) =>
    updateOptimistically(m, (x) => (x.joinUrl ? x : { ...x, joinUrl }), { replace: (n) => deps.meetings.replaceMeeting(n), reread: () => deps.meetings.getMeeting(m.partnershipId, m.id) }, recordErrors('meeting'));

  /** Seat-holders, and the deputy or attending proxy each apology names. */
  const invitees = async (directory: Directory, m: Meeting): Promise<string[]> => {
    const body = directory.body(m.bodyId);
    if (!body) return [];
    const apologies = await deps.meetings.listApologies(m.partnershipId, [m.id]);
    const sent = apologies.filter((a) => a.response === 'apologies').flatMap((a) => [a.deputyId, attendingProxy(a, body.proxies)]);
    return [...new Set([...attendingSeats(body).map((s) => s.holderId!), ...sent, ...(m.guestIds ?? [])].filter((id): id is string => id !== undefined))].sort();
  };

  const factsOf = async (directory: Directory, m: Meeting): Promise<InvitationFacts> => {
    const body = directory.body(m.bodyId);
    const name = (id: string) => directory.person(id)?.displayName ?? id;
    const apologies = body ? await deps.meetings.listApologies(m.partnershipId, [m.id]) : [];
    const substitutes: InvitationFacts['substitutes'] = [];
    for (const a of apologies.filter((x) => x.response === 'apologies')) {
      const seatTitle = body?.seats.find((s) => s.id === a.seatId)?.title ?? a.seatId;
      const proxy = body ? attendingProxy(a, body.proxies) : undefined;
      if (a.deputyId) substitutes.push({ seatTitle, holderName: name(a.holderId), substituteName: name(a.deputyId), kind: 'deputy' });
      else if (proxy) substitutes.push({ seatTitle, holderName: name(a.holderId), substituteName: name(proxy), kind: 'proxy' });
    }
    return { bodyName: body?.name ?? m.bodyId, startsAt: m.startsAt, ...(m.place ? { place: m.place } : {}), substitutes };
  };

  /** Each invitee's email: the directory's, else Entra's (members and guests alike); those with none are reported. */
  const addresses = async (directory: Directory, personIds: string[]) => {
    const attendees: { email: string; name: string }[] = [];
    const unreachable: string[] = [];
    for (const id of personIds) {
      const person = directory.person(id);
      if (!person) continue;
      // A lookup that fails fails the sync (the job retries): an invitation never goes out missing someone.
      const email = person.email ?? (await deps.people.byId(person.aadObjectId))?.email;
      if (email) attendees.push({ email, name: person.displayName });
      else unreachable.push(id);
    }
    return { attendees, unreachable };
  };

  const syncOne = async (directory: Directory, m: Meeting): Promise<InvitationOutcome> => {
    try {
      return await sync(directory, m);
    } catch (err) {
      deps.log.warn({ meetingId: m.id, err: (err as Error).message }, 'meeting invitation not synced; the job retries');
      return { kind: 'failed', reason: (err as Error).message };
    }
  };

  return {
    /** After a meeting was added, planned, changed or cancelled, or an apology named someone: never throws. */
    async meetingChanged(partnershipId: string, meetingId: string): Promise<InvitationOutcome> {
      const directory = await deps.directory.directory(partnershipId).catch(() => undefined);
      const m = await deps.meetings.getMeeting(partnershipId, meetingId);
      if (!directory || !m) return { kind: 'unchanged' };
      return syncOne(directory, m);
    },

    /** The job: every upcoming or cancelled meeting whose event is missing or out of date; one failure never stops the rest. */
    async syncDue(now: Date = deps.clock.now()): Promise<{ synced: number; failed: number }> {
      let synced = 0;
      let failed = 0;
      for (const directory of await deps.directory.directories()) {
        const meetings = await deps.meetings.listMeetings(directory.partnership.id, { statuses: ['scheduled', 'cancelled'], from: now.toISOString() });
        for (const m of meetings) {
          const outcome = await syncOne(directory, m);
          if (outcome.kind === 'failed') failed++;
          else if (outcome.kind !== 'unchanged' && outcome.kind !== 'past') synced++;
        }
      }
      if (synced || failed) deps.log.info({ synced, failed }, 'meeting invitations synced');
      return { synced, failed };
    },
  };
}

export type InvitationUseCases = ReturnType<typeof invitationUseCases>;

function fingerprintOf(m: Meeting, endsAt: Date, facts: InvitationFacts, invitees: string[]): string {
  // An event booked before lengths were stored ended after the default: its fingerprint had no end, and stays as it was.
  const end = endsAt.getTime() - Date.parse(m.startsAt) === DEFAULT_MEETING_MINUTES * 60_000 ? [] : [endsAt.toISOString()];
  return JSON.stringify([m.startsAt, ...end, m.place ?? '', facts, invitees]);
}

/** The meeting chat's conversation id, as Teams puts it in the join link (…/meetup-join/19%3ameeting_…%40thread.v2/…). */
export function threadOf(joinUrl: string): string | undefined {
  const match = /\/meetup-join\/([^/?]+)/.exec(joinUrl);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}
