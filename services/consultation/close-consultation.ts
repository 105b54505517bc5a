import { asOf, castingVoter, decisionRuleOf, statusAt, type AgencyAnswer, type Consultation } from '../domain/consultation.js';
import type { Directory } from '../domain/directory.js';
import { announceResult } from './deliveries.js';
import { bodyOf, peopleOf, updateConsultation, type ConsultationPorts } from './support.js';

type ClosePorts = Pick<ConsultationPorts, 'repo' | 'carryForward' | 'directory' | 'outbox' | 'presenter' | 'clock' | 'log'>;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The deadline job: closes consultations past their deadline, sends the summary to the chair and
 * manager, carries the non-responders to the body's next meeting (C §4.9), and asks for the casting
 * vote on a tie or announces a vote's result. Each consultation on its own: one that fails is
 * logged and left for the next run, and the others still close.
 */
export function closeConsultation(ports: ClosePorts) {
  const afterClose = async (directory: Directory, c: Consultation, answers: AgencyAnswer[], now: Date) => {
    const body = bodyOf(directory, c);
    const summary = ports.presenter.tally({ directory, consultation: c, answers });
    await ports.outbox.enqueue(
      peopleOf(directory, [directory.chairSeat(body)?.holderId, ...directory.managers().map((m) => m.id)]).map((p) => ({
        partnershipId: c.partnershipId,
        batchId: `consultation:${c.id}:summary`,
        recipientAad: p.aadObjectId,
        card: summary,
      })),
    );
    const silent = answers.filter((a) => a.required && a.choice === 'none').map((a) => a.agencyId);
    if (silent.length && c.outcome?.result !== 'agreed by consensus') {
      await ports.carryForward.add({
        id: `non-response:${c.id}`,
        partnershipId: c.partnershipId,
        bodyId: c.bodyId,
        kind: 'consultation-non-response',
        consultationId: c.id,
        title: c.title,
        agencyIds: silent,
        createdAt: now.toISOString(),
      });
    }
    if (c.status === 'awaiting-casting-vote') {
      const voter = castingVoter(body, c.rule ?? decisionRuleOf(body));
      const person = voter ? directory.person(voter) : undefined;
      if (person) {
        await ports.outbox.enqueue([
          { partnershipId: c.partnershipId, batchId: `consultation:${c.id}:casting`, recipientAad: person.aadObjectId, card: ports.presenter.castingVote({ directory, consultation: c }) },
        ]);
      }
    } else if (c.kind === 'decision') {
      await announceResult(ports, directory, c, answers);
    }
  };

  /** Runs one consultation's step; a failure is logged and skipped, so the next ones still run. */
  const isolated = async (c: Consultation, step: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (err) {
      ports.log.error({ consultationId: c.id, partnershipId: c.partnershipId, step, err: (err as Error).message }, 'consultations: closing failed for one consultation; the next run retries it');
    }
  };

  return {
    async closeDue(now: Date = ports.clock.now()): Promise<{ closed: number }> {
      let closed = 0;
      for (const open of await ports.repo.listByStatus(['open'])) {
        if (Date.parse(open.deadline) > now.getTime()) continue;
        await isolated(open, 'close', async () => {
          const directory = await ports.directory.directory(open.partnershipId);
          const answers = await ports.repo.listAnswers(open.partnershipId, open.id);
          // Readers already show it closed (asOf); the job records that, then sends the follow-ups.
          const c = await updateConsultation(ports.repo, open, (x) => (x.status === 'open' && statusAt(x, now) !== 'open' ? { ...asOf(x, now, answers), closedAt: now.toISOString() } : x));
          closed++;
          await afterClose(directory, c, answers, now);
        });
      }
      // A run that died after closing but before its follow-ups redoes them; every step is idempotent.
      for (const c of await ports.repo.listByStatus(['closed', 'awaiting-casting-vote'])) {
        if (!c.closedAt || now.getTime() - Date.parse(c.closedAt) > DAY_MS) continue;
        await isolated(c, 'follow-up', async () => {
          const directory = await ports.directory.directory(c.partnershipId);
          await afterClose(directory, c, await ports.repo.listAnswers(c.partnershipId, c.id), now);
        });
      }
      return { closed };
    },
  };
}
