import { CosmosActionRepo, CosmosPolicyRepo } from '../infra/cosmos/actions.cosmos-repo.js';
import { CosmosConsultationRepo } from '../infra/cosmos/consultations.cosmos-repo.js';
import { CosmosMeetingRepo } from '../infra/cosmos/meetings.cosmos-repo.js';
import { ACTION_SOURCES, leadKey, type ActionItem, type Lead, type Rag } from '../services/domain/action.js';
import { DEFAULT_REMINDER_WORKING_DAYS, type AgencyAnswer, type Consultation } from '../services/domain/consultation.js';
import type { Agency, Body, Partnership, Person, Seat } from '../services/domain/directory.js';
import { attendingSeats, registerId, type AttendanceRecord, type Meeting } from '../services/domain/meeting.js';
import type { PolicyDocument } from '../services/domain/policy-document.js';
import { FixedClock } from '../test/support/fixed-clock.js';
import { startTestQuorum } from '../test/support/harness.js';

/**
 * The dashboard API at the size the issue names: 40 agencies, 60 consultations, 30 meetings and
 * 2,000 actions, written through the Cosmos repositories into the embedded store; then each view
 * over HTTP, as the board manager (who sees everything) and as a sub-group chair: p50 and p95.
 */

export interface DashboardBenchOptions {
  agencies?: number;
  consultations?: number;
  meetings?: number;
  actions?: number;
  /** Timed requests per view and viewer. Default 100. */
  requests?: number;
}

const PID = 'bench-partnership';
const NOW = '2026-10-14T10:00:00.000Z';
const GOAL_MS = 200;
const VIEWS = ['consultations', 'non-response', 'attendance', 'actions', 'policies', 'annual-report'] as const;

/** A small deterministic generator, so every run seeds the same data. */
function rng(seed = 42) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

function partnership(agencyCount: number): Partnership {
  const agencies: Agency[] = Array.from({ length: agencyCount }, (_, i) => ({
    id: `agency-${i + 1}`,
    name: `Agency ${i + 1}`,
    sector: (['council', 'health', 'police', 'education', 'voluntary'] as const)[i % 5]!,
    statutory: i < 20,
    serviceRole: i % 2 === 0 ? 'commissioner' : 'provider',
  }));
  const people: Person[] = [];
  const person = (id: string, displayName: string) => {
    people.push({ id, aadObjectId: `00000000-0000-4000-8000-${String(people.length + 1).padStart(12, '0')}`, displayName });
    return id;
  };
  const manager = person('p-manager', 'Board Manager');
  const chair = person('p-independent-chair', 'Independent Chair');
  const agencySeats = (bodyId: string, list: Agency[], chairAgency?: string): Seat[] =>
    list.map((a) => ({
      id: `${bodyId}-${a.id}`,
      title: `Representative, ${a.name}`,
      agencyId: a.id,
      roles: [a.statutory ? 'P' : 'C', 'V'],
      ...(a.id === chairAgency ? { office: 'chair' as const } : {}),
      holderId: person(`p-${bodyId}-${a.id}`, `Representative of ${a.name} on ${bodyId}`),
      ...(a.statutory ? { deputyId: person(`p-${bodyId}-${a.id}-deputy`, `Deputy for ${a.name} on ${bodyId}`) } : {}),
    }));
  const rule = { kind: 'consecutive' as const, count: 2, deputyResets: false, source: 'C §5.8' };
  const cadence = { meetingsPerYear: 4, noticeWorkingDays: 10, papersWorkingDays: 5, description: 'Quarterly' };
  const quorum = { description: 'At least five agencies', source: 'C §4.11', conditions: [{ kind: 'min-agencies' as const, count: 5 }] };
  const staff = (bodyId: string): Seat => ({ id: `${bodyId}-manager`, title: 'Board Manager', roles: ['BS'], office: 'manager', holderId: manager });
  const board: Body = {
    id: 'board',
    name: 'Main Board',
    kind: 'board',
    seats: [{ id: 'board-chair', title: 'Independent Chair', roles: [], office: 'independent-chair', holderId: chair }, ...agencySeats('board', agencies), staff('board')],
    quorum,
    absence: rule,
    cadence,
  };
  const subGroup = (id: string, name: string, from: number): Body => ({
    id,
    name,
    kind: 'sub-group',
    parentBodyId: 'board',
    seats: [...agencySeats(id, agencies.slice(from, from + 12), agencies[from]!.id), staff(id)],
    quorum,
    absence: rule,
    cadence,
  });
  return {
    id: PID,
    name: 'Bench Safeguarding Partnership',
    source: 'bench',
    timeZone: 'Europe/London',
    agencies,
    people,
    bodies: [board, subGroup('qa', 'Quality Assurance', 0), subGroup('policy', 'Policy', 10), subGroup('ld', 'Learning and Development', 25)],
  };
}

