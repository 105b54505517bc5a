import type { Agency, Body, Seat } from '../../services/domain/directory.js';

let agencies = 0;
let seats = 0;
let bodies = 0;

/** A statutory provider in the council sector unless told otherwise. */
export function anAgency(overrides: Partial<Agency> = {}): Agency {
  const id = overrides.id ?? `agency-${++agencies}`;
  return { id, name: `Agency ${id}`, sector: 'council', statutory: true, serviceRole: 'provider', ...overrides };
}

/** A filled partner seat unless told otherwise; pass `holderId: undefined` for a vacant seat. */
export function aSeat(overrides: Partial<Seat> = {}): Seat {
  const id = overrides.id ?? `seat-${++seats}`;
  return { id, title: `Member ${id}`, roles: ['P'], holderId: `person-${id}`, ...overrides };
}

/** A sub-group with no quorum conditions and the Merton two-consecutive-absences rule. */
export function aBody(overrides: Partial<Body> = {}): Body {
  const id = overrides.id ?? `body-${++bodies}`;
  return {
    id,
    name: `Body ${id}`,
    kind: 'sub-group',
    seats: [],
    quorum: { description: 'test', source: 'test', conditions: [] },
    absence: { kind: 'consecutive', count: 2, deputyResets: false, source: 'C §5.8' },
    cadence: { meetingsPerYear: 4, noticeWorkingDays: 10, papersWorkingDays: 5, description: 'quarterly' },
    ...overrides,
  };
}

/** One seat per agency, ids `seat-<agencyId>`, filled. */
export function seatsFor(agencyList: Agency[], overrides: Partial<Seat> = {}): Seat[] {
  return agencyList.map((a) => aSeat({ id: `seat-${a.id}`, title: `${a.name} representative`, agencyId: a.id, ...overrides }));
}
