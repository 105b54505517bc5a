import { describe, expect, it } from 'vitest';
import { missingTexts } from '../../../cards/meeting/quorum-words.js';
import lewishamJson from '../../../partnerships/lewisham-2019.json' with { type: 'json' };
import mertonJson from '../../../partnerships/merton-2015.json' with { type: 'json' };
import type { Partnership } from '../../../services/domain/directory.js';
import { evaluateQuorum, type PresentSeat } from '../../../services/domain/quorum.js';

// The quorum rules of domain.md §4, as configured in the two sample partnerships.
const merton = mertonJson as unknown as Partnership;
const lewisham = lewishamJson as unknown as Partnership;

interface Row {
  name: string;
  /** Seat ids; `~id` means a deputy attended for the seat. */
  present: string[];
  met: boolean;
  missing: string[];
  chairSeatId?: string;
}

const at = (ids: string[]): PresentSeat[] =>
  ids.map((id) => (id.startsWith('~') ? { seatId: id.slice(1), inPerson: false, deputy: true } : { seatId: id, inPerson: true }));

const TABLES: Record<string, Record<string, Row[]>> = {
  'merton-2015': {
    // ≥5 separate statutory agencies, split between commissioners and providers (C §4.11)
    'mscb-board': [
      { name: 'CSF, CCG, police, a trust and probation', present: ['board-independent-chair', 'board-csf-director', 'board-ccg', 'board-police-commander', 'board-st-georges', 'board-probation'], met: true, missing: [] },
      { name: 'CCG and police by deputy', present: ['~board-ccg', '~board-police-commander', 'board-cafcass', 'board-crc', 'board-epsom'], met: true, missing: [] },
      {
        name: 'three statutory agencies in many seats, with sector and co-opted seats',
        present: ['board-independent-chair', 'board-csf-director', 'board-csf-csc', 'board-ccg', 'board-designated-doctor', 'board-police-commander', 'board-police-cait', 'board-lay-1', 'board-vcs-1', 'board-public-health', 'board-manager'],
        met: false,
        missing: ['2 more statutory agencies'],
      },
      {
        name: 'providers only',
        present: ['board-royal-marsden', 'board-swlstg-director', 'board-st-georges', 'board-epsom', 'board-police-commander', 'board-probation'],
        met: false,
        missing: ['a commissioning statutory agency (Merton Clinical Commissioning Group; NHS England (London) or Children, Schools and Families (Merton Council))'],
      },
    ],
    // CSF, CCG, Police and one other agency (C §4.12)
    'mscb-big': [
      { name: 'CSF, CCG, police and probation', present: ['big-independent-chair', 'big-csf-director', 'big-ccg', 'big-police', 'big-probation'], met: true, missing: [] },
      { name: 'CCG and police by deputy, CAFCASS the other', present: ['big-csf-csc', '~big-ccg', '~big-police', 'big-cafcass'], met: true, missing: [] },
      { name: 'no police', present: ['big-csf-director', 'big-ccg', 'big-probation', 'big-cafcass'], met: false, missing: ['Metropolitan Police Service (Merton Borough)'] },
      {
        name: 'only the three named agencies',
        present: ['big-independent-chair', 'big-csf-director', 'big-csf-csc', 'big-ccg', 'big-police', 'big-manager'],
        met: false,
        missing: ['1 more agency'],
      },
    ],
    // ≥3 partners including Children's Social Care, Health and Education, not counting the chair (QA-ToR §2.3)
    'mscb-qa': [
      { name: 'chair, CSC, health and education', present: ['qa-chair', 'qa-qa-service-manager', 'qa-designated-nurse', 'qa-education'], met: true, missing: [] },
      {
        name: 'the chair is the only Children\'s Social Care presence',
        present: ['qa-chair', 'qa-designated-nurse', 'qa-education'],
        met: false,
        missing: ['1 more agency besides the chair', 'Children, Schools and Families (Merton Council)'],
      },
      { name: 'no health', present: ['qa-chair', 'qa-psw', 'qa-education', 'qa-police-cait'], met: false, missing: ['Health'] },
      {
        name: 'the vice-chair chairs: the CCG counts only through another seat',
        present: ['qa-designated-doctor', 'qa-psw', 'qa-early-years', 'qa-swlstg'],
        chairSeatId: 'qa-designated-doctor',
        met: true,
        missing: [],
      },
    ],
    // ≥3 separate partner agencies including the Council and Health, not counting the chair (Policy-ToR §2.3)
    'mscb-policy': [
      { name: 'council and two health agencies', present: ['policy-chair', 'policy-psw', 'policy-designated-nurse', 'policy-epsom'], met: true, missing: [] },
      { name: 'no council', present: ['policy-chair', 'policy-designated-nurse', 'policy-swlstg', 'policy-epsom'], met: false, missing: ['Merton Council'] },
      {
        name: 'two agencies besides the chair and the manager',
        present: ['policy-chair', 'policy-psw', 'policy-social-care', 'policy-designated-nurse', 'policy-manager'],
        met: false,
        missing: ['1 more agency besides the chair'],
      },
    ],
    // ≥3 separate partner agencies including the Council, Police and Health, not counting the chair (PPYP-ToR §2.3)
    'mscb-ppyp': [
      { name: 'council, police and health', present: ['ppyp-chair', 'ppyp-social-care', 'ppyp-police', 'ppyp-designated-nurse'], met: true, missing: [] },
      { name: 'police by deputy', present: ['ppyp-social-care', '~ppyp-police', 'ppyp-epsom'], met: true, missing: [] },
      {
        name: 'the chair is the only council presence',
        present: ['ppyp-chair', 'ppyp-police', 'ppyp-designated-nurse', 'ppyp-jigsaw4u'],
        met: false,
        missing: ['Merton Council'],
      },
      { name: 'no police', present: ['ppyp-chair', 'ppyp-social-care', 'ppyp-designated-nurse', 'ppyp-mopac'], met: false, missing: ['Police'] },
    ],
    // ≥3 separate service areas, not counting the chair or board staff (LD-ToR §2.3)
    'mscb-ld': [
      { name: 'health, education and social care', present: ['ld-chair', 'ld-designated-nurse', 'ld-social-inclusion', 'ld-vct'], met: true, missing: [] },
      { name: 'adult services, health and early years', present: ['ld-adult-services', 'ld-epsom', 'ld-early-years'], met: true, missing: [] },
      {
        name: 'four health agencies are one service area; staff do not count',
        present: ['ld-chair', 'ld-designated-nurse', 'ld-swlstg', 'ld-epsom', 'ld-royal-marsden', 'ld-school-improvement', 'ld-training-officer', 'ld-manager'],
        met: false,
        missing: ['1 more service area besides the chair'],
      },
    ],
  },
  'lewisham-2019': {
    // Each of the safeguarding partners (L)
    'lscp-executive': [
      { name: 'the three lead representatives', present: ['exec-chair', 'exec-ccg', 'exec-police'], met: true, missing: [] },
      { name: 'CCG and police by deputy', present: ['exec-chair', '~exec-ccg', '~exec-police'], met: true, missing: [] },
      { name: 'no police', present: ['exec-chair', 'exec-ccg', 'exec-ssl'], met: false, missing: ['Metropolitan Police Service, South East Basic Command Unit'] },
    ],
    // Each statutory partner and 50% of the membership (L): 22 members, so 11
    'lscp-partnership': [
      {
        name: 'the three partners and eight more members',
        present: ['lscp-chair', 'lscp-ccg', 'lscp-police', 'lscp-dir-csc', 'lscp-dir-pps', 'lscp-dir-jceh', 'lscp-dir-education', 'lscp-designated-nurse', 'lscp-schools', 'lscp-nhse', 'lscp-lgt'],
        met: true,
        missing: [],
      },
      {
        name: 'the police represented by the DCI, the CCG lead by deputy',
        present: ['lscp-chair', '~lscp-ccg', 'lscp-dci', 'lscp-dir-csc', 'lscp-dir-pps', 'lscp-dir-jceh', 'lscp-dir-education', 'lscp-probation', 'lscp-crc', 'lscp-slam', 'lscp-housing'],
        met: true,
        missing: [],
      },
      {
        name: 'ten members: the Strategic Safeguarding Lead is not membership',
        present: ['lscp-chair', 'lscp-ccg', 'lscp-police', 'lscp-dir-csc', 'lscp-dir-pps', 'lscp-dir-jceh', 'lscp-dir-education', 'lscp-designated-nurse', 'lscp-schools', 'lscp-nhse', 'lscp-ssl'],
        met: false,
        missing: ['1 more member'],
      },
      {
        name: 'twelve members but no police',
        present: ['lscp-chair', 'lscp-ccg', 'lscp-dir-csc', 'lscp-dir-pps', 'lscp-dir-jceh', 'lscp-dir-education', 'lscp-designated-nurse', 'lscp-schools', 'lscp-nhse', 'lscp-lgt', 'lscp-slam', 'lscp-probation'],
        met: false,
        missing: ['Metropolitan Police Service, South East Basic Command Unit'],
      },
    ],
  },
};

