import type { Actor } from '../directory/index.js';
import { addMonths, londonDate } from '../domain/calendar.js';
import type { PolicyDocument } from '../domain/policy-document.js';
import type { PolicyViewer } from '../ports/actions.js';
import type { PolicyPorts } from './support.js';
import { requirePolicy, rulesOf, viewerOf } from './support.js';

export interface PoliciesDue {
  kind: 'due';
  /** Documents due for review by this date, and those overdue, oldest review date first. */
  horizon: string;
  today: string;
  policies: PolicyDocument[];
}

export interface PolicyShown {
  kind: 'policy';
  policy: PolicyDocument;
  viewer: PolicyViewer;
  today: string;
}

/** Reading the register: it is published, so anyone in the partnership may ask. */
export function policyQueries(ports: Pick<PolicyPorts, 'repo' | 'clock' | 'rules'>) {
  const rules = rulesOf(ports);

  async function due(actor: Actor): Promise<PoliciesDue> {
    const today = londonDate(ports.clock.now());
    const horizon = addMonths(today, rules.dueWithinMonths);
    return { kind: 'due', horizon, today, policies: await ports.repo.listCurrent(actor.directory.partnership.id, horizon) };
  }

  async function view(actor: Actor, policyId: string): Promise<PolicyShown> {
    const p = await requirePolicy(ports.repo, actor.directory, policyId);
    return { kind: 'policy', policy: p, viewer: viewerOf(actor.directory, p, actor.person.id), today: londonDate(ports.clock.now()) };
  }

  return { due, view };
}
