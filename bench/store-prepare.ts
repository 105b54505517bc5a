import { join } from 'node:path';
import { writeCheckpoint } from '../infra/cosmos/checkpoint.js';
import { DATA_FILES, expiresAt } from '../infra/cosmos/embedded.js';
import { generate } from './store.js';

/**
 * Run by bench/store.ts in a process of its own (`node --import tsx bench/store-prepare.ts DIR YEARS`):
 * writes DIR's checkpoint for YEARS busy years and prints what it wrote as one line of JSON, so the
 * bench's own process holds the store alone when it measures memory.
 */
const [dir, years] = process.argv.slice(2);
const generated = generate(Number(years));
// As the product writes its checkpoints: expired documents left out.
const nowS = Date.now() / 1000;
await writeCheckpoint(join(dir!, DATA_FILES.checkpoint), generated.image, (def, doc) => (expiresAt(def, doc) ?? Infinity) > nowS);
console.log(JSON.stringify({ written: generated.written, lastConsultation: generated.lastConsultation }));
