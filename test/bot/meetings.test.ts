import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cardAction, installed, message, post, type TeamsUser } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * The meetings flow over real HTTP: the manager adds BIG meetings; the Borough Commander sends
 * apologies naming their deputy, who gets a card; the manager records the registers from one card;
 * after Probation's second consecutive absence the absence job produces one review card, and
 * "add to the risk register" stores the entry.
 */
let q: TestQuorum;
const clock = new FixedClock('2027-01-04T10:00:00.000Z');
const users: Record<'manager' | 'commander' | 'deputy' | 'probation' | 'qaChair', TeamsUser> = {} as never;
const meetingIds: string[] = [];

const PEOPLE = { manager: 'p-mscb-manager', commander: 'p-borough-commander', deputy: 'p-borough-commander-deputy', probation: 'p-probation-aco', qaChair: 'p-csf-csc-head' } as const;

beforeAll(async () => {
  q = await startTestQuorum({ clock });
  for (const [key, personId] of Object.entries(PEOPLE) as [keyof typeof PEOPLE, string][]) {
    const person = q.partnership.people.find((p) => p.id === personId)!;
    users[key] = { id: `u-${key}`, aadObjectId: person.aadObjectId, name: person.displayName };
    await post(q.url, installed(users[key], q.connector.url));
  }
});
afterAll(() => q.stop());
beforeEach(() => q.connector.reset());

const act = async (who: keyof typeof PEOPLE, verb: string, data: Record<string, unknown>) => {
  const res = await post(q.url, cardAction(users[who], q.connector.url, verb, data));
  expect(res.status).toBe(200);
  expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return res.body.value;
};
const say = async (who: keyof typeof PEOPLE, text: string) => {
  expect((await post(q.url, message(users[who], q.connector.url, text))).status).toBe(200);
  return q.connector.cardsTo(`personal-${users[who].id}`).at(-1);
};
const cardsTo = (who: keyof typeof PEOPLE) => q.connector.cardsTo(`personal-${users[who].id}`);
/** Every input of a card with its value, as Teams would merge them into the action data. */
const inputsOf = (card: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  JSON.stringify(card, (_k, v) => {
    if (v && typeof v === 'object' && typeof v.type === 'string' && v.type.startsWith('Input.')) out[v.id] = v.value ?? '';
    return v;
  });
  return out;
};
const actionOf = (card: any, verb: string) => (card.actions as any[]).find((a) => a.verb === verb);

async function recordRegister(meetingId: string, marks: Record<string, string>) {
  const form = await act('manager', 'meeting.register.open', { meetingId });
  const inputs = inputsOf(form);
  expect(Object.keys(inputs).length).toBe(11);
  for (const key of Object.keys(inputs)) if (!inputs[key]) inputs[key] = 'present';
  const save = actionOf(form, 'meeting.register.save');
  return act('manager', 'meeting.register.save', { ...save.data, ...inputs, ...marks });
}

