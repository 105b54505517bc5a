import { randomUUID } from 'node:crypto';
import { emailCards } from '../cards/email/index.js';
import { deliveryFailureText } from '../cards/outbox/words.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { drainBatch } from './fanout.js';
import { CosmosConversationRefRepo } from '../infra/cosmos/conversations.cosmos-repo.js';
import { CosmosOutboxRepo } from '../infra/cosmos/outbox.cosmos-repo.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import { GraphMailer } from '../infra/graph/graph-mail.js';
import { startStandInGraph, type StandInGraph } from '../infra/graph/stand-in-graph.js';
import type { Consultation } from '../services/domain/consultation.js';
import { AnswerLinks } from '../services/email-answers/index.js';
import { OutboxService } from '../services/outbox/index.js';
import type { MailRecipient } from '../services/ports/email.js';
import type { Logger } from '../services/ports/logger.js';
import type { Mailer } from '../services/ports/mailer.js';
import { TokenBucketRateLimiter } from '../services/rate-limiter.js';

export interface MailOptions {
  /** Default 2,000: the largest fan-out the spec names, everyone by email. */
  recipients?: number;
  /** sendMail requests a second (MAIL_RATE_PER_SECOND). Default 15, under Graph's 10,000 per 10 minutes per mailbox. */
  ratePerSecond?: number;
  /** Share of sendMails answered 429 in the second run. Default 0.05. */
  throttleShare?: number;
}

const PARTNERSHIP = 'bench';
const TOKEN = 'bench-graph-token';
const MAILBOX = 'board@bench.example';
const GRAPH_CONCURRENCY = 4;
const systemClock = { now: () => new Date() };

/**
 * Email at full size: the outbox over the Cosmos repo on the embedded server, every recipient by
 * email, each card rendered with signed answer links and sent by GraphMailer (MIME sendMail) to the
 * stand-in Graph over HTTP, paced by the mail rate limit and at most 4 requests in flight (Graph's
 * per-mailbox concurrency). Second run: a share of sendMails answered 429 with Retry-After.
 */
export async function benchMail(opts: MailOptions = {}): Promise<string[]> {
  const n = opts.recipients ?? 2_000;
  const rate = opts.ratePerSecond ?? 15;
  const share = opts.throttleShare ?? 0.05;
  const cosmos = await startEmbeddedCosmos();
  const graph = await startStandInGraph({ token: TOKEN, users: [] });
  try {
    const clean = await run(cosmos, graph, n, rate, 0);
    const throttled = await run(cosmos, graph, n, rate, share);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    return [
      `mail: ${n} recipients by email, ceiling ${rate}/s and ${GRAPH_CONCURRENCY} in flight: ${clean.sent} sent in ${clean.seconds.toFixed(1)} s = ` +
        `${(clean.sent / clean.seconds).toFixed(1)} mails/s = ${pct(clean.sent / clean.seconds / rate)} of the ceiling; at most ${clean.maxInFlight} in flight; ` +
        `lost ${clean.lost}, duplicates ${clean.duplicates}`,
      `mail: ${n} recipients, ${pct(share)} of sendMails 429 (Retry-After 0 or 1 s): ${throttled.sent} sent in ${throttled.seconds.toFixed(1)} s ` +
        `after ${throttled.throttled} throttled answers; lost ${throttled.lost} (goal 0), duplicates ${throttled.duplicates} (goal 0), failed ${throttled.failed}; ` +
        `${throttled.requestsPerSecond.toFixed(1)} requests/s = ${pct(throttled.requestsPerSecond / rate)} of the ceiling; at most ${throttled.maxInFlight} in flight`,
      ...(clean.warnings + throttled.warnings > 0 ? [`mail: ${clean.warnings + throttled.warnings} warnings or errors logged`] : []),
    ];
  } finally {
    await graph.stop();
    await cosmos.stop();
  }
}

