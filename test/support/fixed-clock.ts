import type { Clock } from '../../services/ports/clock.js';

export class FixedClock implements Clock {
  private current: Date;
  constructor(iso: string | Date) {
    this.current = new Date(iso);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
