import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { Directory, NON_VOTING_ROLES, type Partnership } from '../../../services/domain/directory.js';
import { evaluateQuorum, type PresentSeat } from '../../../services/domain/quorum.js';
import { body, LEWISHAM_FILE, MERTON_FILE, seat } from './samples.js';

let merton: Partnership;
let lewisham: Partnership;
beforeAll(async () => {
  merton = await readPartnershipFile(MERTON_FILE);
  lewisham = await readPartnershipFile(LEWISHAM_FILE);
});

const present = (...ids: string[]): PresentSeat[] => ids.map((seatId) => ({ seatId, inPerson: true }));

describe('the Merton 2015 sample (constitution Appendix 3, App2, App4, sub-group ToRs)', () => {
  it('has the main board, BIG and the four sub-groups, reporting to the board', () => {
    expect(merton.bodies.map((b) => [b.id, b.kind, b.parentBodyId ?? null])).toEqual([
      ['mscb-board', 'board', null],
      ['mscb-big', 'executive', 'mscb-board'],
      ['mscb-qa', 'sub-group', 'mscb-board'],
      ['mscb-policy', 'sub-group', 'mscb-board'],
      ['mscb-ppyp', 'sub-group', 'mscb-board'],
      ['mscb-ld', 'sub-group', 'mscb-board'],
    ]);
    for (const b of merton.bodies.slice(1)) expect(b.reporting?.toBodyId).toBe('mscb-board');
  });

  it.each([
    ['board-independent-chair', [], 'independent-chair', undefined],
    ['board-ccg', ['P', 'V'], undefined, 'merton-ccg'],
    ['board-police-commander', ['P', 'V'], undefined, 'met-police'],
    ['board-csf-director', ['P', 'V'], undefined, 'csf'],
    ['board-lay-1', ['S', 'V'], undefined, 'lay-member-1'],
    ['board-vcs-2', ['S', 'V'], undefined, 'vcs-2'],
    ['board-school-primary', ['S', 'V'], undefined, 'school-primary'],
    ['board-public-health', ['C', 'V'], undefined, 'public-health'],
    ['board-priory-homes', ['C', 'V'], undefined, 'merton-priory-homes'],
    ['board-lead-member', ['PO'], undefined, 'council-lead-member'],
    ['board-designated-doctor', ['SA'], undefined, 'merton-ccg'],
    ['board-psw', ['SA'], undefined, 'csf'],
    ['board-hr', ['A'], undefined, 'council-hr'],
    ['board-training-officer', ['A'], undefined, undefined],
    ['board-manager', ['BS'], 'manager', undefined],
    ['board-administrator', ['BS'], 'business-support', undefined],
    ['board-policy-chair', ['C'], undefined, undefined],
  ])('board seat %s has roles %j, office %s, agency %s', (id, roles, office, agencyId) => {
    const s = seat(merton, id);
    expect(s.roles).toEqual(roles);
    expect(s.office).toBe(office);
    expect(s.agencyId).toBe(agencyId);
  });

  it('keeps the vacant independent school seat vacant', () => {
    const s = seat(merton, 'board-school-independent');
    expect(s.title).toMatch(/vacant/);
    expect(s.holderId).toBeUndefined();
    expect(s.roles).toEqual(['S', 'V']);
  });

  it('gives every statutory partner seat a standing deputy and no one else one (C §5.6-5.7, App3)', () => {
    const agencies = new Map(merton.agencies.map((a) => [a.id, a]));
    for (const b of merton.bodies.slice(0, 2)) {
      for (const s of b.seats) {
        const a = s.agencyId ? agencies.get(s.agencyId) : undefined;
        const statutoryPartner = s.roles.includes('P') && a?.statutory === true && !a.sectorSeat;
        expect({ seat: s.id, deputy: s.deputyId !== undefined }).toEqual({ seat: s.id, deputy: statutoryPartner });
      }
    }
    const withDeputy = merton.bodies.flatMap((b) => b.seats).filter((s) => s.deputyId);
    expect(withDeputy.every((s) => !s.roles.every((r) => NON_VOTING_ROLES.includes(r)))).toBe(true);
  });

  it('marks sector seats and the lead commissioners (C §5.3, §7.2)', () => {
    const a = (id: string) => merton.agencies.find((x) => x.id === id)!;
    expect(['school-primary', 'school-special', 'vcs-1', 'lay-member-2'].every((id) => a(id).sectorSeat)).toBe(true);
    expect([a('csf').serviceRole, a('merton-ccg').serviceRole]).toEqual(['commissioner', 'commissioner']);
    expect([a('met-police').serviceRole, a('st-georges').serviceRole, a('london-probation').serviceRole]).toEqual(['provider', 'provider', 'provider']);
    expect(a('csf').statutory && a('merton-ccg').statutory && a('met-police').statutory).toBe(true);
  });

  it('names its sub-group chairs per the ToRs, sitting on the board', () => {
    const chair = (bodyId: string) => new Directory(merton).chairSeat(body(merton, bodyId))!;
    expect(chair('mscb-qa').holderId).toBe('p-csf-csc-head');
    expect(chair('mscb-ppyp').holderId).toBe('p-psw');
    expect(chair('mscb-policy').holderId).toBe('p-policy-chair');
    expect(chair('mscb-ld').holderId).toBe('p-ld-chair');
    const onBoard = new Set(body(merton, 'mscb-board').seats.map((s) => s.holderId));
    for (const id of ['mscb-qa', 'mscb-policy', 'mscb-ppyp', 'mscb-ld']) expect(onBoard.has(chair(id).holderId)).toBe(true);
    expect(seat(merton, 'qa-designated-doctor').office).toBe('vice-chair');
  });

  it('expresses every quorum rule of domain.md §4', () => {
    expect(body(merton, 'mscb-board').quorum).toMatchObject({
      source: 'C §4.11',
      conditions: [{ kind: 'min-agencies', count: 5, statutoryOnly: true }, { kind: 'commissioner-and-provider' }],
    });
    expect(body(merton, 'mscb-big').quorum).toMatchObject({
      source: 'C §4.12',
      conditions: [
        { kind: 'required-present', groups: [{ agencyIds: ['csf'] }, { agencyIds: ['merton-ccg'] }, { agencyIds: ['met-police'] }] },
        { kind: 'min-agencies', count: 4 },
      ],
    });
    expect(body(merton, 'mscb-qa').quorum.conditions).toEqual([
      { kind: 'min-agencies', count: 3, excludeChair: true },
      {
        kind: 'required-present',
        excludeChair: true,
        groups: [
          { label: "Children's Social Care", agencyIds: ['csf'] },
          { label: 'Health', sector: 'health' },
          { label: 'Education', agencyIds: ['csf-education'], sector: 'education' },
        ],
      },
    ]);
    expect(body(merton, 'mscb-ppyp').quorum.conditions[1]).toMatchObject({
      groups: [{ label: 'Merton Council' }, { label: 'Police', sector: 'police' }, { label: 'Health', sector: 'health' }],
    });
    expect(body(merton, 'mscb-ld').quorum.conditions).toEqual([
      { kind: 'min-agencies', count: 3, countBy: 'service-area', excludeChair: true, excludeBoardStaff: true },
    ]);
  });

  it('meets as Appendix 4 says and reviews two consecutive absences (C §5.8)', () => {
    expect(body(merton, 'mscb-board').cadence).toMatchObject({ meetingsPerYear: 4, months: [1, 3, 6, 9] });
    expect(body(merton, 'mscb-big').cadence).toMatchObject({ meetingsPerYear: 4, months: [2, 5, 7, 11] });
    expect(merton.bodies.map((b) => b.cadence.meetingsPerYear)).toEqual([4, 4, 6, 4, 8, 3]);
    for (const b of merton.bodies) {
      expect(b.absence).toEqual({ kind: 'consecutive', count: 2, deputyResets: false, source: 'C §5.8' });
      expect([b.cadence.noticeWorkingDays, b.cadence.papersWorkingDays]).toEqual([10, 5]);
    }
  });

  it('works with the quorum rules as configured', () => {
    const board = body(merton, 'mscb-board');
    const five = present('board-csf-director', 'board-csf-csc', 'board-police-commander', 'board-st-georges', 'board-probation', 'board-cafcass');
    expect(evaluateQuorum({ body: board, agencies: merton.agencies, present: five }).met).toBe(true);
    // CSF's three seats are one agency: four statutory agencies, not six.
    const four = present('board-csf-director', 'board-csf-csc', 'board-csf-education', 'board-police-commander', 'board-st-georges', 'board-cafcass');
    expect(evaluateQuorum({ body: board, agencies: merton.agencies, present: four }).met).toBe(false);

    const qa = body(merton, 'mscb-qa');
    expect(evaluateQuorum({ body: qa, agencies: merton.agencies, present: present('qa-chair', 'qa-psw', 'qa-epsom', 'qa-education') }).met).toBe(true);
    // The chair is Children's Social Care but does not count.
    expect(evaluateQuorum({ body: qa, agencies: merton.agencies, present: present('qa-chair', 'qa-epsom', 'qa-education', 'qa-police-cait') }).met).toBe(false);

    const ld = body(merton, 'mscb-ld');
    expect(evaluateQuorum({ body: ld, agencies: merton.agencies, present: present('ld-chair', 'ld-epsom', 'ld-royal-marsden', 'ld-casa', 'ld-manager') }).met).toBe(false);
    expect(evaluateQuorum({ body: ld, agencies: merton.agencies, present: present('ld-chair', 'ld-epsom', 'ld-casa', 'ld-social-inclusion') }).met).toBe(true);
  });
});

