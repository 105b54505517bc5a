import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES_SAMPLES, rulesTable } from '../../../scripts/make-rules-table.js';
import { parsePartnership } from '../../../services/domain/partnership-schema.js';
import { rawSample, repoFile } from './samples.js';

describe('docs/rules.md', () => {
  const partnerships = RULES_SAMPLES.map((name) => parsePartnership(rawSample(repoFile(`partnerships/${name}.json`))));

  it('is the table the samples give (run npx tsx scripts/make-rules-table.ts after changing one)', () => {
    expect(readFileSync(repoFile('docs/rules.md'), 'utf8')).toBe(rulesTable(partnerships));
  });

  it('gives every body of both samples a decision rule with its source, and a casting vote with its own', () => {
    for (const p of partnerships) {
      for (const b of p.bodies) {
        expect(b.decision?.source, b.id).toMatch(/^(C|L)[ ,]/);
        expect(b.decision?.castingVote.source, b.id).toMatch(/^(C|L|domain\.md)[ ,]/);
      }
    }
  });
});
