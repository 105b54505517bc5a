import { z } from 'zod';

const id = z.string().trim().min(1).max(200);
/** Teams sends card inputs as strings; empty inputs may be missing or "". */
const text = (max: number) => z.string().max(max).optional();
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');
const list = z
  .string()
  .max(20_000)
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Action register and policy register verbs. Limits here only stop abuse; the services explain normal limits. */
export const actionVerbs = {
  'action.new': z.object({}).passthrough(),
  'action.create': z.object({
    formId: z.string().uuid(),
    description: text(20_000),
    bodyId: text(100),
    leads: list,
    dueDate: text(20),
    ongoing: flag.optional(),
    source: text(50),
    objectiveRef: text(200),
    rag: text(20),
    confidential: flag.optional(),
    viewers: list,
  }),
  'action.open': z.object({ actionId: id }),
  'action.update': z.object({ actionId: id, note: text(20_000), rag: text(20) }),
  'action.complete': z.object({ actionId: id, note: text(20_000) }),
  'action.propose-due': z.object({ actionId: id, proposedDue: text(20), proposalReason: text(10_000) }),
  'action.accept-due': z.object({ actionId: id, dueDate: date, decisionReason: text(10_000) }),
  'action.decline-due': z.object({ actionId: id, dueDate: date, decisionReason: text(10_000) }),
  'action.import': z.object({ formId: z.string().uuid(), csv: text(500_000), source: text(50) }),
  'policy.import': z.object({ formId: z.string().uuid(), csv: text(500_000) }),
  'policy.open': z.object({ policyId: id }),
  'policy.review': z.object({ policyId: id, version: text(200), approvalDate: text(20), reviewDate: text(20) }),
};