describe('the Lewisham 2019 sample (MoU 2019/20)', () => {
  it('has the three safeguarding partners', () => {
    expect(lewisham.agencies.filter((a) => a.safeguardingPartner).map((a) => [a.id, a.sector])).toEqual([
      ['lb-lewisham', 'council'],
      ['lewisham-ccg', 'health'],
      ['met-police-se-bcu', 'police'],
    ]);
  });

  it('has the executive and partnership group with their rules', () => {
    const exec = body(lewisham, 'lscp-executive');
    const voting = exec.seats.filter((s) => s.roles.includes('V'));
    expect(voting.map((s) => s.agencyId)).toEqual(['lb-lewisham', 'lewisham-ccg', 'met-police-se-bcu']);
    expect(new Directory(lewisham).chairSeat(exec)?.holderId).toBe('p-ed-cyp');
    expect(body(lewisham, 'lscp-partnership').quorum.conditions).toEqual([
      { kind: 'each-safeguarding-partner' },
      { kind: 'membership-share', share: 0.5 },
    ]);
  });

  it('encodes the MoU as written: members not marked advisory, a MESI seat per partner, its decision and proxy rules', () => {
    const group = body(lewisham, 'lscp-partnership');
    for (const id of ['lscp-designated-nurse', 'lscp-designated-doctor', 'lscp-cabinet-member']) {
      expect(group.seats.find((s) => s.id === id)?.roles, id).toEqual(['V']);
    }
    expect(group.seats.filter((s) => s.roles.every((r) => ['PO', 'SA', 'A'].includes(r)))).toEqual([]);
    const mesi = body(lewisham, 'lscp-mesi');
    expect(mesi.seats.filter((s) => s.roles.includes('V') && s.agencyId).map((s) => s.agencyId)).toEqual(['lb-lewisham', 'lewisham-ccg', 'met-police-se-bcu']);
    expect(mesi.proxies).toMatchObject({ substituteRequired: true, chairAgreement: false });
    expect(group.proxies).toMatchObject({ chairAgreement: true, substituteRequired: false });
    expect(group.proxies?.source).toContain('Partnership Group ToR');
    const exec = body(lewisham, 'lscp-executive').decision!;
    expect(exec).toMatchObject({ threshold: { kind: 'majority-of-voting-agencies' }, consensusFirst: true, castingVote: { holder: 'nobody' } });
    expect(exec.dissent?.referToPersonId).toBe('p-scrutineer');
    for (const b of lewisham.bodies) expect(b.decision?.castingVote.holder, b.id).toBe('nobody');
  });

  it('sets the attendance thresholds of MESI and the schools network', () => {
    expect(body(lewisham, 'lscp-mesi').absence).toMatchObject({ kind: 'attendance-share', minShare: 0.75, windowMonths: 12 });
    expect(body(lewisham, 'lscp-schools-network').absence).toMatchObject({ kind: 'attendance-share', minShare: 0.66, windowMonths: 12 });
    expect(body(lewisham, 'lscp-schools-network').cadence.meetingsPerYear).toBe(6);
  });

  it('is quorate with each partner and half the membership', () => {
    const group = body(lewisham, 'lscp-partnership');
    const members = group.seats.filter((s) => s.holderId && !s.roles.includes('BS')).map((s) => s.id);
    const half = members.slice(0, Math.ceil(members.length / 2));
    expect(evaluateQuorum({ body: group, agencies: lewisham.agencies, present: present(...half) }).met).toBe(true);
    expect(evaluateQuorum({ body: group, agencies: lewisham.agencies, present: present(...half.slice(1)) }).met).toBe(false);
  });
});

