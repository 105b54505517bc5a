import { beforeAll, describe, expect, it } from 'vitest';
import { configProblemLine } from '../../../cards/membership/config-problem-words.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import type { Partnership } from '../../../services/domain/directory.js';
import { fromCsv, partnershipFromTables, tablesFromPartnership, toCsv } from '../../../services/domain/membership-sheet.js';
import { partnershipProblems } from '../../../services/domain/partnership-schema.js';

let merton: Partnership;
beforeAll(async () => {
  merton = await readPartnershipFile('partnerships/merton-2015.json');
});

const withChannel = (p: Partnership, id: string, change: Partial<Partnership['people'][number]>): Partnership => ({
  ...p,
  people: p.people.map((x) => (x.id === id ? { ...x, ...change } : x)),
});

describe("a person's channel", () => {
  it('is kept through the membership spreadsheet', () => {
    const p = withChannel(merton, 'p-borough-commander', { channel: 'email', email: 'commander@met.example' });
    const read = fromCsv(toCsv(tablesFromPartnership(p)));
    expect(read.problems).toEqual([]);
    const back = partnershipFromTables(read.tables);
    expect(back.partnership?.people.find((x) => x.id === 'p-borough-commander')).toMatchObject({ channel: 'email', email: 'commander@met.example' });
  });

  it('needs an email address for email, and is one of teams, email or both', () => {
    expect(partnershipProblems(withChannel(merton, 'p-borough-commander', { channel: 'email' })).map(configProblemLine).join('\n')).toMatch(/channel.*email needs the person's email address/);
    expect(partnershipProblems(withChannel(merton, 'p-borough-commander', { channel: 'fax' as never, email: 'a@b.example' })).map(configProblemLine).join('\n')).toMatch(/channel: expected one of teams\|email\|both/);
    expect(partnershipProblems(withChannel(merton, 'p-borough-commander', { channel: 'both', email: 'a@b.example' }))).toEqual([]);
  });
});
