/** Words for the attendance register: the list to pick a meeting, the one-card form, the recorded register. */
import type { Directory } from '../../services/domain/directory.js';
import { attendingProxy, attendingSeats, namedDeputies, type RegisterMark, type RegisterProblem } from '../../services/domain/meeting.js';
import type { RecordRegisterOutcome, RegisterFormFacts, RegisterSheet } from '../../services/meeting/index.js';
import type { Meeting, AttendanceRecord } from '../../services/domain/meeting.js';
import type { AdaptiveCard } from '../render.js';
import { formatLondon, truncate } from '../text.js';
import { meetingCards } from './cards.js';
import type { CardMessage, RegisterFormView, RegisterView } from './views.js';
import { answerLabel, MARK_LABELS, markLabel, nameOf, quorumView, seatTitle, summary } from './words.js';

export function registerList(directory: Directory, list: { meetings: { meeting: Meeting; register?: AttendanceRecord }[]; now: Date }): AdaptiveCard {
  return meetingCards.list({
    title: 'Record an attendance register',
    empty: 'No meeting has taken place in the last six months.',
    canAdd: false,
    items: list.meetings.map(({ meeting: m, register: r }) => ({
      ...summary(directory, m, list.now),
      line: r ? `Register recorded (${r.quorumMet ? 'quorate' : 'not quorate'}); open it to correct it` : 'No register yet',
      verb: 'meeting.register.open',
    })),
  });
}

function problemText(directory: Directory, bodyId: string, p: RegisterProblem): string {
  const body = directory.body(bodyId);
  const name = (id: string) => truncate(nameOf(directory, id), 100);
  if (p.code === 'REGISTER.UNMARKED') return `Mark every seat. Not marked: ${p.seatIds.map((id) => seatTitle(body, id)).join('; ')}.`;
  const title = seatTitle(body, p.field);
  switch (p.code) {
    case 'REGISTER.NOT_ON_REGISTER':
      return `"${title}" is ${p.because === 'board-staff' ? 'a board staff seat' : 'vacant'}, so it is not on the register.`;
    case 'REGISTER.UNKNOWN_SEAT':
      return `"${truncate(p.field, 60)}" is not a seat on ${body?.name ?? bodyId}.`;
    case 'REGISTER.UNKNOWN_MARK':
      return `"${truncate(p.value, 60)}" is not a mark for "${title}": choose present, present as deputy, apologies or absent.`;
    case 'REGISTER.PROXY_NOT_NAMED':
      return `Say who attended for "${title}": ${name(p.proxyId)} was its proxy.`;
    case 'REGISTER.NO_DEPUTIES':
      return `"${title}" has no named deputy (sector seats and advisors have none), so it cannot be present as deputy.`;
    case 'REGISTER.DEPUTY_MISSING':
      return `Say which deputy attended for "${title}".`;
    case 'REGISTER.DEPUTY_NOT_NAMED':
      return `${name(p.deputyId)} is not a deputy named by the agency of "${title}".`;
  }
}

/** Every problem with a submitted register, worded, in the order found. */
export const registerProblems = (directory: Directory, bodyId: string, problems: RegisterProblem[]): string[] => problems.map((p) => problemText(directory, bodyId, p));

