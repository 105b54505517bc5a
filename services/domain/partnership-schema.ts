/**
 * Validation of a partnership configuration (partnerships/*.json): the shape of `Partnership`, then
 * the references and rules the shape cannot say. Every problem is reported at once, each with the
 * path of the field at fault, so a configuration can be fixed in one pass.
 */
import { z } from 'zod';
import { CASTING_VOTE_HOLDERS, DELIVERY_CHANNELS, ROLE_CODES, SECTORS, type Partnership } from './directory.js';
import { membershipErrors } from './error-messages/membership.js';
import { isObj, ruleProblems } from './partnership-rules.js';
import { returnsConfigProblems, returnsConfigSchema } from './returns-config.js';

const SERVICE_ROLES = ['commissioner', 'provider', 'both', 'neither'] as const;
const OFFICES = ['independent-chair', 'chair', 'vice-chair', 'manager', 'business-support'] as const;
const BODY_KINDS = ['board', 'executive', 'sub-group', 'task-and-finish', 'network'] as const;

const id = z.string().trim().min(1, 'expected a non-empty id');
const text = z.string().trim().min(1, 'expected non-empty text');
const flag = z.boolean().optional();
const share = z
  .number()
  .min(0, 'expected a number between 0 and 1')
  .max(1, 'expected a number between 0 and 1');
const positive = z.number().int('expected a whole number').min(1, 'expected a whole number of at least 1');
const workingDays = z.number().int('expected a whole number').min(0, 'expected a whole number of at least 0');

const agencySchema = z.strictObject({
  id,
  name: text,
  sector: z.enum(SECTORS),
  statutory: z.boolean(),
  safeguardingPartner: flag,
  serviceRole: z.enum(SERVICE_ROLES),
  sectorSeat: flag,
  serviceArea: id.optional(),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const personSchema = z.strictObject({
  id,
  aadObjectId: z.guid('expected an Entra object id (8-4-4-4-12 hex digits)'),
  displayName: text,
  email: z.email('expected an email address').optional(),
  organisation: text.optional(),
  guest: flag,
  externalAccessOnly: flag,
  channel: z.enum(DELIVERY_CHANNELS).optional(),
}).refine((p) => p.channel === undefined || p.channel === 'teams' || p.email !== undefined, {
  path: ['channel'],
  message: 'email needs the person\'s email address',
});

const seatSchema = z.strictObject({
  id,
  title: text,
  agencyId: id.optional(),
  roles: z.array(z.enum(ROLE_CODES)),
  office: z.enum(OFFICES).optional(),
  holderId: id.optional(),
  deputyId: id.optional(),
  voting: flag,
  terms: z.array(z.strictObject({ from: day, holderId: id.optional(), deputyId: id.optional(), agencyId: id.optional() })).optional(),
  endsOn: day.optional(),
});

const quorumConditionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('min-agencies'),
    count: positive,
    statutoryOnly: flag,
    excludeChair: flag,
    excludeBoardStaff: flag,
    countBy: z.enum(['agency', 'service-area']).optional(),
  }),
  z.strictObject({
    kind: z.literal('required-present'),
    groups: z
      .array(z.strictObject({ label: text, agencyIds: z.array(id).optional(), sector: z.enum(SECTORS).optional() }))
      .min(1, 'expected at least one group'),
    excludeChair: flag,
  }),
  z.strictObject({ kind: z.literal('commissioner-and-provider') }),
  z.strictObject({ kind: z.literal('membership-share'), share }),
  z.strictObject({ kind: z.literal('each-safeguarding-partner') }),
]);

const absenceRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('consecutive'), count: positive, deputyResets: z.boolean(), source: text }),
  z.strictObject({
    kind: z.literal('attendance-share'),
    minShare: share,
    windowMonths: positive,
    deputyCounts: flag,
    source: text,
  }),
]);

