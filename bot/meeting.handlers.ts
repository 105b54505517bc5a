import { attendanceRegisterPresenter } from '../cards/meeting/attendance-register.js';
import { presentMeetings as present } from '../cards/meeting/present.js';
import type { AdaptiveCard } from '../cards/render.js';
import type { Actor } from '../services/directory/index.js';
import type { AttendanceReportUseCases } from '../services/meeting/attendance-report.js';
import type { DecideInput, MeetingInput, MeetingUseCases, ProxyAnswerInput, RegisterInput, RespondInput } from '../services/meeting/index.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

/**
 * Each meeting reply: the use case, then the presenter with its outcome. With meetings held in Teams,
 * a register not yet recorded opens as the attendance report proposed it (the card the job sends).
 */
export function meetingReplies(uc: MeetingUseCases, reports?: Pick<AttendanceReportUseCases, 'prefilled'>) {
  return {
    form: async (actor: Actor): Promise<AdaptiveCard> => present.form(actor.directory, await uc.meetingForm(actor)),
    editForm: async (actor: Actor, meetingId: string) => present.form(actor.directory, await uc.meetingForm(actor, meetingId)),
    save: async (actor: Actor, input: MeetingInput) => present.saved(actor.directory, await uc.save(actor, input)),
    cancel: async (actor: Actor, meetingId: string) => present.cancelled(actor.directory, await uc.cancel(actor, meetingId)),
    view: async (actor: Actor, meetingId: string) => present.meeting(actor.directory, await uc.view(actor, meetingId)),
    upcoming: async (actor: Actor) => present.upcoming(actor.directory, await uc.upcoming(actor)),
    respond: async (actor: Actor, input: RespondInput) => present.responded(actor.directory, await uc.respond(actor, input)),
    answerProxy: async (actor: Actor, input: ProxyAnswerInput) => present.proxyAnswered(actor.directory, await uc.answerProxy(actor, input)),
    brief: async (actor: Actor, meetingId: string) => present.brief(actor.directory, await uc.brief(actor, meetingId)),
    briefs: async (actor: Actor) => present.briefs(actor.directory, await uc.briefs(actor)),
    registerList: async (actor: Actor) => present.registerList(actor.directory, await uc.registerList(actor)),
    registerForm: async (actor: Actor, meetingId: string): Promise<AdaptiveCard> => {
      const facts = await uc.registerForm(actor, meetingId);
      const proposed = facts.register ? undefined : await reports?.prefilled(actor.directory, facts.meeting);
      return proposed ? (attendanceRegisterPresenter.proposed(proposed) as AdaptiveCard) : present.registerForm(actor.directory, facts);
    },
    recordRegister: async (actor: Actor, input: RegisterInput) => present.registerRecorded(actor.directory, await uc.recordRegister(actor, input)),
    reviews: async (actor: Actor) => present.reviews(actor.directory, await uc.reviews(actor)),
    review: async (actor: Actor, reviewId: string) => present.review(actor.directory, await uc.review(actor, reviewId)),
    decide: async (actor: Actor, input: DecideInput) => present.decided(actor.directory, await uc.decide(actor, input)),
    riskRegister: async (actor: Actor) => present.risks(actor.directory, await uc.riskRegister(actor)),
  };
}

export type MeetingReplies = ReturnType<typeof meetingReplies>;

export function meetingCommands(reply: MeetingReplies): Command[] {
  return [
    {
      name: 'meetings',
      description: 'Your upcoming meetings and your answer; send apologies or name a deputy',
      button: 'My meetings',
      run: ({ actor }) => reply.upcoming(actor),
    },
    {
      name: 'meeting',
      description: 'Add a meeting of a body (manager and chairs)',
      permission: 'meeting.schedule',
      run: ({ actor }) => reply.form(actor),
    },
    {
      name: 'register',
      description: 'Record or correct the attendance register of a meeting (manager)',
      permission: 'meeting.register',
      run: ({ actor }) => reply.registerList(actor),
    },
    {
      name: 'brief',
      description: "The chair's brief for the next meeting: quorum forecast, non-responders, absence reviews (chairs and manager)",
      permission: 'meeting.brief',
      run: ({ actor }) => reply.briefs(actor),
    },
    {
      name: 'reviews',
      description: 'Absence reviews waiting for a decision, and the risk register (manager)',
      permission: 'absence.review',
      run: ({ actor }) => reply.reviews(actor),
    },
  ];
}

export function meetingActions(router: CardActionRouter, reply: MeetingReplies): void {
  router
    .on('meeting.new', (_d, { actor }) => reply.form(actor))
    .on('meeting.list', (_d, { actor }) => reply.upcoming(actor))
    .on('meeting.save', (d, { actor }) => reply.save(actor, d))
    .on('meeting.edit', (d, { actor }) => reply.editForm(actor, d.meetingId))
    .on('meeting.open', (d, { actor }) => reply.view(actor, d.meetingId))
    .on('meeting.cancel', (d, { actor }) => reply.cancel(actor, d.meetingId))
    .on('meeting.respond', (d, { actor }) => reply.respond(actor, d))
    .on('meeting.proxy', (d, { actor }) => reply.answerProxy(actor, d))
    .on('meeting.brief', (d, { actor }) => reply.brief(actor, d.meetingId))
    .on('meeting.register.open', (d, { actor }) => reply.registerForm(actor, d.meetingId))
    .on('meeting.register.save', (d, { actor }) => reply.recordRegister(actor, d))
    .on('absence.reviews', (_d, { actor }) => reply.reviews(actor))
    .on('absence.risks', (_d, { actor }) => reply.riskRegister(actor))
    .on('absence.open', (d, { actor }) => reply.review(actor, d.reviewId))
    .on('absence.decide', (d, { actor }) => reply.decide(actor, d));
}
