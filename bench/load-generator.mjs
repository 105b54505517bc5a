// A closed-loop HTTP load generator in a process of its own, so the client's work does not
// share the event loop of the bot it measures. Usage: node load-generator.mjs <url> <bodies.json> <concurrency>
// Prints {count, p50, p99, perSecond} as JSON; exits 1 on any non-200 answer.
import { readFileSync } from 'node:fs';

const [url, file, concurrencyArg] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file, 'utf8'));
const concurrency = Number(concurrencyArg);
const times = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.status !== 200) {
        console.error(`status ${res.status}`);
        process.exit(1);
      }
      times.push(performance.now() - t);
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(JSON.stringify({ count: times.length, p50: pct(0.5), p99: pct(0.99), perSecond: times.length / elapsed }));
