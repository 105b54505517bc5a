/**
 * The shape of an edit from the Members page, checked before anything is read: what the page sends
 * is untrusted. The fields of agencies, bodies and people are checked in full afterwards, with the
 * whole membership (partnershipProblems), so each problem can name its field.
 */
import { z } from 'zod';
import { ROLE_CODES, type Body } from './directory.js';
import type { BodyFields, MembershipEditRequest } from './membership-views.js';
import { truncate } from './format.js';
import type { EditShapeFact, SizeBound } from './membership-edit-problems.js';
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
  const parsed = requestSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return { request: parsed.data as MembershipEditRequest };
  return {
    problems: parsed.error.issues.slice(0, 10).map((i) => ({ field: i.path.filter((p) => p !== 'edit').map(String).join('.') || 'edit', ...shapeFact(i) })),
  };
}

const MAX_KEYS = 10;
const MAX_KEY_LENGTH = 40;

function shapeFact(i: z.core.$ZodIssue): EditShapeFact {
  switch (i.code) {
    case 'invalid_union':
      return { code: 'edit.not-a-form' };
    case 'invalid_type':
      return { code: 'edit.wrong-type', expected: i.expected, received: typeName(i.input) };
    case 'invalid_value':
      return { code: 'edit.not-an-option', options: i.values.map((v) => (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v))) };
    case 'too_big':
      return { code: 'edit.too-big', origin: i.origin, maximum: Number(i.maximum), bound: sizeBound(i) };
    case 'too_small':
      return { code: 'edit.too-small', origin: i.origin, minimum: Number(i.minimum), bound: sizeBound(i) };
    case 'invalid_format':
      return { code: 'edit.bad-format', format: i.format };
    case 'unrecognized_keys':
      return { code: 'edit.unknown-keys', keys: i.keys.slice(0, MAX_KEYS).map((k) => truncate(k, MAX_KEY_LENGTH)) };
    default:
      return { code: 'edit.invalid' };
  }
}

const sizeBound = (i: { exact?: boolean; inclusive?: boolean }): SizeBound => (i.exact ? 'exactly' : i.inclusive ? 'inclusive' : 'exclusive');

/** The JSON type of what was sent, as the schema names types. */
function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && !Number.isFinite(input)) return Number.isNaN(input) ? 'NaN' : String(input);
  return typeof input;
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
