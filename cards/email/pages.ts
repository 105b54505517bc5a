import type { ConsultationPage, LinkOutcome, LinkRefusal, AnswerProblem, MeetingAnswerProblem, MeetingPage } from '../../services/email-answers/index.js';
import { formatLondon, truncate } from '../text.js';
import { esc, safeUrl } from './html.js';

/** The plain pages a signed email link opens: no script, readable on a phone, labelled and headed. */

const STYLE = `
body{font-family:Segoe UI,Arial,sans-serif;line-height:1.5;margin:0 auto;padding:1em;max-width:40em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}
.note{padding:0.75em 1em;border-left:6px solid #1f4e79;background:#eef4fa;margin:1em 0}
.good{border-color:#107c10;background:#eef8ee}.warn{border-color:#a4262c;background:#fbeeee}
fieldset{border:1px solid #767676;padding:0.75em 1em;margin:1em 0}legend{font-weight:bold}
label{display:block;margin:0.25em 0}textarea{width:100%;box-sizing:border-box;font:inherit;min-height:6em}select{font:inherit;max-width:100%;padding:0.3em}
button{font:inherit;font-weight:bold;padding:0.6em 1.2em;border:2px solid #1f4e79;background:#1f4e79;color:#fff;border-radius:4px;margin-top:1em}
:focus{outline:3px solid #ffbf47;outline-offset:2px}dt{font-weight:bold}dd{margin:0 0 0.5em 0}
.error{color:#a4262c;font-weight:bold}`;

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)} – Quorum</title><style>${STYLE}</style></head><body><main id="main">${body}</main></body></html>`;
}

const REFUSALS: Record<LinkRefusal, { title: string; text: string }> = {
  tampered: {
    title: 'This link is not valid',
    text: 'This link has been changed or was not made by Quorum, so it cannot answer anything. Nothing was recorded. Please use the link in your email exactly as it came, or answer in Teams.',
  },
  expired: {
    title: 'This link has expired',
    text: 'The deadline this link was made for has passed, so it can no longer answer. Nothing was recorded. The board manager can tell you what happens next.',
  },
  closed: {
    title: 'Answers are closed',
    text: 'The deadline has passed (or the item was closed), so answers can no longer be given or changed. Nothing was recorded.',
  },
  'not-yours': {
    title: 'This link cannot answer for you',
    text: 'This link was made for a member who no longer answers for that agency on this body, so it cannot answer. Nothing was recorded. Ask the board manager if you think this is wrong.',
  },
  'not-found': {
    title: 'Nothing to answer',
    text: 'What this link was made for no longer exists or was withdrawn. Nothing was recorded.',
  },
};

export function refusedPage(reason: LinkRefusal): string {
  const r = REFUSALS[reason];
  return shell(r.title, `<h1>${esc(r.title)}</h1><p class="note warn" role="alert">${esc(r.text)}</p>`);
}

export function errorPage(): string {
  const title = 'Something went wrong';
  return shell(title, `<h1>${title}</h1><p class="note warn" role="alert">Quorum could not finish this. Nothing has been changed by it that you were not told about; please try again in a minute.</p>`);
}

const CHOICE_LABEL = { agree: 'Agree', disagree: 'Disagree', none: 'No response' } as const;

function problemText(p: AnswerProblem): string {
  switch (p.code) {
    case 'choice-missing':
      return 'Please choose Agree or Disagree.';
    case 'reason-required':
      return 'Please give a reason to disagree.';
    case 'too-long':
      return `Your ${p.field} is ${p.length} characters; the limit is ${p.limit}.`;
  }
}

function currentText(p: ConsultationPage): string {
  const c = p.current;
  if (c.choice === 'none') return `No answer has been given for ${p.agencyName} yet.`;
  const who = c.byMe ? 'you' : `${c.byName ?? 'someone'}${c.asDeputy ? ' (deputy)' : ''}`;
  const how = c.viaEmail ? ' by email' : ' in Teams';
  const when = c.at ? ` on ${formatLondon(new Date(c.at))}` : '';
  return `${p.agencyName} answered ${CHOICE_LABEL[c.choice]}: given by ${who}${how}${when}.`;
}

function resultNote(p: ConsultationPage): string {
  if (p.problems?.length) {
    return `<div class="note warn" role="alert"><p><strong>Nothing was recorded.</strong></p><ul>${p.problems.map((x) => `<li>${esc(problemText(x))}</li>`).join('')}</ul></div>`;
  }
  switch (p.result) {
    case 'recorded':
      return `<p class="note good" role="status"><strong>Recorded for ${esc(p.agencyName)}: ${CHOICE_LABEL[p.current.choice]}.</strong> You can change it here until the deadline.</p>`;
    case 'unchanged':
      return `<p class="note" role="status">That is already your agency's answer; nothing needed changing.</p>`;
    case 'conflict':
      return `<p class="note warn" role="alert"><strong>Your answer did not replace the one that stands.</strong> ${esc(p.current.asDeputy ? 'Another member' : 'The member')} for ${esc(p.agencyName)} has already answered, and a deputy cannot overturn the member's answer (constitution §5.6). Your different answer is recorded as a conflict for the board manager.</p>`;
    default:
      return '';
  }
}

