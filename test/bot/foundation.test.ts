import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Directory } from '../../services/domain/directory.js';
import { cardAction, installed, message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { recordingLog, startTestQuorum, type TestQuorum } from '../support/harness.js';

let q: TestQuorum;
let manager: TeamsUser;
let deputy: TeamsUser;
const log = recordingLog();

beforeAll(async () => {
  q = await startTestQuorum({ log });
  const dir = new Directory(q.partnership);
  const m = dir.managers()[0]!;
  manager = { id: 'u-manager', aadObjectId: m.aadObjectId, name: m.displayName };
  const deputySeat = dir.bodies.flatMap((b) => b.seats).find((s) => s.deputyId)!;
  const d = dir.person(deputySeat.deputyId!)!;
  deputy = { id: 'u-deputy', aadObjectId: d.aadObjectId, name: d.displayName };
});
afterAll(() => q.stop());
beforeEach(() => {
  q.connector.reset();
  log.entries.length = 0;
});

const stranger: TeamsUser = { id: 'u-x', aadObjectId: 'ffffffff-0000-0000-0000-000000000000', name: 'Someone Else' };

describe('the bot over HTTP', () => {
  it('answers whoami with the seat, agency, bodies and roles', async () => {
    const res = await post(q.url, message(manager, q.connector.url, 'whoami'));
    expect(res.status).toBe(200);
    const [card] = q.connector.cardsTo(`personal-${manager.id}`);
    const text = cardText(card);
    expect(text).toContain(manager.name);
    expect(text).toContain('You are the board manager');
    expect(text).toMatch(/You support the Merton Safeguarding Children Board \(Main Board\) as MSCB Board Development Manager, its board manager; you do not vote, as board support \(C §4\.10\)\./);
    expect(text).toContain("Role codes (the constitution's Appendix 3): BS board support.");
  });

  it('tells a deputy which seat they deputise for', async () => {
    await post(q.url, message(deputy, q.connector.url, '  WhoAmI '));
    const text = cardText(q.connector.cardsTo(`personal-${deputy.id}`)[0]);
    expect(text).toMatch(/You are the standing deputy for the .+ on the .+: you answer and vote for them when they cannot \(C §5\.6\)\./);
  });

  it('lists the commands on help, with buttons that send them', async () => {
    await post(q.url, message(manager, q.connector.url, 'help'));
    const card = q.connector.cardsTo(`personal-${manager.id}`)[0];
    expect(cardText(card)).toContain('Who am I?');
    expect(JSON.stringify(card)).toContain('"value":"whoami"');
  });

  it('shows on help only what the authorization policy lets each person do', async () => {
    const dir = new Directory(q.partnership);
    const memberPerson = dir.person(dir.bodies[0]!.seats.find((s) => s.roles.includes('V') && s.holderId && !s.office)!.holderId!)!;
    const member: TeamsUser = { id: 'u-member', aadObjectId: memberPerson.aadObjectId, name: memberPerson.displayName };
    const asked = async (user: TeamsUser) => {
      q.connector.reset();
      await post(q.url, message(user, q.connector.url, 'help'));
      const card = JSON.stringify(q.connector.cardsTo(`personal-${user.id}`)[0]);
      return (name: string) => card.includes(`"value":"${name}"`) || card.includes(`Type \\"${name} `);
    };
    const managerSees = await asked(manager);
    const memberSees = await asked(member);
    for (const name of ['consult', 'register', 'reviews', 'members', 'reach', 'import policies', 'status', 'export']) {
      expect(managerSees(name), name).toBe(true);
      expect(memberSees(name), name).toBe(false);
    }
    for (const name of ['consultations', 'meetings', 'my actions', 'whoami', 'action']) expect(memberSees(name), name).toBe(true);
  });

  it('answers an unknown command politely and logs it', async () => {
    await post(q.url, message(manager, q.connector.url, 'make me a sandwich'));
    const text = cardText(q.connector.cardsTo(`personal-${manager.id}`)[0]);
    expect(text).toContain('did not understand');
    expect(text).toContain('help');
    expect(log.entries.some((e) => e.message === 'unknown command')).toBe(true);
  });

  it('answers someone not in the directory politely, logs it and stores nothing for them', async () => {
    await post(q.url, message(stranger, q.connector.url, 'whoami'));
    const text = cardText(q.connector.cardsTo(`personal-${stranger.id}`)[0]);
    expect(text).toContain('not in the partnership directory');
    expect(log.entries.some((e) => e.message === 'message from someone not in the directory')).toBe(true);
    expect(await q.quorum.conversations.get(q.partnership.id, stranger.aadObjectId)).toBeUndefined();
  });

  it('stores the conversation reference on install and on every message', async () => {
    const before = await q.quorum.conversations.get(q.partnership.id, deputy.aadObjectId);
    await post(q.url, installed(deputy, q.connector.url));
    const stored = await q.quorum.conversations.get(q.partnership.id, deputy.aadObjectId);
    expect(stored?.reference).toMatchObject({ conversation: { id: `personal-${deputy.id}` }, serviceUrl: q.connector.url });
    expect(before === undefined || stored!.updatedAt >= before.updatedAt).toBe(true);
    // The install greets the user with help.
    expect(cardText(q.connector.cardsTo(`personal-${deputy.id}`)[0])).toContain('whoami');
  });

  it('refuses a card action with an unknown verb with a clear card', async () => {
    const res = await post(q.url, cardAction(manager, q.connector.url, 'no.such.verb', { x: 1 }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(res.body.value)).toContain('could not be read');
  });

  it('serves health and readiness', async () => {
    expect((await fetch(`${q.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${q.url}/readyz`)).status).toBe(200);
  });
});
