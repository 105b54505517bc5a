import type { Actor } from '../directory/index.js';
import { authorize, subjectOf } from '../domain/authorization.js';
import { workingDaysBefore } from '../domain/calendar.js';
import type { Directory } from '../domain/directory.js';
import { meetingErrors } from '../domain/error-messages/meeting.js';
import { meetingBatchId, type Meeting } from '../domain/meeting.js';
import type { BriefFacts } from '../ports/meetings.js';
import { bodiesWhere, bodyOf, chairAndManagers, forecast, isolated, requireMeeting, toPeople, updateMeeting, type MeetingPorts } from './support.js';

type Ports = Pick<MeetingPorts, 'repo' | 'carryForward' | 'directory' | 'outbox' | 'present' | 'log' | 'clock' | 'reminderHour'>;

/** What the chair asked for: the one brief, or the next meeting of each of their bodies to choose from. */
export type BriefsOutcome = { kind: 'brief'; brief: BriefFacts } | { kind: 'choose'; meetings: Meeting[]; now: Date };

/**
 * The chair's brief (ToRs §2.7): the quorum forecast, who sent apologies and who has not answered,
 * what was carried forward, and pending absence reviews; sent when the papers go out, or on request.
 */
export function briefs(ports: Ports) {
  async function briefFacts(directory: Directory, m: Meeting): Promise<BriefFacts> {
    const body = bodyOf(directory, m);
    const apologies = await ports.repo.listApologies(m.partnershipId, [m.id]);
    const carried = await ports.carryForward.listOpen(m.partnershipId, m.bodyId);
    const reviews = await ports.repo.listReviews(m.partnershipId, { status: 'pending', bodyIds: [m.bodyId] });
    return { meeting: m, apologies, carried, reviews, forecast: forecast(directory, body, apologies), now: ports.clock.now() };
  }

  async function brief(actor: Actor, meetingId: string): Promise<BriefFacts> {
    const m = await requireMeeting(ports.repo, actor, meetingId, 'meeting.brief');
    authorize(subjectOf(actor), 'meeting.brief', { bodyId: m.bodyId });
    return briefFacts(actor.directory, m);
  }

  /** The brief of the next meeting of each body the actor chairs (or, for the manager, of every body). */
  async function chairsBriefs(actor: Actor): Promise<BriefsOutcome> {
    const bodies = bodiesWhere(actor, 'meeting.brief');
    if (bodies.length === 0) throw meetingErrors.cannotBrief();
    const now = ports.clock.now();
    const meetings = (
      await ports.repo.listMeetings(actor.directory.partnership.id, { bodyIds: bodies.map((b) => b.id), statuses: ['scheduled'], from: now.toISOString() })
    ).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const next = bodies.map((b) => meetings.find((m) => m.bodyId === b.id)).filter((m): m is Meeting => m !== undefined);
    if (next.length === 1) return { kind: 'brief', brief: await brief(actor, next[0]!.id) };
    return { kind: 'choose', meetings: next.sort((a, b) => a.startsAt.localeCompare(b.startsAt)), now };
  }

  /** The job `meetings.brief`: the chair and the manager get the brief when the papers go out, once; each meeting on its own. */
  async function sendBriefs(now: Date = ports.clock.now()): Promise<{ briefs: number }> {
    let sent = 0;
    for (const directory of await ports.directory.directories()) {
      for (const m of await ports.repo.listMeetings(directory.partnership.id, { statuses: ['scheduled'], from: now.toISOString() })) {
        if (m.briefSentAt) continue;
        await isolated(ports.log, { meetingId: m.id, job: 'meetings.brief' }, async () => {
          const body = directory.body(m.bodyId);
          if (!body || now < workingDaysBefore(new Date(m.startsAt), body.cadence.papersWorkingDays, ports.reminderHour)) return;
          const card = ports.present.brief(directory, await briefFacts(directory, m));
          await ports.outbox.enqueue(toPeople(directory, m, chairAndManagers(directory, body), meetingBatchId(m, 'brief'), () => card));
          await updateMeeting(ports.repo, m, (x) => (x.briefSentAt ? x : { ...x, briefSentAt: now.toISOString() }));
          sent++;
        });
      }
    }
    return { briefs: sent };
  }

  return { brief, briefs: chairsBriefs, sendBriefs };
}
