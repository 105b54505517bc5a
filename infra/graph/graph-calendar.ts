import type { Logger } from '../../services/ports/logger.js';
import {
  OnlineMeetingsFailure,
  type AttendanceEntry,
  type AttendanceLookup,
  type OnlineEvent,
  type OnlineEventRequest,
  type OnlineMeetings,
} from '../../services/ports/online-meetings.js';
import type { Config } from '../config.js';
import { graphTokenProvider, type GraphTokenProvider } from './graph-installer.js';
import { requestGraph } from './graph-request.js';
import { graphErrorCode } from './graph-responses.js';

/**
 * Application permissions for meetings held in Teams (docs/deploy.md): the board mailbox's calendar,
 * its online meetings and their attendance reports; an application access policy limits the last
 * two to the board mailbox.
 */
export const CALENDAR_PERMISSIONS = ['Calendars.ReadWrite', 'OnlineMeetings.Read.All', 'OnlineMeetingArtifact.Read.All'] as const;

export interface GraphCalendarOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (GRAPH_BASE_URL), or the local stand-in. */
  baseUrl: string;
  /** The board mailbox (MEETINGS_MAILBOX): events are created in its calendar, it organises the meetings. */
  mailbox: string;
  token: GraphTokenProvider;
  log: Logger;
  /** Retries after 429 and 5xx; a Retry-After longer than maxWaitMs is not waited for (the job retries later). */
  maxRetries?: number;
  maxWaitMs?: number;
  timeoutMs?: number;
}

interface GraphEvent {
  id: string;
  onlineMeeting?: { joinUrl?: string | null } | null;
}

interface GraphAttendanceRecord {
  emailAddress?: string | null;
  totalAttendanceInSeconds?: number | null;
  identity?: { id?: string | null; displayName?: string | null } | null;
  attendanceIntervals?: { joinDateTime?: string | null; leaveDateTime?: string | null; durationInSeconds?: number | null }[] | null;
}

interface GraphReport {
  id: string;
  meetingStartDateTime?: string | null;
  meetingEndDateTime?: string | null;
  attendanceRecords?: GraphAttendanceRecord[] | null;
}

const RETRIED = new Set([429, 500, 502, 503, 504]);

/**
 * The board's calendar through Microsoft Graph: POST/PATCH /users/{mailbox}/events (with
 * isOnlineMeeting, teamsForBusiness, and a transactionId so a retried create makes no second event),
 * POST …/events/{id}/cancel, GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '…', and its
 * attendanceReports with their attendanceRecords expanded.
 */
export class GraphCalendar implements OnlineMeetings {
  private organizerId?: string;

  constructor(private readonly opts: GraphCalendarOptions) {}

  get mailbox(): string {
    return this.opts.mailbox;
  }

