import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Quorum } from '../../app/compose.js';
import { loadConfig } from '../../infra/config.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { FixedClock } from '../support/fixed-clock.js';
import { openTestStore, silentLog } from '../support/harness.js';

/** Two instances of the app over one store, as in a scaled-out deployment, running the same jobs at the same moment. */
let store: CosmosStore;
let a: Quorum;
let b: Quorum;
const clock = new FixedClock('2026-11-24T10:00:00.000Z');
let consultationId: string;

const deliveries = async (prefix: string) => {
  const { resources } = await store.containers.outbox.items
    .query({ query: 'SELECT c.id, c.batchId, c.recipientAad FROM c WHERE STARTSWITH(c.batchId, @p)', parameters: [{ name: '@p', value: prefix }] })
    .fetchAll();
  return resources as { id: string; batchId: string; recipientAad: string }[];
};

beforeAll(async () => {
  store = await openTestStore();
  const config = loadConfig({ PLAYGROUND: 'false' });
  a = compose(config, store, silentLog, clock);
  b = compose(config, store, silentLog, clock);
  await a.directory.save(await readPartnershipFile('partnerships/merton-2015.json'), 'test');
  const manager = (await a.directory.findActor('00000000-0000-0000-0000-000000000101'))!;
  consultationId = randomUUID();
  await a.consultations.preview(manager, { formId: consultationId, title: 'Escalation policy', ask: 'Agree it.', bodyId: 'mscb-board', deadlineDate: '2026-12-04' });
  await Promise.all([a.consultations.send(manager, consultationId), b.consultations.send(manager, consultationId)]);
});
afterAll(() => store.dispose());

describe('consultation jobs on two instances', () => {
  it('sends the consultation once to each recipient when Send reaches both instances', async () => {
    const sent = await deliveries(`consultation:${consultationId}:open`);
    expect(new Set(sent.map((d) => d.recipientAad)).size).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(40);
  });

  it('queues each reminder once when both instances run the job at the same time, twice', async () => {
    clock.set('2026-12-01T09:00:00.000Z');
    await Promise.all([a.consultations.remind(), b.consultations.remind(), a.consultations.remind(), b.consultations.remind()]);
    const reminders = await deliveries(`reminder:${consultationId}:`);
    expect(reminders.length).toBeGreaterThan(20);
    expect(new Set(reminders.map((d) => d.id)).size).toBe(reminders.length);
    const perBatchAndRecipient = new Set(reminders.map((d) => `${d.batchId}|${d.recipientAad}`));
    expect(perBatchAndRecipient.size).toBe(reminders.length);
  });

  it('closes once: one summary each to the chair and the manager, one carry-forward', async () => {
    clock.set('2026-12-04T17:00:00.000Z');
    const results = await Promise.all([a.consultations.closeDue(), b.consultations.closeDue()]);
    expect(results.map((r) => r.closed).reduce((x, y) => x + y)).toBeGreaterThanOrEqual(1);
    const summaries = await deliveries(`consultation:${consultationId}:summary`);
    expect(summaries).toHaveLength(2);
    const { resources } = await store.containers.meetings.items
      .query({ query: 'SELECT * FROM c WHERE c.type = "carry-forward"' })
      .fetchAll();
    expect(resources.filter((r) => r.consultationId === consultationId)).toHaveLength(1);
  });
});
