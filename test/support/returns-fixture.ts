import { randomUUID } from 'node:crypto';
import { returnsMeetings } from '../../app/returns-meetings.js';
import { meetingPresenter } from '../../cards/meeting/present.js';
import { meetingUseCases } from '../../services/meeting/index.js';
import { MemoryMeetingRepo } from './memory-meetings.js';
import { DirectoryService } from '../../services/directory/index.js';
import { returnsUseCases } from '../../services/returns/index.js';
import { MERTON_FILE, rawSample } from '../unit/directory/samples.js';
import { FixedClock } from './fixed-clock.js';
import { MemoryAuditLog, MemoryCarryForwardRepo, MemoryDirectoryRepo, RecordingOutbox } from './memory-repos.js';
import { factsPresenter, MemoryReturnsRepo, RecordingActionRegister } from './memory-returns.js';
import { recordingLog } from './harness.js';

/** The returns use cases on the Merton sample, through the one builder, with in-memory ports. */
export async function returnsFixture(now = '2026-03-02T10:00:00.000Z') {
  const clock = new FixedClock(now);
  const audit = new MemoryAuditLog();
  const directory = new DirectoryService({ repo: new MemoryDirectoryRepo(), audit, clock });
  const sample = rawSample(MERTON_FILE);
  await directory.save(sample, 'test');
  const repo = new MemoryReturnsRepo();
  const outbox = new RecordingOutbox();
  const actions = new RecordingActionRegister();
  const carryForward = new MemoryCarryForwardRepo();
  const log = recordingLog();
  const meetingRepo = new MemoryMeetingRepo();
  const meetingCases = meetingUseCases({ repo: meetingRepo, carryForward, directory, outbox, present: meetingPresenter, audit, clock, log, newId: randomUUID, reminderHour: 9 });
  const meetings = returnsMeetings({ meetings: meetingCases, repo: meetingRepo });
  const returns = returnsUseCases({ repo, directories: directory, outbox, presenter: factsPresenter, actions, meetings, carryForward, audit, clock, log, reminderHour: 9 });
  const actor = async (personId: string) => {
    const person = sample.people.find((p) => p.id === personId);
    const found = person && (await directory.findActor(person.aadObjectId));
    if (!found) throw new Error(`no actor ${personId}`);
    return found;
  };
  return { clock, audit, directory, repo, outbox, actions, carryForward, log, returns, actor, sample, meetingRepo, meetingCases };
}