/** One card for the whole register: a mark per seat, with the deputy or proxy where one attended. */
export function registerForm(directory: Directory, f: RegisterFormFacts, problems: RegisterProblem[] = []): AdaptiveCard {
  const m = f.meeting;
  const body = directory.body(m.bodyId);
  const register = f.register;
  const view: RegisterFormView = {
    ...summary(directory, m, f.now),
    basedOn: register?.revision ?? -1,
    correcting: register !== undefined,
    errors: problems.length ? [...registerProblems(directory, m.bodyId, problems), 'Nothing was stored.'] : [],
    rows: (body ? attendingSeats(body) : []).map((seat) => {
      const answer = f.apologies.find((a) => a.seatId === seat.id);
      const recorded = register?.marks[seat.id];
      const proxy = answer ? attendingProxy(answer, body?.proxies) : undefined;
      const fromAnswer: RegisterMark | undefined = answer
        ? answer.response === 'attending'
          ? { mark: 'present' }
          : answer.deputyId
            ? { mark: 'deputy', deputyId: answer.deputyId }
            : proxy
              ? { mark: 'deputy', deputyId: proxy }
              : { mark: 'apologies' }
        : undefined;
      return {
        seatId: seat.id,
        seatTitle: seat.title,
        holderName: nameOf(directory, register?.holders[seat.id] ?? seat.holderId!),
        markInputId: `mark_${seat.id}`,
        mark: f.values?.marks[seat.id] ?? recorded?.mark ?? fromAnswer?.mark ?? '',
        deputyId: f.values?.deputies[seat.id] ?? recorded?.deputyId ?? fromAnswer?.deputyId ?? '',
        deputies: [
          ...namedDeputies(directory.partnership, seat).map((id) => ({ id, name: nameOf(directory, id) })),
          ...(proxy ? [{ id: proxy, name: nameOf(directory, proxy), proxy: true }] : []),
        ],
        answered: `Answered: ${answerLabel(directory, answer)}`,
      };
    }),
  };
  return meetingCards.registerForm(view);
}

/** The recorded register: quorum, who chaired in the chair's place, each mark, and every correction with who and when. */
export function registerSheet(directory: Directory, s: RegisterSheet, message?: CardMessage): AdaptiveCard {
  const { meeting: m, register: r } = s;
  const body = directory.body(m.bodyId);
  const marks = Object.values(r.marks);
  const holder = (seatId: string) => nameOf(directory, r.holders[seatId] ?? body?.seats.find((x) => x.id === seatId)?.holderId ?? seatId);
  const view: RegisterView = {
    ...summary(directory, m, s.now),
    message,
    quorum: quorumView(s.quorum, 'recorded'),
    ...(r.chairedBySeatId ? { chairedText: `Chaired by ${holder(r.chairedBySeatId)} (${seatTitle(body, r.chairedBySeatId)}) in place of the chair.` } : {}),
    rows: (body ? attendingSeats(body) : [])
      .filter((x) => r.marks[x.id])
      .map((x) => ({ seat: `${x.title} (${holder(x.id)})`, mark: markLabel(directory, r.marks[x.id]) })),
    recordedText: `Recorded by ${nameOf(directory, r.recordedBy)} on ${formatLondon(new Date(r.recordedAt))}.`,
    corrections: r.corrections.flatMap((c) =>
      c.changes.map((x) => `${formatLondon(new Date(c.at))}, ${nameOf(directory, c.by)}: ${seatTitle(body, x.seatId)} ${markLabel(directory, x.before)} → ${markLabel(directory, x.after)}`),
    ),
    counts: (['present', 'deputy', 'apologies', 'absent'] as const).map((k) => `${MARK_LABELS[k]}: ${marks.filter((x) => x.mark === k).length}`).join(' · '),
  };
  return meetingCards.register(view);
}

export function registerRecorded(directory: Directory, o: RecordRegisterOutcome): AdaptiveCard {
  if (o.kind === 'rejected') return registerForm(directory, o.form, o.problems);
  const r = o.sheet.register;
  const last = r.corrections[r.corrections.length - 1] ?? { by: r.recordedBy, at: r.recordedAt };
  const when = formatLondon(new Date(last.at));
  const quorum = o.sheet.quorum.met ? 'The meeting was quorate.' : 'The meeting was NOT quorate.';
  switch (o.kind) {
    case 'duplicate':
      return registerSheet(directory, o.sheet, { text: `This register was already recorded by ${nameOf(directory, last.by)} on ${when}. It is a duplicate, so nothing was stored.`, tone: 'warning' });
    case 'stale':
      return registerSheet(directory, o.sheet, {
        text: `The register was ${r.corrections.length ? 'corrected' : 'recorded'} by ${nameOf(directory, last.by)} on ${when} after your card was opened, so nothing was stored. Open it again to correct it.`,
        tone: 'attention',
      });
    case 'recorded':
      return registerSheet(directory, o.sheet, { text: `Register recorded. ${quorum}`, tone: 'good' });
    case 'corrected':
      return registerSheet(directory, o.sheet, { text: `Correction recorded (${o.changes} seat${o.changes === 1 ? '' : 's'} changed). ${quorum}`, tone: 'good' });
  }
}
