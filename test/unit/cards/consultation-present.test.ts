import { describe, expect, it } from 'vitest';
import { consultationPresenter } from '../../../cards/consultation/present.js';
import { DomainError } from '../../../services/domain/errors.js';
import { FixedClock } from '../../support/fixed-clock.js';

/** Refusals whose words need the facts a use case carries are worded here, not in services/. */
describe('the consultation presenter words refusals', () => {
  const present = consultationPresenter(new FixedClock('2026-12-05T10:00:00.000Z'));
  const reworded = (err: DomainError) => present.refusal(err) as DomainError;

  it('names the title and the London deadline of a closed consultation', () => {
    const err = reworded(new DomainError('CONSULTATION.CLOSED', 'closed', { title: 'Budget 2027/28', deadline: '2026-12-04T17:00:00.000Z' }));
    expect(err).toMatchObject({ code: 'CONSULTATION.CLOSED', message: '"Budget 2027/28" closed at Fri 4 Dec 2026, 17:00. Your answer was not recorded and nothing was changed.' });
  });

  it('repeats a reference that was not found, cut short', () => {
    expect(reworded(new DomainError('CONSULTATION.NOT_FOUND', 'none', { ref: 'C-ABC123' })).message).toBe('There is no consultation "C-ABC123". Say "consultations" to see the open ones.');
    const long = reworded(new DomainError('CONSULTATION.NOT_FOUND', 'none', { ref: 'y'.repeat(200) })).message;
    expect(long).toContain(`"${'y'.repeat(39)}…"`);
    expect(long).not.toContain('y'.repeat(40));
  });

  it('says why a seat without a vote cannot vote (C §4.10)', () => {
    expect(reworded(new DomainError('CONSULTATION.NO_VOTE', 'no vote', { roles: ['BS'] })).message).toBe(
      'You cannot vote on this: your seat is board support. Under C §4.10 there is one vote per agency, cast by its voting member, and participant observers, advisors and board support do not vote. Nothing was recorded.',
    );
  });

  it('passes every other error through as it is', () => {
    const other = new DomainError('CONSULTATION.BUSY', 'Several people answered at the same moment; please try again.');
    expect(present.refusal(other)).toBe(other);
    const plain = new Error('boom');
    expect(present.refusal(plain)).toBe(plain);
  });
});