describe('meetings over HTTP', () => {
  it('lets the manager add meetings from the form', async () => {
    const form = await say('manager', 'meeting');
    expect(cardText(form)).toContain('Add a meeting');
    const { formId } = actionOf(form, 'meeting.save').data;
    const added = await act('manager', 'meeting.save', { formId, bodyId: 'mscb-big', date: '2027-01-27', time: '14:00', place: 'Civic Centre, Committee Room 1' });
    expect(cardText(added)).toContain('Meeting added.');
    meetingIds.push(formId);
    for (const date of ['2027-02-24', '2027-03-24']) {
      const next = await say('manager', 'meeting');
      const id = actionOf(next, 'meeting.save').data.formId;
      await act('manager', 'meeting.save', { formId: id, bodyId: 'mscb-big', date, time: '14:00', place: 'Civic Centre, Committee Room 1' });
      meetingIds.push(id);
    }
    const clash = await act('manager', 'meeting.save', { formId: meetingIds[0], bodyId: 'mscb-big', date: '2027-01-27', time: '14:00', place: 'x' });
    expect(cardText(clash)).toContain('This meeting was added already; nothing was changed.');
  });

  it('refuses a register for a meeting that has not happened', async () => {
    const card = await act('manager', 'meeting.register.save', { meetingId: meetingIds[0], basedOn: '-1', 'mark_big-police': 'present' });
    expect(cardText(card)).toContain('has not happened yet, so its register cannot be recorded. Nothing was stored.');
    expect(cardText(await say('manager', 'register'))).toContain('No meeting has taken place in the last six months.');
  });

  it('sends the deputy a card when a member sends apologies naming them', async () => {
    const list = await say('commander', 'meetings');
    expect(cardText(list)).toContain('Business Implementation Group');
    const open = await act('commander', 'meeting.open', { meetingId: meetingIds[0] });
    const apologies = (open.actions as any[]).find((a) => a.verb === 'meeting.respond' && a.data.response === 'apologies');
    expect(JSON.stringify(open)).toContain(PEOPLE.deputy);
    const card = await act('commander', 'meeting.respond', { ...apologies.data, deputyId: PEOPLE.deputy });
    expect(cardText(card)).toContain('has been told they attend for you');
    await q.quorum.outbox.drain();
    const told = cardsTo('deputy');
    expect(told).toHaveLength(1);
    expect(cardText(told[0])).toContain('You are asked to attend as deputy');
    expect(cardText(told[0])).toContain('Borough Commander, Metropolitan Police (Merton)');
    const refused = await act('commander', 'meeting.respond', { ...apologies.data, deputyId: 'p-ccg-chief-officer-deputy' });
    expect(cardText(refused)).toContain('is not a deputy named by Metropolitan Police Service (Merton Borough). Nothing was recorded.');
  });

  it('lets the manager record the register from one card and shows the recorded quorum; a duplicate stores nothing', async () => {
    clock.set('2027-01-27T17:00:00.000Z');
    expect(cardText(await say('manager', 'register'))).toContain('No register yet');
    const form = await act('manager', 'meeting.register.open', { meetingId: meetingIds[0] });
    expect(inputsOf(form)['mark_big-police']).toBe(`deputy:${PEOPLE.deputy}`);
    const recorded = await recordRegister(meetingIds[0]!, { 'mark_big-probation': 'absent' });
    const text = cardText(recorded);
    expect(text).toContain('Register recorded. The meeting was quorate.');
    expect(text).toContain('Recorded quorum: quorate');
    const again = await recordRegister(meetingIds[0]!, { 'mark_big-probation': 'absent' });
    expect(cardText(again)).toContain('It is a duplicate, so nothing was stored.');
  });

  it('produces one manager review card after the second consecutive absence, however often the job runs', async () => {
    clock.set('2027-02-24T17:00:00.000Z');
    await recordRegister(meetingIds[1]!, { 'mark_big-probation': 'absent' });
    await q.quorum.scheduler.runNow('absences.detect', clock.now());
    await Promise.all([q.quorum.meetings.detectAbsences(clock.now()), q.quorum.meetings.detectAbsences(clock.now())]);
    await q.quorum.outbox.drain();
    const reviews = cardsTo('manager').filter((c) => cardText(c).includes('Absence review'));
    expect(reviews).toHaveLength(1);
    expect(cardText(reviews[0])).toContain('Assistant Chief Officer, London Probation');
    expect(cardText(reviews[0])).toContain('Did not attend 2 consecutive meetings in person (rule: 2).');
    expect(cardsTo('probation')).toHaveLength(0);
  });

  it('stores the risk register entry when the manager chooses "add to the risk register"', async () => {
    const list = await say('manager', 'reviews');
    const review = [...JSON.stringify(list).matchAll(/"reviewId":"([^"]+)"/g)].map((m) => m[1]);
    expect(review).toHaveLength(1);
    const open = await act('manager', 'absence.open', { reviewId: review[0] });
    const add = (open.actions as any[]).find((a) => a.verb === 'absence.decide' && a.data.outcome === 'risk-register');
    expect(cardText(await act('manager', 'absence.decide', add.data))).toContain('Give the reason for the risk register entry. Nothing was stored.');
    const decided = await act('manager', 'absence.decide', { ...add.data, note: 'Two absences without apologies; agency asked to confirm its representative' });
    expect(cardText(decided)).toContain('Recorded: Added to the risk register.');
    const register = cardText(await act('manager', 'absence.risks', {}));
    expect(register).toContain('Assistant Chief Officer, London Probation');
    expect(register).toContain('London Probation');
    expect(register).toContain('Two absences without apologies; agency asked to confirm its representative');
    expect(register).toContain('MSCB Board Manager');
    expect(cardText(await say('manager', 'reviews'))).toContain('No absence reviews are waiting.');
    const refused = await act('probation', 'absence.risks', {});
    expect(cardText(refused)).toContain('Only the board manager reviews absences.');
  });

  it('gives the brief for the next meeting', async () => {
    const brief = cardText(await say('manager', 'brief'));
    expect(brief).toContain("Chair's brief");
    expect(brief).toContain('Quorum forecast');
    expect(brief).toContain('Pending absence reviews');
  });

  it('records a vice chair who takes the chair as chairing the meeting, and the register card shows it', async () => {
    const form = await say('manager', 'meeting');
    const { formId } = actionOf(form, 'meeting.save').data;
    await act('manager', 'meeting.save', { formId, bodyId: 'mscb-qa', date: '2027-03-03', time: '10:00', place: 'Civic Centre, Committee Room 2' });
    const open = await act('qaChair', 'meeting.open', { meetingId: formId });
    const apologies = (open.actions as any[]).find((a) => a.verb === 'meeting.respond' && a.data.response === 'apologies');
    expect(cardText(await act('qaChair', 'meeting.respond', apologies.data))).toContain('Apologies recorded.');

    clock.set('2027-03-03T15:00:00.000Z');
    const registerForm = await act('manager', 'meeting.register.open', { meetingId: formId });
    const inputs = inputsOf(registerForm);
    expect(inputs['mark_qa-chair']).toBe('apologies');
    for (const key of Object.keys(inputs)) if (!inputs[key]) inputs[key] = 'present';
    const save = actionOf(registerForm, 'meeting.register.save');
    const viceChair = q.partnership.people.find((p) => p.id === 'p-designated-doctor')!.displayName;
    const chaired = `Chaired by ${viceChair} (Designated Doctor, Merton CCG (Vice Chair)) in place of the chair.`;
    const recorded = await act('manager', 'meeting.register.save', { ...save.data, ...inputs });
    expect(cardText(recorded)).toContain('Register recorded.');
    expect(cardText(recorded)).toContain(chaired);
    // The stored register says so: the card rebuilt from it for a duplicate shows it again.
    const again = await act('manager', 'meeting.register.save', { ...save.data, ...inputs });
    expect(cardText(again)).toContain('It is a duplicate, so nothing was stored.');
    expect(cardText(again)).toContain(chaired);
    // When the chair chairs, nobody else is named.
    const corrected = await act('manager', 'meeting.register.save', { ...save.data, basedOn: '0', ...inputs, 'mark_qa-chair': 'present' });
    expect(cardText(corrected)).toContain('Correction recorded (1 seat changed).');
    expect(cardText(corrected)).not.toContain('Chaired by');
  });
});