describe('both samples', () => {
  it('use role titles, never the personal names in the source documents', () => {
    const names = ['Bailey', 'Tiotto', 'Foley', 'Sara Williams', 'Wilkinson', 'Subramaniam', 'Furphy', 'Hayes'];
    for (const file of [MERTON_FILE, LEWISHAM_FILE]) {
      const text = readFileSync(file, 'utf8');
      for (const n of names) expect(text).not.toContain(n);
    }
  });

  it('give people sequential UUID-shaped Entra ids, 1NN for Merton and 2NN for Lewisham', () => {
    merton.people.forEach((p, i) => expect(p.aadObjectId).toBe(`00000000-0000-0000-0000-0000000001${String(i + 1).padStart(2, '0')}`));
    lewisham.people.forEach((p, i) => expect(p.aadObjectId).toBe(`00000000-0000-0000-0000-0000000002${String(i + 1).padStart(2, '0')}`));
  });

  it('seat everybody they list, or name them in a rule (the Scrutineer a dissent is referred to)', () => {
    for (const p of [merton, lewisham]) {
      const seated = new Set(p.bodies.flatMap((b) => [...b.seats.flatMap((s) => [s.holderId, s.deputyId]), b.decision?.dissent?.referToPersonId]));
      expect(p.people.filter((x) => !seated.has(x.id))).toEqual([]);
    }
  });
});

