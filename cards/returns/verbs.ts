import { z } from 'zod';
import { RETURN_LIMITS } from '../../services/domain/returns.js';

/**
 * The one place the returns' client data is checked for shape and size (the tab's forms; a card
 * verb would use the same): ids short, text bounded, lists bounded. Content rules are the domain's.
 */
const id = z.string().trim().min(1).max(120);
const text = (max: number) => z.string().max(max).optional();

export const openRoundData = z.strictObject({
  kind: z.enum(['section-11', 'data-set']),
  period: z.string().max(20),
  title: z.string().max(RETURN_LIMITS.title * 2),
  deadline: z.string().max(20),
  agencyIds: z.array(id).max(RETURN_LIMITS.agencies * 2),
  standards: z.array(z.strictObject({ id: z.string().max(20), text: z.string().max(RETURN_LIMITS.evidence) })).max(40).optional(),
});

export const returnData = z.strictObject({
  answers: z.strictObject({
    standards: z
      .array(
        z.strictObject({
          standardId: id,
          rating: z.string().max(10).optional(),
          evidence: text(RETURN_LIMITS.evidence * 2),
          actions: z
            .array(z.strictObject({ what: text(RETURN_LIMITS.what * 2), lead: text(RETURN_LIMITS.lead * 2), due: text(20) }))
            .max(RETURN_LIMITS.actionsPerStandard * 2)
            .optional(),
        }),
      )
      .max(60)
      .optional(),
    figures: z
      .array(z.strictObject({ indicatorId: id, value: z.union([z.string().max(40), z.number(), z.null()]).optional(), cannotReport: text(RETURN_LIMITS.cannotReport * 2) }))
      .max(200)
      .optional(),
  }),
  version: z.string().max(200).optional(),
});

export const reopenData = z.strictObject({ reason: z.string().max(RETURN_LIMITS.reason * 2).optional() });

export const planReviewsData = z.strictObject({ place: z.string().max(400).optional(), time: z.string().max(10).optional() });

export const evaluationData = z.strictObject({
  text: z.string().max(4000).optional(),
  verdicts: z.array(z.strictObject({ standardId: id, verdict: z.string().max(20).optional() })).max(60).optional(),
});

export type OpenRoundData = z.infer<typeof openRoundData>;
export type ReturnData = z.infer<typeof returnData>;

/** The data, or undefined when it is not the expected shape. */
export function parseData<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
