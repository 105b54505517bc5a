import { benchAnswers } from './answers.js';
import { benchDashboard } from './dashboard.js';
import { benchChase } from './chase.js';
import { benchFanout } from './fanout.js';
import { benchMail } from './mail.js';
import { benchMembers } from './members.js';
import { benchReturns } from './returns.js';
import { benchStart } from './start.js';
import { benchStore } from './store.js';

/** Named bench arguments from the command line (`--recipients=200`), as strings. */
export type BenchArgs = Record<string, string>;

export interface Bench {
  name: string;
  run(args: BenchArgs): Promise<string[]>;
}

const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** Every bench `npm run bench` runs; add a line for a new one. */
export const benches: Bench[] = [
  { name: 'answers', run: (args) => benchAnswers({ requests: num(args.requests) }) },
  { name: 'fanout', run: (args) => benchFanout({ recipients: num(args.recipients), ratePerSecond: num(args.rate) }) },
  { name: 'chase', run: (args) => benchChase({ sizes: args.sizes?.split(',').map(Number), duePercent: num(args.due) }) },
  { name: 'store', run: (args) => benchStore({ years: args.years?.split(',').map(Number) }) },
  { name: 'dashboard', run: (args) => benchDashboard({ actions: num(args.actions), requests: num(args.requests) }) },
  { name: 'members', run: (args) => benchMembers({ seats: num(args.seats), requests: num(args.requests) }) },
  { name: 'returns', run: (args) => benchReturns({ requests: num(args.requests) }) },
  { name: 'start', run: (args) => benchStart({ starts: num(args.starts), seats: num(args.seats) }) },
  { name: 'mail', run: (args) => benchMail({ recipients: num(args.recipients), ratePerSecond: num(args.rate), throttleShare: num(args.throttle) }) },
];
