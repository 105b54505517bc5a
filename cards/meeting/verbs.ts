import { z } from 'zod';

/** Ids travel into Cosmos ids and outbox batch ids, which may not contain / \ ? or #. */
const id = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\?#]+$/, 'not an id');
const text = (max: number) => z.string().max(max).optional();
const MARK_PREFIX = 'mark_';
/** A register mark naming the deputy who attended: `deputy:<personId>`. */
export const DEPUTY_MARK_PREFIX = 'deputy:';
const MAX_SEATS = 300;

/**
 * The register card sends one input per seat, merged by Teams into the action data:
 * `mark_<seatId>` = present | apologies | absent | deputy:<personId>. Values are checked by the
 * service (clear messages); this only bounds the size.
 */
const registerSave = z
  .object({
    meetingId: id,
    basedOn: z.union([z.number(), z.string().regex(/^-?\d{1,6}$/)]).optional(),
  })
  .catchall(z.unknown())
  .superRefine((data, ctx) => {
    const keys = Object.keys(data).filter((k) => k.startsWith(MARK_PREFIX));
    if (keys.length > MAX_SEATS) ctx.addIssue({ code: 'custom', message: 'too many seats' });
    for (const k of keys) {
      const v = data[k];
      if (k.length > 220 || (v !== undefined && v !== null && (typeof v !== 'string' || v.length > 200))) {
        ctx.addIssue({ code: 'custom', path: [k], message: 'not a mark' });
      }
    }
  })
  .transform((data) => {
    const marks: Record<string, string> = {};
    const deputies: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string' || !k.startsWith(MARK_PREFIX)) continue;
      const seatId = k.slice(MARK_PREFIX.length);
      if (v.startsWith(DEPUTY_MARK_PREFIX)) {
        marks[seatId] = 'deputy';
        deputies[seatId] = v.slice(DEPUTY_MARK_PREFIX.length);
      } else marks[seatId] = v;
    }
    return { meetingId: data.meetingId, basedOn: data.basedOn === undefined ? undefined : Number(data.basedOn), marks, deputies };
  });

/** Meeting, apology, register and absence-review verbs. */
export const meetingVerbs = {
  'meeting.new': z.object({}).passthrough(),
  'meeting.list': z.object({}).passthrough(),
  'meeting.save': z.object({
    formId: id,
    meetingId: id.optional(),
    bodyId: text(100),
    date: text(20),
    time: text(20),
    place: text(10_000),
    joinUrl: text(10_000),
    durationMinutes: text(20),
  }),
  'meeting.edit': z.object({ meetingId: id }),
  'meeting.open': z.object({ meetingId: id }),
  'meeting.cancel': z.object({ meetingId: id }),
  'meeting.respond': z.object({
    meetingId: id,
    seatId: id,
    response: z.enum(['attending', 'apologies']),
    deputyId: text(200),
    proxyId: text(200),
  }),
  'meeting.proxy': z.object({
    meetingId: id,
    seatId: id,
    agree: z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true'),
  }),
  'meeting.brief': z.object({ meetingId: id }),
  'meeting.register.open': z.object({ meetingId: id }),
  'meeting.register.save': registerSave,
  'absence.reviews': z.object({}).passthrough(),
  'absence.risks': z.object({}).passthrough(),
  'absence.open': z.object({ reviewId: id }),
  'absence.decide': z.object({
    reviewId: id,
    outcome: z.enum(['reason-accepted', 'no-further-action', 'risk-register']),
    note: text(20_000),
  }),
};