export async function benchDashboard(opts: DashboardBenchOptions = {}): Promise<string[]> {
  const sizes = { agencies: opts.agencies ?? 40, consultations: opts.consultations ?? 60, meetings: opts.meetings ?? 30, actions: opts.actions ?? 2000 };
  const requests = opts.requests ?? 100;
  const random = rng();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const p = partnership(sizes.agencies);
  const clock = new FixedClock(NOW);
  const q = await startTestQuorum({ partnership: p, clock });
  try {
    const c = q.quorum.store.containers;
    const started = Date.now();

    // ---- consultations and every agency's answer ----
    const consultations = new CosmosConsultationRepo(c.consultations);
    for (let i = 0; i < sizes.consultations; i++) {
      const body = i % 3 === 0 ? p.bodies[1 + (i % (p.bodies.length - 1))]! : p.bodies[0]!;
      const deadline = new Date(Date.parse(NOW) + (i - sizes.consultations + 8) * 5 * 86400_000);
      const open = deadline.getTime() > Date.parse(NOW);
      const con: Consultation = {
        id: `c-${i}`,
        ref: `C-${String(i).padStart(6, '0')}`,
        partnershipId: PID,
        kind: i % 5 === 0 ? 'decision' : 'consultation',
        title: `Consultation ${i + 1}`,
        ask: 'Agree the document.',
        bodyId: body.id,
        deadline: deadline.toISOString(),
        signOffRequired: false,
        extraAgencyIds: [],
        reminderWorkingDays: DEFAULT_REMINDER_WORKING_DAYS,
        createdBy: 'p-manager',
        createdAt: new Date(deadline.getTime() - 14 * 86400_000).toISOString(),
        openedAt: new Date(deadline.getTime() - 14 * 86400_000).toISOString(),
        status: open ? 'open' : 'closed',
        ...(open ? {} : { closedAt: deadline.toISOString() }),
      };
      await consultations.create(con);
      const answers: AgencyAnswer[] = body.seats
        .filter((s) => s.agencyId)
        .map((s) => {
          const r = random();
          const choice = r < 0.55 ? 'agree' : r < 0.7 ? 'disagree' : 'none';
          return {
            id: `${con.id}:${s.agencyId}`,
            partnershipId: PID,
            consultationId: con.id,
            agencyId: s.agencyId!,
            required: true,
            votes: con.kind === 'decision',
            choice,
            ...(choice === 'none' ? {} : { answeredBy: s.holderId, answeredAs: 'member' as const, seatId: s.id, answeredAt: con.createdAt }),
            ...(choice === 'disagree' ? { reason: 'The draft does not reflect our service model; see our comments.' } : {}),
            conflicts:
              choice !== 'none' && random() < 0.05 && s.deputyId
                ? [{ at: con.createdAt, personId: s.deputyId, as: 'deputy', choice: choice === 'agree' ? 'disagree' : 'agree', kind: 'deputy-differs-from-member' }]
                : [],
            history: choice === 'none' ? [] : [{ at: con.createdAt, personId: s.holderId!, as: 'member', before: { choice: 'none' }, after: { choice } }],
            comments: [],
          };
        });
      await consultations.createAnswers(answers);
    }

    // ---- meetings: two thirds held with registers, the rest to come ----
    const meetings = new CosmosMeetingRepo(c.meetings);
    for (let i = 0; i < sizes.meetings; i++) {
      const body = p.bodies[i % p.bodies.length]!;
      const date = new Date(Date.parse(NOW) + (i - Math.floor((sizes.meetings * 2) / 3)) * 12 * 86400_000).toISOString().slice(0, 10);
      const held = date < NOW.slice(0, 10);
      const m: Meeting = {
        id: `m-${i}`,
        partnershipId: PID,
        bodyId: body.id,
        date,
        time: '10:00',
        place: 'Civic Centre',
        startsAt: `${date}T09:00:00.000Z`,
        status: held ? 'held' : 'scheduled',
        origin: 'manual',
        createdBy: 'p-manager',
        createdAt: '2025-10-01T09:00:00.000Z',
        noticeWorkingDays: 10,
        quorumWarnings: [],
        changes: [],
      };
      await meetings.createMeeting(m);
      if (!held) continue;
      const seats = attendingSeats(body);
      const marks: AttendanceRecord['marks'] = {};
      for (const s of seats) {
        const r = random();
        marks[s.id] = r < 0.75 ? { mark: 'present' } : r < 0.85 && s.deputyId ? { mark: 'deputy', deputyId: s.deputyId } : r < 0.93 ? { mark: 'apologies' } : { mark: 'absent' };
      }
      await meetings.createRegister({
        id: registerId(m.id),
        partnershipId: PID,
        meetingId: m.id,
        bodyId: body.id,
        date,
        marks,
        holders: Object.fromEntries(seats.map((s) => [s.id, s.holderId!])),
        recordedBy: 'p-manager',
        recordedAt: `${date}T15:00:00.000Z`,
        revision: 0,
        corrections: [],
        quorumMet: true,
      });
    }

    // ---- 2,000 actions and the policy register ----
    const allSeats = p.bodies.flatMap((b) => b.seats.filter((s) => s.agencyId).map((s) => ({ body: b, seat: s })));
    const actions: ActionItem[] = Array.from({ length: sizes.actions }, (_, i) => {
      const { body, seat } = pick(allSeats);
      const leads: Lead[] = random() < 0.5 ? [{ kind: 'seat', seatId: seat.id }] : [{ kind: 'agency', agencyId: seat.agencyId! }];
      const complete = random() < 0.2;
      const rag: Rag = complete ? 'complete' : pick(['red', 'amber', 'green', 'green'] as const);
      const due = new Date(Date.parse(NOW) + Math.floor((random() - 0.4) * 300) * 86400_000).toISOString().slice(0, 10);
      const confidential = random() < 0.03;
      return {
        id: `a-${i}`,
        ref: `A-${String(i).padStart(5, '0')}`,
        partnershipId: PID,
        source: pick(ACTION_SOURCES),
        description: `Action ${i + 1}: review the multi-agency arrangements and report back to the body.`,
        bodyId: body.id,
        leads,
        leadKeys: leads.map(leadKey),
        ...(random() < 0.9 ? { dueDate: due } : {}),
        rag,
        status: complete ? 'complete' : 'open',
        progress: [
          { at: '2026-01-10T09:00:00.000Z', by: 'p-manager', kind: 'created' },
          { at: '2026-04-10T09:00:00.000Z', by: seat.holderId!, kind: 'progress', note: 'Work under way; first draft shared with partners.' },
        ],
        confidential,
        viewers: confidential ? ['p-manager', seat.holderId!] : [],
        createdBy: 'p-manager',
        createdAt: '2026-01-10T09:00:00.000Z',
        updatedAt: '2026-04-10T09:00:00.000Z',
        ...(complete ? { completedAt: '2026-08-01T09:00:00.000Z' } : {}),
        scheduleFrom: '2026-01-10',
      };
    });
    await new CosmosActionRepo(c.actions).createMany(actions);
    const policies: PolicyDocument[] = Array.from({ length: 40 }, (_, i) => ({
      id: `policy-${i}`,
      ref: `P-${i}`,
      partnershipId: PID,
      title: `Policy ${i + 1}`,
      version: '1.0',
      owner: { kind: 'role', office: 'chair', bodyId: 'policy' },
      approvingBodyId: 'policy',
      approvalDate: '2024-01-01',
      reviewDate: new Date(Date.parse('2026-06-01') + i * 20 * 86400_000).toISOString().slice(0, 10),
      documentManager: { kind: 'role', office: 'manager', bodyId: 'board' },
      status: 'current',
      history: [],
      createdBy: 'p-manager',
      createdAt: '2024-01-01T00:00:00.000Z',
      scheduleFrom: '2024-01-01',
    }));
    await new CosmosPolicyRepo(c.actions).createMany(policies);
    const seeded = (Date.now() - started) / 1000;

    // ---- sign in (the local development sign-in) and time each view ----
    const token = async (personId: string) => {
      const aad = p.people.find((x) => x.id === personId)!.aadObjectId;
      const res = await fetch(`${q.url}/api/tab/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aadObjectId: aad }) });
      return ((await res.json()) as { token: string }).token;
    };
    const viewers = [
      { label: 'manager', token: await token('p-manager') },
      { label: 'sub-group chair', token: await token('p-qa-agency-1') },
    ];
    const lines = [
      `dashboard: seeded ${sizes.agencies} agencies, ${sizes.consultations} consultations (${sizes.consultations} x up to ${sizes.agencies} answers), ` +
        `${sizes.meetings} meetings, ${sizes.actions} actions, ${policies.length} policies through the repositories in ${seeded.toFixed(1)} s`,
    ];
    let worst = 0;
    for (const viewer of viewers) {
      for (const view of VIEWS) {
        const url = `${q.url}/api/tab/views/${view}`;
        const call = async () => {
          const t0 = performance.now();
          const res = await fetch(url, { headers: { authorization: `Bearer ${viewer.token}` } });
          const body = await res.arrayBuffer();
          if (res.status !== 200 && !(res.status === 403 && view === 'annual-report')) throw new Error(`${view} answered ${res.status}`);
          return { ms: performance.now() - t0, bytes: body.byteLength };
        };
        for (let i = 0; i < 5; i++) await call();
        const samples: { ms: number; bytes: number }[] = [];
        for (let i = 0; i < requests; i++) samples.push(await call());
        const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
        const pct = (x: number) => ms[Math.min(ms.length - 1, Math.ceil((x / 100) * ms.length) - 1)]!;
        worst = Math.max(worst, pct(95));
        lines.push(
          `dashboard: ${view.padEnd(13)} as ${viewer.label.padEnd(15)} p50 ${pct(50).toFixed(1).padStart(6)} ms  p95 ${pct(95).toFixed(1).padStart(6)} ms  ` +
            `(${(samples[0]!.bytes / 1024).toFixed(0)} KB, ${requests} requests; goal p95 < ${GOAL_MS} ms) ${pct(95) < GOAL_MS ? 'OK' : 'OVER'}`,
        );
      }
    }
    lines.push(`dashboard: worst p95 ${worst.toFixed(1)} ms: ${worst < GOAL_MS ? 'every view within' : 'OVER'} the ${GOAL_MS} ms goal`);
    return lines;
  } finally {
    await q.stop();
  }
}
