import { describe, expect, it } from 'vitest';
import { conditionExplanation, missingTexts } from '../../../cards/meeting/quorum-words.js';
import type { QuorumCondition } from '../../../services/domain/directory.js';
import {
  evaluateQuorum,
  expectedAttendance,
  forecastQuorum,
  type PresentSeat,
} from '../../../services/domain/quorum.js';
import { aBody, anAgency, aSeat, seatsFor } from '../../support/directory-builders.js';

/** Present seats by id; `~id` means a deputy attended for the seat. */
const at = (...ids: string[]): PresentSeat[] =>
  ids.map((id) => (id.startsWith('~') ? { seatId: id.slice(1), inPerson: false, deputy: true } : { seatId: id, inPerson: true }));

const rule = (...conditions: QuorumCondition[]) => ({ description: 'test', source: 'test', conditions });

// ---- the main board: ≥5 separate statutory agencies split between commissioners and providers (C §4.11)
const csf = anAgency({ id: 'csf', name: 'Children, Schools and Families', sector: 'council', serviceRole: 'commissioner', safeguardingPartner: true });
const ccg = anAgency({ id: 'ccg', name: 'Merton CCG', sector: 'health', serviceRole: 'commissioner', safeguardingPartner: true });
const police = anAgency({ id: 'police', name: 'Metropolitan Police', sector: 'police', serviceRole: 'provider', safeguardingPartner: true });
const trust = anAgency({ id: 'trust', name: "St George's NHS Trust", sector: 'health', serviceRole: 'provider' });
const probation = anAgency({ id: 'probation', name: 'National Probation Service', sector: 'probation', serviceRole: 'provider' });
const cafcass = anAgency({ id: 'cafcass', name: 'Cafcass', sector: 'justice', serviceRole: 'provider' });
const crc = anAgency({ id: 'crc', name: 'Community Rehabilitation Company', sector: 'probation', serviceRole: 'provider' });
const schools = anAgency({ id: 'schools', name: 'Head teachers', sector: 'education', statutory: false, serviceRole: 'provider', sectorSeat: true });
const voluntary = anAgency({ id: 'voluntary', name: 'Voluntary sector', sector: 'voluntary', statutory: false, serviceRole: 'provider', sectorSeat: true });
const boardAgencies = [csf, ccg, police, trust, probation, cafcass, crc, schools, voluntary];

const board = aBody({
  id: 'board',
  kind: 'board',
  seats: [
    aSeat({ id: 'chair', title: 'Independent Chair', roles: ['V'], office: 'independent-chair' }),
    ...seatsFor(boardAgencies),
    aSeat({ id: 'seat-csf-2', agencyId: 'csf', title: 'Head of Social Care' }),
    aSeat({ id: 'manager', title: 'Board Manager', roles: ['BS'], office: 'manager' }),
  ],
  quorum: rule({ kind: 'min-agencies', count: 5, statutoryOnly: true }, { kind: 'commissioner-and-provider' }),
});

