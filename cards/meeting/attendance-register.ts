import type { AttendanceRegisterPresenter, ProposedRegisterFacts } from '../../services/ports/online-meetings.js';
import { DEPUTY_MARK_PREFIX } from './verbs.js';
import { expand } from '../render.js';
import registerTemplate from '../templates/meeting-attendance-register.json' with { type: 'json' };
import messageTemplate from '../templates/meeting-message.json' with { type: 'json' };
import { formatLondon } from '../text.js';

const minutes = (n: number) => `${n} min in Teams`;
const ANSWERS = { attending: 'said they would attend', apologies: 'sent apologies', none: 'did not answer' } as const;
const MARKS = { present: 'Present', deputy: 'Present as deputy', apologies: 'Apologies', absent: 'Absent' } as const;

function row(r: ProposedRegisterFacts['rows'][number], presentMinutes: number) {
  const attendedBy = r.mark === 'deputy' ? r.deputies.find((d) => d.id === r.deputyId) : undefined;
  const inTeams =
    r.mark === 'present' || r.mark === 'deputy'
      ? `${attendedBy ? `${attendedBy.name}, ` : ''}${minutes(r.minutes)}`
      : r.minutes > 0
        ? `${minutes(r.minutes)}, under the ${presentMinutes} that count`
        : 'not in the Teams meeting';
  return {
    markInputId: `mark_${r.seatId}`,
    label: `${r.seatTitle} (${r.holderName}): ${inTeams}; ${ANSWERS[r.answer]}.`,
    value: r.mark === 'deputy' && r.deputyId ? `${DEPUTY_MARK_PREFIX}${r.deputyId}` : r.mark,
    choices: [
      { title: 'Present', value: 'present' },
      ...r.deputies.map((d) => ({ title: `Present as ${d.proxy ? 'proxy' : 'deputy'} (${d.name})`, value: `${DEPUTY_MARK_PREFIX}${d.id}` })),
      { title: 'Apologies', value: 'apologies' },
      { title: 'Absent', value: 'absent' },
    ],
  };
}

/** The manager's register pre-filled from Teams' attendance report, and the card when there is no report. */
export const attendanceRegisterPresenter: AttendanceRegisterPresenter = {
  proposed(facts) {
    const tally = (['present', 'deputy', 'apologies', 'absent'] as const).map((k) => `${MARKS[k]}: ${facts.rows.filter((r) => r.mark === k).length}`).join(' · ');
    return expand(registerTemplate, {
      meetingId: facts.meetingId,
      heading: 'The attendance register, from the Teams meeting',
      bodyName: facts.bodyName,
      whenText: formatLondon(new Date(facts.startsAt)),
      intro: `Filled in from Teams' attendance report: ${facts.presentMinutes} minutes or more in the meeting counts as present. Those in the room are not in the report: mark them present, check the rest, then record the register. Nothing is recorded until you do.`,
      counts: tally,
      rows: facts.rows.map((r) => row(r, facts.presentMinutes)),
      othersHeading: 'Also in the Teams meeting, holding no seat of this body',
      others: facts.others.map((o) => `${o.name ?? o.email ?? 'Someone unnamed'}${o.name && o.email ? ` (${o.email})` : ''}${o.inDirectory ? '' : ', not in the partnership directory'}: ${minutes(o.minutes)}`),
      submitTitle: 'Record the register',
    });
  },
  noReport(facts) {
    return expand(messageTemplate, {
      meetingId: facts.meetingId,
      title: 'No attendance report from Teams',
      text:
        facts.reason === 'no-meeting'
          ? `Teams has no meeting for the ${facts.bodyName} meeting's link, so its register cannot be filled in from Teams. Record it by hand from the meeting.`
          : `Teams has not published an attendance report for the ${facts.bodyName} meeting. Record its register by hand from the meeting.`,
      bodyName: facts.bodyName,
      whenText: formatLondon(new Date(facts.startsAt)),
      placeText: 'Teams meeting',
      hasJoinUrl: false,
      joinUrlValue: '',
      isProxyRequest: false,
      proxySeatId: '',
    });
  },
};
