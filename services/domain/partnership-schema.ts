/**
 * Validation of a partnership configuration (partnerships/*.json): the shape of `Partnership`, then
 * the references and rules the shape cannot say. Every problem is reported at once, each with the
 * path of the field at fault, so a configuration can be fixed in one pass.
 */
import { z } from 'zod';
import { CASTING_VOTE_HOLDERS, DELIVERY_CHANNELS, ROLE_CODES, SECTORS, type Partnership } from './directory.js';
import { membershipErrors } from './error-messages/membership.js';
import { CONFIG_EXPECTATIONS, type ConfigExpectation, type ConfigLiteral, type ConfigProblem, type GivenValue } from './partnership-problems.js';
import { isObj, ruleProblems } from './partnership-rules.js';
import { returnsConfigProblems, returnsConfigSchema } from './returns-config.js';

const SERVICE_ROLES = ['commissioner', 'provider', 'both', 'neither'] as const;
const OFFICES = ['independent-chair', 'chair', 'vice-chair', 'manager', 'business-support'] as const;
const BODY_KINDS = ['board', 'executive', 'sub-group', 'task-and-finish', 'network'] as const;

// A check's message is the code of what the field expects (CONFIG_EXPECTATIONS): issueProblems turns it into a problem.
const id = z.string().trim().min(1, 'config.empty-id');
const text = z.string().trim().min(1, 'config.empty-text');
const flag = z.boolean().optional();
const share = z
  .number()
  .min(0, 'config.share')
  .max(1, 'config.share');
const positive = z.number().int().min(1, 'config.at-least');
const workingDays = z.number().int().min(0, 'config.at-least');

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

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'config.date');

const personSchema = z.strictObject({
  id,
  aadObjectId: z.guid('config.entra-id'),
  displayName: text,
  email: z.email('config.email').optional(),
  organisation: text.optional(),
  guest: flag,
  externalAccessOnly: flag,
  channel: z.enum(DELIVERY_CHANNELS).optional(),
}).refine((p) => p.channel === undefined || p.channel === 'teams' || p.email !== undefined, {
  path: ['channel'],
  message: 'config.channel-needs-email',
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
      .min(1, 'config.no-groups'),
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
    months: z.array(z.number().int().min(1, 'config.month').max(12, 'config.month')).optional(),
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

/** Every problem with a partnership configuration, each at its path (`field`); empty when valid. */
export function partnershipProblems(json: unknown): ConfigProblem[] {
  const result = partnershipSchema.safeParse(json, { reportInput: true });
  const shape = result.success ? [] : result.error.issues.flatMap(issueProblems);
  const returns = result.success && result.data.returns ? returnsConfigProblems(result.data.returns, knownIds(result.data)) : [];
  const unique = new Map<string, ConfigProblem>();
  for (const problem of [...shape, ...ruleProblems(json), ...returns]) unique.set(JSON.stringify(problem), problem);
  return [...unique.values()];
}

/** The partnership in `json`, or a DomainError 'PARTNERSHIP.INVALID' carrying every problem. */
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

const isExpectation = (message: string): message is ConfigExpectation => (CONFIG_EXPECTATIONS as readonly string[]).includes(message);

/** A zod issue of the configuration's schema (or the returns framework's) as coded problems at their paths. */
export function issueProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  const field = formatPath(issue.path);
  if (issue.code === 'invalid_type') {
    return [issue.input === undefined ? { field, code: 'config.missing', expected: issue.expected } : { field, code: 'config.wrong-type', expected: issue.expected, given: givenValue(issue.input) }];
  }
  if (issue.code === 'invalid_value') return [{ field, code: 'config.not-allowed', allowed: issue.values.map(literal), missing: issue.input === undefined }];
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ field: formatPath([...issue.path, k]), code: 'config.unknown-field' }));
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    const given = isObj(issue.input) ? issue.input[issue.discriminator] : undefined;
    // Listed even when there is one option, as the union's own message did.
    return [{ field, code: 'config.not-allowed', allowed: options.map((o) => String(o)), missing: given === undefined, ...(options.length === 1 ? { listed: true } : {}) }];
  }
  if (isExpectation(issue.message)) {
    return [{ field, code: issue.message, ...(issue.code === 'too_small' && issue.message === 'config.at-least' ? { minimum: Number(issue.minimum) } : {}) }];
  }
  if (issue.code === 'too_small') return [{ field, code: 'config.too-small', origin: issue.origin, limit: Number(issue.minimum), inclusive: issue.inclusive ?? false }];
  if (issue.code === 'too_big') return [{ field, code: 'config.too-big', origin: issue.origin, limit: Number(issue.maximum), inclusive: issue.inclusive ?? false }];
  return [{ field, code: 'config.invalid', issue: issue.code }];
}

const literal = (v: unknown): ConfigLiteral => (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v));

function givenValue(v: unknown): GivenValue {
  if (v === null) return { type: 'null' };
  if (Array.isArray(v)) return { type: 'array' };
  if (typeof v === 'string') return { type: 'string', value: v.length > 40 ? `${v.slice(0, 40)}…` : v };
  if (typeof v === 'number' || typeof v === 'boolean') return { type: typeof v, value: v };
  return { type: typeof v };
}
