import { describe, expect, it } from 'vitest';
import { cardText } from '../../support/fake-connector.js';
import { consultationFixture, sendVote, type ConsultationFixture } from '../../support/consultation-fixture.js';

/**
 * Votes decided by each partnership's own rule (issue 22): Lewisham's Executive by a majority of its
 * three safeguarding partners with no casting vote (L, Decision Making); Merton's board by a majority
 * of votes cast with the Independent Chair's casting vote (C §4.10, App3).
 */

const LEWISHAM = 'partnerships/lewisham-2019.json';
const DEADLINE = '2026-12-04T17:00:00.000Z';

const vote = async (f: ConsultationFixture, id: string, personId: string, agencyId: string, choice: 'agree' | 'disagree') =>
  f.service.answer(await f.actor(personId), { consultationId: id, agencyId, choice, ...(choice === 'disagree' ? { reason: 'Not affordable this year' } : {}) });

const closeAt = async (f: ConsultationFixture) => {
  f.clock.set(DEADLINE);
  await f.service.closeDue();
};

describe('Lewisham: the Executive decides by a majority of the three safeguarding partners', () => {
  it('a tie is not decided: nobody is offered a casting vote, and the card names the route of the MoU', async () => {
    const f = await consultationFixture(undefined, LEWISHAM);
    const id = await sendVote(f, 'lscp-executive', 'p-ed-cyp');
    await vote(f, id, 'p-ed-cyp', 'lb-lewisham', 'agree');
    await vote(f, id, 'p-ccg-md', 'lewisham-ccg', 'disagree');
    await closeAt(f);

    const stored = f.repo.consultations.get(id)!;
    expect(stored.status).toBe('closed');
    expect(stored.outcome).toMatchObject({ for: 1, against: 1, voting: 3, result: 'not decided' });
    expect(f.outbox.batch(`consultation:${id}:casting`)).toEqual([]);
    await expect(f.service.castingVote(await f.actor('p-ed-cyp'), id, 'agree')).rejects.toThrow(/Nobody holds a casting vote on Partnership Executive/);
    expect(f.repo.consultations.get(id)!.outcome?.result).toBe('not decided');

    const result = cardText(f.outbox.batch(`consultation:${id}:result`)[0]!.card);
    expect(result).toContain('Not decided (1 for, 1 against, 3 agencies vote)');
    expect(result).toContain('Rule: a majority of the voting agencies (L, Decision Making');
    expect(result).toContain('Nobody has a casting vote');
    expect(result).toContain('Next: the dispute resolution of the MoU');
    expect(result).not.toContain("chair's casting vote");
  });

  it('one for and none against, two partners silent, is not carried', async () => {
    const f = await consultationFixture(undefined, LEWISHAM);
    const id = await sendVote(f, 'lscp-executive', 'p-ed-cyp');
    await vote(f, id, 'p-ed-cyp', 'lb-lewisham', 'agree');
    await closeAt(f);
    expect(f.repo.consultations.get(id)!.outcome).toMatchObject({ for: 1, against: 0, result: 'not decided' });
    expect(cardText(f.outbox.batch(`consultation:${id}:result`)[0]!.card)).toContain('Not decided (1 for, 0 against, 3 agencies vote)');
  });

  it('two for is carried, whatever the third partner does', async () => {
    const f = await consultationFixture(undefined, LEWISHAM);
    const id = await sendVote(f, 'lscp-executive', 'p-ed-cyp');
    await vote(f, id, 'p-ccg-md', 'lewisham-ccg', 'agree');
    await vote(f, id, 'p-det-supt', 'met-police-se-bcu', 'agree');
    await vote(f, id, 'p-ed-cyp', 'lb-lewisham', 'disagree');
    await closeAt(f);
    expect(f.repo.consultations.get(id)!.outcome).toMatchObject({ for: 2, against: 1, result: 'carried' });
    expect(cardText(f.outbox.batch(`consultation:${id}:result`)[0]!.card)).toContain('Carried (2 for, 1 against, 3 agencies vote)');
  });

  it('a consensus is recorded without a vote, by the chair, and nobody silent is carried to the next meeting', async () => {
    const f = await consultationFixture(undefined, LEWISHAM);
    const id = await sendVote(f, 'lscp-executive', 'p-ed-cyp');
    const tally = cardText(f.present.tally(await f.dir(), await f.service.statusById(await f.actor('p-ed-cyp'), id)));
    expect(tally).toContain('Record as agreed by consensus');
    await expect(f.service.recordConsensus(await f.actor('p-ccg-md'), id)).rejects.toThrow(/chair of the body or the board manager/);

    const card = cardText(f.present.tally(await f.dir(), await f.service.recordConsensus(await f.actor('p-ed-cyp'), id)));
    expect(card).toContain('Agreed by consensus, without a vote.');
    expect(card).not.toContain('Record as agreed by consensus');
    expect(f.repo.consultations.get(id)).toMatchObject({ status: 'closed', outcome: { for: 0, against: 0, result: 'agreed by consensus', recordedBy: 'p-ed-cyp' } });
    expect(f.outbox.batch(`consultation:${id}:result`).length).toBeGreaterThan(0);
    await expect(vote(f, id, 'p-ccg-md', 'lewisham-ccg', 'agree')).rejects.toThrow(/closed/);
    await closeAt(f);
    expect(await f.carryForward.listOpen('lewisham-2019', 'lscp-executive')).toEqual([]);
    expect(f.repo.consultations.get(id)!.outcome?.result).toBe('agreed by consensus');
  });
});

