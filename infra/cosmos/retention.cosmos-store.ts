import type { SqlParameter } from '@azure/cosmos';
import type { ExpiredRecord, RetainedKind, RetentionRunRecord, RetentionStore } from '../../services/ports/retention.js';
import { createOnce } from './documents.js';
import { isNotFound } from './errors.js';
import { ONLINE_DOC_TYPES } from './online-meetings.cosmos-repo.js';
import type { Containers } from './store.js';

type Rule = { kind: RetainedKind; container: keyof Containers; where: string };

/** When each kind of record is finished, in the containers' own fields (see RetentionStore). */
const RULES: Rule[] = [
  { kind: 'consultations', container: 'consultations', where: "c.type = 'consultation' AND IS_DEFINED(c.closedAt) AND c.closedAt < @cutoff" },
  { kind: 'meetings', container: 'meetings', where: "c.type = 'meeting' AND c.date < @day" },
  { kind: 'attendance', container: 'meetings', where: "ARRAY_CONTAINS(['apology', 'register', 'absence-review'], c.type) AND c.date < @day" },
  { kind: 'actions', container: 'actions', where: "c.type = 'action' AND c.status = 'complete' AND c.completedAt < @cutoff" },
  { kind: 'audit', container: 'audit', where: 'c.at < @cutoff' },
];

const CONTAINER_OF: Record<RetainedKind, keyof Containers> = {
  consultations: 'consultations',
  answers: 'consultations',
  meetings: 'meetings',
  attendance: 'meetings',
  'teams-meetings': 'meetings',
  actions: 'actions',
  audit: 'audit',
};

const runId = (step: string, partnershipId: string, purgeOn: string) => `retention-${step}:${partnershipId}:${purgeOn}`;

export class CosmosRetentionStore implements RetentionStore {
  constructor(private readonly containers: Containers) {}

  async expired(partnershipId: string, cutoff: string): Promise<ExpiredRecord[]> {
    const params = [
      { name: '@p', value: partnershipId },
      { name: '@cutoff', value: cutoff },
      { name: '@day', value: cutoff.slice(0, 10) },
    ];
    const found: ExpiredRecord[] = [];
    for (const rule of RULES) {
      const ids = await this.ids(rule.container, partnershipId, `SELECT c.id FROM c WHERE c.partnershipId = @p AND ${rule.where}`, params);
      if (rule.kind === 'meetings' && ids.length > 0) {
        // A meeting's Teams records go with it, listed first so that a purge cut short leaves none without their meeting.
        const online = await this.ids('meetings', partnershipId, 'SELECT c.id FROM c WHERE c.partnershipId = @p AND ARRAY_CONTAINS(@types, c.type) AND ARRAY_CONTAINS(@ids, c.meetingId)', [
          { name: '@p', value: partnershipId },
          { name: '@types', value: Object.values(ONLINE_DOC_TYPES) },
          { name: '@ids', value: ids },
        ]);
        found.push(...online.map((id) => ({ kind: 'teams-meetings' as const, id })));
      }
      found.push(...ids.map((id) => ({ kind: rule.kind, id })));
      if (rule.kind === 'consultations' && ids.length > 0) {
        // A consultation's answers go with it.
        const answers = await this.ids('consultations', partnershipId, "SELECT c.id FROM c WHERE c.partnershipId = @p AND c.type = 'answer' AND ARRAY_CONTAINS(@ids, c.consultationId)", [
          { name: '@p', value: partnershipId },
          { name: '@ids', value: ids },
        ]);
        found.push(...answers.map((id) => ({ kind: 'answers' as const, id })));
      }
    }
    return found;
  }

  async delete(partnershipId: string, record: ExpiredRecord): Promise<boolean> {
    try {
      await this.containers[CONTAINER_OF[record.kind]].item(record.id, partnershipId).delete();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  recordRun(run: RetentionRunRecord): Promise<boolean> {
    return createOnce(this.containers.audit, {
      id: runId(run.step, run.partnershipId, run.purgeOn),
      partnershipId: run.partnershipId,
      at: run.at,
      actor: 'system',
      action: `retention.${run.step}`,
      subject: run.partnershipId,
      after: { purgeOn: run.purgeOn, cutoff: run.cutoff, counts: run.counts },
    });
  }

  async reportFor(partnershipId: string, purgeOn: string): Promise<RetentionRunRecord | undefined> {
    try {
      const { resource } = await this.containers.audit.item(runId('report', partnershipId, purgeOn), partnershipId).read<{
        at: string;
        after: { purgeOn: string; cutoff: string; counts: RetentionRunRecord['counts'] };
      }>();
      return resource ? { partnershipId, step: 'report', at: resource.at, ...resource.after } : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async ids(container: keyof Containers, partnershipId: string, query: string, parameters: SqlParameter[]): Promise<string[]> {
    const { resources } = await this.containers[container]
      .items.query<{ id: string }>({ query, parameters }, { partitionKey: partnershipId, maxItemCount: -1 })
      .fetchAll();
    return resources.map((r) => r.id);
  }
}
