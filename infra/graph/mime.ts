import { randomUUID } from 'node:crypto';

/** An RFC 2047 encoded word, so any name or subject survives a header. */
const word = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);
const wrap = (b64: string) => b64.replace(/.{1,76}/g, '$&\r\n');
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export interface MimeMail {
  from: string;
  to: string;
  toName?: string;
  subject: string;
  html: string;
  text: string;
  /** Quorum's reference for the mail: its Message-ID is `<quorum.{reference}@{the sender's domain}>`. */
  reference?: string;
}

/** The Message-ID a mail with this reference carries. */
export function messageIdOf(from: string, reference: string): string {
  const domain = /@([A-Za-z0-9.-]+)$/.exec(from.trim())?.[1] ?? 'quorum.invalid';
  return `<quorum.${reference}@${domain}>`;
}

/** A multipart/alternative message (text, then HTML), as Graph's sendMail takes in MIME form. */
export function buildMime(m: MimeMail): string {
  const boundary = `quorum-${randomUUID()}`;
  const to = m.toName ? `"${word(oneLine(m.toName).replace(/["\\]/g, ''))}" <${oneLine(m.to)}>` : `<${oneLine(m.to)}>`;
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', wrap(Buffer.from(body, 'utf8').toString('base64'))].join('\r\n');
  return [
    `From: <${oneLine(m.from)}>`,
    `To: ${to}`,
    `Subject: ${word(oneLine(m.subject))}`,
    ...(m.reference && /^[A-Za-z0-9._-]+$/.test(m.reference) ? [`Message-ID: ${messageIdOf(m.from, m.reference)}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    part('text/plain', m.text),
    part('text/html', m.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

export interface ParsedMime {
  messageId?: string;
  from?: string;
  to?: string;
  subject?: string;
  text?: string;
  html?: string;
}

const decodeWords = (s: string) => s.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_, b: string) => Buffer.from(b, 'base64').toString('utf8'));

/** Reads the parts of a MIME message of the shape buildMime writes (single-part text or HTML too). */
export function parseMime(raw: string): ParsedMime {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const parsed: ParsedMime = { messageId: headers.get('message-id'), from: headers.get('from'), to: headers.get('to') && decodeWords(headers.get('to')!), subject: headers.get('subject') && decodeWords(headers.get('subject')!) };
  const type = headers.get('content-type') ?? 'text/plain';
  const decode = (content: string, encoding: string | undefined) =>
    encoding?.toLowerCase() === 'base64' ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8') : content;
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) {
    parsed[type.startsWith('text/html') ? 'html' : 'text'] = decode(body, headers.get('content-transfer-encoding'));
    return parsed;
  }
  for (const section of body.split(`--${boundary}`)) {
    const [partHead = '', ...partBody] = section.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const partType = /content-type:\s*([^;\r\n]+)/i.exec(partHead)?.[1]?.trim().toLowerCase();
    const encoding = /content-transfer-encoding:\s*([^\r\n]+)/i.exec(partHead)?.[1]?.trim();
    if (partType === 'text/plain') parsed.text = decode(partBody.join('\r\n\r\n'), encoding);
    if (partType === 'text/html') parsed.html = decode(partBody.join('\r\n\r\n'), encoding);
  }
  return parsed;
}
