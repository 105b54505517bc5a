/**
 * The shape of an edit from the Members page, checked before anything is read: what the page sends
 * is untrusted. The fields of agencies, bodies and people are checked in full afterwards, with the
 * whole membership (partnershipProblems), so each problem can name its field.
 */
import { z } from 'zod';
import { ROLE_CODES, type Body } from './directory.js';
import type { BodyFields, MembershipEditRequest } from './membership-views.js';
import type { MembershipProblem } from './membership-problems.js';

const text = z.string().max(500);
const id = z.string().min(1).max(200);
const record = z.record(z.string(), z.unknown());
const pick = z.union([
  z.strictObject({ personId: id }),
  z.strictObject({
    user: z.object({ objectId: z.guid(), displayName: text, email: text.optional(), organisation: text.optional(), guest: z.boolean() }),
  }),
]);

const editSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('setup'), name: text, source: text.optional() }),
  z.strictObject({ kind: z.literal('agency'), agency: record.and(z.object({ id })) }),
  z.strictObject({ kind: z.literal('body'), body: record.and(z.object({ id })) }),
  z.strictObject({ kind: z.literal('person'), person: record.and(z.object({ id })) }),
  z.strictObject({
    kind: z.literal('seat'),
    bodyId: id,
    seatId: id.optional(),
    title: text,
    agencyId: id.optional(),
    roles: z.array(z.enum(ROLE_CODES)).max(ROLE_CODES.length),
    office: z.string().max(40).optional(),
    voting: z.boolean().optional(),
    holder: pick.optional(),
    deputy: pick.optional(),
  }),
  z.strictObject({ kind: z.literal('end-seat'), bodyId: id, seatId: id }),
]);

const requestSchema = z.strictObject({ edit: editSchema, effective: z.string().max(10).optional(), basedOn: z.string().max(200) });

/** The request, or the problems with its shape, each naming its field. */
export function parseMembershipEdit(json: unknown): { request: MembershipEditRequest } | { problems: MembershipProblem[] } {
  const parsed = requestSchema.safeParse(json);
  if (parsed.success) return { request: parsed.data as MembershipEditRequest };
  return {
    problems: parsed.error.issues.slice(0, 10).map((i) => ({
      field: i.path.filter((p) => p !== 'edit').map(String).join('.') || 'edit',
      message: i.code === 'invalid_union' ? 'is not one of the accepted forms' : i.message,
    })),
  };
}

/** The rules a body may have or not: the Members page sends `null` for one it removes (absent keeps it). */
export const REMOVABLE_BODY_FIELDS = ['parentBodyId', 'reporting', 'viceChair', 'decision', 'proxies'] as const;

/**
 * The body after an edit from the Members page: its seats stay as they are, the fields sent replace
 * the stored ones, and a removable field sent as `null` is removed. Any other `null` is kept, for the
 * schema check to name.
 */
export function applyBodyEdit(existing: Body | undefined, fields: BodyFields): Body {
  const next = { ...existing, ...fields, seats: existing?.seats ?? [] } as Body & Record<string, unknown>;
  for (const key of REMOVABLE_BODY_FIELDS) if (next[key] === null) delete next[key];
  return next;
}
