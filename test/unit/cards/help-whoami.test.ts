import { describe, expect, it } from 'vitest';
import { buildHelp, HELP_ENTRIES } from '../../../cards/help.card.js';
import { buildWhoAmI, roleTitle, seatSentences, type WhoAmISeat } from '../../../cards/whoami.card.js';
import { cardText } from '../../support/fake-connector.js';

const seat = (s: Partial<WhoAmISeat>): WhoAmISeat => ({ body: 'Board', seat: 'Borough Commander, Met Police', agency: 'Metropolitan Police Service', as: 'holder', roles: ['P', 'V'], votes: true, ...s });

describe('whoami in a member\'s words', () => {
  it('says one sentence per seat, with the role title and whether the seat votes', () => {
    expect(seatSentences([seat({})])).toEqual(['You sit on the Board for Metropolitan Police Service as Borough Commander; you vote']);
  });

  it.each([
    ['Borough Commander, Met Police', 'Metropolitan Police Service (Merton Borough)', 'Borough Commander'],
    ['Head of Education, CSF', 'Children, Schools and Families (Merton Council)', 'Head of Education'],
    ['Designated Doctor for Child Protection, Merton CCG (non-voting)', 'Merton Clinical Commissioning Group', 'Designated Doctor for Child Protection'],
    ['Director of Public Health Merton, Community and Housing', 'Public Health Merton, Community and Housing (Merton Council)', 'Director of Public Health Merton, Community and Housing'],
    ['DCI, Child Abuse Investigation Team, Met Police', 'Metropolitan Police Service (Merton Borough)', 'DCI, Child Abuse Investigation Team'],
    ['NHS England (London)', 'NHS England (London)', ''],
    ['Independent Chair (casting vote)', undefined, 'Independent Chair'],
  ])('reads the role in "%s" for %s as "%s"', (title, agency, role) => {
    expect(roleTitle(title, agency)).toBe(role);
  });

  it('keeps one title for one person on every body, and says who chairs, who is vice chair and who has the casting vote', () => {
    const sentences = seatSentences([
      seat({ body: 'Board', seat: 'Principal Social Worker (non-voting)', agency: 'CSF', roles: ['SA'], votes: false }),
      seat({ body: 'QA Sub Group', seat: 'Principal Social Worker, CSF (Chair)', agency: 'Children, Schools and Families', office: 'chair' }),
      seat({ body: 'PPYP Sub Group', seat: 'PSW (Vice Chair)', agency: 'CSF', office: 'vice-chair' }),
    ]);
    expect(sentences).toEqual([
      'You sit on the Board for CSF as Principal Social Worker; you do not vote, as a statutory advisor (C §4.10)',
      'You chair the QA Sub Group as Principal Social Worker for Children, Schools and Families; you vote',
      'You sit on the PPYP Sub Group for CSF as Principal Social Worker, and you are its vice chair; you vote',
    ]);
    expect(seatSentences([seat({ seat: 'Independent Chair (casting vote)', agency: undefined, office: 'independent-chair', roles: [], votes: false })])).toEqual([
      'You chair the Board as Independent Chair; you have the casting vote (C App3)',
    ]);
  });

  it('tells a deputy whom they stand in for, and a non-voting seat why it does not vote', () => {
    expect(seatSentences([seat({ as: 'deputy' })])).toEqual([
      'You are the standing deputy for the Borough Commander of Metropolitan Police Service on the Board: you answer and vote for them when they cannot (C §5.6)',
    ]);
    expect(seatSentences([seat({ seat: 'MSCB Board Development Manager (non-voting)', agency: undefined, office: 'manager', roles: ['BS'], votes: false })])).toEqual([
      'You support the Board as MSCB Board Development Manager, its board manager; you do not vote, as board support (C §4.10)',
    ]);
    expect(seatSentences([seat({ seat: 'Policy Sub Group Chair (co-opted)', agency: undefined, roles: ['C'], votes: false })])[0]).toContain(
      'a co-opted seat votes only when deputising for an agency (C App3)',
    );
    expect(seatSentences([seat({ votes: false })])[0]).toContain('Metropolitan Police Service casts its one vote through another seat (C §4.10)');
  });

  it('shows role codes only in the legend', () => {
    const text = cardText(buildWhoAmI({ name: 'Borough Commander', partnership: 'MSCB', isManager: false, guest: false, chairs: [], seats: [seat({})] }));
    expect(text).toContain('Borough Commander; you vote.');
    expect(text).toContain("Role codes (the constitution's Appendix 3): P statutory partner · V voting.");
    expect(text).not.toMatch(/Roles: /);
  });
});

describe('help', () => {
  const card = (names: string[]) =>
    buildHelp({ partnership: 'MSCB', commands: names.map((name) => ({ name, description: `fallback for ${name}` })) });

  it('groups what a person may do by what they want to do, each with a button or an example', () => {
    const help = card(['help', 'consultations', 'whoami', 'meetings', 'my actions', 'action', 'status', 'consult']);
    const titles = help.body.slice(2).map((g: any) => g.items[0].text);
    expect(titles).toEqual(['Answer for your agency', 'Meetings', 'Actions and policies', 'Run the board']);
    const text = cardText(help);
    expect(text).toContain('Type "status C-7F3A2B"');
    expect(text).not.toContain('fallback');
    const buttons = JSON.stringify(help).match(/"value":"[^"]+"/g);
    expect(buttons).toEqual(['"value":"consultations"', '"value":"whoami"', '"value":"meetings"', '"value":"my actions"', '"value":"consult"']);
  });

  it('has a button or an example for every entry, never both missing', () => {
    for (const [name, entry] of Object.entries(HELP_ENTRIES)) expect(Boolean(entry.button) || Boolean(entry.example), name).toBe(true);
  });

  it('shows a command it has no words for under More, by its name', () => {
    expect(cardText(card(['whoami', 'something new']))).toContain('fallback for something new');
    expect(cardText(card(['whoami', 'something new']))).toContain('Type "something new"');
  });
});
