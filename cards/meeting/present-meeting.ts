/** Words for meetings, notices, answers and proxies: the meeting card, the form, the list and one-off messages. */
import type { Directory } from '../../services/domain/directory.js';
import { attendingProxy, attendingSeats, isUpcoming, namedDeputies, startsAt, type Meeting, type MeetingDetails } from '../../services/domain/meeting.js';
import type { CancelMeetingOutcome, MeetingFormFacts, MeetingProblem, ProxyAnswerOutcome, RespondOutcome, SaveMeetingOutcome, UpcomingMeetings } from '../../services/meeting/index.js';
import type { MeetingNews, MeetingSight } from '../../services/ports/meetings.js';
import type { AdaptiveCard } from '../render.js';
import { formatLondon, truncate } from '../text.js';
import { meetingCards } from './cards.js';
import type { CardMessage, MeetingCardView, MeetingListItem, MeetingMessageView } from './views.js';
import { answerLabel, nameOf, placeText, summary, whenOf } from './words.js';

function problemText(directory: Directory, p: MeetingProblem): string {
  const bodyName = (id: string) => directory.body(id)?.name ?? id;
  switch (p.code) {
    case 'MEETING.BODY_MISSING':
      return 'Choose the body that meets.';
    case 'MEETING.BODY_NOT_YOURS':
      return `You cannot add meetings of ${bodyName(p.bodyId)}: only its chair or the board manager can.`;
    case 'MEETING.DATE_MISSING':
      return 'Choose the date of the meeting.';
    case 'MEETING.DATE_INVALID':
      return `"${truncate(p.value, 40)}" is not a date.`;
    case 'MEETING.TIME_INVALID':
      return 'Choose the time the meeting starts (UK time).';
    case 'MEETING.IN_PAST':
      return 'The meeting must start in the future.';
    case 'MEETING.PLACE_MISSING':
      return 'Give the place, or a Teams link, or both.';
    case 'MEETING.PLACE_TOO_LONG':
      return `The place is ${p.length} characters; the limit is ${p.limit}.`;
    case 'MEETING.LINK_INVALID':
      return 'The Teams link must be an https:// address.';
    case 'MEETING.LENGTH_INVALID':
      return `Give the length as whole minutes, from ${p.min} to ${p.max}, or leave it empty for the body's usual length.`;
    case 'MEETING.CLASH':
      return `${bodyName(p.bodyId)} already meets on that day (${whenOf(p)}). Change or cancel that meeting instead.`;
  }
}

export function meetingForm(directory: Directory, facts: MeetingFormFacts, problems: MeetingProblem[] = []): AdaptiveCard {
  return meetingCards.form({
    formId: facts.formId,
    meetingId: facts.meetingId,
    bodies: facts.bodyIds.map((id) => ({ id, name: directory.body(id)?.name ?? id })),
    values: facts.values,
    errors: problems.map((p) => problemText(directory, p)),
  });
}

/** The meeting as one person sees it: their seat's answer, what they are asked to attend as, and what they may do. */
export function meetingView(directory: Directory, s: MeetingSight, extras: { message?: CardMessage; banner?: string } = {}): MeetingCardView {
  const { meeting: m, apologies, now } = s;
  const body = directory.body(m.bodyId);
  const seat = s.seatId ? body?.seats.find((x) => x.id === s.seatId) : undefined;
  const open = isUpcoming(m, now);
  const answer = seat ? apologies.find((a) => a.seatId === seat.id) : undefined;
  const title = (seatId: string) => body?.seats.find((x) => x.id === seatId)?.title ?? seatId;
  const notes: string[] = apologies
    .filter((a) => a.response === 'apologies' && a.deputyId === s.personId)
    .map((a) => `You are asked to attend as deputy for ${nameOf(directory, a.holderId)} (${title(a.seatId)}), with the same authority as the member (C §5.6).`);
  for (const a of apologies.filter((x) => attendingProxy(x, body?.proxies) === s.personId)) {
    notes.push(`You attend as proxy for ${nameOf(directory, a.holderId)} (${title(a.seatId)})${a.proxyAgreement?.agreed ? ', agreed by the chair' : ''}.`);
  }
  if (m.purpose?.kind === 'peer-review') {
    const agency = directory.agency(m.purpose.agencyId)?.name ?? m.purpose.agencyId;
    notes.unshift(`The Section 11 peer review with ${agency}: the QA sub-group's quality assurance and challenge meeting (C §6.5).`);
    if (!seat && (m.guestIds ?? []).includes(s.personId)) notes.push('You are invited to it, without a seat of your own on the body.');
  }
  if (!seat && notes.length === 0) notes.push(s.isManager ? 'You organise this meeting as board manager.' : 'You have no seat of your own at this meeting.');
  const status = m.status === 'cancelled' ? 'This meeting is cancelled. It counts for nobody.' : !open ? 'This meeting has started or taken place; answers can no longer be changed.' : undefined;
  return {
    ...summary(directory, m, now),
    message: extras.message,
    banner: extras.banner ?? status,
    seat: seat
      ? {
          seatId: seat.id,
          seatTitle: seat.title,
          agencyName: directory.agency(seat.agencyId)?.name ?? (seat.office === 'independent-chair' ? 'Independent' : 'Partnership'),
          answerLabel: answerLabel(directory, answer),
          answeredAt: answer ? formatLondon(new Date(answer.answeredAt)) : undefined,
          deputies: namedDeputies(directory.partnership, seat).map((id) => ({ id, name: nameOf(directory, id) })),
          deputyId: answer?.deputyId,
          ...(body?.proxies
            ? {
                proxies: directory.partnership.people.filter((p) => p.id !== seat.holderId).map((p) => ({ id: p.id, name: p.displayName })),
                proxyId: answer?.proxyId,
                proxyLabel: `Or a proxy for this meeting${body.proxies.chairAgreement ? ' (the chair must agree)' : ''}: ${body.proxies.source}`,
              }
            : {}),
          canAnswer: open,
        }
      : undefined,
    note: notes.length ? notes.join(' ') : undefined,
    canEdit: s.can.edit,
    canCancel: s.can.cancel,
    canBrief: s.can.brief,
    canRegister: s.can.register,
  };
}