describe.each([merton, lewisham])('$id quorum rules', (partnership) => {
  const tables = TABLES[partnership.id] ?? {};

  it('has a table for every body with a quorum rule, each with a met and a failing attendance', () => {
    const ruled = partnership.bodies.filter((b) => b.quorum.conditions.length > 0).map((b) => b.id);
    expect(Object.keys(tables).sort()).toEqual([...ruled].sort());
    for (const rows of Object.values(tables)) {
      expect(rows.some((r) => r.met)).toBe(true);
      expect(rows.some((r) => !r.met)).toBe(true);
    }
  });

  describe.each(Object.entries(tables))('%s', (bodyId, rows) => {
    const body = partnership.bodies.find((b) => b.id === bodyId);

    it.each(rows)('$name', ({ present, met, missing, chairSeatId }) => {
      if (!body) throw new Error(`${bodyId} is not in ${partnership.id}`);
      const seatIds = new Set(body.seats.map((s) => s.id));
      expect(present.map((id) => id.replace(/^~/, '')).filter((id) => !seatIds.has(id))).toEqual([]);
      const result = evaluateQuorum({ body, agencies: partnership.agencies, present: at(present), chairSeatId });
      expect(missingTexts(result.conditions)).toEqual(missing);
      expect(result.met).toBe(met);
    });
  });
});