describe('Lewisham: dissent referred to the Scrutineer (L, Decision Making)', () => {
  it('a partner who voted against refers a carried decision with a reason; the Scrutineer and the chair are told; it shows referred until the view is recorded', async () => {
    const f = await consultationFixture(undefined, LEWISHAM);
    const id = await sendVote(f, 'lscp-executive', 'p-ed-cyp');
    await vote(f, id, 'p-ed-cyp', 'lb-lewisham', 'agree');
    await vote(f, id, 'p-det-supt', 'met-police-se-bcu', 'agree');
    await vote(f, id, 'p-ccg-md', 'lewisham-ccg', 'disagree');
    await closeAt(f);
    expect(f.repo.consultations.get(id)!.outcome?.result).toBe('carried');

    const card = cardText(f.present.view(await f.dir(), await f.service.view(await f.actor('p-ccg-md'), id)));
    expect(card).toContain('Refer to the Independent Scrutineer');
    expect(card).toContain('If you believe that the decision, if implemented, will put children at risk');
    expect(cardText(f.present.view(await f.dir(), await f.service.view(await f.actor('p-det-supt'), id)))).not.toContain('Refer to');
    await expect(f.service.refer(await f.actor('p-det-supt'), id, 'We lost')).rejects.toThrow(/Only a member whose agency voted against/);
    expect(cardText(f.present.referred(await f.dir(), await f.service.refer(await f.actor('p-ccg-md'), id, '  ')))).toContain('Give your reason');

    const referred = cardText(f.present.referred(await f.dir(), await f.service.refer(await f.actor('p-ccg-md'), id, 'The cut to the health visiting budget puts infants at risk.')));
    expect(referred).toContain('Referred to the Independent Scrutineer; they and the chair have been told.');
    expect(f.repo.consultations.get(id)!.referral).toMatchObject({ by: 'p-ccg-md', agencyId: 'lewisham-ccg', toPersonId: 'p-scrutineer' });
    const told = f.outbox.batch(`consultation:${id}:referral`);
    expect(told.map((d) => d.recipientAad).sort()).toEqual([f.aadOf('p-scrutineer'), f.aadOf('p-ed-cyp')].sort());
    const toScrutineer = cardText(told.find((d) => d.recipientAad === f.aadOf('p-scrutineer'))!.card);
    expect(toScrutineer).toContain('Referred to the Independent Scrutineer');
    expect(toScrutineer).toContain('The cut to the health visiting budget puts infants at risk.');
    expect(toScrutineer).toContain('Record my view');
    expect(cardText(told.find((d) => d.recipientAad === f.aadOf('p-ed-cyp'))!.card)).not.toContain('Record my view');
    const tally = cardText(f.present.tally(await f.dir(), await f.service.statusById(await f.actor('p-ed-cyp'), id)));
    expect(tally).toContain('Vote · ' + f.repo.consultations.get(id)!.ref + ' · Referred to the Independent Scrutineer');
    expect(tally).toContain('Waiting for the view of the Independent Scrutineer.');

    await expect(f.service.recordReferralView(await f.actor('p-ed-cyp'), id, 'Fine')).rejects.toThrow(/Only the one a decision was referred to/);
    const viewed = cardText(f.present.tally(await f.dir(), await f.service.recordReferralView(await f.actor('p-scrutineer'), id, 'Defer the cut for one quarter and re-audit.')));
    expect(viewed).toContain('The view of the Independent Scrutineer');
    expect(viewed).toContain('Defer the cut for one quarter and re-audit.');
    expect(viewed).not.toContain('Record my view');
    expect(f.repo.consultations.get(id)!.referral?.view?.text).toBe('Defer the cut for one quarter and re-audit.');
    const after = cardText(f.present.tally(await f.dir(), await f.service.statusById(await f.actor('p-ed-cyp'), id)));
    expect(after).toContain('Vote · ' + f.repo.consultations.get(id)!.ref + ' · Closed');
    expect(f.outbox.batch(`consultation:${id}:referral-view`).map((d) => d.recipientAad)).toEqual(expect.arrayContaining([f.aadOf('p-ed-cyp'), f.aadOf('p-ccg-md')]));
  });

  it('Merton gives no such route', async () => {
    const f = await consultationFixture();
    const id = await sendVote(f, 'mscb-board', 'p-mscb-manager');
    await vote(f, id, 'p-borough-commander', 'met-police', 'disagree');
    await vote(f, id, 'p-csf-director', 'csf', 'agree');
    await vote(f, id, 'p-cafcass', 'cafcass', 'agree');
    await closeAt(f);
    expect(cardText(f.present.view(await f.dir(), await f.service.view(await f.actor('p-borough-commander'), id)))).not.toContain('Refer to');
    await expect(f.service.refer(await f.actor('p-borough-commander'), id, 'No')).rejects.toThrow(/give no route to refer a decision/);
  });
});

