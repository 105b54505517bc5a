import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retentionPresenter } from '../../cards/retention/present.js';
import { CosmosRetentionStore } from '../../infra/cosmos/retention.cosmos-store.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { Directory } from '../../services/domain/directory.js';
import type { NewDelivery } from '../../services/ports/outbox.js';
import type { ExpiredRecord, RetentionStore } from '../../services/ports/retention.js';
import { retentionUseCases, type RetentionPorts } from '../../services/retention/index.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { openTestStore, recordingLog } from '../support/harness.js';

/**
 * The retention purge on the real Cosmos SDK against the embedded server: the managers' dry run
 * 14 days ahead, then the purge of what it announced, its audit record, and two instances running
 * the same day doing it once.
 */

let store: CosmosStore;
let directory: Directory;
const P = 'merton-2015';

beforeAll(async () => {
  store = await openTestStore();
  directory = new Directory(await readPartnershipFile('partnerships/merton-2015.json'));
  const c = store.containers;
  const put = (container: keyof typeof c, doc: Record<string, unknown>) => c[container].items.create({ partnershipId: P, ...doc });
  // Closed in November 2019 (past 7 years by 30 November 2026), and one closed in 2024 that stays.
  await put('consultations', { id: 'c-old', type: 'consultation', status: 'closed', closedAt: '2019-11-29T17:00:00.000Z' });
  await put('consultations', { id: 'a-old-1', type: 'answer', consultationId: 'c-old', answeredAt: '2019-11-20T10:00:00.000Z' });
  await put('consultations', { id: 'a-old-2', type: 'answer', consultationId: 'c-old', answeredAt: '2019-11-21T10:00:00.000Z' });
  await put('consultations', { id: 'c-new', type: 'consultation', status: 'closed', closedAt: '2024-03-01T17:00:00.000Z' });
  await put('consultations', { id: 'a-new', type: 'answer', consultationId: 'c-new', answeredAt: '2024-02-20T10:00:00.000Z' });
  await put('consultations', { id: 'c-open', type: 'consultation', status: 'open', createdAt: '2019-01-01T10:00:00.000Z' });
  await put('meetings', { id: 'm-old', type: 'meeting', date: '2019-11-10' });
  await put('meetings', { id: 'r-old', type: 'register', meetingId: 'm-old', date: '2019-11-10' });
  await put('meetings', { id: 'm-new', type: 'meeting', date: '2025-12-10' });
  // A meeting held in Teams: its invitation, attendance report and live attendance go with it, and only with it.
  await put('meetings', { id: 'i-old', type: 'meeting-invitation', meetingId: 'm-old', eventId: 'e1', fingerprint: '[]', updatedAt: '2019-11-01T10:00:00.000Z' });
  await put('meetings', { id: 'd-old', type: 'attendance-draft', meetingId: 'm-old', bodyId: 'mscb-big', status: 'proposed', attempts: 1, nextCheckAt: '2019-11-10T16:00:00.000Z' });
  await put('meetings', { id: 'p-old', type: 'live-presence', meetingId: 'm-old', present: {}, applied: [], updatedAt: '2019-11-10T14:00:00.000Z' });
  await put('meetings', { id: 'p-new', type: 'live-presence', meetingId: 'm-new', present: {}, applied: [], updatedAt: '2025-12-10T14:00:00.000Z' });
  await put('actions', { id: 'x-old', type: 'action', status: 'complete', completedAt: '2019-10-01T10:00:00.000Z' });
  await put('actions', { id: 'x-open', type: 'action', status: 'open', dueDate: '2019-10-01' });
  await put('audit', { id: 'audit-old', at: '2019-06-01T10:00:00.000Z', actor: 'p-x', action: 'answer', subject: 'c-old' });
  await put('audit', { id: 'audit-new', at: '2026-06-01T10:00:00.000Z', actor: 'p-x', action: 'answer', subject: 'c-new' });
  // Another partnership's old record is never this partnership's business.
  await c.consultations.items.create({ partnershipId: 'elsewhere', id: 'c-elsewhere', type: 'consultation', status: 'closed', closedAt: '2010-01-01T00:00:00.000Z' });
});
afterAll(() => store.dispose());

function instance(clock: FixedClock, sent: NewDelivery[], retentionStore: RetentionStore = new CosmosRetentionStore(store.containers)) {
  const ports: RetentionPorts = {
    store: retentionStore,
    outbox: { enqueue: async (items) => (sent.push(...items), { created: items.length }), progress: async () => ({}) as never },
    presenter: retentionPresenter,
    directories: async () => [directory],
    clock,
    log: recordingLog(),
    years: 7,
    noticeDays: 14,
  };
  return retentionUseCases(ports);
}