  async createEvent(event: OnlineEventRequest): Promise<OnlineEvent> {
    const created = await this.call<GraphEvent>('POST', `/users/${encodeURIComponent(this.opts.mailbox)}/events`, 'createEvent', {
      ...eventBody(event),
      transactionId: event.transactionId,
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    return toEvent(created);
  }

  async updateEvent(eventId: string, event: OnlineEventRequest): Promise<OnlineEvent> {
    const updated = await this.call<GraphEvent>('PATCH', `/users/${encodeURIComponent(this.opts.mailbox)}/events/${encodeURIComponent(eventId)}`, 'updateEvent', eventBody(event));
    return toEvent(updated);
  }

  async cancelEvent(eventId: string, comment: string): Promise<void> {
    await this.call('POST', `/users/${encodeURIComponent(this.opts.mailbox)}/events/${encodeURIComponent(eventId)}/cancel`, 'cancelEvent', { comment }, true);
  }

  async attendance(joinUrl: string): Promise<AttendanceLookup> {
    const organizer = await this.organizer();
    const literal = `'${joinUrl.replace(/'/g, "''")}'`;
    const found = await this.call<{ value?: { id: string }[] }>(
      'GET',
      `/users/${encodeURIComponent(organizer)}/onlineMeetings?$filter=${encodeURIComponent(`JoinWebUrl eq ${literal}`)}`,
      'findMeeting',
      undefined,
      true,
    );
    const meeting = found?.value?.[0];
    if (!meeting) return { kind: 'no-meeting' };
    const base = `/users/${encodeURIComponent(organizer)}/onlineMeetings/${encodeURIComponent(meeting.id)}/attendanceReports`;
    const reports = (await this.call<{ value?: GraphReport[] }>('GET', base, 'listReports'))?.value ?? [];
    if (reports.length === 0) return { kind: 'not-ready' };
    const entries: AttendanceEntry[] = [];
    for (const r of reports) {
      const full = await this.call<GraphReport>('GET', `${base}/${encodeURIComponent(r.id)}?$expand=attendanceRecords`, 'getReport');
      for (const record of full?.attendanceRecords ?? []) entries.push(toEntry(record));
    }
    const starts = reports.map((r) => r.meetingStartDateTime).filter((x): x is string => !!x).sort();
    const ends = reports.map((r) => r.meetingEndDateTime).filter((x): x is string => !!x).sort();
    return { kind: 'ready', reportIds: reports.map((r) => r.id), startedAt: starts[0], endedAt: ends.at(-1), entries };
  }

  /** Online meetings are addressed by the organiser's object id, not the mailbox address. */
  private async organizer(): Promise<string> {
    if (this.organizerId) return this.organizerId;
    const user = await this.call<{ id?: string }>('GET', `/users/${encodeURIComponent(this.opts.mailbox)}?$select=id`, 'organizer');
    if (!user?.id) throw new OnlineMeetingsFailure(`Microsoft Graph has no user for the board mailbox ${this.opts.mailbox}`);
    this.organizerId = user.id;
    return user.id;
  }

  /** One request with retries on 429 and 5xx (Retry-After honoured); undefined for a 404 when `notFoundIsEmpty`. */
  private async call<T>(method: string, path: string, operation: string, body?: unknown, notFoundIsEmpty = false): Promise<T | undefined> {
    const { baseUrl, log } = this.opts;
    const out = await requestGraph({
      baseUrl,
      path,
      token: this.opts.token,
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.opts.timeoutMs ?? 15_000,
      retry: {
        statuses: RETRIED,
        maxRetries: this.opts.maxRetries ?? 3,
        maxWaitMs: this.opts.maxWaitMs ?? 10_000,
        onRetry: (status, wait) => log.info({ operation, status, wait }, 'graph calendar: retrying'),
      },
    });
    if (out.kind === 'no-token') throw new OnlineMeetingsFailure(`Quorum could not get a token for Microsoft Graph (${out.reason})`);
    if (out.kind === 'unreachable') {
      const reason = out.timedOut ? 'it did not answer in time' : out.reason;
      log.warn({ operation, err: reason }, 'graph calendar: request failed');
      throw new OnlineMeetingsFailure(`Microsoft Graph could not be reached (${reason})`);
    }
    const { res } = out;
    if (res.ok) {
      const text = await res.text();
      if (!text) return undefined;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new OnlineMeetingsFailure('Microsoft Graph sent an answer Quorum could not read', res.status);
      }
    }
    if (res.status === 404 && notFoundIsEmpty) {
      await res.body?.cancel();
      return undefined;
    }
    const code = await graphErrorCode(res);
    log.warn({ operation, status: res.status, code }, 'graph calendar: refused');
    throw new OnlineMeetingsFailure(`Microsoft Graph refused ${operation} (${res.status}${code ? ` ${code}` : ''})`, res.status);
  }
}

function eventBody(e: OnlineEventRequest) {
  return {
    subject: e.subject,
    body: { contentType: 'text', content: e.body },
    // Graph reads dateTime in the given zone; UTC keeps the instant exact.
    start: { dateTime: e.startsAt.replace(/Z$/, ''), timeZone: 'UTC' },
    end: { dateTime: e.endsAt.replace(/Z$/, ''), timeZone: 'UTC' },
    ...(e.location ? { location: { displayName: e.location } } : {}),
    attendees: e.attendees.map((a) => ({ emailAddress: { address: a.email, name: a.name }, type: 'required' })),
  };
}

function toEvent(e: GraphEvent | undefined): OnlineEvent {
  if (!e?.id) throw new OnlineMeetingsFailure('Microsoft Graph answered without the event');
  return { eventId: e.id, ...(e.onlineMeeting?.joinUrl ? { joinUrl: e.onlineMeeting.joinUrl } : {}) };
}

function toEntry(r: GraphAttendanceRecord): AttendanceEntry {
  const intervals = (r.attendanceIntervals ?? []).map((i) => ({ joinedAt: i.joinDateTime ?? '', leftAt: i.leaveDateTime ?? '', seconds: i.durationInSeconds ?? 0 }));
  return {
    ...(r.identity?.id ? { aadObjectId: r.identity.id } : {}),
    ...(r.emailAddress ? { email: r.emailAddress } : {}),
    ...(r.identity?.displayName ? { displayName: r.identity.displayName } : {}),
    seconds: r.totalAttendanceInSeconds ?? intervals.reduce((s, i) => s + i.seconds, 0),
    intervals,
  };
}

/**
 * Meetings held in Teams, when the board mailbox is configured and Quorum has an identity for Graph;
 * undefined otherwise, and meetings stay as they were (a link the manager pastes, a register by hand).
 */
export function createOnlineMeetings(config: Config, log: Logger, token?: GraphTokenProvider): OnlineMeetings | undefined {
  const mailbox = config.meetings.mailbox;
  const provider = token ?? graphTokenProvider(config);
  if (!mailbox) return undefined;
  if (!provider) {
    log.warn({}, 'MEETINGS_MAILBOX is set but Quorum has no identity for Microsoft Graph: meetings are not put in the calendar');
    return undefined;
  }
  return new GraphCalendar({ baseUrl: config.graph.baseUrl, mailbox, token: provider, log });
}
