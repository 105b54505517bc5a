import { beforeEach, describe, expect, it } from 'vitest';
import { emailCards } from '../../../cards/email/index.js';
import { deliveryFailureText, failureText } from '../../../cards/outbox/words.js';
import { OutboxService, deliveryId, type EmailDeliveryDeps, type OutboxDeps } from '../../../services/outbox/index.js';
import type { BounceFact, MailRecipient } from '../../../services/ports/email.js';
import type { Logger } from '../../../services/ports/logger.js';
import type { MailResult } from '../../../services/ports/mailer.js';
import type { Delivery, DeliveryFailure } from '../../../services/ports/outbox.js';
import { cardText } from '../../support/fake-connector.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { MemoryConversationRefRepo, MemoryOutboxRepo, RecordingNotifier } from '../../support/memory-outbox.js';

/** Issue #13: why a delivery failed is stored as a code (with the channel's own detail); cards/outbox/ words it. */

const P = 'merton';
const BATCH = 'consultation:c1:open';
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Please respond' }] };

let repo: MemoryOutboxRepo;
let people: Map<string, MailRecipient>;
let bounces: { delivery: Delivery; fact: BounceFact }[];

beforeEach(() => {
  repo = new MemoryOutboxRepo();
  people = new Map([
    ['aad-1', { personId: 'p-1', displayName: 'Head of Safeguarding', email: 'hos@health.example', channel: 'email' }],
    ['aad-2', { personId: 'p-2', displayName: 'Borough Commander', email: 'bc@police.example', channel: 'email' }],
  ]);
  bounces = [];
});

function emailDeps(send: () => Promise<MailResult> = async () => ({ ok: true }), unavailable?: string): EmailDeliveryDeps {
  return {
    recipients: { lookup: async (_p, aad) => people.get(aad) },
    cards: { intents: () => [], render: () => ({ subject: 's', html: 'h', text: 't' }), bounced: () => card },
    links: { linksFor: async () => new Map() },
    mailer: { send, ...(unavailable ? { unavailable } : {}) },
    limiter: { acquire: async () => undefined },
    onBounce: async (delivery, fact) => void bounces.push({ delivery, fact }),
  };
}

function outbox(overrides: Partial<OutboxDeps> = {}): OutboxService {
  return new OutboxService({
    repo,
    conversations: new MemoryConversationRefRepo(),
    notifier: new RecordingNotifier(),
    clock: new FixedClock('2026-11-24T09:00:00.000Z'),
    log: quiet,
    limiter: { acquire: async () => undefined },
    instanceId: 'instance-a',
    random: () => 1,
    ...overrides,
  });
}

const enqueue = (service: OutboxService, ...aads: string[]) => service.enqueue(aads.map((recipientAad) => ({ partnershipId: P, batchId: BATCH, recipientAad, card })));
const stored = (aad: string) => repo.get(deliveryId(BATCH, aad, 'email'));

