/** The membership as a file: importing a spreadsheet (a dry run first, then applied against the same version) and exporting it. */
import { londonDate } from '../domain/calendar.js';
import { partnershipOn, type Partnership, type Person } from '../domain/directory.js';
import { membershipErrors } from '../domain/error-messages/membership.js';
import { planMembership } from '../domain/membership.js';
import type { ImportPlan } from '../domain/membership-views.js';
import type { MembershipProblem } from '../domain/membership-problems.js';
import type { MembershipFiles, MembershipFormat } from '../ports/membership.js';
import type { PeopleDirectory } from '../ports/people-directory.js';
import { personFrom } from './people.js';
import { planProblems, saveMembership, type SavePorts } from './save.js';
import { changed, effectiveDate, loadFor, NOTHING_STORED, personOf, withoutHistory, type MembershipCaller, type SetupPorts } from './support.js';

export type FilePorts = SavePorts &
  SetupPorts & {
    files: MembershipFiles;
    people: Pick<PeopleDirectory, 'byEmail'>;
  };

export function membershipFiles(ports: FilePorts) {
  return {
    /** A dry run lists what the file would add, change and end; applying needs a clean plan against the same version. */
    async importFile(
      caller: MembershipCaller,
      input: { format: MembershipFormat; bytes: Uint8Array; effective?: string; dryRun: boolean; basedOn?: string },
    ): Promise<ImportPlan> {
      const stored = await loadFor(ports, caller);
      const version = stored?.version ?? NOTHING_STORED;
      const today = londonDate(ports.clock.now());
      const effective = effectiveDate(input.effective, today);
      const base = { format: input.format, effective, basedOn: version, applied: false };
      const none = { add: 0, change: 0, end: 0 };
      const read = await ports.files.read(input.format, input.bytes);
      if (!read.partnership || read.problems.length) return { ...base, changes: [], counts: none, problems: read.problems };
      const resolved = await resolvePeople(ports, read.partnership);
      if (resolved.problems.length) return { ...base, changes: [], counts: none, problems: resolved.problems };
      const plan = planMembership(stored?.partnership, resolved.partnership, effective, today);
      const problems = planProblems(ports, caller, plan);
      const counts = { ...none };
      for (const c of plan.changes) counts[c.kind]++;
      const view = { ...base, changes: plan.changes, counts, problems };
      if (problems.length || input.dryRun) return view;
      if (input.basedOn !== version) throw changed(ports.directory);
      if (plan.changes.length === 0) return { ...view, applied: true };
      await saveMembership(ports, caller, stored, plan, effective, `membership.import.${input.format}`);
      return { ...view, applied: true };
    },

    async exportFile(caller: MembershipCaller, format: MembershipFormat) {
      const stored = await loadFor(ports, caller);
      if (!stored) throw membershipErrors.nothingToExport();
      const today = londonDate(ports.clock.now());
      // Today's membership; history stays in the store (and in the JSON backup, which keeps the terms).
      const out = format === 'json' ? stored.partnership : withoutHistory(partnershipOn(stored.partnership, today));
      await ports.audit.record({ partnershipId: stored.partnership.id, at: ports.clock.now().toISOString(), actor: personOf(caller), action: `membership.export.${format}`, subject: stored.partnership.id });
      return ports.files.write(format, out);
    },
  };
}

/** People given by email only get their Entra object id from the tenant's directory. */
async function resolvePeople(ports: FilePorts, p: Partnership): Promise<{ partnership: Partnership; problems: MembershipProblem[] }> {
  const problems: MembershipProblem[] = [];
  const people: Person[] = [];
  for (const person of p.people) {
    if (person.aadObjectId) {
      people.push(person);
      continue;
    }
    const user = person.email ? await ports.people.byEmail(person.email) : undefined;
    if (!user) {
      problems.push({
        field: 'People',
        column: 'Email',
        ...(person.email ? { code: 'sheet.person-not-in-directory', email: person.email } : { code: 'sheet.person-unfindable', name: person.displayName }),
      });
      continue;
    }
    people.push({ ...personFrom(user, person.id), displayName: person.displayName || user.displayName, ...(person.organisation ? { organisation: person.organisation } : {}) });
  }
  return { partnership: { ...p, people }, problems };
}