describe('main board: five statutory agencies, commissioners and providers', () => {
  it.each([
    { name: 'two commissioners and three providers', present: at('seat-csf', 'seat-ccg', 'seat-police', 'seat-trust', 'seat-probation'), met: true, missing: [] },
    { name: 'one commissioner and four providers', present: at('seat-csf', 'seat-police', 'seat-trust', 'seat-probation', 'seat-cafcass'), met: true, missing: [] },
    {
      name: 'five providers, no commissioner',
      present: at('seat-police', 'seat-trust', 'seat-probation', 'seat-cafcass', 'seat-crc'),
      met: false,
      missing: ['a commissioning statutory agency (Children, Schools and Families or Merton CCG)'],
    },
    {
      name: 'two commissioners only, with non-statutory sector seats',
      present: at('seat-csf', 'seat-ccg', 'seat-schools', 'seat-voluntary', 'chair', 'manager'),
      met: false,
      missing: ['3 more statutory agencies', expect.stringMatching(/^a providing statutory agency \(Metropolitan Police; .* or Community Rehabilitation Company\)$/)],
    },
    {
      name: 'two seats of one agency count once',
      present: at('seat-csf', 'seat-csf-2', 'seat-police', 'seat-trust', 'seat-probation'),
      met: false,
      missing: ['1 more statutory agency'],
    },
    {
      name: 'a deputy counts for the agency',
      present: at('seat-csf', '~seat-ccg', 'seat-police', 'seat-trust', '~seat-probation'),
      met: true,
      missing: [],
    },
    {
      name: 'seats of other bodies and unknown seats do not count',
      present: at('seat-csf', 'seat-police', 'seat-trust', 'seat-probation', 'someone-else'),
      met: false,
      missing: ['1 more statutory agency'],
    },
  ])('$name', ({ present, met, missing }) => {
    const result = evaluateQuorum({ body: board, agencies: boardAgencies, present });
    expect(result.met).toBe(met);
    expect(missingTexts(result.conditions)).toEqual(missing);
    expect(result.conditions.every((c) => conditionExplanation(c).length > 0)).toBe(true);
  });

  it('an agency that both commissions and provides is not a split on its own', () => {
    const both = anAgency({ id: 'la', name: 'London Borough', serviceRole: 'both' });
    const other = anAgency({ id: 'other', name: 'Other', serviceRole: 'neither' });
    const body = aBody({ seats: seatsFor([both, other, police]), quorum: rule({ kind: 'commissioner-and-provider' }) });
    const alone = evaluateQuorum({ body, agencies: [both, other, police], present: at('seat-la', 'seat-other') });
    expect(alone.met).toBe(false);
    expect(missingTexts([alone.conditions[0]!])).toEqual(['another statutory agency that commissions or provides (Metropolitan Police)']);
    expect(evaluateQuorum({ body, agencies: [both, other, police], present: at('seat-la', 'seat-police') }).met).toBe(true);
  });

  it('ignores non-statutory commissioners', () => {
    const charity = anAgency({ id: 'charity', name: 'Charity', statutory: false, serviceRole: 'commissioner' });
    const body = aBody({ seats: seatsFor([charity, police]), quorum: rule({ kind: 'commissioner-and-provider' }) });
    const result = evaluateQuorum({ body, agencies: [charity, police], present: at('seat-charity', 'seat-police') });
    expect(result.met).toBe(false);
    expect(missingTexts([result.conditions[0]!])).toEqual(['a commissioning statutory agency']);
  });
});

// ---- BIG: CSF, CCG, Police and one other agency (C §4.12)
const big = aBody({
  id: 'big',
  kind: 'executive',
  seats: seatsFor([csf, ccg, police, trust, schools]),
  quorum: rule(
    {
      kind: 'required-present',
      groups: [
        { label: 'CSF', agencyIds: ['csf'] },
        { label: 'CCG', agencyIds: ['ccg'] },
        { label: 'Police', agencyIds: ['police'] },
      ],
    },
    { kind: 'min-agencies', count: 4 },
  ),
});

describe('BIG: named agencies plus one other', () => {
  it.each([
    { name: 'all three and a trust', present: at('seat-csf', 'seat-ccg', 'seat-police', 'seat-trust'), met: true, missing: [] },
    { name: 'all three and a non-statutory sector seat', present: at('seat-csf', 'seat-ccg', 'seat-police', 'seat-schools'), met: true, missing: [] },
    { name: 'police by deputy', present: at('seat-csf', 'seat-ccg', '~seat-police', 'seat-trust'), met: true, missing: [] },
    { name: 'no police', present: at('seat-csf', 'seat-ccg', 'seat-trust', 'seat-schools'), met: false, missing: ['Metropolitan Police'] },
    { name: 'only the three', present: at('seat-csf', 'seat-ccg', 'seat-police'), met: false, missing: ['1 more agency'] },
    {
      name: 'nobody',
      present: [],
      met: false,
      missing: ['Children, Schools and Families', 'Merton CCG', 'Metropolitan Police', '4 more agencies'],
    },
  ])('$name', ({ present, met, missing }) => {
    const result = evaluateQuorum({ body: big, agencies: boardAgencies, present });
    expect(result.met).toBe(met);
    expect(missingTexts(result.conditions)).toEqual(missing);
  });

  it('shows that an agency came by deputy', () => {
    const result = evaluateQuorum({ body: big, agencies: boardAgencies, present: at('seat-csf', 'seat-ccg', '~seat-police', 'seat-trust') });
    expect(conditionExplanation(result.conditions[0]!)).toContain('Metropolitan Police (deputy)');
  });
});

