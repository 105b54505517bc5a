import type { Delivery } from '../ports/outbox.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

/** The reference an email carries in its Message-ID: its partnership, its delivery, and its random part. */
export function mailReference(d: Pick<Delivery, 'partnershipId' | 'id' | 'mailRef'>): string | undefined {
  return d.mailRef ? `${b64(d.partnershipId)}.${b64(d.id)}.${d.mailRef}` : undefined;
}

export interface MailReference {
  partnershipId: string;
  deliveryId: string;
  mailRef: string;
}

const IN_TEXT = /quorum\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{1,600})\.([0-9a-f]{32})@/g;

/** Every Quorum reference quoted in a text (a non-delivery report quotes the original Message-ID), once each. */
export function referencesIn(text: string): MailReference[] {
  const found = new Map<string, MailReference>();
  for (const m of text.slice(0, 200_000).matchAll(IN_TEXT)) {
    const partnershipId = unb64(m[1]!);
    const deliveryId = unb64(m[2]!);
    if (!partnershipId || !deliveryId) continue;
    found.set(m[0], { partnershipId, deliveryId, mailRef: m[3]! });
  }
  return [...found.values()];
}
