import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../app/compose.js';
import { loadConfig } from '../../infra/config.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { Directory } from '../../services/domain/directory.js';
import { FakeConnector } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { openTestStore, silentLog } from '../support/harness.js';

/**
 * The process dies in the middle of a fan-out (the connector has cards in flight but never
 * answers), and a new instance starts on the same store: every card arrives, none twice; the
 * ones in flight at the crash are reported as uncertain rather than sent again.
 */
let store: CosmosStore;
let connector: FakeConnector;
const clock = new FixedClock('2026-11-24T10:00:00.000Z');
const config = loadConfig({ PLAYGROUND: 'false', JOBS_ENABLED: 'false' });

beforeAll(async () => {
  store = await openTestStore();
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await connector.stop();
  store.dispose();
});

describe('a crash in the middle of a fan-out', () => {
  it('resumes after restart and messages nobody twice', async () => {
    const dead = compose(config, store, silentLog, clock);
    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    await dead.directory.save(partnership, 'test');
    const dir = new Directory(partnership);
    const board = dir.body('mscb-board')!;
    const people = [...new Set(board.seats.flatMap((s) => [s.holderId, s.deputyId]).filter((id): id is string => !!id))];
    for (const id of people) {
      const aad = dir.person(id)!.aadObjectId;
      await dead.conversations.save({
        partnershipId: partnership.id,
        aadObjectId: aad,
        reference: { channelId: 'msteams', serviceUrl: connector.url, conversation: { id: `conv-${id}` }, user: { id: `u-${id}`, aadObjectId: aad }, bot: { id: 'bot' } },
        updatedAt: clock.now().toISOString(),
      });
    }

    const manager = (await dead.directory.findActor(dir.managers()[0]!.aadObjectId))!;
    const id = randomUUID();
    await dead.consultations.preview(manager, { formId: id, title: 'Crash test', ask: 'Agree it.', bodyId: 'mscb-board', deadlineDate: '2026-12-04' });
    await dead.consultations.send(manager, id);

    connector.hangAfter(20);
    void dead.outbox.drain(); // never finishes: its sends after the 20th hang, as if the process died
    await expect.poll(() => connector.sent.length, { timeout: 10_000 }).toBeGreaterThan(20);
    await new Promise((r) => setTimeout(r, 300));
    const inFlightAtCrash = connector.sent.length - 20;

    connector.hangAfter(undefined);
    clock.advance(3 * 60 * 1000); // past the claim lease
    const restarted = compose(config, store, silentLog, clock);
    const report = await restarted.outbox.drain();

    const cardsPerConversation = new Map<string, number>();
    for (const s of connector.sent) cardsPerConversation.set(s.conversationId, (cardsPerConversation.get(s.conversationId) ?? 0) + 1);
    expect(Math.max(...cardsPerConversation.values())).toBe(1);
    expect(cardsPerConversation.size).toBe(people.length);
    expect(report.uncertain).toBe(inFlightAtCrash);
    const progress = await restarted.outbox.progress(partnership.id, `consultation:${id}:open`);
    expect(progress).toMatchObject({ total: people.length, sent: people.length - inFlightAtCrash, uncertain: inFlightAtCrash });
  });
});