// ---- QA: ≥3 partners including Children's Social Care, Health and Education, not counting the chair
const csc = anAgency({ id: 'csc', name: "Children's Social Care", sector: 'council' });
const school = anAgency({ id: 'school', name: 'Secondary school', sector: 'education', statutory: false });
const qa = aBody({
  id: 'qa',
  seats: [
    aSeat({ id: 'qa-chair', agencyId: 'csc', office: 'chair', title: 'Head of Quality Assurance' }),
    aSeat({ id: 'qa-csc', agencyId: 'csc', title: 'Service Manager' }),
    aSeat({ id: 'qa-vice', agencyId: 'trust', office: 'vice-chair', title: 'Named Nurse' }),
    aSeat({ id: 'qa-ccg', agencyId: 'ccg', title: 'Designated Nurse' }),
    aSeat({ id: 'qa-school', agencyId: 'school', title: 'Head teacher' }),
    aSeat({ id: 'qa-police', agencyId: 'police', title: 'Detective Inspector' }),
  ],
  quorum: rule(
    { kind: 'min-agencies', count: 3, excludeChair: true },
    {
      kind: 'required-present',
      excludeChair: true,
      groups: [
        { label: "Children's Social Care", agencyIds: ['csc'] },
        { label: 'Health', sector: 'health' },
        { label: 'Education', sector: 'education' },
      ],
    },
  ),
});
const qaAgencies = [csc, trust, ccg, school, police];

describe('sub-group: not counting the chair', () => {
  it.each([
    {
      name: "the chair is the only Children's Social Care presence",
      present: at('qa-chair', 'qa-ccg', 'qa-school'),
      met: false,
      missing: ['1 more agency besides the chair', "Children's Social Care"],
    },
    { name: "another Children's Social Care seat counts for the chair's agency", present: at('qa-chair', 'qa-csc', 'qa-ccg', 'qa-school'), met: true, missing: [] },
    { name: 'chair absent, three partners', present: at('qa-csc', 'qa-vice', 'qa-school'), met: true, missing: [] },
    {
      name: 'no health and no education',
      present: at('qa-chair', 'qa-csc', 'qa-police'),
      met: false,
      missing: ['1 more agency besides the chair', 'Health', 'Education'],
    },
    {
      name: "the chair's deputy still sits in the chair's seat",
      present: at('~qa-chair', 'qa-ccg', 'qa-school'),
      met: false,
      missing: ['1 more agency besides the chair', "Children's Social Care"],
    },
  ])('$name', ({ present, met, missing }) => {
    const result = evaluateQuorum({ body: qa, agencies: qaAgencies, present });
    expect(result.met).toBe(met);
    expect(missingTexts(result.conditions)).toEqual(missing);
  });

  it('when the vice-chair chairs, the vice-chair is the one not counted', () => {
    const present = at('qa-chair', 'qa-vice', 'qa-school');
    expect(evaluateQuorum({ body: qa, agencies: qaAgencies, present }).met).toBe(false);
    const result = evaluateQuorum({ body: qa, agencies: qaAgencies, present: at('~qa-chair', 'qa-vice', 'qa-ccg', 'qa-school'), chairSeatId: 'qa-vice' });
    expect(result.met).toBe(true);
  });

  it('explains what was not counted', () => {
    const result = evaluateQuorum({ body: qa, agencies: qaAgencies, present: at('qa-chair', 'qa-ccg', 'qa-school') });
    expect(conditionExplanation(result.conditions[0]!)).toMatch(/^2 separate agencies present, 3 needed \(not counting the chair\)/);
  });
});

