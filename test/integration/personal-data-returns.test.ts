import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInWords } from '../../cards/data-protection/words.js';
import { ReturnsPersonalData } from '../../infra/cosmos/personal-data.cosmos.js';
import { CosmosReturnsRepo } from '../../infra/cosmos/returns.cosmos-repo.js';
import type { CosmosStore } from '../../infra/cosmos/store.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { standInFor } from '../../services/domain/data-protection.js';
import { Directory, type Person } from '../../services/domain/directory.js';
import type { AgencyReturn, ReturnRound } from '../../services/domain/returns.js';
import { openTestStore } from '../support/harness.js';

/**
 * Subject access and removal for the `returns` container against the embedded store (Merton
 * sample): the manager who opened a round and reopened a return, the deputy who drafted it, the
 * member who submitted it, the QA chair who planned its peer review and evaluated it. Each is found
 * by the export and, once erased, named nowhere, while the return keeps what was returned.
 */

const P = 'merton-2015';
let store: CosmosStore;
let directory: Directory;
let returns: ReturnsPersonalData;

const round: ReturnRound = {
  id: 's11-2026',
  partnershipId: P,
  kind: 'section-11',
  period: '2026',
  title: 'Section 11 audit 2026',
  deadline: '2026-03-13T17:00:00.000Z',
  agencyIds: ['cafcass', 'london-crc'],
  standards: [{ id: '1', text: 'Senior management commitment' }],
  indicators: [],
  reminderWorkingDays: [3, 1],
  qaBodyId: 'mscb-qa',
  createdBy: 'p-mscb-manager',
  openedAt: '2026-03-02T10:00:00.000Z',
};

const standards = [{ standardId: '1', rating: 'green' as const, evidence: 'Audited in January.', actions: [] }];

const cafcass: AgencyReturn = {
  id: 's11-2026:cafcass',
  partnershipId: P,
  roundId: round.id,
  agencyId: 'cafcass',
  kind: 'section-11',
  period: '2026',
  status: 'submitted',
  standards,
  figures: [],
  draftBy: 'p-cafcass-deputy',
  draftAt: '2026-03-04T10:00:00.000Z',
  submittedBy: 'p-cafcass',
  submittedAt: '2026-03-09T10:00:00.000Z',
  peerReview: { meetingId: 'a1b2c3d4-0000-5000-8000-000000000001', date: '2026-04-15', time: '10:00', plannedBy: 'p-csf-csc-head', plannedAt: '2026-03-16T10:00:00.000Z' },
  evaluation: { text: 'Agreed.', verdicts: { '1': 'agreed' }, by: 'p-csf-csc-head', at: '2026-04-15T12:00:00.000Z' },
  history: [
    { at: '2026-03-04T10:00:00.000Z', by: 'p-cafcass-deputy', kind: 'draft-saved' },
    { at: '2026-03-05T10:00:00.000Z', by: 'p-cafcass', kind: 'submitted' },
    { at: '2026-03-06T10:00:00.000Z', by: 'p-mscb-manager', kind: 'reopened', reason: 'Standard 1 evidence missing.', before: { standards, figures: [], submittedBy: 'p-cafcass', submittedAt: '2026-03-05T10:00:00.000Z' } },
    { at: '2026-03-09T10:00:00.000Z', by: 'p-cafcass', kind: 'submitted' },
    { at: '2026-03-16T10:00:00.000Z', by: 'p-csf-csc-head', kind: 'review-planned' },
    { at: '2026-04-15T12:00:00.000Z', by: 'p-csf-csc-head', kind: 'evaluated', evaluation: { text: 'Agreed.', verdicts: { '1': 'agreed' }, by: 'p-csf-csc-head', at: '2026-04-15T12:00:00.000Z' } },
  ],
};

const silent: AgencyReturn = { id: 's11-2026:london-crc', partnershipId: P, roundId: round.id, agencyId: 'london-crc', kind: 'section-11', period: '2026', status: 'not-returned', standards: [], figures: [], history: [] };

const person = (id: string): Person => directory.person(id)!;
const mentions = async (personId: string) =>
  (await store.containers.returns.items.readAll().fetchAll()).resources.flatMap((d) => {
    const found: string[] = [];
    JSON.stringify(d, (k, v) => {
      if (v === personId) found.push(`${String(d.id)}.${k}`);
      return v;
    });
    return found;
  });

beforeAll(async () => {
  store = await openTestStore();
  directory = new Directory(await readPartnershipFile('partnerships/merton-2015.json'));
  returns = new ReturnsPersonalData(store.containers.returns);
  const repo = new CosmosReturnsRepo(store.containers.returns);
  await repo.createRound(round);
  await repo.createReturns([cafcass, silent]);
});
afterAll(() => store.dispose());

describe('personal data in the returns (issue #20)', () => {
  it('exports the round a manager opened and the return each person drafted, submitted, reopened or evaluated', async () => {
    const ids = async (personId: string) => ((await returns.export(P, person(personId))) as { id: string; record: string }[]).map((r) => `${r.record}:${r.id}`).sort();
    expect(await ids('p-mscb-manager')).toEqual(['agency-return:s11-2026:cafcass', 'return-round:s11-2026']);
    expect(await ids('p-cafcass-deputy')).toEqual(['agency-return:s11-2026:cafcass']);
    expect(await ids('p-cafcass')).toEqual(['agency-return:s11-2026:cafcass']);
    expect(await ids('p-csf-csc-head')).toEqual(['agency-return:s11-2026:cafcass']);
    expect(await ids('p-crc-aco')).toEqual([]);
  });

  it('removes each of them from every record, which keeps what was returned with the seat in their place', async () => {
    for (const id of ['p-cafcass', 'p-cafcass-deputy', 'p-mscb-manager', 'p-csf-csc-head']) {
      expect(await mentions(id)).not.toEqual([]);
      expect(await returns.erase(P, person(id), standInFor(directory, id, standInWords))).toBeGreaterThan(0);
      expect(await mentions(id)).toEqual([]);
      expect(await returns.erase(P, person(id), standInFor(directory, id, standInWords))).toBe(0);
    }
    const stored = (await new CosmosReturnsRepo(store.containers.returns).getReturn(P, cafcass.id))!;
    expect(stored).toMatchObject({ status: 'submitted', standards, evaluation: { text: 'Agreed.', verdicts: { '1': 'agreed' } } });
    expect(stored.submittedBy).toMatch(/^former holder of "/);
    expect(stored.history.map((h) => h.kind)).toEqual(cafcass.history.map((h) => h.kind));
    expect(stored.history[2]).toMatchObject({ reason: 'Standard 1 evidence missing.', before: { submittedBy: stored.submittedBy } });
  });
});