describe('Merton: the board decides by a majority of votes cast, the Independent Chair breaking a tie', () => {
  it('a tie still goes to the Independent Chair, citing the constitution', async () => {
    const f = await consultationFixture();
    const id = await sendVote(f, 'mscb-board', 'p-mscb-manager');
    await vote(f, id, 'p-borough-commander', 'met-police', 'agree');
    await vote(f, id, 'p-csf-director', 'csf', 'disagree');
    await closeAt(f);
    expect(f.repo.consultations.get(id)!.status).toBe('awaiting-casting-vote');
    const casting = f.outbox.batch(`consultation:${id}:casting`);
    expect(casting.map((d) => d.recipientAad)).toEqual([f.aadOf('p-independent-chair')]);
    expect(cardText(casting[0]!.card)).toContain('As chair you have the casting vote (C App3: Independent Chair, casting vote)');
    const card = cardText(f.present.casting(await f.dir(), await f.service.castingVote(await f.actor('p-independent-chair'), id, 'disagree')));
    expect(card).toContain("Not carried on the chair's casting vote (1 for, 1 against).");
  });

  it('one for and none against is carried: a majority of the votes cast', async () => {
    const f = await consultationFixture();
    const id = await sendVote(f, 'mscb-board', 'p-mscb-manager');
    await vote(f, id, 'p-borough-commander', 'met-police', 'agree');
    await closeAt(f);
    expect(f.repo.consultations.get(id)!.outcome).toMatchObject({ for: 1, against: 0, result: 'carried' });
  });
});