describe('an email delivery that fails stores why as a code', () => {
  it('no address, or gone from the directory: unreachable, with the reason', async () => {
    const service = outbox({ email: emailDeps() });
    await enqueue(service, 'aad-1', 'aad-2');
    people.set('aad-1', { personId: 'p-1', displayName: 'Head of Safeguarding', channel: 'email' });
    people.delete('aad-2');
    await service.drain();
    expect(stored('aad-1')).toMatchObject({ status: 'unreachable', failure: { code: 'no-email-address' } });
    expect(stored('aad-2')).toMatchObject({ status: 'unreachable', failure: { code: 'not-in-directory' } });
    expect(stored('aad-1')?.lastError).toBeUndefined();
  });

  it('email not set up on this instance, or the mailer unable to send here (with its reason)', async () => {
    await enqueue(outbox({ email: emailDeps() }), 'aad-1');
    await outbox().drain();
    expect(stored('aad-1')).toMatchObject({ status: 'failed', failure: { code: 'email-not-set-up' } });

    repo = new MemoryOutboxRepo();
    const unable = outbox({ email: emailDeps(undefined, 'no board mailbox is set (MAIL_FROM)') });
    await enqueue(unable, 'aad-1');
    await unable.drain();
    expect(stored('aad-1')).toMatchObject({ status: 'failed', failure: { code: 'email-unavailable', detail: 'no board mailbox is set (MAIL_FROM)' } });
  });

  it('a bounce keeps the mail server’s words as the detail, and tells the manager with the code', async () => {
    const service = outbox({ email: emailDeps(async () => ({ ok: false, kind: 'bounced', error: '550 5.1.1 ErrorInvalidRecipients' })) });
    await enqueue(service, 'aad-1');
    await service.drain();
    const failure: DeliveryFailure = { code: 'transport', kind: 'bounced', detail: '550 5.1.1 ErrorInvalidRecipients' };
    expect(stored('aad-1')).toMatchObject({ status: 'bounced', failure });
    expect(bounces.map((b) => b.fact)).toEqual([{ personName: 'Head of Safeguarding', address: 'hos@health.example', batchId: BATCH, failure }]);
  });

  it('a later attempt replaces the words a delivery was stored with before the codes', async () => {
    let calls = 0;
    const service = outbox({ email: emailDeps(async () => (++calls === 1 ? { ok: false, kind: 'transient', error: '503' } : { ok: true })) });
    await enqueue(service, 'aad-1');
    const before = stored('aad-1')!;
    await repo.replaceIfUnchanged({ ...before, lastError: 'transient: 502' });
    await service.drain();
    expect(stored('aad-1')).toMatchObject({ status: 'pending', failure: { code: 'transport', kind: 'transient', detail: '503' } });
    expect(stored('aad-1')?.lastError).toBeUndefined();
  });
});

describe('why a delivery failed, in words (cards/outbox/words.ts)', () => {
  it('reads as the outbox wrote it before the codes', () => {
    const words: [DeliveryFailure, string][] = [
      [{ code: 'no-conversation' }, 'no conversation reference: the person has never opened the bot'],
      [{ code: 'conversation-blocked', marked: 'uninstalled' }, 'the conversation is marked uninstalled'],
      [{ code: 'email-not-set-up' }, 'email is not set up on this instance'],
      [{ code: 'email-unavailable', detail: 'no board mailbox is set (MAIL_FROM)' }, 'email cannot be sent here: no board mailbox is set (MAIL_FROM)'],
      [{ code: 'no-email-address' }, 'no email address for the person'],
      [{ code: 'not-in-directory' }, 'the person is no longer in the directory'],
      [{ code: 'unconfirmed-claim', claimedBy: 'instance-a', claimedAt: '2026-11-24T09:00:00.000Z' }, 'claimed by instance-a at 2026-11-24T09:00:00.000Z and never confirmed; not resent'],
      [{ code: 'unconfirmed-claim' }, 'claimed by ? at ? and never confirmed; not resent'],
      [{ code: 'transport', kind: 'throttled', detail: '429' }, 'throttled: 429'],
      [{ code: 'late-bounce', detail: 'Undeliverable: Budget' }, 'late-ndr: Undeliverable: Budget'],
    ];
    for (const [failure, text] of words) expect(failureText(failure)).toBe(text);
  });

  it('shows the words a delivery was stored with before the codes, as they are', () => {
    expect(deliveryFailureText({ lastError: 'no conversation reference: the person has never opened the bot' })).toBe('no conversation reference: the person has never opened the bot');
    expect(deliveryFailureText({ failure: { code: 'no-email-address' }, lastError: 'older words' })).toBe('no email address for the person');
    expect(deliveryFailureText({})).toBeUndefined();
  });

  it('words the manager’s bounce notice as before', () => {
    const notice = emailCards.bounced({ personName: 'Head of Safeguarding', address: 'hos@health.example', batchId: BATCH, failure: { code: 'transport', kind: 'bounced', detail: '550 5.1.1 ErrorInvalidRecipients' } });
    expect(cardText(notice)).toContain(
      "Quorum's email to Head of Safeguarding (hos@health.example) was refused by their mail server, so they have not received it: bounced: 550 5.1.1 ErrorInvalidRecipients",
    );
  });
});
