import { describe, expect, it } from 'vitest';
import { exportJson, presentDataProtection } from '../../../cards/data-protection/present.js';
import type { ConsultationRole, PersonalDataExport } from '../../../services/domain/data-protection.js';
import { Directory } from '../../../services/domain/directory.js';
import { MERTON_FILE, rawSample } from '../directory/samples.js';

/** Issue #13: the export carries the person's part in each consultation as codes; the presenter words them, as the export always read. */
describe("the personal-data export's roles", () => {
  const person = new Directory(rawSample(MERTON_FILE)).person('p-cafcass')!;
  const all: ConsultationRole[] = ['sender', 'casting-voter', 'consensus-recorder', 'referrer', 'referred-to', 'referral-viewer', 'named-for-referrals', 'progress-card'];
  const record = { kind: 'consultation', consultationId: 'c1', ref: 'C-0001', title: 'Neglect strategy', bodyId: 'mscb-board', createdAt: '2026-11-24T10:00:00.000Z' } as const;
  const document = (roles: ConsultationRole[]): PersonalDataExport => ({
    partnership: 'merton-2015',
    exportedAt: '2026-11-24T10:00:00.000Z',
    person,
    sections: [
      { store: 'directory', records: [{ person, seats: [], isManager: false }] },
      { store: 'consultations', records: [{ ...record, roles }, { kind: 'agency-answer', consultationId: 'c1', agencyId: 'cafcass', roles: 'left as it is' }] },
    ],
  });

  it('reads exactly as before, each role in words, everything else as stored', () => {
    const before = {
      partnership: 'merton-2015',
      exportedAt: '2026-11-24T10:00:00.000Z',
      person,
      sections: [
        { store: 'directory', records: [{ person, seats: [], isManager: false }] },
        {
          store: 'consultations',
          records: [
            {
              ...record,
              roles: [
                'sent it',
                'gave the casting vote',
                'recorded the consensus',
                'referred the decision',
                'was referred the decision',
                'recorded a view on the referral',
                'is named by its decision rule to receive referrals',
                'receives its progress card',
              ],
            },
            { kind: 'agency-answer', consultationId: 'c1', agencyId: 'cafcass', roles: 'left as it is' },
          ],
        },
      ],
    };
    expect(exportJson(document(all))).toBe(JSON.stringify(before, null, 1));
  });

  it('is what the export card carries', () => {
    const doc = document(['sender']);
    const [card] = presentDataProtection.export({ personId: person.id, personName: person.displayName, exportedAt: '2026-11-24T10:00:00.000Z', sections: [], document: doc });
    expect(JSON.stringify(card)).toContain(JSON.stringify(exportJson(doc)).slice(1, -1));
    expect(exportJson(doc)).toContain('"sent it"');
    expect(JSON.stringify(card)).not.toContain('sender');
  });
});
