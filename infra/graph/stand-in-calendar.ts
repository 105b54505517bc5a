import { randomUUID } from 'node:crypto';

/** Makes the error stand-in-graph.ts answers as Graph's `{ error: { code, message } }`. */
type Fail = (status: number, code: string, message: string) => Error;

export interface StandInEvent {
  id: string;
  mailbox: string;
  transactionId?: string;
  subject: string;
  body: { contentType: string; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location?: { displayName: string };
  attendees: { emailAddress: { address: string; name?: string }; type: string }[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: string;
  onlineMeeting?: { joinUrl: string };
  isCancelled: boolean;
  /** How often it was changed after creation (PATCH). */
  changes: number;
}

/** Someone in the Teams meeting: an Entra user (members and guests) or, for an anonymous guest, only an email. */
export interface StandInParticipant {
  aadObjectId?: string;
  email?: string;
  displayName?: string;
}

interface OnlineMeeting {
  id: string;
  organizerId: string;
  joinWebUrl: string;
  eventId: string;
  /** Join and leave times per participant key, in order. */
  intervals: Map<string, { who: StandInParticipant; spans: { join: Date; leave?: Date }[] }>;
  reports: { id: string; start: string; end: string }[];
}

/** Test controls of the stand-in's calendar and Teams meetings (never reachable over HTTP). */
export interface StandInCalendarControls {
  /** Every event, in creation order. */
  events(mailbox?: string): StandInEvent[];
  /** A participant joins the Teams meeting behind this join link at `at`. */
  join(joinUrl: string, who: StandInParticipant, at: Date): void;
  leave(joinUrl: string, who: StandInParticipant, at: Date): void;
  /**
   * The meeting ends and Teams publishes its attendance report (until then the report list is
   * empty, as in the minutes after a real meeting): anyone still in leaves at `endedAt`.
   */
  publishReport(joinUrl: string, startedAt: Date, endedAt: Date): void;
}

export interface StandInCalendar extends StandInCalendarControls {
  /** Answers a request under /v1.0/users/{id}/… when it is one of the calendar's; undefined otherwise. */
  route(request: CalendarRequest): Promise<{ status: number; body?: unknown } | undefined>;
}

export interface CalendarRequest {
  method: string;
  /** Path segments after /v1.0/users/{id}. */
  rest: string[];
  /** The user named in the path (id or userPrincipalName). */
  user: { id: string; userPrincipalName?: string | null; mail?: string | null };
  params: URLSearchParams;
  body: () => Promise<Record<string, unknown>>;
}

const key = (w: StandInParticipant) => (w.aadObjectId ? `id:${w.aadObjectId.toLowerCase()}` : `mail:${(w.email ?? '').toLowerCase()}`);

/**
 * Events with Teams meetings and their attendance reports, as Graph serves them:
 * POST/PATCH /users/{mailbox}/events (a repeated transactionId returns the first event),
 * POST /users/{mailbox}/events/{id}/cancel, GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '…',
 * GET …/onlineMeetings/{id}/attendanceReports and …/attendanceReports/{id}?$expand=attendanceRecords.
 */
export function createStandInCalendar(fail: Fail): StandInCalendar {
  const events = new Map<string, StandInEvent>();
  const meetings = new Map<string, OnlineMeeting>();
  const byJoinUrl = (url: string) => {
    const m = [...meetings.values()].find((x) => x.joinWebUrl === url);
    if (!m) throw new Error(`no stand-in Teams meeting has the join link ${url}`);
    return m;
  };
  const eventOf = (mailbox: string, id: string) => {
    const e = events.get(id);
    if (!e || e.mailbox !== mailbox) throw fail(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return e;
  };

  const apply = (e: StandInEvent, body: Record<string, unknown>) => {
    if (typeof body.subject === 'string') e.subject = body.subject;
    if (body.body && typeof body.body === 'object') e.body = body.body as StandInEvent['body'];
    for (const k of ['start', 'end'] as const) {
      const v = body[k] as { dateTime?: unknown; timeZone?: unknown } | undefined;
      if (v === undefined) continue;
      if (typeof v?.dateTime !== 'string' || Number.isNaN(Date.parse(`${v.dateTime}Z`)) || typeof v.timeZone !== 'string') {
        throw fail(400, 'ErrorInvalidRequest', `The ${k} needs a dateTime and a timeZone.`);
      }
      e[k] = { dateTime: v.dateTime, timeZone: v.timeZone };
    }
    if (body.location && typeof body.location === 'object') e.location = body.location as StandInEvent['location'];
    if (Array.isArray(body.attendees)) {
      for (const a of body.attendees as StandInEvent['attendees']) {
        if (typeof a?.emailAddress?.address !== 'string' || !a.emailAddress.address.includes('@')) throw fail(400, 'ErrorInvalidRecipients', 'An attendee has no valid email address.');
      }
      e.attendees = body.attendees as StandInEvent['attendees'];
    }
  };

  const route: StandInCalendar['route'] = async ({ method, rest, user, params, body }) => {
    const mailbox = (user.mail ?? user.userPrincipalName ?? user.id).toLowerCase();
    if (rest[0] === 'events') {
      if (method === 'POST' && rest.length === 1) {
        const b = await body();
        const transactionId = typeof b.transactionId === 'string' ? b.transactionId : undefined;
        const again = transactionId && [...events.values()].find((x) => x.mailbox === mailbox && x.transactionId === transactionId);
        if (again) return { status: 201, body: again };
        if (typeof b.subject !== 'string' || !b.start || !b.end) throw fail(400, 'ErrorInvalidRequest', 'An event needs a subject, a start and an end.');
        const e: StandInEvent = {
          id: `AAMkStandIn${randomUUID().replace(/-/g, '')}`,
          mailbox,
          ...(transactionId ? { transactionId } : {}),
          subject: '',
          body: { contentType: 'text', content: '' },
          start: { dateTime: '', timeZone: 'UTC' },
          end: { dateTime: '', timeZone: 'UTC' },
          attendees: [],
          isOnlineMeeting: b.isOnlineMeeting === true,
          ...(typeof b.onlineMeetingProvider === 'string' ? { onlineMeetingProvider: b.onlineMeetingProvider } : {}),
          isCancelled: false,
          changes: 0,
        };
        apply(e, b);
        if (e.isOnlineMeeting) {
          if (e.onlineMeetingProvider !== 'teamsForBusiness') throw fail(400, 'ErrorInvalidRequest', 'Only teamsForBusiness online meetings are supported.');
          const thread = `19:meeting_${randomUUID().replace(/-/g, '')}@thread.v2`;
          const context = encodeURIComponent(JSON.stringify({ Tid: 'stand-in-tenant', Oid: user.id }));
          const joinUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${context}`;
          e.onlineMeeting = { joinUrl };
          const id = `MSo${randomUUID().replace(/-/g, '')}`;
          meetings.set(id, { id, organizerId: user.id.toLowerCase(), joinWebUrl: joinUrl, eventId: e.id, intervals: new Map(), reports: [] });
        }
        events.set(e.id, e);
        return { status: 201, body: e };
      }
      if (method === 'GET' && rest.length === 2) return { status: 200, body: eventOf(mailbox, rest[1]!) };
      if (method === 'PATCH' && rest.length === 2) {
        const e = eventOf(mailbox, rest[1]!);
        if (e.isCancelled) throw fail(400, 'ErrorInvalidRequest', 'The event was cancelled and cannot be changed.');
        apply(e, await body());
        e.changes++;
        return { status: 200, body: e };
      }
      if (method === 'POST' && rest.length === 3 && rest[2] === 'cancel') {
        const e = eventOf(mailbox, rest[1]!);
        e.isCancelled = true;
        return { status: 202 };
      }
      return undefined;
    }
    if (rest[0] === 'onlineMeetings' && method === 'GET') {
      const mine = [...meetings.values()].filter((m) => m.organizerId === user.id.toLowerCase());
      if (rest.length === 1) {
        const filter = params.get('$filter') ?? '';
        const match = /^JoinWebUrl eq '((?:[^']|'')*)'$/i.exec(filter.trim());
        if (!match) throw fail(400, 'BadRequest', "Only $filter=JoinWebUrl eq '…' is supported.");
        const url = match[1]!.replace(/''/g, "'");
        return { status: 200, body: { value: mine.filter((m) => m.joinWebUrl === url).map((m) => ({ id: m.id, joinWebUrl: m.joinWebUrl })) } };
      }
      const m = mine.find((x) => x.id === rest[1]);
      if (!m) throw fail(404, 'NotFound', 'The online meeting was not found.');
      if (rest.length === 3 && rest[2] === 'attendanceReports') {
        return {
          status: 200,
          body: { value: m.reports.map((r) => ({ id: r.id, totalParticipantCount: m.intervals.size, meetingStartDateTime: r.start, meetingEndDateTime: r.end })) },
        };
      }
      if (rest.length === 4 && rest[2] === 'attendanceReports') {
        const r = m.reports.find((x) => x.id === rest[3]);
        if (!r) throw fail(404, 'NotFound', 'The attendance report was not found.');
        const expand = params.get('$expand') === 'attendanceRecords';
        return {
          status: 200,
          body: {
            id: r.id,
            totalParticipantCount: m.intervals.size,
            meetingStartDateTime: r.start,
            meetingEndDateTime: r.end,
            ...(expand ? { attendanceRecords: [...m.intervals.values()].map((p) => record(p.who, p.spans, new Date(r.end))) } : {}),
          },
        };
      }
    }
    return undefined;
  };

  return {
    route,
    events: (mailbox) => [...events.values()].filter((e) => !mailbox || e.mailbox === mailbox.toLowerCase()),
    join(joinUrl, who, at) {
      const m = byJoinUrl(joinUrl);
      const k = key(who);
      const entry = m.intervals.get(k) ?? { who, spans: [] };
      entry.spans.push({ join: at });
      m.intervals.set(k, entry);
    },
    leave(joinUrl, who, at) {
      const open = byJoinUrl(joinUrl).intervals.get(key(who))?.spans.find((s) => !s.leave);
      if (open) open.leave = at;
    },
    publishReport(joinUrl, startedAt, endedAt) {
      const m = byJoinUrl(joinUrl);
      for (const p of m.intervals.values()) for (const s of p.spans) s.leave ??= endedAt;
      m.reports.push({ id: randomUUID(), start: startedAt.toISOString(), end: endedAt.toISOString() });
    },
  };
}

/** One attendance record as Graph returns it: intervals, their total, the identity and email. */
function record(who: StandInParticipant, spans: { join: Date; leave?: Date }[], end: Date) {
  const intervals = spans.map((s) => {
    const leave = s.leave ?? end;
    return { joinDateTime: s.join.toISOString(), leaveDateTime: leave.toISOString(), durationInSeconds: Math.round((leave.getTime() - s.join.getTime()) / 1000) };
  });
  return {
    id: who.aadObjectId ?? who.email ?? randomUUID(),
    emailAddress: who.email ?? null,
    totalAttendanceInSeconds: intervals.reduce((sum, i) => sum + i.durationInSeconds, 0),
    role: 'Attendee',
    identity: { id: who.aadObjectId ?? null, displayName: who.displayName ?? null, tenantId: null },
    attendanceIntervals: intervals,
  };
}
