import type { AdaptiveCard } from '../cards/render.js';
import type { ConsultationService } from '../services/consultation.service.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

const asCard = (payload: Record<string, unknown>) => payload as AdaptiveCard;

export function consultationCommands(service: ConsultationService): Command[] {
  return [
    {
      name: 'consult',
      description: 'Send a consultation or a vote to a body (manager and chairs)',
      button: 'Send a consultation',
      permission: 'consultation.send',
      run: async ({ actor }) => asCard(service.form(actor)),
    },
    {
      name: 'consultations',
      description: "Open consultations and votes, with your agency's answer",
      button: 'Open consultations',
      run: async ({ actor }) => asCard(await service.listOpen(actor)),
    },
    {
      name: 'status',
      description: 'The answers and non-responders of a consultation, e.g. "status C-7F3A2B" (manager and chairs)',
      permission: 'consultation.tally',
      run: async ({ actor, args }) => asCard(await service.status(actor, args || undefined)),
    },
  ];
}

export function consultationActions(router: CardActionRouter, service: ConsultationService): void {
  router
    .on('consultation.new', async (_d, { actor }) => asCard(service.form(actor)))
    .on('consultation.preview', async (d, { actor }) => asCard(await service.preview(actor, d)))
    .on('consultation.send', async (d, { actor, cardActivityId }) => asCard(await service.send(actor, d.consultationId, cardActivityId)))
    .on('consultation.cancel', async (d, { actor }) => asCard(await service.cancel(actor, d.consultationId)))
    .on('consultation.open', async (d, { actor }) => asCard(await service.view(actor, d.consultationId)))
    .on('consultation.status', async (d, { actor }) => asCard(await service.statusById(actor, d.consultationId)))
    .on('consultation.respond', async (d, { actor }) => asCard(await service.answer(actor, d)))
    .on('consultation.comment', async (d, { actor }) => asCard(await service.comment(actor, d.consultationId, d.comment ?? '')))
    .on('consultation.cast', async (d, { actor }) => asCard(await service.castingVote(actor, d.consultationId, d.choice)))
    .on('consultation.consensus', async (d, { actor }) => asCard(await service.recordConsensus(actor, d.consultationId)))
    .on('consultation.refer', async (d, { actor }) => asCard(await service.refer(actor, d.consultationId, d.referReason ?? '')))
    .on('consultation.scrutiny', async (d, { actor }) => asCard(await service.recordReferralView(actor, d.consultationId, d.view ?? '')));
}
