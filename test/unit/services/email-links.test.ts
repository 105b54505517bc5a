import { describe, expect, it } from 'vitest';
import { readClaims, signLink, verifyLink, type LinkClaims } from '../../../services/email-answers/index.js';

const KEY = 'k'.repeat(40);
const claims: LinkClaims = {
  partnershipId: 'merton-2015',
  personId: 'p-borough-commander',
  purpose: 'consultation',
  itemId: 'c1',
  scope: 'met-police',
  expiresAt: '2026-12-04T17:00:00.000Z',
};
const before = new Date('2026-12-01T09:00:00.000Z');

describe('signed answer links', () => {
  it('verifies a link it signed, until the deadline', () => {
    const token = signLink(KEY, claims);
    expect(verifyLink(KEY, token, before)).toEqual({ ok: true, claims });
    expect(verifyLink(KEY, token, new Date('2026-12-04T17:00:00.000Z'))).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses any change to the claims or the signature, and another key', () => {
    const token = signLink(KEY, claims);
    const [body, sig] = token.split('.') as [string, string];
    const otherPerson = signLink(KEY, { ...claims, personId: 'p-borough-commander-deputy' }).split('.')[0];
    const later = signLink(KEY, { ...claims, expiresAt: '2027-01-01T00:00:00.000Z' }).split('.')[0];
    for (const bad of [`${otherPerson}.${sig}`, `${later}.${sig}`, `${body}.${sig.slice(0, -1)}A`, `${body}.`, body, `${body}.${sig}.x`, '']) {
      expect(verifyLink(KEY, bad, before)).toMatchObject({ ok: false, reason: 'tampered' });
    }
    expect(verifyLink('o'.repeat(40), token, before)).toMatchObject({ ok: false, reason: 'tampered' });
  });

  it('answers nothing without a real key, and will not sign with a short one', () => {
    expect(verifyLink('', signLink(KEY, claims), before)).toMatchObject({ ok: false, reason: 'tampered' });
    expect(() => signLink('short', claims)).toThrow();
  });

  it('reads only well-formed claims', () => {
    expect(readClaims(signLink(KEY, claims))).toEqual(claims);
    const odd = (parts: unknown[]) => `${Buffer.from(JSON.stringify(parts)).toString('base64url')}.AAAA`;
    expect(readClaims(odd([1, 'merton-2015', 'p', 'vote', 'c1', 'a', 1]))).toBeUndefined();
    expect(readClaims(odd([2, 'merton-2015', 'p', 'consultation', 'c1', 'a', 1]))).toBeUndefined();
    expect(readClaims(odd([1, '', 'p', 'consultation', 'c1', 'a', 1]))).toBeUndefined();
    expect(readClaims('x'.repeat(2000))).toBeUndefined();
  });
});