const ids = async (container: 'consultations' | 'meetings' | 'actions' | 'audit') =>
  (await store.containers[container].items.query({ query: 'SELECT c.id FROM c WHERE c.partnershipId = @p', parameters: [{ name: '@p', value: P }] }).fetchAll()).resources.map((r: { id: string }) => r.id).sort();

describe('retention', () => {
  it('sends the managers a dry run 14 days ahead and deletes nothing until the day it announced', async () => {
    const clock = new FixedClock('2026-11-16T06:40:00.000Z');
    const sent: NewDelivery[] = [];
    const outcomes = await instance(clock, sent).run();

    expect(outcomes[0]).toMatchObject({ kind: 'reported', purgeOn: '2026-11-30' });
    // Past seven years by 30 November 2026: closed before 30 November 2019.
    expect(outcomes[0]).toMatchObject({ counts: { consultations: 1, answers: 2, meetings: 1, attendance: 1, 'teams-meetings': 3, actions: 1, audit: 1 } });
    expect(outcomes[1]).toMatchObject({ kind: 'not-reported' });
    const managers = directory.managers().map((m) => m.aadObjectId);
    expect(sent.map((d) => d.recipientAad)).toEqual(managers);
    expect(sent[0]!.batchId).toBe(`retention:${P}:2026-11-30`);
    const text = cardText(sent[0]!.card);
    expect(text).toContain('Records to be deleted on Monday, 30 November 2026');
    expect(text).toContain('Nothing has been deleted yet.');
    expect(text).toContain('consultation or vote');
    expect(text).toContain("agencies' answers");
    expect(text).toContain('Teams meeting records (invitations, attendance reports and live attendance)');
    expect(await ids('consultations')).toContain('c-old');
    expect(await ids('audit')).toContain(`retention-report:${P}:2026-11-30`);
  });

  it('on that day deletes what it announced, once, even with two instances, and records the purge', async () => {
    const clock = new FixedClock('2026-11-30T06:40:00.000Z');
    const [a, b] = [instance(clock, []), instance(clock, [])];
    const [first, second] = await Promise.all([a.run(), b.run()]);
    const purged = [...first, ...second].filter((o) => o.kind === 'purged');
    expect(purged.length).toBeGreaterThan(0);

    expect(await ids('consultations')).toEqual(['a-new', 'c-new', 'c-open']);
    expect(await ids('meetings')).toEqual(['m-new', 'p-new']);
    expect(await ids('actions')).toEqual(['x-open']);
    const audit = await ids('audit');
    expect(audit).not.toContain('audit-old');
    expect(audit).toContain('audit-new');
    expect(audit.filter((id) => id === `retention-purge:${P}:2026-11-30`)).toHaveLength(1);
    const { resource } = await store.containers.audit.item(`retention-purge:${P}:2026-11-30`, P).read();
    expect(resource).toMatchObject({ actor: 'system', action: 'retention.purge', after: { purgeOn: '2026-11-30', cutoff: '2019-11-30T00:00:00.000Z' } });
    const counted = Object.values(resource.after.counts as Record<string, number>).reduce((x, y) => x + y, 0);
    expect(counted).toBeGreaterThan(0);
    expect((await store.containers.consultations.item('c-elsewhere', 'elsewhere').read()).resource).toBeDefined();

    // A third run the same day finds nothing more to do.
    expect(await instance(clock, []).run()).toEqual(expect.not.arrayContaining([expect.objectContaining({ kind: 'purged' })]));
  });

  it('skips a record it cannot delete, logs it and deletes the rest', async () => {
    const c = store.containers;
    await c.actions.items.create({ partnershipId: P, id: 'x-old-2', type: 'action', status: 'complete', completedAt: '2019-01-01T10:00:00.000Z' });
    await c.actions.items.create({ partnershipId: P, id: 'x-old-3', type: 'action', status: 'complete', completedAt: '2019-01-02T10:00:00.000Z' });
    const real = new CosmosRetentionStore(c);
    const failing: RetentionStore = {
      expired: (p, cutoff) => real.expired(p, cutoff),
      delete: async (p, r: ExpiredRecord) => {
        if (r.id === 'x-old-2') throw new Error('service unavailable');
        return real.delete(p, r);
      },
      recordRun: (run) => real.recordRun(run),
      reportFor: async (p) => real.reportFor(p, '2026-11-30'),
    };
    const outcomes = await instance(new FixedClock('2026-12-01T06:40:00.000Z'), [], failing).run();
    expect(outcomes).toContainEqual(expect.objectContaining({ kind: 'purged', counts: { actions: 1 }, failed: 1 }));
    expect(await ids('actions')).toEqual(['x-old-2', 'x-open']);
  });
});
