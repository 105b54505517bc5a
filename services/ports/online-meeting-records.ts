import type { AttendanceMark } from '../domain/absence.js';

/** The board-calendar event of one meeting, as last sent to Graph. */
export interface MeetingInvitation {
  id: string;
  partnershipId: string;
  meetingId: string;
  eventId: string;
  joinUrl?: string;
  /** The Teams meeting chat's conversation id (19:meeting_…@thread.v2), from the join link. */
  threadId?: string;
  /** What the event said when last sent (details and invitees), so an unchanged meeting sends nothing. */
  fingerprint: string;
  cancelled?: boolean;
  updatedAt: string;
  etag?: string;
}

/** One seat's line in the register pre-filled from Teams' attendance report. */
export interface ProposedMark {
  seatId: string;
  mark: AttendanceMark | '';
  /** The deputy or proxy who attended, when the mark is 'deputy'. */
  deputyId?: string;
  /** Minutes in the Teams meeting of whoever attended for the seat (the holder, or the deputy). */
  minutes: number;
}

/** Someone in the Teams meeting who holds no seat of the body, nor attended for one. */
export interface OtherAttendee {
  personId?: string;
  displayName?: string;
  email?: string;
  minutes: number;
}

/**
 * The attendance report of one meeting, read after it ended: waiting for Teams' report, then the
 * register it proposes (sent to the manager, who confirms it), or no report at all.
 */
export interface AttendanceDraft {
  id: string;
  partnershipId: string;
  meetingId: string;
  bodyId: string;
  status: 'waiting' | 'proposed' | 'no-report';
  /** How often the report was asked for. */
  attempts: number;
  /** When to ask again while waiting. */
  nextCheckAt: string;
  marks?: ProposedMark[];
  others?: OtherAttendee[];
  presentMinutes?: number;
  decidedAt?: string;
  etag?: string;
}

/** Who is in a live Teams meeting now, from Teams' participant join and leave events. */
export interface LivePresence {
  id: string;
  partnershipId: string;
  meetingId: string;
  /** Entra object id → when they joined (the latest join). */
  present: Record<string, string>;
  /** The quorum as last told to the meeting chat (undefined: never told). */
  quorate?: boolean;
  /** Ids of the join/leave events already applied, newest last (bounded), so a redelivered one changes nothing. */
  applied: string[];
  updatedAt: string;
  etag?: string;
}

export interface OnlineMeetingRecords {
  invitation: MeetingInvitation;
  attendance: AttendanceDraft;
  presence: LivePresence;
}
export type OnlineRecordKind = keyof OnlineMeetingRecords;

/** The records of meetings held in Teams, in the meetings container: create-once and ETag-guarded replace. */
export interface OnlineMeetingRepo {
  get<K extends OnlineRecordKind>(kind: K, partnershipId: string, id: string): Promise<OnlineMeetingRecords[K] | undefined>;
  create<K extends OnlineRecordKind>(kind: K, record: OnlineMeetingRecords[K]): Promise<boolean>;
  replace<K extends OnlineRecordKind>(kind: K, record: OnlineMeetingRecords[K]): Promise<OnlineMeetingRecords[K] | undefined>;
  /** The invitation whose Teams meeting chat is this conversation. */
  invitationByThread(partnershipId: string, threadId: string): Promise<MeetingInvitation | undefined>;
  listAttendance(partnershipId: string, status: AttendanceDraft['status']): Promise<AttendanceDraft[]>;
}
