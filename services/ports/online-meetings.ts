import type { CardPayload } from './outbox.js';

/**
 * Teams meetings held through the board's calendar (Microsoft Graph in Azure, the stand-in Graph
 * locally): an event with a Teams meeting on the board mailbox, and the meeting's attendance reports.
 * Every method throws an OnlineMeetingsFailure when Graph cannot be reached or refuses; callers that
 * run as jobs retry on their next run.
 */
export interface OnlineMeetings {
  /** The board mailbox events are created on (for logs and the presenter's words). */
  readonly mailbox: string;
  /**
   * Creates the event with a Teams meeting. `transactionId` is deterministic per meeting, so a retried
   * create returns the event the first attempt made instead of a second one.
   */
  createEvent(event: OnlineEventRequest): Promise<OnlineEvent>;
  updateEvent(eventId: string, event: OnlineEventRequest): Promise<OnlineEvent>;
  /** Cancels the event and tells its attendees; an event already gone counts as cancelled. */
  cancelEvent(eventId: string, comment: string): Promise<void>;
  /** The attendance of the Teams meeting behind this join link, once Teams has a report. */
  attendance(joinUrl: string): Promise<AttendanceLookup>;
}

export interface OnlineEventRequest {
  transactionId: string;
  subject: string;
  /** Plain text: the presenter's words. */
  body: string;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  location?: string;
  attendees: { email: string; name: string }[];
}

export interface OnlineEvent {
  eventId: string;
  joinUrl?: string;
}

export interface AttendanceInterval {
  joinedAt: string;
  leftAt: string;
  seconds: number;
}

/** One attendance record of a report: Entra id for members (and guests Teams knows), else only an email. */
export interface AttendanceEntry {
  aadObjectId?: string;
  email?: string;
  displayName?: string;
  seconds: number;
  intervals: AttendanceInterval[];
}

export type AttendanceLookup =
  | { kind: 'ready'; reportIds: string[]; startedAt?: string; endedAt?: string; entries: AttendanceEntry[] }
  /** Teams knows the meeting but has no report yet (it appears some minutes after the meeting ends). */
  | { kind: 'not-ready' }
  /** No Teams meeting has this join link (it was never held online). */
  | { kind: 'no-meeting' };

export class OnlineMeetingsFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OnlineMeetingsFailure';
  }
}

/** What the invitation says about a meeting, as facts; the presenter (cards/meeting/) words it. */
export interface InvitationFacts {
  bodyName: string;
  /** ISO instant. */
  startsAt: string;
  place?: string;
  /** Seats whose holder sent apologies naming someone to attend for them. */
  substitutes: { seatTitle: string; holderName: string; substituteName: string; kind: 'deputy' | 'proxy' }[];
}

export interface InvitationPresenter {
  event(facts: InvitationFacts): { subject: string; body: string };
  /** The note Teams sends the attendees with the cancellation. */
  cancellation(facts: InvitationFacts): string;
}

/** The register Teams' attendance report proposes, as facts for the manager's card. */
export interface ProposedRegisterFacts {
  meetingId: string;
  bodyName: string;
  startsAt: string;
  place?: string;
  presentMinutes: number;
  /** When Teams says the meeting started and ended. */
  startedAt?: string;
  endedAt?: string;
  rows: {
    seatId: string;
    seatTitle: string;
    holderName: string;
    mark: 'present' | 'deputy' | 'apologies' | 'absent' | '';
    deputyId?: string;
    /** Minutes in Teams of whoever the mark is for (the deputy for a deputy mark). */
    minutes: number;
    /** The deputies the card offers: the agency's named deputies, and a proxy named in the apologies. */
    deputies: { id: string; name: string; proxy?: boolean }[];
    answer: 'attending' | 'apologies' | 'none';
  }[];
  others: { name?: string; email?: string; minutes: number; inDirectory: boolean }[];
}

/** A card the attendance register presenter made; the job queues it to the managers as it is. */
export type AttendanceRegisterCard = CardPayload;

export interface AttendanceRegisterPresenter {
  /** The register pre-filled from the report, with one button that records it as it stands. */
  proposed(facts: ProposedRegisterFacts): AttendanceRegisterCard;
  /** No attendance report: the register is recorded by hand, as before. */
  noReport(facts: { meetingId: string; bodyName: string; startsAt: string; reason: 'no-meeting' | 'not-ready' }): AttendanceRegisterCard;
}
