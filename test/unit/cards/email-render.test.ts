import { describe, expect, it } from 'vitest';
import { consultationCards } from '../../../cards/consultation/cards.js';
import { emailCards } from '../../../cards/email/index.js';
import { intentKey } from '../../../services/ports/email.js';

const request = consultationCards.request({
  consultationId: 'c1',
  ref: 'C-ABC123',
  title: 'Neglect strategy <2027>',
  kind: 'consultation',
  kindLabel: 'Consultation',
  bodyName: 'Main Board',
  deadlineText: 'Fri 4 Dec 2026, 17:00',
  statusLabel: 'Open',
  ask: 'Agree the strategy & publish it.',
  documentUrl: 'https://example.org/neglect.docx',
  signOffRequired: false,
  isOpen: true,
  agency: { agencyId: 'met-police', agencyName: 'Metropolitan Police', canAnswer: true, state: 'none', stateLabel: 'No response', conflicts: [] },
  reasonLimit: 2000,
  commentLimit: 2000,
} as unknown as Parameters<typeof consultationCards.request>[0]);

describe('a card as an email', () => {
  it('finds the answer actions, and renders them as the links given, with the content escaped', () => {
    const intents = emailCards.intents(request);
    expect(intents).toEqual([
      { purpose: 'consultation', itemId: 'c1', agencyId: 'met-police', choice: 'agree' },
      { purpose: 'consultation', itemId: 'c1', agencyId: 'met-police', choice: 'disagree' },
    ]);
    const links = new Map(intents.map((i) => [intentKey(i), `https://quorum.example.org/answer/t-${i.purpose === 'consultation' ? i.choice : ''}`]));
    const mail = emailCards.render(request, links);
    expect(mail.subject).toBe('Quorum: Neglect strategy <2027>');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain('<h1 style="font-size:1.4em">Neglect strategy &lt;2027&gt;</h1>');
    expect(mail.html).toContain('Agree the strategy &amp; publish it.');
    expect(mail.html).toContain('href="https://quorum.example.org/answer/t-disagree"');
    expect(mail.html).toContain('href="https://example.org/neglect.docx"');
    expect(mail.html).not.toContain('Reason (required to disagree)');
    expect(mail.text).toMatch(/^Disagree \(opens a page where you confirm\): https:\/\/quorum\.example\.org\/answer\/t-disagree$/m);
    expect(mail.text).toContain('Metropolitan Police');
  });

  it('leaves out an answer whose link is not given (the item is closed), and never writes an unsafe link', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Hello', size: 'Large' }],
      actions: [
        { type: 'Action.OpenUrl', title: 'Bad', url: 'javascript:alert(1)' },
        { type: 'Action.Execute', verb: 'consultation.respond', title: 'Agree', data: { consultationId: 'c1', agencyId: 'a', choice: 'agree' } },
      ],
    };
    const mail = emailCards.render(card, new Map());
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('>Agree<');
  });
});
