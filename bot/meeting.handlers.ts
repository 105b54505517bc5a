import type { AdaptiveCard } from '../cards/render.js';
import type { MeetingService } from '../services/meeting.service.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

const asCard = (payload: Record<string, unknown>) => payload as AdaptiveCard;

export function meetingCommands(service: MeetingService): Command[] {
  return [
    {
      name: 'meetings',
      description: 'Your upcoming meetings and your answer; send apologies or name a deputy',
      button: 'My meetings',
      run: async ({ actor }) => asCard(await service.upcoming(actor)),
    },
    {
      name: 'meeting',
      description: 'Add a meeting of a body (manager and chairs)',
      permission: 'meeting.schedule',
      run: async ({ actor }) => asCard(service.form(actor)),
    },
    {
      name: 'register',
      description: 'Record or correct the attendance register of a meeting (manager)',
      permission: 'meeting.register',
      run: async ({ actor }) => asCard(await service.registerList(actor)),
    },
    {
      name: 'brief',
      description: "The chair's brief for the next meeting: quorum forecast, non-responders, absence reviews (chairs and manager)",
      permission: 'meeting.brief',
      run: async ({ actor }) => asCard(await service.briefs(actor)),
    },
    {
      name: 'reviews',
      description: 'Absence reviews waiting for a decision, and the risk register (manager)',
      permission: 'absence.review',
      run: async ({ actor }) => asCard(await service.reviews(actor)),
    },
  ];
}

export function meetingActions(router: CardActionRouter, service: MeetingService): void {
  router
    .on('meeting.new', async (_d, { actor }) => asCard(service.form(actor)))
    .on('meeting.list', async (_d, { actor }) => asCard(await service.upcoming(actor)))
    .on('meeting.save', async (d, { actor }) => asCard(await service.save(actor, d)))
    .on('meeting.edit', async (d, { actor }) => asCard(await service.editForm(actor, d.meetingId)))
    .on('meeting.open', async (d, { actor }) => asCard(await service.view(actor, d.meetingId)))
    .on('meeting.cancel', async (d, { actor }) => asCard(await service.cancel(actor, d.meetingId)))
    .on('meeting.respond', async (d, { actor }) => asCard(await service.respond(actor, d)))
    .on('meeting.proxy', async (d, { actor }) => asCard(await service.answerProxy(actor, d)))
    .on('meeting.brief', async (d, { actor }) => asCard(await service.brief(actor, d.meetingId)))
    .on('meeting.register.open', async (d, { actor }) => asCard(await service.registerForm(actor, d.meetingId)))
    .on('meeting.register.save', async (d, { actor }) => asCard(await service.recordRegister(actor, d)))
    .on('absence.reviews', async (_d, { actor }) => asCard(await service.reviews(actor)))
    .on('absence.risks', async (_d, { actor }) => asCard(await service.riskRegister(actor)))
    .on('absence.open', async (d, { actor }) => asCard(await service.review(actor, d.reviewId)))
    .on('absence.decide', async (d, { actor }) => asCard(await service.decide(actor, d)));
}
