import { intentKey, type AnswerIntent } from '../../services/ports/email.js';
import type { CardPayload } from '../../services/ports/outbox.js';
import { esc, safeUrl } from './html.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What each answer verb's link says on the page it opens. */
const LINK_HINT = 'opens a page where you confirm';
const FOOTER_TEXT =
  'You receive this by email because the board manager set your Quorum messages to come by email. The answer links are for you alone and work until the deadline: please do not forward this email.';

/** The answer a card action gives, when it is one an email can carry. */
export function intentOf(action: unknown): AnswerIntent | undefined {
  if (!obj(action) || action.type !== 'Action.Execute' || !obj(action.data)) return undefined;
  const d = action.data;
  if (action.verb === 'consultation.respond' && (d.choice === 'agree' || d.choice === 'disagree') && str(d.consultationId) && str(d.agencyId)) {
    return { purpose: 'consultation', itemId: str(d.consultationId), agencyId: str(d.agencyId), choice: d.choice };
  }
  if (action.verb === 'meeting.respond' && (d.response === 'attending' || d.response === 'apologies') && str(d.meetingId) && str(d.seatId)) {
    return { purpose: 'meeting', itemId: str(d.meetingId), seatId: str(d.seatId), response: d.response };
  }
  return undefined;
}

/** Every action on the card, in reading order (the card's own, and those of ActionSets in its body). */
function actionsOf(card: CardPayload): unknown[] {
  const found: unknown[] = [];
  const walk = (items: unknown[]) => {
    for (const item of items) {
      if (!obj(item)) continue;
      if (item.type === 'ActionSet') found.push(...list(item.actions));
      walk(list(item.items));
      for (const column of list(item.columns)) if (obj(column)) walk(list(column.items));
    }
  };
  walk(list(card.body));
  found.push(...list(card.actions));
  return found;
}

export function cardIntents(card: CardPayload): AnswerIntent[] {
  return actionsOf(card).flatMap((a) => {
    const intent = intentOf(a);
    return intent ? [intent] : [];
  });
}

/** The subject: the card's title (its first large or bold text), else its first text. */
function subjectOf(card: CardPayload): string {
  const texts: { text: string; strong: boolean }[] = [];
  const walk = (items: unknown[]) => {
    for (const item of items) {
      if (!obj(item)) continue;
      if (item.type === 'TextBlock' && str(item.text).trim()) texts.push({ text: str(item.text).trim(), strong: item.size === 'Large' || item.size === 'ExtraLarge' });
      walk(list(item.items));
      for (const column of list(item.columns)) if (obj(column)) walk(list(column.items));
    }
  };
  walk(list(card.body));
  const title = texts.find((t) => t.strong) ?? texts[0];
  const line = (title?.text ?? 'A message from Quorum').replace(/\s+/g, ' ');
  return `Quorum: ${line.length > 120 ? `${line.slice(0, 119)}…` : line}`;
}

interface Out {
  html: string[];
  text: string[];
}

/**
 * The card's content as an accessible email: TextBlocks as headings and paragraphs, FactSets as
 * definition lists, containers and columns in reading order; answer actions as links (signed for the
 * reader, given in `links` by intent key); links to documents kept; inputs and other actions, which
 * an email cannot carry, left out (the answer page asks for what the inputs asked).
 */
export function renderEmail(card: CardPayload, links: ReadonlyMap<string, string>): { subject: string; html: string; text: string } {
  const subject = subjectOf(card);
  const out: Out = { html: [], text: [] };
  let headed = false;
  const block = (item: Json) => {
    switch (item.type) {
      case 'TextBlock': {
        const text = str(item.text).trim();
        if (!text) return;
        if (!headed && (item.size === 'Large' || item.size === 'ExtraLarge')) {
          headed = true;
          out.html.push(`<h1 style="font-size:1.4em">${esc(text)}</h1>`);
          out.text.push(text, '='.repeat(Math.min(text.length, 60)));
          return;
        }
        const strong = item.weight === 'Bolder';
        const subtle = item.isSubtle === true;
        const style = subtle ? ' style="color:#555"' : '';
        out.html.push(`<p${style}>${strong ? `<strong>${esc(text)}</strong>` : esc(text).replace(/\n/g, '<br>')}</p>`);
        out.text.push(text);
        return;
      }
      case 'RichTextBlock': {
        const text = list(item.inlines).map((i) => (obj(i) ? str(i.text) : str(i))).join('').trim();
        if (text) {
          out.html.push(`<p>${esc(text)}</p>`);
          out.text.push(text);
        }
        return;
      }
      case 'FactSet': {
        const facts = list(item.facts).filter(obj).filter((f) => str(f.title) || str(f.value));
        if (facts.length === 0) return;
        out.html.push('<dl>');
        for (const f of facts) {
          out.html.push(`<dt style="font-weight:bold">${esc(str(f.title))}</dt><dd style="margin:0 0 0.5em 0">${esc(str(f.value))}</dd>`);
          out.text.push(`${str(f.title)}: ${str(f.value)}`);
        }
        out.html.push('</dl>');
        return;
      }
      case 'ActionSet':
        actions(list(item.actions));
        return;
      default:
        walk(list(item.items));
        for (const column of list(item.columns)) if (obj(column)) walk(list(column.items));
    }
  };
  const walk = (items: unknown[]) => {
    for (const item of items) if (obj(item)) block(item);
  };
  const actions = (items: unknown[]) => {
    const shown: { label: string; url: string; answer: boolean }[] = [];
    for (const a of items) {
      if (!obj(a)) continue;
      const intent = intentOf(a);
      if (intent) {
        const url = links.get(intentKey(intent));
        if (url) shown.push({ label: str(a.title) || intent.purpose, url, answer: true });
      } else if (a.type === 'Action.OpenUrl') {
        const url = safeUrl(a.url);
        if (url) shown.push({ label: str(a.title) || url, url, answer: false });
      }
    }
    if (shown.length === 0) return;
    out.html.push('<ul style="list-style:none;padding:0">');
    for (const s of shown) {
      const hint = s.answer ? ` <span style="color:#555">(${LINK_HINT})</span>` : '';
      out.html.push(
        `<li style="margin:0.5em 0"><a href="${esc(s.url)}" style="display:inline-block;padding:0.5em 1em;border:2px solid #1f4e79;border-radius:4px;color:#1f4e79;font-weight:bold">${esc(s.label)}</a>${hint}</li>`,
      );
      out.text.push(`${s.label}${s.answer ? ` (${LINK_HINT})` : ''}: ${s.url}`);
    }
    out.html.push('</ul>');
  };

  walk(list(card.body));
  actions(list(card.actions));
  out.html.push(`<hr><p style="color:#555;font-size:0.9em">${esc(FOOTER_TEXT)}</p>`);
  out.text.push('', '--', FOOTER_TEXT);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(subject)}</title></head><body style="font-family:Segoe UI,Arial,sans-serif;line-height:1.5;max-width:40em">${out.html.join('\n')}</body></html>`;
  return { subject, html, text: out.text.join('\n') };
}
