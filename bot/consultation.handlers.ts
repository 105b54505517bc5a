import type { ConsultationCardPresenter } from '../cards/consultation/present.js';
import type { AdaptiveCard } from '../cards/render.js';
import type { ConsultationUseCases } from '../services/consultation/index.js';
import type { CardActionRouter } from './card-actions.js';
import type { Command } from './commands.js';

/** Each handler calls the use case, then the presenter with its outcome; a refusal is worded by the presenter too. */
const worded = (present: ConsultationCardPresenter) => async (run: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> => {
  try {
    return await run();
  } catch (err) {
    throw present.refusal(err);
  }
};

export function consultationCommands(useCases: ConsultationUseCases, present: ConsultationCardPresenter): Command[] {
  const say = worded(present);
  return [
    {
      name: 'consult',
      description: 'Send a consultation or a vote to a body (manager and chairs)',
      button: 'Send a consultation',
      permission: 'consultation.send',
      run: ({ actor }) => say(async () => present.form(actor.directory, useCases.form(actor))),
    },
    {
      name: 'consultations',
      description: "Open consultations and votes, with your agency's answer",
      button: 'Open consultations',
      run: ({ actor }) => say(async () => present.list(actor.directory, await useCases.listOpen(actor))),
    },
    {
      name: 'status',
      description: 'The answers and non-responders of a consultation, e.g. "status C-7F3A2B" (manager and chairs)',
      permission: 'consultation.tally',
      run: ({ actor, args }) => say(async () => present.tally(actor.directory, await useCases.status(actor, args || undefined))),
    },
  ];
}

export function consultationActions(router: CardActionRouter, useCases: ConsultationUseCases, present: ConsultationCardPresenter): void {
  const say = worded(present);
  router
    .on('consultation.new', (_d, { actor }) => say(async () => present.form(actor.directory, useCases.form(actor))))
    .on('consultation.preview', (d, { actor }) => say(async () => present.preview(actor.directory, await useCases.preview(actor, d))))
    .on('consultation.send', (d, { actor, cardActivityId }) => say(async () => present.sent(actor.directory, await useCases.send(actor, d.consultationId, cardActivityId))))
    .on('consultation.cancel', (d, { actor }) => say(async () => present.cancelled(actor.directory, await useCases.cancel(actor, d.consultationId))))
    .on('consultation.open', (d, { actor }) => say(async () => present.view(actor.directory, await useCases.view(actor, d.consultationId))))
    .on('consultation.status', (d, { actor }) => say(async () => present.tally(actor.directory, await useCases.statusById(actor, d.consultationId))))
    .on('consultation.respond', (d, { actor }) => say(async () => present.answered(actor.directory, await useCases.answer(actor, d))))
    .on('consultation.comment', (d, { actor }) => say(async () => present.commented(actor.directory, await useCases.comment(actor, d.consultationId, d.comment ?? ''))))
    .on('consultation.cast', (d, { actor }) => say(async () => present.casting(actor.directory, await useCases.castingVote(actor, d.consultationId, d.choice))))
    .on('consultation.consensus', (d, { actor }) => say(async () => present.tally(actor.directory, await useCases.recordConsensus(actor, d.consultationId))))
    .on('consultation.refer', (d, { actor }) => say(async () => present.referred(actor.directory, await useCases.refer(actor, d.consultationId, d.referReason ?? ''))))
    .on('consultation.scrutiny', (d, { actor }) => say(async () => present.tally(actor.directory, await useCases.recordReferralView(actor, d.consultationId, d.view ?? ''))));
}
