import { z } from 'zod';

const id = z.string().trim().min(1).max(100);
/** Teams sends card inputs as strings; empty inputs may be missing or "". */
const text = (max: number) => z.string().max(max).optional();
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');
const choice = z.enum(['agree', 'disagree']);

/** Consultation and vote verbs. Limits here only stop abuse; the service explains normal limits. */
export const consultationVerbs = {
  'consultation.new': z.object({}).passthrough(),
  'consultation.preview': z.object({
    formId: z.string().uuid(),
    title: text(10_000),
    ask: text(20_000),
    documentUrl: text(10_000),
    bodyId: text(100),
    deadlineDate: text(20),
    deadlineTime: text(20),
    kind: z.enum(['consultation', 'decision']).optional(),
    signOffRequired: flag.optional(),
    extraAgencyIds: z
      .string()
      .max(5000)
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [])),
  }),
  'consultation.send': z.object({ consultationId: id }),
  'consultation.cancel': z.object({ consultationId: id }),
  'consultation.open': z.object({ consultationId: id }),
  'consultation.status': z.object({ consultationId: id }),
  'consultation.respond': z.object({
    consultationId: id,
    agencyId: id,
    choice,
    reason: text(20_000),
    comment: text(20_000),
  }),
  'consultation.comment': z.object({ consultationId: id, comment: text(20_000) }),
  'consultation.cast': z.object({ consultationId: id, choice }),
  'consultation.consensus': z.object({ consultationId: id }),
  'consultation.refer': z.object({ consultationId: id, referReason: text(20_000) }),
  'consultation.scrutiny': z.object({ consultationId: id, view: text(20_000) }),
};