export const meetingCard = (directory: Directory, s: MeetingSight, message?: CardMessage): AdaptiveCard => meetingCards.meeting(meetingView(directory, s, { message }));

/** The notice a seat-holder gets; after a move, with the answer they gave for the old date to confirm. */
export function notice(directory: Directory, s: MeetingSight, movedFrom?: MeetingDetails): AdaptiveCard {
  const banner = movedFrom
    ? `This meeting has moved (it was on ${formatLondon(startsAt(movedFrom.date, movedFrom.time))}). The answer below was given for the old date: change it if it no longer holds.`
    : undefined;
  return meetingCards.meeting(meetingView(directory, s, { banner }));
}

function newsView(directory: Directory, m: Meeting, news: MeetingNews): Pick<MeetingMessageView, 'title' | 'text' | 'proxyRequest'> {
  const body = directory.body(m.bodyId);
  const bodyName = body?.name ?? m.bodyId;
  const seatAbout = (seatId: string, holderId: string) => {
    const seat = body?.seats.find((s) => s.id === seatId);
    const title = seat?.title ?? seatId;
    return { who: `${nameOf(directory, holderId)} (${title})`, agency: directory.agency(seat?.agencyId)?.name ?? title };
  };
  const source = body?.proxies?.source ?? '';
  switch (news.kind) {
    case 'changed':
      return { title: 'Meeting details changed', text: `The ${bodyName} meeting has changed. It is now on ${whenOf(m)}, ${placeText(m)}.` };
    case 'cancelled':
      return { title: 'Meeting cancelled', text: `The ${bodyName} meeting on ${whenOf(m)} is cancelled. It counts for nobody's attendance.` };
    case 'deputy-asked': {
      const { who, agency } = seatAbout(news.seatId, news.holderId);
      return {
        title: 'You are asked to attend as deputy',
        text: `${who} has sent apologies for the ${bodyName} meeting and named you to attend for ${agency}. As the named deputy you have the same authority as the member (C §5.6).`,
      };
    }
    case 'deputy-released': {
      const { who } = seatAbout(news.seatId, news.holderId);
      return {
        title: 'You are no longer needed as deputy',
        text: news.attending ? `${who} will now attend the ${bodyName} meeting in person.` : `${who} has named someone else to attend the ${bodyName} meeting, or no deputy.`,
      };
    }
    case 'proxy-request': {
      const { who, agency } = seatAbout(news.seatId, news.holderId);
      return {
        title: 'A proxy for your agreement',
        text: `${who} has sent apologies and asks that ${nameOf(directory, news.proxyId)} attend for ${agency} as proxy. Proxies need the chair's agreement (${source}).`,
        proxyRequest: { seatId: news.seatId },
      };
    }
    case 'proxy-asked': {
      const { who, agency } = seatAbout(news.seatId, news.holderId);
      return {
        title: 'You are asked to attend as proxy',
        text: `${who} has sent apologies for the ${bodyName} meeting and asks you to attend for ${agency} as proxy${news.agreed ? ', agreed by the chair' : ''}.`,
      };
    }
    case 'proxy-confirmed': {
      const { who, agency } = seatAbout(news.seatId, news.holderId);
      return { title: 'You are asked to attend as proxy', text: `${who} has sent apologies for the ${bodyName} meeting; you attend for ${agency} as proxy, agreed by the chair.` };
    }
    case 'proxy-answered': {
      const proxy = nameOf(directory, news.proxyId);
      return news.agreed
        ? { title: 'Your proxy is agreed', text: `The chair agreed that ${proxy} attends for you as proxy.` }
        : { title: 'Your proxy was refused', text: `The chair did not agree to ${proxy} as your proxy: attend, or name your deputy or someone else.` };
    }
    case 'no-substitute': {
      const { who } = seatAbout(news.seatId, news.holderId);
      return {
        title: 'Apologies naming nobody',
        text: `${who} has sent apologies for the ${bodyName} meeting and named no deputy or proxy, though someone must attend in their place (${source}).`,
      };
    }
  }
}