async function run(cosmos: EmbeddedCosmos, graph: StandInGraph, n: number, rate: number, share: number) {
  graph.mail.clear();
  graph.mail.failRandomly(share);
  const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: `bench-${randomUUID()}` });
  try {
    let warnings = 0;
    const said: string[] = [];
    const note = (fields: Record<string, unknown>, message: string) => {
      warnings++;
      if (said.length < 5) said.push(`${message} ${JSON.stringify(fields)}`);
    };
    const log: Logger = { debug() {}, info() {}, warn: note, error: note };
    const people = new Map<string, MailRecipient>(
      Array.from({ length: n }, (_, i) => [`aad-${i}`, { personId: `p-${i}`, displayName: `Member ${i}`, email: `member-${i}@agency.example`, channel: 'email' }]),
    );
    const consultation = { id: 'c-bench', status: 'open', deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() } as Consultation;
    const graphMailer = new GraphMailer({ baseUrl: graph.url, mailbox: MAILBOX, token: async () => TOKEN, log });
    let inFlight = 0;
    let maxInFlight = 0;
    const mailer: Mailer = {
      async send(m) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await graphMailer.send(m);
        } finally {
          inFlight--;
        }
      },
    };
    const outbox = new OutboxService({
      repo: new CosmosOutboxRepo(store.containers.outbox),
      conversations: new CosmosConversationRefRepo(store.containers.conversations),
      notifier: { send: () => Promise.reject(new Error('no Teams in this bench')), update: () => Promise.reject(new Error('no Teams in this bench')) },
      clock: systemClock,
      log,
      limiter: new TokenBucketRateLimiter({ ratePerSecond: 50 }),
      instanceId: 'bench',
      email: {
        recipients: { lookup: async (_p, aad) => people.get(aad) },
        cards: emailCards,
        links: new AnswerLinks({ key: 'bench-key-'.padEnd(40, 'x'), baseUrl: 'https://quorum.example.org', consultations: { get: async () => consultation }, clock: systemClock }),
        mailer,
        limiter: new TokenBucketRateLimiter({ ratePerSecond: rate }),
        concurrency: GRAPH_CONCURRENCY,
      },
    });
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Neglect strategy 2027', size: 'Large', weight: 'Bolder' },
        { type: 'TextBlock', text: 'Agree the strategy for publication.', wrap: true },
      ],
      actions: (['agree', 'disagree'] as const).map((choice) => ({
        type: 'Action.Execute',
        verb: 'consultation.respond',
        title: choice === 'agree' ? 'Agree' : 'Disagree',
        data: { consultationId: 'c-bench', agencyId: 'agency', choice },
      })),
    };
    const batchId = `bench:${randomUUID()}`;
    await outbox.enqueue([...people.keys()].map((aad) => ({ partnershipId: PARTNERSHIP, batchId, recipientAad: aad, card })));

    const { throttled, failed, seconds } = await drainBatch(outbox, PARTNERSHIP, batchId, n / rate);
    const per = new Map<string, number>();
    for (const m of graph.mail.messages) per.set(m.to, (per.get(m.to) ?? 0) + 1);
    const lost = [...people.values()].filter((p) => !per.has(p.email!)).length;
    const duplicates = [...per.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
    const progress = await outbox.progress(PARTNERSHIP, batchId);
    const unsent = (await outbox.deliveries(PARTNERSHIP, batchId)).filter((d) => d.status !== 'sent').map((d) => `${d.status}: ${deliveryFailureText(d) ?? ''}`);
    if (process.env.BENCH_VERBOSE) console.log({ unsent: unsent.slice(0, 5), said });
    return { sent: progress.email?.sent ?? 0, lost, duplicates, seconds, throttled, failed, warnings, maxInFlight, requestsPerSecond: (graph.mail.messages.length + throttled) / seconds };
  } finally {
    graph.mail.failRandomly(0);
    store.dispose();
  }
}