/** The answer page of a consultation or vote: the ask, the agency's answer now, and the form to give or change it. */
export function consultationPage(p: ConsultationPage, action: string): string {
  const deadline = formatLondon(new Date(p.deadline));
  const choice = p.choice ?? (p.current.choice === 'none' ? undefined : p.current.choice);
  const reason = p.given?.reason ?? (p.current.byMe ? p.current.reason : undefined) ?? '';
  const comment = p.given?.comment ?? (p.current.byMe ? p.current.comment : undefined) ?? '';
  const doc = safeUrl(p.documentUrl);
  const reasonError = p.problems?.some((x) => x.field === 'reason');
  const radio = (value: 'agree' | 'disagree', label: string) =>
    `<label><input type="radio" name="choice" value="${value}"${choice === value ? ' checked' : ''} required> ${esc(label)}</label>`;
  const agreeLabel = p.signOffRequired ? 'Agree and sign off for my agency' : 'Agree';
  const body = `
<p>${esc(p.ref)} · ${esc(p.bodyName)} · answer by ${esc(deadline)}</p>
<h1>${esc(p.title)}</h1>
${resultNote(p)}
<p>${esc(p.ask).replace(/\n/g, '<br>')}</p>
${doc ? `<p><a href="${esc(doc)}">Open the document</a></p>` : ''}
<h2>Your agency's answer now</h2>
<p>${esc(currentText(p))}</p>
${p.current.reason ? `<p>Reason given: ${esc(truncate(p.current.reason, 2000))}</p>` : ''}
<h2>Give or change your answer for ${esc(p.agencyName)}</h2>
<form method="post" action="${esc(action)}">
<fieldset><legend>Your answer</legend>${radio('agree', agreeLabel)}${radio('disagree', 'Disagree')}</fieldset>
<label for="reason">Reason (required to disagree)</label>
<textarea id="reason" name="reason" maxlength="2000"${reasonError ? ' aria-invalid="true" aria-describedby="reason-error"' : ''}>${esc(reason)}</textarea>
${reasonError ? `<p id="reason-error" class="error">${esc(problemText(p.problems!.find((x) => x.field === 'reason')!))}</p>` : ''}
<label for="comment">Comment (optional)</label>
<textarea id="comment" name="comment" maxlength="2000">${esc(comment)}</textarea>
<button type="submit">Send my answer</button>
</form>
<p>You can change your answer here until ${esc(deadline)}. Your answer is recorded as given by email, with the same rules as in Teams: one answer per agency, and a deputy cannot overturn the member's answer.</p>`;
  return shell(p.title, body);
}

function meetingProblemText(p: MeetingAnswerProblem): string {
  switch (p.code) {
    case 'response-missing':
      return 'Please choose Attending or Apologies.';
    case 'deputy-not-named':
      return 'That person is not a deputy your agency has named. Choose one from the list, or nobody.';
    case 'proxy-not-offered':
      return 'Please choose your proxy from the list.';
    case 'deputy-and-proxy':
      return 'Name your deputy or a proxy, not both.';
  }
}

function meetingCurrentText(p: MeetingPage): string {
  const c = p.current;
  const when = c.at ? ` (given${c.viaEmail ? ' by email' : ' in Teams'} on ${formatLondon(new Date(c.at))})` : '';
  if (c.response === 'none') return 'You have not answered yet.';
  if (c.response === 'attending') return `Attending${when}.`;
  if (c.proxyName) {
    const agreed = c.proxyAgreed === undefined ? (p.proxies?.chairAgreement ? ', waiting for the chair to agree' : '') : c.proxyAgreed ? ', agreed by the chair' : ', refused by the chair';
    return `Apologies; ${c.proxyName} attends as your proxy${agreed}${when}.`;
  }
  return c.deputyName ? `Apologies; ${c.deputyName} attends as your deputy${when}.` : `Apologies, naming no deputy${when}.`;
}

function meetingResultNote(p: MeetingPage): string {
  if (p.problems?.length) {
    return `<div class="note warn" role="alert"><p><strong>Nothing was recorded.</strong></p><ul>${p.problems.map((x) => `<li>${esc(meetingProblemText(x))}</li>`).join('')}</ul></div>`;
  }
  switch (p.result) {
    case 'recorded':
      return `<p class="note good" role="status"><strong>Recorded: ${esc(meetingCurrentText({ ...p, current: { ...p.current, at: undefined } }))}</strong> You can change it here until the meeting starts.</p>`;
    case 'unchanged':
      return `<p class="note" role="status">That is already your answer; nothing needed changing.</p>`;
    default:
      return '';
  }
}

