import type { ConfigProblemFact } from '../../services/domain/partnership-problems.js';
import type { MembershipProblemFact } from '../../services/domain/membership-problems.js';

export const isConfigProblem = (p: MembershipProblemFact): p is ConfigProblemFact => String(p.code).startsWith('config.');

export function configProblemText(p: ConfigProblemFact): string {
  return p;
}
