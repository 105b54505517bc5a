import { describe, expect, it } from 'vitest';
import { presentDataProtection } from '../../../cards/data-protection/present.js';
import { standInWords } from '../../../cards/data-protection/words.js';
import { dataProtectionUseCases } from '../../../services/data-protection/index.js';
import { DirectoryService } from '../../../services/directory.service.js';
import type { Person } from '../../../services/domain/directory.js';
import type { PersonalData, StandIn } from '../../../services/ports/personal-data.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { silentLog } from '../../support/harness.js';
import { MemoryAuditLog, MemoryDirectoryRepo } from '../../support/memory-repos.js';
import { MERTON_FILE, rawSample } from '../directory/samples.js';

/** A store that records what it was asked, and can be told to fail. */
class FakeStore implements PersonalData {
  readonly erased: { personId: string; standIn: string }[] = [];
  failNext = false;
  constructor(
    readonly name: string,
    private readonly records: unknown[] = [],
  ) {}
  async export(): Promise<unknown[]> {
    return this.records;
  }
  async erase(_p: string, person: Person, standIn: StandIn): Promise<number> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store unavailable');
    }
    this.erased.push({ personId: person.id, standIn: standIn({ agencyId: 'cafcass' }) });
    return this.records.length;
  }
}

async function setup() {
  const clock = new FixedClock('2026-11-24T10:00:00.000Z');
  const audit = new MemoryAuditLog();
  const directory = new DirectoryService({ repo: new MemoryDirectoryRepo(), audit, clock });
  await directory.save(rawSample(MERTON_FILE), 'test');
  const first = new FakeStore('conversations', [{ id: 1 }]);
  const second = new FakeStore('meetings', [{ id: 2 }, { id: 3 }]);
  const service = dataProtectionUseCases({ directory, stores: [first, second], audit, standInWords, clock, log: silentLog });
  const actor = async (personId: string) => (await directory.findActor(rawSample(MERTON_FILE).people.find((p) => p.id === personId)!.aadObjectId))!;
  return { audit, directory, first, second, service, actor };
}

describe('dataProtectionUseCases', () => {
  it('asks every store, including one added later, for the export', async () => {
    const { service, actor } = await setup();
    const [card] = presentDataProtection.export(await service.exportPerson(await actor('p-mscb-manager'), 'p-cafcass'));
    expect(JSON.stringify(card)).toContain('meetings');
    expect(JSON.stringify(card)).toContain('2 record(s)');
  });

  it('records in the audit trail which confidential records the manager exported', async () => {
    const { service, actor, audit, directory, first, second } = await setup();
    const actions = new FakeStore('actions and policies', [
      { id: 'a-open', kind: 'action', confidential: false },
      { id: 'a-secret', kind: 'action', confidential: true, marking: 'CONFIDENTIAL' },
    ]);
    const withActions = dataProtectionUseCases({ directory, stores: [first, second, actions], audit, standInWords, clock: new FixedClock('2026-11-24T10:00:00.000Z'), log: silentLog });
    const [card] = presentDataProtection.export(await withActions.exportPerson(await actor('p-mscb-manager'), 'p-cafcass'));
    expect(JSON.stringify(card)).toContain('a-secret');
    const entry = audit.entries.find((e) => e.action === 'person.export')!;
    expect(entry).toMatchObject({ actor: 'p-mscb-manager', subject: 'p-cafcass', after: { confidential: ['a-secret'] } });
    await service.exportPerson(await actor('p-mscb-manager'), 'p-cafcass');
    expect(audit.entries.filter((e) => e.action === 'person.export').at(-1)!.after).not.toHaveProperty('confidential');
  });

  it('erases every store before the directory, so a failed removal can be confirmed again', async () => {
    const { service, actor, first, second, directory, audit } = await setup();
    const manager = await actor('p-mscb-manager');
    second.failNext = true;
    await expect(service.remove(manager, 'p-cafcass')).rejects.toThrow('store unavailable');
    expect((await directory.directory('merton-2015')).person('p-cafcass')).toBeDefined();
    expect(audit.entries.some((e) => e.action === 'person.remove')).toBe(false);

    await service.remove(manager, 'p-cafcass');
    expect((await directory.directory('merton-2015')).person('p-cafcass')).toBeUndefined();
    expect(first.erased).toHaveLength(2);
    expect(second.erased).toEqual([{ personId: 'p-cafcass', standIn: 'former holder of "Senior Service Manager, CAFCASS"' }]);
    expect(audit.entries.filter((e) => e.action === 'person.remove')).toHaveLength(1);
  });

  it('refuses chairs, members and outsiders', async () => {
    const { service, actor } = await setup();
    for (const id of ['p-independent-chair', 'p-ld-chair', 'p-cafcass-deputy']) {
      await expect(service.exportPerson(await actor(id), 'p-cafcass')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect(service.previewRemoval(await actor(id), 'p-cafcass')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
      await expect(service.remove(await actor(id), 'p-cafcass')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
  });
});