export function news(directory: Directory, m: Meeting, now: Date, about: MeetingNews): AdaptiveCard {
  return meetingCards.message({ ...summary(directory, m, now), ...newsView(directory, m, about) });
}

export function upcoming(directory: Directory, u: UpcomingMeetings): AdaptiveCard {
  const items: MeetingListItem[] = u.meetings.map(({ meeting: m, apologies }) => {
    const body = directory.body(m.bodyId);
    const parts = (body ? attendingSeats(body) : [])
      .filter((s) => s.holderId === u.personId)
      .map((s) => `${s.title}: ${answerLabel(directory, apologies.find((a) => a.seatId === s.id))}`);
    for (const a of apologies.filter((x) => x.response === 'apologies' && x.deputyId === u.personId)) parts.push(`You attend as deputy for ${nameOf(directory, a.holderId)}`);
    return { ...summary(directory, m, u.now), line: parts.join(' · ') || (u.isManager ? 'Board manager' : 'No seat of your own'), verb: 'meeting.open' };
  });
  return meetingCards.list({ title: 'Upcoming meetings', empty: 'No meetings are scheduled for your bodies.', items, canAdd: u.canAdd });
}

export function saved(directory: Directory, o: SaveMeetingOutcome): AdaptiveCard {
  switch (o.kind) {
    case 'rejected':
      return meetingForm(directory, o.form, o.problems);
    case 'added':
      return meetingCard(directory, o.sight, {
        text: o.noticesSent ? 'Meeting added. The notices have been sent to every seat-holder.' : `Meeting added. Seat-holders get their notice on ${formatLondon(o.noticeDue)}.`,
        tone: 'good',
      });
    case 'already-added':
      return meetingCard(directory, o.sight, { text: 'This meeting was added already; nothing was changed.', tone: 'warning' });
    case 'unchanged':
      return meetingCard(directory, o.sight, { text: 'Nothing was changed.', tone: 'warning' });
    case 'changed':
      return meetingCard(directory, o.sight, { text: 'Meeting changed.', tone: 'good' });
  }
}

export function cancelled(directory: Directory, o: CancelMeetingOutcome): AdaptiveCard {
  return o.kind === 'cancelled'
    ? meetingCard(directory, o.sight, { text: 'Meeting cancelled. It counts for nobody.', tone: 'good' })
    : meetingCard(directory, o.sight, { text: 'This meeting was cancelled already.', tone: 'warning' });
}

export function responded(directory: Directory, o: RespondOutcome): AdaptiveCard {
  if (o.kind === 'unchanged') return meetingCard(directory, o.sight, { text: 'Your answer was already recorded; nothing changed.', tone: 'good' });
  const source = directory.body(o.sight.meeting.bodyId)?.proxies?.source ?? '';
  const text =
    o.response === 'attending'
      ? 'Recorded: you are attending.'
      : o.deputyId
        ? `Apologies recorded. ${nameOf(directory, o.deputyId)} has been told they attend for you.`
        : o.proxyId && o.proxyAwaitsChair
          ? `Apologies recorded. ${nameOf(directory, o.proxyId)} attends as your proxy once the chair agrees (${source}); the chair has been asked.`
          : o.proxyId
            ? `Apologies recorded. ${nameOf(directory, o.proxyId)} has been told they attend for you as proxy.`
            : o.substituteMissing
              ? `Apologies recorded, but someone must attend in your place (${source}): name your deputy or a proxy. The chair has been told.`
              : 'Apologies recorded.';
  return meetingCard(directory, o.sight, { text, tone: o.substituteMissing ? 'warning' : 'good' });
}

export function proxyAnswered(directory: Directory, o: ProxyAnswerOutcome): AdaptiveCard {
  const proxy = nameOf(directory, o.proxyId);
  const holder = nameOf(directory, o.holderId);
  if (o.kind === 'unchanged') {
    return meetingCard(directory, o.sight, { text: `Already recorded: you ${o.agree ? 'agreed to' : 'refused'} ${proxy} as proxy for ${holder}. Nothing was changed.`, tone: 'warning' });
  }
  return meetingCard(directory, o.sight, { text: o.agree ? `Agreed: ${proxy} attends for ${holder} as proxy.` : `Refused: ${proxy} will not attend for ${holder}.`, tone: 'good' });
}