/** The answer page of a meeting notice: Attending, or apologies naming a deputy (or a proxy where the body takes them). */
export function meetingAnswerPage(p: MeetingPage, action: string): string {
  const starts = formatLondon(new Date(p.startsAt));
  const response = p.response ?? (p.current.response === 'none' ? undefined : p.current.response);
  const deputyId = p.given?.deputyId ?? p.current.deputyId ?? '';
  const proxyId = p.given?.proxyId ?? p.current.proxyId ?? '';
  const err = (field: string) => p.problems?.find((x) => x.field === field);
  const radio = (value: 'attending' | 'apologies', label: string) =>
    `<label><input type="radio" name="response" value="${value}"${response === value ? ' checked' : ''} required> ${esc(label)}</label>`;
  const select = (id: string, label: string, none: string, people: { id: string; name: string }[], chosen: string) => {
    const e = err(id);
    return `<label for="${id}">${esc(label)}</label>
<select id="${id}" name="${id}"${e ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}><option value="">${esc(none)}</option>${people
      .map((x) => `<option value="${esc(x.id)}"${x.id === chosen ? ' selected' : ''}>${esc(x.name)}</option>`)
      .join('')}</select>
${e ? `<p id="${id}-error" class="error">${esc(meetingProblemText(e))}</p>` : ''}`;
  };
  const join = safeUrl(p.joinUrl);
  const seat = p.agencyName ? `${p.seatTitle}, ${p.agencyName}` : p.seatTitle;
  const deputies = p.deputies.length
    ? select('deputyId', `If you send apologies, your deputy who attends for ${p.agencyName ?? 'you'}`, 'No deputy', p.deputies, deputyId)
    : '<p>Your seat has no named deputy, so apologies name nobody.</p>';
  const proxies = p.proxies
    ? select('proxyId', `Or a proxy for this meeting${p.proxies.chairAgreement ? ' (the chair must agree)' : ''}: ${p.proxies.source}`, 'No proxy', p.proxies.people, proxyId)
    : '';
  const body = `
<p>${esc(p.bodyName)} · ${esc(seat)}</p>
<h1>${esc(p.bodyName)} meeting on ${esc(starts)}</h1>
${meetingResultNote(p)}
<dl><dt>When</dt><dd>${esc(starts)}</dd>${p.place ? `<dt>Where</dt><dd>${esc(p.place)}</dd>` : ''}</dl>
${join ? `<p><a href="${esc(join)}">Join on Teams</a></p>` : ''}
<h2>Your answer now</h2>
<p>${esc(meetingCurrentText(p))}</p>
<h2>Give or change your answer</h2>
<form method="post" action="${esc(action)}">
<fieldset><legend>Will you attend?</legend>${radio('attending', 'Attending')}${radio('apologies', 'Apologies')}</fieldset>
${deputies}
${proxies}
<button type="submit">Send my answer</button>
</form>
<p>You can change your answer here until the meeting starts. Your answer is recorded as given by email, with the same rules as in Teams: a named deputy attends with the same authority as the member (constitution §5.6).</p>`;
  return shell(`${p.bodyName} meeting`, body);
}

/** The page for any link's outcome: a refusal, a consultation or a meeting. */
export function linkOutcomePage(outcome: LinkOutcome, action: string): string {
  if (outcome.kind === 'refused') return refusedPage(outcome.reason);
  return outcome.kind === 'meeting' ? meetingAnswerPage(outcome, action) : consultationPage(outcome, action);
}

/** HTTP status for each refusal. */
export const refusalStatus: Record<LinkRefusal, number> = { tampered: 403, 'not-yours': 403, expired: 410, closed: 410, 'not-found': 404 };

export interface DevMailView {
  to: string;
  subject: string;
  at: string;
  text: string;
  links: { label: string; url: string }[];
}

/** Local mode only: the mails the stand-in Graph holds, newest first, with their links. */
export function devMailPage(mails: DevMailView[]): string {
  const items = mails
    .map(
      (m, i) => `<article aria-labelledby="mail-${i}"><h2 id="mail-${i}">${esc(m.subject)}</h2><p>To ${esc(m.to)} · ${esc(formatLondon(new Date(m.at)))}</p>
<ul>${m.links.map((l) => `<li><a href="${esc(l.url)}">${esc(l.label)}</a></li>`).join('')}</ul>
<details><summary>Text of the email</summary><pre style="white-space:pre-wrap">${esc(m.text)}</pre></details></article>`,
    )
    .join('\n');
  const title = 'Development mailbox';
  return shell(
    title,
    `<p class="note warn" role="note"><strong>Local development only.</strong> These are the emails the stand-in Microsoft Graph accepted; nobody received them. This page does not exist in Azure.</p><h1>${title}</h1><p>${mails.length} email(s), newest first.</p>${items}`,
  );
}
