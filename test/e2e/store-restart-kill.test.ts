import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/playground.js';
import { installed, post } from '../support/activities.js';
import { answerAll, consult, kill, spawnProduct, startCrashRig, startProduct, stopCrashRig, storedAnswers, userOf, type CrashRig } from '../support/crash-product.js';

/**
 * The real app process killed with SIGKILL while it restores its data folder at start, and while a
 * clean stop writes its checkpoint: nothing that was acknowledged is lost, and it starts again.
 */
let rig: CrashRig;
beforeAll(async () => {
  rig = await startCrashRig();
});
afterAll(() => stopCrashRig());

describe('the embedded store killed during a restore and during a checkpoint', () => {
  it('loses nothing acknowledged', async () => {
    const acknowledged: string[] = [];
    const consultations: string[] = [];
    const check = async (when: string) => {
      const stored = await storedAnswers(consultations);
      expect(acknowledged.filter((id) => stored.get(id) !== 'agree'), when).toEqual([]);
    };
    const round = async () => {
      const product = await startProduct();
      await post(product.url, installed(userOf('p-mscb-manager'), rig.connector.url));
      const consultationId = await consult(product);
      consultations.push(consultationId);
      for (const agency of await answerAll(product, consultationId)) acknowledged.push(`${consultationId}:${agency}`);
      return product;
    };

    // A clean stop writes a checkpoint: SIGKILL lands while it is at it.
    for (const afterMs of [2, 15]) {
      const product = await round();
      product.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, afterMs));
      await kill(product.child);
      await check(`killed ${afterMs} ms into the checkpoint of a clean stop`);
    }
    expect(acknowledged.length).toBeGreaterThan(20);

    // Killed at different points of start-up, the restore among them.
    for (const afterMs of [500, 1_200, 2_000]) {
      const { child } = spawnProduct(await freePort());
      await new Promise((r) => setTimeout(r, afterMs));
      await kill(child);
      await check(`killed ${afterMs} ms into start-up`);
    }
    const last = await startProduct();
    expect(last.output()).not.toContain('cannot start');
    await kill(last.child, 'SIGINT');
    await check('after a clean stop');

    // A checkpoint cut in half: the start stops with the sentence, quoting nothing stored;
    // check-data --restore puts the kept checkpoint back, and the journal since it loses nothing.
    const file = join(rig.dataDir, 'cosmos.checkpoint');
    const text = await readFile(file);
    await writeFile(file, text.subarray(0, text.length >> 1));
    const damaged = spawnProduct(await freePort());
    const code = await new Promise<number | null>((r) => damaged.child.once('exit', r));
    expect(code).toBe(1);
    const said = damaged.output().trim();
    expect(said).toContain(`${file} ends before its last record`);
    expect(said).toContain('check-data.ts');
    expect(said).not.toMatch(/Crash round|strategy|Borough|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(said.split('\n')).toHaveLength(1);

    const restore = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-data.ts', rig.dataDir, '--restore'], { encoding: 'utf8' });
    expect(restore.status, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain('kept checkpoint');
    expect(restore.stdout).not.toMatch(/Crash round|strategy/);
    await check('after check-data --restore');
  });
});
