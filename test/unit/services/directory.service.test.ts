import { describe, expect, it } from 'vitest';
import { DIRECTORY_MAX_AGE_MS, DirectoryService } from '../../../services/directory/index.js';
import { readPartnershipFile } from '../../../infra/partnership-file.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { MemoryAuditLog, MemoryDirectoryRepo } from '../../support/memory-repos.js';

describe('the directory as each instance of the app sees it', () => {
  it('picks up a change saved by another instance within DIRECTORY_MAX_AGE_MS, and its own at once', async () => {
    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    const repo = new MemoryDirectoryRepo();
    const clock = new FixedClock('2026-11-24T10:00:00.000Z');
    const instance = () => new DirectoryService({ repo, audit: new MemoryAuditLog(), clock });
    const here = instance();
    const elsewhere = instance();
    await here.save(partnership, 'test');
    const commander = partnership.people.find((p) => p.id === 'p-borough-commander')!;
    expect(await here.findActor(commander.aadObjectId)).toBeDefined();

    const without = { ...partnership, people: partnership.people.map((p) => (p.id === commander.id ? { ...p, aadObjectId: '00000000-0000-0000-0000-00000000dead' } : p)) };
    await elsewhere.save(without, 'test');
    expect(await elsewhere.findActor(commander.aadObjectId)).toBeUndefined();
    expect(await here.findActor(commander.aadObjectId)).toBeDefined();

    clock.advance(DIRECTORY_MAX_AGE_MS);
    expect(await here.findActor(commander.aadObjectId)).toBeUndefined();
  });

  it('loads once for many callers at a time, and tries again after a failed load', async () => {
    const partnership = await readPartnershipFile('partnerships/merton-2015.json');
    const repo = new MemoryDirectoryRepo();
    await repo.save(partnership);
    let loads = 0;
    let failNext = true;
    const counting = Object.assign(Object.create(repo) as MemoryDirectoryRepo, {
      listVersioned: async () => {
        loads++;
        if (failNext) {
          failNext = false;
          throw new Error('store unavailable');
        }
        return repo.listVersioned();
      },
    });
    const service = new DirectoryService({ repo: counting, audit: new MemoryAuditLog(), clock: new FixedClock('2026-11-24T10:00:00.000Z') });
    await expect(service.directories()).rejects.toThrow('store unavailable');
    const all = await Promise.all(Array.from({ length: 20 }, () => service.directories()));
    expect(all.every((d) => d === all[0])).toBe(true);
    expect(loads).toBe(2);
  });
});
