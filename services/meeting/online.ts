import type { DirectoryService } from '../directory/index.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox } from '../ports/consultations.js';
import type { Logger } from '../ports/logger.js';
import type { MeetingRepo } from '../ports/meetings.js';
import type { OnlineMeetingRepo } from '../ports/online-meeting-records.js';
import type { AttendanceRegisterPresenter, InvitationPresenter, OnlineMeetings } from '../ports/online-meetings.js';
import type { PeopleDirectory } from '../ports/people-directory.js';
import { attendanceReportUseCases } from './attendance-report.js';
import { invitationUseCases } from './invitations.js';
import { liveQuorumUseCases } from './live-quorum.js';

export interface OnlineMeetingPorts {
  meetings: MeetingRepo;
  records: OnlineMeetingRepo;
  online: OnlineMeetings;
  people: PeopleDirectory;
  directory: DirectoryService;
  outbox: Outbox;
  presenters: { invitation: InvitationPresenter; attendanceRegister: AttendanceRegisterPresenter };
  clock: Clock;
  log: Logger;
  /** Minutes in the Teams meeting that count as present (MEETINGS_PRESENT_MINUTES). */
  presentMinutes: number;
}

/** Meetings held in Teams: the board-calendar invitations, the register from the attendance report, the live quorum. */
export function onlineMeetingUseCases(ports: OnlineMeetingPorts) {
  return {
    invitations: invitationUseCases({ ...ports, presenter: ports.presenters.invitation }),
    attendance: attendanceReportUseCases({ ...ports, presenter: ports.presenters.attendanceRegister }),
    live: liveQuorumUseCases(ports),
  };
}

export type OnlineMeetingUseCases = ReturnType<typeof onlineMeetingUseCases>;
