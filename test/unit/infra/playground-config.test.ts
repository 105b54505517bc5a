import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadedUsers, reserveUsers, withCurrentUser, withReserveUser } from '../../../infra/playground.js';

const committed = readFileSync('.m365agentsplayground.yml', 'utf8');
const current = (yml: string) => /^currentUser:\n {2}id: (\S+)/m.exec(yml)?.[1];

describe('the emulator config', () => {
  it('has five loaded users and three reserves', () => {
    expect(loadedUsers(committed)).toHaveLength(5);
    expect(reserveUsers(committed)).toEqual(['user-id-6', 'user-id-7', 'user-id-8']);
  });

  it('acts as a loaded user by swapping them with the current user, keeping five users', () => {
    const yml = withCurrentUser(committed, 'user-id-3');
    expect(current(yml)).toBe('user-id-3');
    expect(loadedUsers(yml)).toHaveLength(5);
    expect(loadedUsers(yml)).toContain('user-id-0');
    expect(yml).toContain('id: personal-chat-user-id-3');
  });

  it('loads a reserve user in place of a loaded one, then can act as them', () => {
    const yml = withCurrentUser(withReserveUser(committed, 'user-id-7', 'user-id-5'), 'user-id-7');
    expect(current(yml)).toBe('user-id-7');
    expect(loadedUsers(yml)).toHaveLength(5);
    expect(loadedUsers(yml)).not.toContain('user-id-5');
    expect(() => withReserveUser(committed, 'user-id-99', 'user-id-5')).toThrow(/reserve/);
  });
});