describe('Directory over the Merton sample', () => {
  let dir: Directory;
  beforeAll(() => {
    dir = new Directory(merton);
  });

  it('finds a person by Entra object id, whatever the case', () => {
    expect(dir.personByAad('00000000-0000-0000-0000-000000000103')?.displayName).toBe('Director of Children, Schools and Families');
    expect(dir.personByAad('00000000-0000-0000-0000-0000000001AB'.toLowerCase())).toBeUndefined();
    expect(dir.personByAad('00000000-0000-0000-0000-000000000101'.toUpperCase())?.id).toBe('p-mscb-manager');
  });

  it('lists the seats a person holds across bodies', () => {
    const seats = dir.assignmentsOf('p-csf-director').map((a) => [a.body.id, a.seat.id, a.agency?.id, a.as]);
    expect(seats).toEqual([
      ['mscb-board', 'board-csf-director', 'csf', 'holder'],
      ['mscb-big', 'big-csf-director', 'csf', 'holder'],
    ]);
    expect(dir.assignmentsOf('p-psw').map((a) => a.body.id)).toEqual(['mscb-board', 'mscb-qa', 'mscb-policy', 'mscb-ppyp']);
  });

  it('lists the seats a standing deputy deputises for', () => {
    const seats = dir.assignmentsOf('p-csf-director-deputy').map((a) => [a.seat.id, a.agency?.name, a.as]);
    expect(seats).toEqual([
      ['board-csf-director', 'Children, Schools and Families (Merton Council)', 'deputy'],
      ['big-csf-director', 'Children, Schools and Families (Merton Council)', 'deputy'],
    ]);
  });

  it('knows the manager, who supports every body', () => {
    expect(dir.managers().map((p) => p.id)).toEqual(['p-mscb-manager']);
    expect(dir.isManager('p-mscb-manager')).toBe(true);
    expect(dir.isManager('p-independent-chair')).toBe(false);
    expect(dir.assignmentsOf('p-mscb-manager').map((a) => a.body.id)).toEqual(merton.bodies.map((b) => b.id));
  });

  it('knows which bodies each chair chairs', () => {
    expect(dir.chairedBodies('p-independent-chair').map((b) => b.id)).toEqual(['mscb-board', 'mscb-big']);
    expect(dir.chairedBodies('p-csf-csc-head').map((b) => b.id)).toEqual(['mscb-qa']);
    expect(dir.chairedBodies('p-psw').map((b) => b.id)).toEqual(['mscb-ppyp']);
    expect(dir.chairedBodies('p-csf-director')).toEqual([]);
    for (const b of dir.bodies) expect(dir.chairSeat(b)).toBeDefined();
  });
});
