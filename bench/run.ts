import { benches, type BenchArgs } from './index.js';

// `npm run bench` runs them all; `npm run bench -- fanout --recipients=200 --rate=50` runs one, with arguments.
const args: BenchArgs = {};
const names: string[] = [];
for (const arg of process.argv.slice(2)) {
  const match = /^--([^=]+)=(.*)$/.exec(arg);
  if (match) args[match[1]!] = match[2]!;
  else names.push(arg);
}

const selected = names.length ? benches.filter((b) => names.includes(b.name)) : benches;
if (selected.length === 0) {
  console.error(`No bench named ${names.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

let failed = false;
for (const bench of selected) {
  const started = Date.now();
  console.log(`# ${bench.name}`);
  try {
    for (const line of await bench.run(args)) console.log(line);
  } catch (err) {
    failed = true;
    console.log(`${bench.name}: FAILED ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  console.log(`# ${bench.name} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(failed ? 1 : 0);
