/**
 * The returns every agency owes the board, as partnership configuration: the Section 11 framework
 * (standards with their text, Children Act 2004 s.11; AR App7, BP 2.2 adds neglect) and the
 * quarterly performance data set (indicators with their unit and owing agency; C App6, AR App5).
 * A round takes a copy of the framework when it opens, so editing it changes later rounds only.
 */
import { z } from 'zod';
import type { ConfigProblem, ConfigRuleFact } from './partnership-problems.js';

export interface Section11Standard {
  /** Short stable id, e.g. "1" or "neglect". */
  id: string;
  text: string;
}

export interface DataSetIndicator {
  /** The data set's number, e.g. "1.1". */
  id: string;
  text: string;
  /** e.g. "per 10,000 under 18", "%", "count". */
  unit: string;
  /** The agency that owes the figure. */
  agencyId: string;
}

export interface ReturnsConfig {
  /** The body that governs Section 11 actions and hears who did not return (the QA sub-group). */
  qaBodyId: string;
  section11: { source: string; standards: Section11Standard[] };
  dataSet?: { source: string; indicators: DataSetIndicator[] };
  /** A named audit lead who may fill an agency's return, besides its board member and deputy. */
  auditLeads?: { agencyId: string; personId: string }[];
  /** Working days before the deadline on which leads who have not returned are reminded (default 3 and 1). */
  reminderWorkingDays?: number[];
}

const id = z.string().trim().min(1, 'config.empty-id');
const text = z.string().trim().min(1, 'config.empty-text');

export const returnsConfigSchema = z.strictObject({
  qaBodyId: id,
  section11: z.strictObject({
    source: text,
    standards: z.array(z.strictObject({ id, text })).min(1, 'config.no-standards'),
  }),
  dataSet: z
    .strictObject({
      source: text,
      indicators: z.array(z.strictObject({ id, text, unit: text, agencyId: id })),
    })
    .optional(),
  auditLeads: z.array(z.strictObject({ agencyId: id, personId: id })).optional(),
  reminderWorkingDays: z.array(z.number().int().min(0, 'config.at-least')).optional(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ReturnsSchemaMatchesModel = Assert<Same<z.infer<typeof returnsConfigSchema>, ReturnsConfig>>;

/** References the shape cannot check, each coded at its path. */
export function returnsConfigProblems(
  config: ReturnsConfig,
  known: { bodyIds: ReadonlySet<string>; agencyIds: ReadonlySet<string>; personIds: ReadonlySet<string> },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (field: string, fact: ConfigRuleFact) => problems.push({ field, ...fact });
  if (!known.bodyIds.has(config.qaBodyId)) at('returns.qaBodyId', { code: 'config.no-such', thing: 'body', id: config.qaBodyId });
  const seen = new Set<string>();
  config.section11.standards.forEach((s, i) => {
    if (seen.has(s.id)) at(`returns.section11.standards[${i}].id`, { code: 'config.used-twice', value: s.id });
    seen.add(s.id);
  });
  const indicatorIds = new Set<string>();
  (config.dataSet?.indicators ?? []).forEach((ind, i) => {
    if (indicatorIds.has(ind.id)) at(`returns.dataSet.indicators[${i}].id`, { code: 'config.used-twice', value: ind.id });
    indicatorIds.add(ind.id);
    if (!known.agencyIds.has(ind.agencyId)) at(`returns.dataSet.indicators[${i}].agencyId`, { code: 'config.no-such', thing: 'agency', id: ind.agencyId });
  });
  (config.auditLeads ?? []).forEach((l, i) => {
    if (!known.agencyIds.has(l.agencyId)) at(`returns.auditLeads[${i}].agencyId`, { code: 'config.no-such', thing: 'agency', id: l.agencyId });
    if (!known.personIds.has(l.personId)) at(`returns.auditLeads[${i}].personId`, { code: 'config.no-such', thing: 'person', id: l.personId });
  });
  return problems;
}
