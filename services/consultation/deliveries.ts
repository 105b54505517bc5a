import { recipients, type AgencyAnswer, type Consultation, type Recipient } from '../domain/consultation.js';
import type { SendOutcome } from '../domain/consultation-outcomes.js';
import type { Directory } from '../domain/directory.js';
import type { NewDelivery } from '../ports/outbox.js';
import { bodyOf, primaryAgency, unreachableOf, type ConsultationPorts } from './support.js';

/** The cards several use cases queue: one per recipient, by the presenter port, under a deterministic batch id. */

type FanOutPorts = Pick<ConsultationPorts, 'repo' | 'outbox' | 'presenter'>;

/** Queues each recipient's card (those `only` keeps); the batch id makes a repeat queue nothing new. */
export async function fanOut(
  ports: FanOutPorts,
  directory: Directory,
  c: Consultation,
  batchId: string,
  only?: (r: Recipient) => boolean,
  reminder?: { workingDaysLeft: number },
): Promise<void> {
  const body = bodyOf(directory, c);
  const answers = await ports.repo.listAnswers(c.partnershipId, c.id);
  const items: NewDelivery[] = [];
  for (const r of recipients(body, directory, c.kind, c.extraAgencyIds)) {
    if (only && !only(r)) continue;
    const person = directory.person(r.personId);
    if (!person) continue;
    const agencyId = primaryAgency(r)?.agencyId;
    const answer = agencyId ? answers.find((a) => a.agencyId === agencyId) : undefined;
    items.push({
      partnershipId: c.partnershipId,
      batchId,
      recipientAad: person.aadObjectId,
      card: ports.presenter.request({ directory, consultation: c, recipient: r, ...(answer ? { answer } : {}), ...(reminder ? { reminder } : {}) }),
    });
  }
  await ports.outbox.enqueue(items);
}

/** A vote's result to everyone who got the card. */
export async function announceResult(ports: Pick<ConsultationPorts, 'outbox' | 'presenter'>, directory: Directory, c: Consultation, answers: AgencyAnswer[]): Promise<void> {
  const card = ports.presenter.tally({ directory, consultation: c, answers });
  const items = recipients(bodyOf(directory, c), directory, c.kind, c.extraAgencyIds)
    .map((r) => directory.person(r.personId))
    .filter((p) => p !== undefined)
    .map((p) => ({ partnershipId: c.partnershipId, batchId: `consultation:${c.id}:result`, recipientAad: p.aadObjectId, card }));
  await ports.outbox.enqueue(items);
}

/** How the opening cards are getting on, and who could not be reached. */
export async function progressOf(ports: Pick<ConsultationPorts, 'outbox' | 'conversations'>, directory: Directory, c: Consultation): Promise<SendOutcome> {
  const progress = await ports.outbox.progress(c.partnershipId, `consultation:${c.id}:open`);
  const unreachable = await unreachableOf(ports.conversations, directory, recipients(bodyOf(directory, c), directory, c.kind, c.extraAgencyIds));
  return { kind: 'sent', consultation: c, progress, unreachable };
}
