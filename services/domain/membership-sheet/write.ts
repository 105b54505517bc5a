/** Partnership → tables: the membership of one day as the five sheets. */
import type { Partnership } from '../directory.js';
import { COLUMNS, type Table } from './columns.js';
import { absenceText, CASTING_TEXT, decisionText, proxiesText, quorumText } from './rule-text.js';

const yesNo = (b: boolean | undefined) => (b === undefined ? '' : b ? 'yes' : 'no');
const text = (s: string | undefined) => s ?? '';

/**
 * The partnership as five tables. Pass the partnership as it stands on the day (partnershipOn):
 * each seat is written with its own holder, deputy and agency.
 */
export function tablesFromPartnership(p: Partnership): Table[] {
  const bodies = p.bodies.map((b) => [
    b.id,
    b.name,
    b.kind,
    text(b.parentBodyId),
    quorumText(b.quorum.conditions),
    b.quorum.description,
    b.quorum.source,
    absenceText(b.absence),
    b.absence.source,
    String(b.cadence.meetingsPerYear),
    b.cadence.months ? b.cadence.months.join(',') : '',
    String(b.cadence.noticeWorkingDays),
    String(b.cadence.papersWorkingDays),
    b.cadence.description,
    text(b.reporting?.toBodyId),
    b.reporting ? String(b.reporting.dueWorkingDaysBefore) : '',
    text(b.reporting?.description),
    b.viceChair ? b.viceChair.notFromAgencyIds.join(', ') : '',
    b.viceChair ? yesNo(b.viceChair.statutoryMembersOnly) : '',
    text(b.viceChair?.source),
    b.decision ? decisionText(b.decision) : '',
    text(b.decision?.source),
    b.decision ? CASTING_TEXT[b.decision.castingVote.holder] : '',
    text(b.decision?.castingVote.source),
    text(b.decision?.notDecidedRoute),
    text(b.decision?.dissent?.referToPersonId),
    text(b.decision?.dissent?.referToTitle),
    text(b.decision?.dissent?.grounds),
    text(b.decision?.dissent?.source),
    b.proxies ? proxiesText(b.proxies) : '',
    text(b.proxies?.source),
  ]);
  return [
    {
      name: 'Partnership',
      rows: [[...COLUMNS.Partnership], ['Id', p.id], ['Name', p.name], ['Source', p.source]],
    },
    {
      name: 'Agencies',
      rows: [
        [...COLUMNS.Agencies],
        ...p.agencies.map((a) => [
          a.id,
          a.name,
          a.sector,
          yesNo(a.statutory),
          yesNo(a.safeguardingPartner),
          a.serviceRole,
          yesNo(a.sectorSeat),
          text(a.serviceArea),
        ]),
      ],
    },
    { name: 'Bodies', rows: [[...COLUMNS.Bodies], ...bodies] },
    {
      name: 'People',
      rows: [
        [...COLUMNS.People],
        ...p.people.map((x) => [x.id, x.displayName, text(x.email), x.aadObjectId, text(x.organisation), yesNo(x.guest), yesNo(x.externalAccessOnly), text(x.channel)]),
      ],
    },
    {
      name: 'Seats',
      rows: [
        [...COLUMNS.Seats],
        ...p.bodies.flatMap((b) =>
          b.seats.map((s) => [
            b.id,
            s.id,
            s.title,
            text(s.agencyId),
            s.roles.join(' '),
            text(s.office),
            yesNo(s.voting),
            text(s.holderId),
            text(s.deputyId),
          ]),
        ),
      ],
    },
  ];
}

