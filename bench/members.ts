import { tablesFromPartnership, toCsv } from '../services/domain/membership-sheet.js';
import type { Agency, Body, Partnership, Person, Seat } from '../services/domain/directory.js';
import type { ImportPlanView, MembersView } from '../services/domain/membership-views.js';
import { FixedClock } from '../test/support/fixed-clock.js';
import { startTestQuorum } from '../test/support/harness.js';

/**
 * A partnership of its own at scale: a membership spreadsheet of 2,000 seats imported into an empty
 * store on the Members page's API (the product's own CSV reader, planner and store), then the
 * Members page's data for that directory over HTTP: p50 and p95.
 */

export interface MembersBenchOptions {
  seats?: number;
  /** Timed requests of the Members page. Default 100. */
  requests?: number;
}

const MANAGER_AAD = '00000000-0000-4000-8000-00000000b001';
const IMPORT_GOAL_MS = 5_000;
const PAGE_GOAL_MS = 200;

export function membership(seatCount: number): Partnership {
  const agencies: Agency[] = Array.from({ length: 40 }, (_, i) => ({
    id: `agency-${i + 1}`,
    name: `Agency ${i + 1}`,
    sector: (['council', 'health', 'police', 'education', 'voluntary'] as const)[i % 5]!,
    statutory: i < 25,
    serviceRole: i % 2 === 0 ? 'commissioner' : 'provider',
  }));
  const people: Person[] = [{ id: 'p-manager', aadObjectId: MANAGER_AAD, displayName: 'Board Manager' }];
  const person = (displayName: string, guest: boolean) => {
    const n = people.length + 1;
    const id = `p-${n}`;
    people.push({
      id,
      aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      displayName,
      email: `member.${n}@agency.example`,
      ...(guest ? { guest: true, organisation: 'Another organisation' } : {}),
    });
    return id;
  };
  const perBody = agencies.length;
  const bodyCount = Math.ceil(seatCount / perBody);
  const bodies: Body[] = Array.from({ length: bodyCount }, (_, b) => {
    const id = b === 0 ? 'board' : `group-${b}`;
    const seats: Seat[] = agencies.slice(0, Math.min(perBody, seatCount - b * perBody)).map((a, i) => ({
      id: `${id}-${a.id}`,
      title: `Representative, ${a.name}`,
      agencyId: a.id,
      roles: [a.statutory ? 'P' : 'C', 'V'],
      ...(i === 0 ? { office: 'chair' as const } : {}),
      holderId: person(`Representative of ${a.name} (${id})`, i % 3 !== 0),
      ...(a.statutory && b === 0 ? { deputyId: person(`Deputy for ${a.name} (${id})`, true) } : {}),
    }));
    if (b === 0) seats.push({ id: 'board-manager', title: 'Board Manager', roles: ['BS'], office: 'manager', holderId: 'p-manager' });
    return {
      id,
      name: b === 0 ? 'Main Board' : `Sub-group ${b}`,
      kind: b === 0 ? 'board' : 'sub-group',
      ...(b === 0 ? {} : { parentBodyId: 'board' }),
      seats,
      quorum: { description: 'At least five agencies', source: 'ToR', conditions: [{ kind: 'min-agencies', count: 5 }] },
      absence: { kind: 'consecutive', count: 2, deputyResets: false, source: 'C §5.8' },
      cadence: { meetingsPerYear: 4, noticeWorkingDays: 10, papersWorkingDays: 5, description: 'Quarterly' },
    };
  });
  return { id: 'bench-members', name: 'Bench Partnership', source: 'Generated', timeZone: 'Europe/London', agencies, people, bodies };
}

export async function benchMembers(opts: MembersBenchOptions = {}): Promise<string[]> {
  const seats = opts.seats ?? 2_000;
  const requests = opts.requests ?? 100;
  const csv = toCsv(tablesFromPartnership(membership(seats)));
  const q = await startTestQuorum({ partnership: null, clock: new FixedClock('2026-10-14T10:00:00.000Z'), env: { QUORUM_MANAGERS: MANAGER_AAD } });
  try {
    const signIn = await fetch(`${q.url}/api/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId: MANAGER_AAD }) });
    const { token } = (await signIn.json()) as { token: string };
    const call = async <T>(path: string, init: RequestInit = {}) => {
      const res = await fetch(`${q.url}/api/tab${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
      const text = await res.text();
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return { body: JSON.parse(text) as T, bytes: text.length };
    };
    const upload = (dryRun: boolean, basedOn = '') =>
      call<ImportPlanView>(`/members/import?format=csv&dryRun=${dryRun}${basedOn ? `&basedOn=${basedOn}` : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: csv,
      });

    let started = performance.now();
    const dry = await upload(true);
    const dryMs = performance.now() - started;
    if (dry.body.problems.length) throw new Error(`the generated file has problems: ${JSON.stringify(dry.body.problems.slice(0, 3))}`);
    started = performance.now();
    const applied = await upload(false, dry.body.basedOn);
    const applyMs = performance.now() - started;
    if (!applied.body.applied) throw new Error('the import was not applied');

    // A changed file against the stored membership: every seat compared, history kept.
    started = performance.now();
    const again = await upload(true);
    const againMs = performance.now() - started;

    for (let i = 0; i < 10; i++) await call<MembersView>('/members');
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < requests; i++) {
      const t = performance.now();
      bytes = (await call<MembersView>('/members')).bytes;
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]!;
    const seatRows = applied.body.counts.add;
    return [
      `members: import of ${seats} seats (${(csv.length / 1024).toFixed(0)} KB CSV, ${seatRows} additions): dry run ${dryMs.toFixed(0)} ms, applied ${applyMs.toFixed(0)} ms ` +
        `(goal < ${IMPORT_GOAL_MS} ms) ${applyMs < IMPORT_GOAL_MS ? 'OK' : 'OVER'}`,
      `members: the same file against the stored membership (no changes: ${again.body.changes.length}): ${againMs.toFixed(0)} ms`,
      `members: Members page p50 ${pct(50).toFixed(1)} ms  p95 ${pct(95).toFixed(1)} ms (${(bytes / 1024).toFixed(0)} KB, ${requests} requests; goal p95 < ${PAGE_GOAL_MS} ms) ${pct(95) < PAGE_GOAL_MS ? 'OK' : 'OVER'}`,
    ];
  } finally {
    await q.stop();
  }
}
