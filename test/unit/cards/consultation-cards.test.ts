import { describe, expect, it } from 'vitest';
import { consultationCards } from '../../../cards/consultation/cards.js';
import { parseAction } from '../../../cards/verbs.js';

const line = { consultationId: 'c1', ref: 'C-ABC123', title: 'Threshold document', kind: 'consultation' as const, kindLabel: 'Consultation', bodyName: 'Main Board', deadlineText: 'Fri 4 Dec 2026, 17:00' };

/** Every fact has a value, no binding was left unexpanded, every Action.Execute verb is known and its data valid. */
function expectWellFormed(card: unknown) {
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'FactSet') for (const f of node.facts) expect(String(f.value ?? '').length, `fact ${f.title}`).toBeGreaterThan(0);
    if (node.type === 'Action.Execute') expect(() => parseAction(node.verb, node.data)).not.toThrow();
    Object.values(node).forEach(walk);
  };
  walk(card);
}

describe('consultation cards', () => {
  it('render every state with no empty facts and valid verbs', () => {
    const agency = { agencyId: 'police', agencyName: 'Police', canAnswer: true, state: 'none' as const, stateLabel: 'No response', conflicts: [] };
    expectWellFormed(consultationCards.form({ formId: '6f1c2b9e-8a1d-4c3e-9f00-1234567890ab', bodies: [{ id: 'b', name: 'Board' }], agencies: [], values: {}, errors: ['Give the consultation a title.'] }));
    expectWellFormed(consultationCards.preview({ ...line, ask: 'Agree it', signOffRequired: true, recipients: 40, units: 23, unreachable: [], cancelled: false }));
    expectWellFormed(consultationCards.progress({ ...line, status: 'Sent', total: 40, sent: 0, pending: 0, failed: 0, blocked: 0, uncertain: 0, unreachable: ['A', 'B'] }));
    expectWellFormed(consultationCards.request({ ...line, ask: 'Agree it', signOffRequired: false, isOpen: true, statusLabel: 'Open', agency, reasonLimit: 2000, commentLimit: 2000 }));
    expectWellFormed(consultationCards.request({ ...line, ask: 'Agree it', signOffRequired: false, isOpen: false, statusLabel: 'Closed', banner: 'Closed', reasonLimit: 2000, commentLimit: 2000 }));
    expectWellFormed(consultationCards.tally({ ...line, statusLabel: 'Open', required: 23, agreed: [], disagreed: [], noResponse: ['Police'], conflicts: [], comments: [] }));
    expectWellFormed(consultationCards.castingVote({ ...line, for: 1, against: 1, castingSource: 'C App3' }));
    expectWellFormed(consultationCards.list({ title: 'Open', empty: 'None', items: [{ ...line, yourAgency: 'Police', yourState: 'No response' }] }));
  });

  it('names the members whose email bounced, failed or is still waiting, a few at most', () => {
    const waiting = Array.from({ length: 11 }, (_, i) => `Member ${i + 1}`);
    const card = consultationCards.progress({
      ...line,
      status: 'Sending',
      total: 14,
      sent: 1,
      pending: 11,
      failed: 2,
      blocked: 0,
      uncertain: 0,
      unreachable: [],
      email: { total: 14, sent: 1, pending: 11, bounced: 1, failed: 1, waiting, bouncedNames: ['Chief Officer, CCG'], failedNames: ['Head of Service'] },
    });
    const json = JSON.stringify(card);
    expect(json).toContain('Bounced: Chief Officer, CCG.');
    expect(json).toContain('Not delivered: Head of Service.');
    expect(json).toContain('Waiting: Member 1; Member 2; Member 3; Member 4; Member 5; Member 6; Member 7; Member 8; and 3 more.');
    expect(json).not.toContain('Member 9');
  });

  it('shows zero counts as 0, not as blanks', () => {
    const card = consultationCards.tally({ ...line, statusLabel: 'Open', required: 23, agreed: [], disagreed: [], noResponse: [], conflicts: [], comments: [] });
    expect(JSON.stringify(card)).toContain('"title":"Conflicts","value":"0"');
  });

  it('offers agree and disagree only while open and only to a seat that answers', () => {
    const base = { ...line, ask: 'Agree it', signOffRequired: true, statusLabel: 'Open', reasonLimit: 2000, commentLimit: 2000 };
    const agency = { agencyId: 'police', agencyName: 'Police', canAnswer: true, state: 'none' as const, stateLabel: 'No response', conflicts: [] };
    const verbs = (card: any) => (card.actions ?? []).map((a: any) => a.verb ?? a.type);
    expect(verbs(consultationCards.request({ ...base, isOpen: true, agency }))).toEqual(['consultation.respond', 'consultation.respond']);
    expect(JSON.stringify(consultationCards.request({ ...base, isOpen: true, agency }))).toContain('Agree and sign off');
    expect(verbs(consultationCards.request({ ...base, isOpen: true, agency: { ...agency, canAnswer: false } }))).toEqual(['consultation.comment']);
    expect(verbs(consultationCards.request({ ...base, isOpen: false, agency }))).toEqual([]);
  });

  it("shows the agency's answer as facts, only those it has, with standing conflicts and the seat's note", () => {
    const base = { ...line, ask: 'Agree it', signOffRequired: false, isOpen: true, statusLabel: 'Open', reasonLimit: 2000, commentLimit: 2000 };
    const facts = (card: any): [string, string][] => {
      const found: [string, string][] = [];
      const walk = (node: any) => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        if (node.type === 'FactSet') for (const f of node.facts) found.push([f.title, f.value]);
        Object.values(node).forEach(walk);
      };
      walk(card);
      return found;
    };
    const answered = {
      agencyId: 'police', agencyName: 'Police', canAnswer: true, state: 'disagree' as const, stateLabel: 'Disagree',
      answeredBy: 'Jo Bloggs (deputy)', answeredAt: 'Thu 3 Dec 2026, 10:15', reason: 'Too soon', conflicts: ['Sam Lee answered Agree', 'Al Khan answered Agree'],
    };
    const card = consultationCards.request({ ...base, agency: answered });
    expect(facts(card)).toEqual([
      ['Your agency', 'Police'],
      ['Its answer', 'Disagree'],
      ['Answered by', 'Jo Bloggs (deputy)'],
      ['When', 'Thu 3 Dec 2026, 10:15'],
      ['Reason', 'Too soon'],
    ]);
    expect(JSON.stringify(card)).toContain('Conflicting answers for your agency: Sam Lee answered Agree; Al Khan answered Agree');

    const unanswered = consultationCards.request({ ...base, agency: { ...answered, state: 'none', stateLabel: 'No response', answeredBy: undefined, answeredAt: undefined, reason: undefined, conflicts: [] } });
    expect(facts(unanswered)).toEqual([['Your agency', 'Police'], ['Its answer', 'No response']]);
    expect(JSON.stringify(unanswered)).not.toContain('Conflicting');

    const chair = consultationCards.request({ ...base, note: 'You chair this body: you will get the summary at the deadline.' });
    expect(facts(chair)).toEqual([]);
    expect(JSON.stringify(chair)).toContain('You chair this body');
    expect(JSON.stringify(consultationCards.request(base))).not.toContain('You chair this body');
  });
});
