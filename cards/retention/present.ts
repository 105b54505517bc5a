import type { RetainedKind, RetentionPresenter } from '../../services/ports/retention.js';
import { RETAINED_KINDS } from '../../services/ports/retention.js';
import template from '../templates/retention-report.json' with { type: 'json' };
import { expand } from '../render.js';

const KIND_NAMES: Record<RetainedKind, [one: string, many: string]> = {
  consultations: ['consultation or vote', 'consultations and votes'],
  answers: ["agency's answer", "agencies' answers"],
  meetings: ['meeting', 'meetings'],
  attendance: ['apology, register or absence review', 'apologies, registers and absence reviews'],
  'teams-meetings': ['Teams meeting record (invitation, attendance report or live attendance)', 'Teams meeting records (invitations, attendance reports and live attendance)'],
  actions: ['completed action', 'completed actions'],
  audit: ['audit trail entry', 'audit trail entries'],
};

const longDate = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** The manager's dry run before a retention purge: what would go, counted by kind, and when. */
export const retentionPresenter: RetentionPresenter = {
  report: ({ partnershipName, years, purgeOn, cutoff, counts }) =>
    expand(template, {
      title: `Records to be deleted on ${longDate(purgeOn)}`,
      intro:
        `${partnershipName} keeps governance records for ${years} year${years === 1 ? '' : 's'} (RETENTION_YEARS). ` +
        `On ${longDate(purgeOn)} Quorum will delete these records, finished before ${longDate(cutoff.slice(0, 10))}. Nothing has been deleted yet.`,
      lines: RETAINED_KINDS.filter((k) => counts[k]).map((k) => ({ title: String(counts[k]), value: KIND_NAMES[k][counts[k] === 1 ? 0 : 1] })),
      after:
        'The deletion is recorded in the audit trail. To keep records longer, change RETENTION_YEARS before that day; see docs/data-protection.md.',
    }),
};
