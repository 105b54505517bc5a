import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '../../services/domain/directory.js';
import type { ConsultationsView, NonResponseView } from '../../services/domain/dashboard-views.js';
import { cardAction, installed, message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

// The deadline is 17:00 London on 4 December 2026 (GMT, so 17:00Z). The jobs are off (the harness
// default): nothing closes the consultation but the clock.
const DEADLINE = '2026-12-04T17:00:00.000Z';

describe('a consultation and a vote past their deadline read as closed before the closing job has run', () => {
  const clock = new FixedClock('2026-11-24T10:00:00.000Z');
  let q: TestQuorum;
  const ids = { consultation: randomUUID(), vote: randomUUID() };
  const refs: Record<keyof typeof ids, string> = { consultation: '', vote: '' };

  const user = (personId: string): TeamsUser => {
    const p = new Directory(q.partnership).person(personId)!;
    return { id: `u-${personId}`, aadObjectId: p.aadObjectId, name: p.displayName };
  };
  const lastCard = (personId: string) => cardText(q.connector.cardsTo(`personal-u-${personId}`).at(-1));
  const say = async (personId: string, text: string) => {
    const before = q.connector.cardsTo(`personal-u-${personId}`).length;
    await post(q.url, message(user(personId), q.connector.url, text));
    expect(q.connector.cardsTo(`personal-u-${personId}`).length).toBeGreaterThan(before);
    return lastCard(personId);
  };
  const memberCard = async (id: string) => {
    const res = await post(q.url, cardAction(user('p-borough-commander'), q.connector.url, 'consultation.open', { consultationId: id }));
    return res.body.value as unknown;
  };
  const tab = async <T>(view: string): Promise<T> => {
    const signIn = await fetch(`${q.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aadObjectId: user('p-mscb-manager').aadObjectId }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const res = await fetch(`${q.url}/api/tab/views/${view}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const stored = (id: string) => q.quorum.consultationRepo.get(q.partnership.id, id);

  beforeAll(async () => {
    q = await startTestQuorum({ clock });
    for (const id of ['p-mscb-manager', 'p-borough-commander']) await post(q.url, installed(user(id), q.connector.url));
    const manager = (await q.quorum.directory.findActor(user('p-mscb-manager').aadObjectId))!;
    for (const kind of ['consultation', 'decision'] as const) {
      const formId = kind === 'consultation' ? ids.consultation : ids.vote;
      await q.quorum.consultations.preview(manager, {
        formId,
        title: kind === 'consultation' ? 'Neglect strategy' : 'Adopt the threshold document',
        ask: 'Agree it.',
        bodyId: 'mscb-board',
        deadlineDate: '2026-12-04',
        deadlineTime: '17:00',
        kind,
      });
      await q.quorum.consultations.send(manager, formId);
    }
    refs.consultation = (await stored(ids.consultation))!.ref;
    refs.vote = (await stored(ids.vote))!.ref;
    await q.quorum.outbox.drain();
  });
  afterAll(() => q.stop());

  it('are open before the deadline, in status, the member card, consultations and the tab', async () => {
    expect(await say('p-mscb-manager', `status ${refs.consultation}`)).toContain(`${refs.consultation} · Open`);
    expect(cardText(await memberCard(ids.consultation))).toContain(`${refs.consultation} · Open`);
    const list = await say('p-borough-commander', 'consultations');
    expect(list).toContain('Neglect strategy');
    expect(list).toContain('Adopt the threshold document');
    const view = await tab<ConsultationsView>('consultations');
    expect(view.columns.filter((c) => c.id === ids.consultation || c.id === ids.vote).map((c) => c.status)).toEqual(['open', 'open']);
    expect(view.openItems.map((i) => i.consultationId).sort()).toEqual([ids.consultation, ids.vote].sort());
  });

  it('are closed one minute after the deadline, with no job run', async () => {
    clock.set(new Date(Date.parse(DEADLINE) + 60_000));
    for (const key of ['consultation', 'vote'] as const) {
      expect(await say('p-mscb-manager', `status ${refs[key]}`)).toContain(`${refs[key]} · Closed`);
      const card = await memberCard(ids[key]);
      expect(cardText(card)).toContain(`${refs[key]} · Closed`);
      expect(cardText(card)).toContain('has closed');
      expect(JSON.stringify(card)).not.toContain('consultation.respond');
    }
    const list = await say('p-borough-commander', 'consultations');
    expect(list).not.toContain('Neglect strategy');
    expect(list).not.toContain('Adopt the threshold document');

    const view = await tab<ConsultationsView>('consultations');
    expect(view.columns.filter((c) => c.id === ids.consultation || c.id === ids.vote).map((c) => c.status)).toEqual(['closed', 'closed']);
    expect(view.openItems).toEqual([]);
    const nonResponse = await tab<NonResponseView>('non-response');
    const items = nonResponse.agencies.flatMap((a) => a.items).filter((i) => i.consultationId === ids.consultation);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.status === 'closed')).toBe(true);

    // Nothing was recorded or sent: only the clock moved.
    expect((await stored(ids.consultation))!.status).toBe('open');
    expect((await stored(ids.vote))!.status).toBe('open');
  });

  it('leaves the closing job only the recording, the summary and the carry-forward', async () => {
    const before = q.connector.sent.length;
    expect(await q.quorum.consultations.closeDue()).toEqual({ closed: 2 });
    await q.quorum.outbox.drain();
    expect(q.connector.sent.length).toBeGreaterThan(before);
    expect((await stored(ids.consultation))!.status).toBe('closed');
    expect(await say('p-mscb-manager', `status ${refs.consultation}`)).toContain(`${refs.consultation} · Closed`);
  });
});