// ---- L&D: ≥3 separate service areas, not counting the chair or board staff
const earlyHelp = anAgency({ id: 'early-help', name: 'Early Help', serviceArea: 'childrens-services' });
const socialCare = anAgency({ id: 'social-care', name: "Children's Social Care", serviceArea: 'childrens-services' });
const health = anAgency({ id: 'health', name: 'Community health', sector: 'health' });
const youth = anAgency({ id: 'youth', name: 'Youth Offending Team', serviceArea: 'youth-justice' });
const mscb = anAgency({ id: 'mscb', name: 'MSCB business unit' });
const ldAgencies = [earlyHelp, socialCare, health, youth, mscb, police];
const ld = aBody({
  id: 'ld',
  seats: [
    aSeat({ id: 'ld-chair', agencyId: 'police', office: 'chair' }),
    ...seatsFor([earlyHelp, socialCare, health, youth]),
    aSeat({ id: 'ld-trainer', agencyId: 'mscb', roles: ['BS'], title: 'Training Officer' }),
    aSeat({ id: 'ld-manager', agencyId: 'mscb', roles: ['A'], office: 'manager', title: 'Board Manager' }),
    aSeat({ id: 'ld-admin', agencyId: 'mscb', roles: ['A'], office: 'business-support', title: 'Business Support Officer' }),
  ],
  quorum: rule({ kind: 'min-agencies', count: 3, countBy: 'service-area', excludeChair: true, excludeBoardStaff: true }),
});

describe('L&D: separate service areas, not counting the chair or board staff', () => {
  it.each([
    { name: 'three service areas', present: at('seat-early-help', 'seat-health', 'seat-youth'), met: true, missing: [] },
    {
      name: 'two agencies of one service area count once',
      present: at('seat-early-help', 'seat-social-care', 'seat-health', 'ld-chair'),
      met: false,
      missing: ['1 more service area besides the chair'],
    },
    {
      name: 'board staff do not count, whatever their role code',
      present: at('seat-early-help', 'seat-health', 'ld-trainer', 'ld-manager', 'ld-admin'),
      met: false,
      missing: ['1 more service area besides the chair'],
    },
    {
      name: 'a deputy counts for the service area',
      present: at('seat-social-care', '~seat-health', '~seat-youth'),
      met: true,
      missing: [],
    },
  ])('$name', ({ present, met, missing }) => {
    const result = evaluateQuorum({ body: ld, agencies: ldAgencies, present });
    expect(result.met).toBe(met);
    expect(missingTexts(result.conditions)).toEqual(missing);
  });

  it('board staff count where the rule does not exclude them', () => {
    const body = { ...ld, quorum: rule({ kind: 'min-agencies', count: 3 }) };
    expect(evaluateQuorum({ body, agencies: ldAgencies, present: at('seat-early-help', 'seat-health', 'ld-trainer') }).met).toBe(true);
  });
});

// ---- Lewisham partnership group: each safeguarding partner and 50% of the membership (L)
const la = anAgency({ id: 'la', name: 'London Borough of Lewisham', serviceRole: 'both', safeguardingPartner: true });
const lccg = anAgency({ id: 'lccg', name: 'NHS Lewisham CCG', sector: 'health', serviceRole: 'commissioner', safeguardingPartner: true });
const met = anAgency({ id: 'met', name: 'Metropolitan Police', sector: 'police', safeguardingPartner: true });
const otherPartner = anAgency({ id: 'elsewhere', name: 'A partner not on this body', safeguardingPartner: true });
const probationL = anAgency({ id: 'probation-l', name: 'Probation', sector: 'probation' });
const housing = anAgency({ id: 'housing', name: 'Housing', statutory: false });
const lewishamAgencies = [la, lccg, met, otherPartner, probationL, housing];
const group = aBody({
  id: 'lscp',
  kind: 'board',
  seats: [
    aSeat({ id: 'l-la', agencyId: 'la', office: 'chair' }),
    aSeat({ id: 'l-ccg', agencyId: 'lccg' }),
    aSeat({ id: 'l-met', agencyId: 'met' }),
    aSeat({ id: 'l-probation', agencyId: 'probation-l' }),
    aSeat({ id: 'l-housing', agencyId: 'housing' }),
    aSeat({ id: 'l-nurse', agencyId: 'lccg' }),
    aSeat({ id: 'l-vacant-1', agencyId: 'la', holderId: undefined }),
    aSeat({ id: 'l-vacant-2', agencyId: 'housing', holderId: undefined, deputyId: 'person-standing-deputy' }),
    aSeat({ id: 'l-business-unit', roles: ['BS'], office: 'business-support' }),
  ],
  quorum: rule({ kind: 'each-safeguarding-partner' }, { kind: 'membership-share', share: 0.5 }),
});

