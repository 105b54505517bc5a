/**
 * Writes docs/rules.md: every body of each sample partnership with its quorum, decision, casting
 * vote, absence and proxy rules, each with the document and section it comes from. Run again after
 * changing a sample (a unit test checks the file is current):
 *
 *   npx tsx scripts/make-rules-table.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { castingSource, ruleSource } from '../cards/consultation/words.js';
import { decisionRuleOf } from '../services/domain/consultation.js';
import type { Partnership } from '../services/domain/directory.js';
import { absenceText, decisionText, proxiesText, quorumText } from '../services/domain/membership-sheet.js';

export const RULES_SAMPLES = ['merton-2015', 'lewisham-2019'] as const;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ruled = (rule: string, source: string) => `${cell(rule)}<br>*${cell(source)}*`;
const CASTING = { nobody: 'nobody', 'independent-chair': 'the independent chair', chair: 'the chair' } as const;

export function rulesTable(partnerships: Partnership[]): string {
  const out = [
    '# Rules of each body',
    '',
    'Every body of the two sample partnerships (`partnerships/*.json`) with the rules Quorum applies to it,',
    'each followed by its source in italics. Written by `npx tsx scripts/make-rules-table.ts` from the samples;',
    'docs/members.md explains the rule grammar. "C" is the Merton constitution of 2015 and its sub-group terms',
    'of reference; "L" the Lewisham Memorandum of Understanding 2019/20 and the terms of reference of its groups.',
    '',
  ];
  for (const p of partnerships) {
    out.push(`## ${p.name}`, '', `Source: ${p.source}.`, '');
    out.push('| Body | Quorum | Decision | Casting vote | If not decided | Absence | Proxies |', '|---|---|---|---|---|---|---|');
    for (const b of p.bodies) {
      const d = decisionRuleOf(b);
      const dissent = d.dissent ? `<br>Dissent: a member who voted against may refer it to ${cell(d.dissent.referToTitle)} when ${cell(d.dissent.grounds)}<br>*${cell(d.dissent.source)}*` : '';
      out.push(
        `| ${cell(b.name)} | ${ruled(quorumText(b.quorum.conditions) || 'no conditions', b.quorum.source)} | ${ruled(decisionText(d), ruleSource(d))}${dissent} | ${ruled(CASTING[d.castingVote.holder], castingSource(d))} | ${cell(d.notDecidedRoute ?? '—')} | ${ruled(absenceText(b.absence), b.absence.source)} | ${b.proxies ? ruled(proxiesText(b.proxies), b.proxies.source) : 'standing deputies only'} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

export async function makeRulesTable(dir = fileURLToPath(new URL('../', import.meta.url))): Promise<string> {
  const partnerships = await Promise.all(RULES_SAMPLES.map((name) => readPartnershipFile(`${dir}partnerships/${name}.json`)));
  const file = `${dir}docs/rules.md`;
  await writeFile(file, rulesTable(partnerships), 'utf8');
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${await makeRulesTable()}`);
}
