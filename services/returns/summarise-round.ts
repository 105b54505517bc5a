import type { Directory } from '../domain/directory.js';
import type { ReturnRound } from '../domain/returns.js';
import type { NewDelivery } from '../ports/outbox.js';
import { changeRound, roundFacts, unsummarisedRounds, type ReturnsPorts } from './support.js';

export interface SummaryReport {
  summaries: number;
  failed: number;
}

/**
 * After the deadline: the chair and the QA sub-group chair (and the manager who opened the round)
 * get the summary naming each agency that did not return; those agencies are carried to the QA
 * sub-group's next meeting. Each round is isolated: one that fails is logged and tried next run.
 */
export function summariseRounds(ports: ReturnsPorts) {
  return async (now: Date = ports.clock.now()): Promise<SummaryReport> => {
    const report: SummaryReport = { summaries: 0, failed: 0 };
    for (const round of await unsummarisedRounds(ports)) {
      if (now.getTime() < Date.parse(round.deadline)) continue;
      try {
        await summariseOne(ports, round, now);
        report.summaries++;
      } catch (err) {
        report.failed++;
        ports.log.error({ roundId: round.id, err: err instanceof Error ? err.message : String(err) }, 'return round summary failed; skipped');
      }
    }
    return report;
  };
}

async function summariseOne(ports: ReturnsPorts, round: ReturnRound, now: Date): Promise<void> {
  const d = await ports.directories.directory(round.partnershipId);
  const returns = await ports.repo.listReturns(round.partnershipId, [round.id]);
  const name = (id: string) => d.agency(id)?.name ?? id;
  const byAgency = new Map(returns.map((r) => [r.agencyId, r]));
  const notReturned = round.agencyIds
    .filter((id) => byAgency.get(id)?.status !== 'submitted')
    .map((id) => ({ id, name: name(id), draft: byAgency.get(id)?.status === 'draft' }));
  const late = returns.filter((r) => r.status === 'submitted' && r.late).map((r) => ({ id: r.agencyId, name: name(r.agencyId) }));
  const card = ports.presenter.summary({ round: roundFacts(round), notReturned, late, submitted: round.agencyIds.length - notReturned.length, total: round.agencyIds.length });
  const batchId = `returns:${round.id}:summary`;
  const items: NewDelivery[] = recipients(d, round).map((aad) => ({ partnershipId: round.partnershipId, batchId, recipientAad: aad, card }));
  await ports.outbox.enqueue(items);
  if (notReturned.length) {
    await ports.carryForward.add({
      id: `carry-forward:${round.id}`,
      partnershipId: round.partnershipId,
      bodyId: round.qaBodyId,
      kind: 'returns-non-response',
      consultationId: round.id,
      title: round.title,
      agencyIds: notReturned.map((a) => a.id),
      createdAt: now.toISOString(),
    });
  }
  await changeRound(ports.repo, round, (current) => (current.summarisedAt ? current : { ...current, summarisedAt: now.toISOString() }));
  ports.log.info({ roundId: round.id, notReturned: notReturned.length, recipients: items.length }, 'return round summarised');
}

/** The board's chair, the QA sub-group's chair and the round's opener. */
function recipients(d: Directory, round: ReturnRound): string[] {
  const board = d.mainBoard();
  const qa = d.body(round.qaBodyId);
  const ids = [board && d.chairSeat(board)?.holderId, qa && d.chairSeat(qa)?.holderId, round.createdBy];
  return [...new Set(ids.flatMap((id) => (id ? [d.person(id)?.aadObjectId ?? ''] : [])).filter(Boolean))];
}