describe('Lewisham partnership group: each safeguarding partner and half the membership', () => {
  it.each([
    { name: 'three partners of six filled seats', present: at('l-la', 'l-ccg', 'l-met'), met: true, missing: [] },
    { name: 'police by deputy', present: at('l-la', 'l-ccg', '~l-met'), met: true, missing: [] },
    { name: 'a partner absent', present: at('l-la', 'l-ccg', 'l-probation', 'l-housing'), met: false, missing: ['Metropolitan Police'] },
    { name: 'the CCG through its other seat', present: at('l-la', 'l-nurse', 'l-met'), met: true, missing: [] },
    {
      name: 'vacant seats and business support are not membership',
      present: at('l-la', 'l-ccg', '~l-vacant-2', 'l-business-unit'),
      met: false,
      missing: ['Metropolitan Police', '1 more member'],
    },
    {
      name: 'nobody',
      present: [],
      met: false,
      missing: ['London Borough of Lewisham', 'NHS Lewisham CCG', 'Metropolitan Police', '3 more members'],
    },
  ])('$name', ({ present, met: isMet, missing }) => {
    const result = evaluateQuorum({ body: group, agencies: lewishamAgencies, present });
    expect(result.met).toBe(isMet);
    expect(missingTexts(result.conditions)).toEqual(missing);
  });

  it.each([
    [0.5, 2, false],
    [0.5, 3, true],
    [2 / 3, 3, false],
    [2 / 3, 4, true],
    [1, 6, true],
  ])('share %d of six members with %i present: met is %s', (share, n, expected) => {
    const body = { ...group, quorum: rule({ kind: 'membership-share', share }) };
    const present = at(...['l-la', 'l-ccg', 'l-met', 'l-probation', 'l-housing', 'l-nurse'].slice(0, n));
    expect(evaluateQuorum({ body, agencies: lewishamAgencies, present }).met).toBe(expected);
  });

  it('explains the count', () => {
    const result = evaluateQuorum({ body: group, agencies: lewishamAgencies, present: at('l-la', 'l-ccg') });
    expect(conditionExplanation(result.conditions[1]!)).toBe('2 of 6 members present; 50% of the membership is 3.');
  });
});

describe('forecast from apologies', () => {
  it('expects every filled seat without apologies, and deputies named in apologies', () => {
    const seats = [aSeat({ id: 'a' }), aSeat({ id: 'b' }), aSeat({ id: 'c' }), aSeat({ id: 'd', holderId: undefined })];
    expect(
      expectedAttendance(seats, [
        { seatId: 'b', deputyAttending: true },
        { seatId: 'c', deputyAttending: false },
      ]),
    ).toEqual([
      { seatId: 'a', inPerson: true },
      { seatId: 'b', inPerson: false, deputy: true },
    ]);
  });

  it('is the evaluation over the expected attendance', () => {
    const apologies = [
      { seatId: 'l-met', deputyAttending: false },
      { seatId: 'l-ccg', deputyAttending: true },
    ];
    const forecast = forecastQuorum({ body: group, agencies: lewishamAgencies, apologies });
    expect(forecast.met).toBe(false);
    expect(missingTexts([forecast.conditions[0]!])).toEqual(['Metropolitan Police']);
    expect(forecast).toEqual(
      evaluateQuorum({ body: group, agencies: lewishamAgencies, present: expectedAttendance(group.seats, apologies) }),
    );
    expect(forecastQuorum({ body: group, agencies: lewishamAgencies, apologies: [{ seatId: 'l-met', deputyAttending: true }] }).met).toBe(true);
  });
});
