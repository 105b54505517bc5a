import { join } from 'node:path';
import { compose } from '../app/compose.js';
import { loadConfig } from '../infra/config.js';
import { writeCheckpoint } from '../infra/cosmos/checkpoint.js';
import { DATA_FILES, expiresAt, startEmbeddedCosmos } from '../infra/cosmos/embedded.js';
import { openCosmosStore } from '../infra/cosmos/store.js';
import { readPartnershipFile } from '../infra/partnership-file.js';
import { silentLog } from '../test/support/harness.js';
import { seedAnswers } from './answers.js';
import { generate } from './store.js';

/**
 * Run by bench/store.ts in a process of its own (`node --import tsx bench/store-prepare.ts DIR YEARS`):
 * writes DIR's checkpoint for YEARS busy years, then, through the product on that folder, the sample
 * partnership and the consultations the answer bench answers; prints what it wrote as one line of
 * JSON. The generator never shares a process with what is measured.
 */
const [dir, years] = process.argv.slice(2);
const generated = generate(Number(years));
// As the product writes its checkpoints: expired documents left out.
const nowS = Date.now() / 1000;
await writeCheckpoint(join(dir!, DATA_FILES.checkpoint), generated.image, (def, doc) => (expiresAt(def, doc) ?? Infinity) > nowS);

const config = loadConfig({ PLAYGROUND: 'false', JOBS_ENABLED: 'false', DATA_DIR: dir! });
const cosmos = await startEmbeddedCosmos({ dataDir: dir });
const store = await openCosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: config.cosmos.database });
const quorum = compose(config, store, silentLog);
const partnership = await readPartnershipFile('partnerships/merton-2015.json');
await quorum.directory.save(partnership, 'bench');
const seed = await seedAnswers(quorum, partnership);
// The consultations' cards, settled as the app's pump would (no member has opened the bot here), so the app starts quiet.
await quorum.outbox.drain();
store.dispose();
await cosmos.stop();
console.log(JSON.stringify({ written: generated.written, lastConsultation: generated.lastConsultation, seed }));