const decisionRuleSchema = z.strictObject({
  threshold: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('majority-of-votes-cast') }),
    z.strictObject({ kind: z.literal('majority-of-voting-agencies') }),
    z.strictObject({ kind: z.literal('unanimity') }),
    z.strictObject({ kind: z.literal('at-least'), count: positive }),
  ]),
  consensusFirst: flag,
  source: text,
  castingVote: z.strictObject({ holder: z.enum(CASTING_VOTE_HOLDERS), source: text }),
  notDecidedRoute: text.optional(),
  dissent: z.strictObject({ referToPersonId: id, referToTitle: text, grounds: text, source: text }).optional(),
});

const bodySchema = z.strictObject({
  id,
  name: text,
  kind: z.enum(BODY_KINDS),
  parentBodyId: id.optional(),
  seats: z.array(seatSchema),
  quorum: z.strictObject({ description: text, source: text, conditions: z.array(quorumConditionSchema) }),
  absence: absenceRuleSchema,
  cadence: z.strictObject({
    meetingsPerYear: positive,
    months: z.array(z.number().int().min(1, 'expected a month 1-12').max(12, 'expected a month 1-12')).optional(),
    noticeWorkingDays: workingDays,
    papersWorkingDays: workingDays,
    meetingMinutes: z.number().int().min(15).max(600).optional(),
    description: text,
  }),
  reporting: z.strictObject({ toBodyId: id, description: text, dueWorkingDaysBefore: workingDays }).optional(),
  viceChair: z.strictObject({ notFromAgencyIds: z.array(id), statutoryMembersOnly: z.boolean(), source: text }).optional(),
  decision: decisionRuleSchema.optional(),
  proxies: z.strictObject({ chairAgreement: z.boolean(), substituteRequired: z.boolean(), source: text }).optional(),
});

export const partnershipSchema = z.strictObject({
  id,
  name: text,
  source: text,
  timeZone: z.literal('Europe/London'),
  agencies: z.array(agencySchema),
  people: z.array(personSchema),
  bodies: z.array(bodySchema),
  returns: returnsConfigSchema.optional(),
});

// The schema and the model must not drift apart: this fails to compile if either changes alone.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type PartnershipSchemaMatchesModel = Assert<Same<z.infer<typeof partnershipSchema>, Partnership>>;

/** Every problem with a partnership configuration, each as `path: what is wrong`; empty when valid. */
export function partnershipProblems(json: unknown): string[] {
  const result = partnershipSchema.safeParse(json, { reportInput: true });
  const shape = result.success ? [] : result.error.issues.flatMap(describeIssue);
  const returns = result.success && result.data.returns ? returnsConfigProblems(result.data.returns, knownIds(result.data)) : [];
  return [...new Set([...shape, ...ruleProblems(json), ...returns])];
}

/** The partnership in `json`, or a DomainError 'PARTNERSHIP.INVALID' listing every problem. */
export function parsePartnership(json: unknown): Partnership {
  const problems = partnershipProblems(json);
  if (problems.length > 0) {
    throw membershipErrors.invalidConfiguration(problems);
  }
  return partnershipSchema.parse(json);
}

const knownIds = (p: Partnership) => ({
  bodyIds: new Set(p.bodies.map((b) => b.id)),
  agencyIds: new Set(p.agencies.map((a) => a.id)),
  personIds: new Set(p.people.map((x) => x.id)),
});

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === 'invalid_type') {
    return [issue.input === undefined ? `${at}: missing (expected ${issue.expected})` : `${at}: expected ${issue.expected}, got ${kindOf(issue.input)}`];
  }
  if (issue.code === 'invalid_value') {
    const expected = issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(String).join('|')}`;
    return [issue.input === undefined ? `${at}: missing (expected ${expected})` : `${at}: expected ${expected}`];
  }
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown field`);
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    const given = isObj(issue.input) ? issue.input[issue.discriminator] : undefined;
    return [`${at}: ${given === undefined ? 'missing (expected' : 'expected'} one of ${options.join('|')}${given === undefined ? ')' : ''}`];
  }
  return [`${at}: ${issue.message}`];
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v;
}

