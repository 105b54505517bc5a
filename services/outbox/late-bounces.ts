import type { BounceFact, MailRecipients } from '../ports/email.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { BoardInbox, InboxMessage } from '../ports/mailer.js';
import type { Delivery, DeliveryFailure } from '../ports/outbox.js';
import { outboxErrors } from '../domain/error-messages/outbox.js';
import { updateOptimistically } from '../optimistic-update.js';
import { failedWith } from './claims.js';
import { referencesIn } from './mail-reference.js';

/** The deliveries as stored: read one, replace it if unchanged (ETag). */
export interface DeliveryRecords {
  get(partnershipId: string, id: string): Promise<Delivery | undefined>;
  replaceIfUnchanged(d: Delivery): Promise<Delivery | undefined>;
}

export interface LateBouncePorts {
  inbox: BoardInbox;
  deliveries: DeliveryRecords;
  recipients: MailRecipients;
  /** Tells the managers of a bounce; its batch id is the delivery's, so telling twice queues one card. */
  tell: (delivery: Delivery, fact: BounceFact) => Promise<void>;
  clock: Clock;
  log: Logger;
  /** How far back each run reads the inbox. Default 3 days: reports come within minutes to a day or two. */
  lookbackMs?: number;
}

export interface LateBounceReport {
  read: number;
  reports: number;
  bounced: number;
  failed: number;
}

/** Who sends non-delivery reports, and how they are titled (Exchange Online, and common servers). */
const NDR_SENDER = /^(postmaster|mailer-daemon|microsoftexchange[0-9a-f]*)@/i;
const NDR_SUBJECT = /^\s*(undeliverable|undelivered mail|delivery status notification|delivery has failed|mail delivery failed|returned mail|failure notice)\b/i;

export const isNonDeliveryReport = (m: Pick<InboxMessage, 'from' | 'subject'>) => NDR_SENDER.test(m.from ?? '') || NDR_SUBJECT.test(m.subject);

/**
 * Exchange accepts a sendMail and only later reports that the address could not take it, by a
 * non-delivery report in the board mailbox. The job `mail.late-bounces` reads the inbox's recent
 * messages; a report quoting the Message-ID of a mail Quorum sent (its random reference must match
 * the stored one) marks that delivery bounced, once, and tells the managers. Each message is on its
 * own: one that fails is logged and the rest still run; the next run tries it again.
 */
export function lateBounces(ports: LateBouncePorts) {
  async function bounce(m: InboxMessage, ref: { partnershipId: string; deliveryId: string; mailRef: string }): Promise<boolean> {
    const d = await ports.deliveries.get(ref.partnershipId, ref.deliveryId);
    // Only a mail we sent, with the very reference it carried: a forged report names nothing.
    if (!d || d.channel !== 'email' || d.mailRef !== ref.mailRef) return false;
    // Once: a delivery already bounced (or never sent) is left as it is.
    if (d.status !== 'sent') return false;
    const failure: DeliveryFailure = { code: 'late-bounce', detail: m.subject.slice(0, 200) };
    const who = await ports.recipients.lookup(d.partnershipId, d.recipientAad);
    // Told before it is marked: a run that stops between the two tells again next time, into the same batch.
    await ports.tell(d, { personName: who?.displayName ?? d.recipientAad, address: who?.email ?? '', batchId: d.batchId, failure });
    const at = ports.clock.now().toISOString();
    await updateOptimistically(
      d,
      (x): Delivery => (x.status !== 'sent' ? x : failedWith({ ...x, status: 'bounced', bouncedLateAt: at }, failure)),
      { replace: (n) => ports.deliveries.replaceIfUnchanged(n), reread: () => ports.deliveries.get(d.partnershipId, d.id) },
      { gone: outboxErrors.deliveryGone, busy: outboxErrors.deliveryBusy },
    );
    ports.log.info({ deliveryId: d.id, messageId: m.id }, 'outbox: a late non-delivery report marked an email bounced');
    return true;
  }

  async function readLateBounces(now: Date = ports.clock.now()): Promise<LateBounceReport> {
    const report: LateBounceReport = { read: 0, reports: 0, bounced: 0, failed: 0 };
    if (ports.inbox.unavailable) return report;
    const since = new Date(now.getTime() - (ports.lookbackMs ?? 3 * 24 * 3600 * 1000)).toISOString();
    const messages = await ports.inbox.recent(since);
    report.read = messages.length;
    for (const m of messages) {
      if (!isNonDeliveryReport(m)) continue;
      report.reports++;
      try {
        for (const ref of referencesIn(`${m.subject}\n${m.text}`)) if (await bounce(m, ref)) report.bounced++;
      } catch (err) {
        report.failed++;
        ports.log.error({ messageId: m.id, err: err instanceof Error ? err.message : String(err) }, 'outbox: could not apply a non-delivery report; tried again next run');
      }
    }
    return report;
  }

  return { readLateBounces };
}

export type LateBounces = ReturnType<typeof lateBounces>;
