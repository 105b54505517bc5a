import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Body, Partnership, Seat } from '../../../services/domain/directory.js';

export const repoFile = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export const MERTON_FILE = repoFile('partnerships/merton-2015.json');
export const LEWISHAM_FILE = repoFile('partnerships/lewisham-2019.json');

/** The sample as plain JSON, unvalidated and a fresh copy each call, for breaking on purpose. */
export function rawSample(file: string): Partnership {
  return JSON.parse(readFileSync(file, 'utf8')) as Partnership;
}

export function body(p: Partnership, id: string): Body {
  const b = p.bodies.find((x) => x.id === id);
  if (!b) throw new Error(`no body ${id}`);
  return b;
}

export function seat(p: Partnership, id: string): Seat {
  const s = p.bodies.flatMap((b) => b.seats).find((x) => x.id === id);
  if (!s) throw new Error(`no seat ${id}`);
  return s;
}

/** A seat of the raw JSON and its path, `bodies[i].seats[j]`. */
export function seatAt(p: Partnership, seatId: string): { path: string; seat: Seat } {
  for (const [bi, b] of p.bodies.entries()) {
    for (const [si, s] of b.seats.entries()) if (s.id === seatId) return { path: `bodies[${bi}].seats[${si}]`, seat: s };
  }
  throw new Error(`no seat ${seatId}`);
}

export function bodyAt(p: Partnership, bodyId: string): { path: string; body: Body } {
  const i = p.bodies.findIndex((b) => b.id === bodyId);
  if (i < 0) throw new Error(`no body ${bodyId}`);
  return { path: `bodies[${i}]`, body: p.bodies[i]! };
}
