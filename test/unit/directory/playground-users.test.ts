import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Directory, NON_VOTING_ROLES, type Partnership } from '../../../services/domain/directory.js';
import { parsePartnership } from '../../../services/domain/partnership-schema.js';
import { MERTON_FILE, repoFile } from './samples.js';

type User = Record<string, string>;
const USER_FIELDS = ['id', 'name', 'userPrincipleName', 'aadObjectId', 'givenName', 'surname', 'email'];

/**
 * Just enough YAML for `.m365agentsplayground.yml`: top-level scalars and blocks, the `currentUser`
 * map, the `users` list, and the commented reserve users (`#  - id: …`).
 */
function readPlaygroundConfig(yml: string) {
  const top: Record<string, string> = {};
  const nested: Record<string, User> = {};
  const users: User[] = [];
  const reserve: User[] = [];
  let section = '';
  const unquote = (v: string) => v.trim().replace(/^"(.*)"$/, '$1');
  for (const line of yml.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^#  - (\w+): (.*)$/.exec(line))) reserve.push({ [m[1]!]: unquote(m[2]!) });
    else if ((m = /^# {4}(\w+): (.*)$/.exec(line)) && reserve.length) reserve[reserve.length - 1]![m[1]!] = unquote(m[2]!);
    else if (line.startsWith('#') || !line.trim()) continue;
    else if ((m = /^(\w+):\s*(.*)$/.exec(line))) {
      section = m[1]!;
      if (m[2]) top[section] = unquote(m[2]);
    } else if (section === 'users' && (m = /^ {2}- (\w+): (.*)$/.exec(line))) users.push({ [m[1]!]: unquote(m[2]!) });
    else if (section === 'users' && (m = /^ {4}(\w+): (.*)$/.exec(line))) users[users.length - 1]![m[1]!] = unquote(m[2]!);
    else if ((m = /^ {2}(\w+): (.*)$/.exec(line))) (nested[section] ??= {})[m[1]!] = unquote(m[2]!);
  }
  return { top, nested, currentUser: nested.currentUser ?? {}, users, reserve };
}

const yml = readFileSync(repoFile('.m365agentsplayground.yml'), 'utf8');
const config = readPlaygroundConfig(yml);
const merton: Partnership = parsePartnership(JSON.parse(readFileSync(MERTON_FILE, 'utf8')));
const dir = new Directory(merton);
const everyone = [config.currentUser, ...config.users, ...config.reserve];

describe('the playground config (.m365agentsplayground.yml)', () => {
  it('keeps the shape its schema (0.1.1) requires, or the playground exits at start-up', () => {
    expect(yml.split('\n')[0]).toBe('# yaml-language-server: $schema=https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json');
    expect(config.top.version).toBe('0.1.1');
    expect(config.top.tenantId).toBeTruthy();
    expect(config.nested.bot?.id).toBeTruthy();
    expect(config.nested.bot!.name!.length).toBeLessThanOrEqual(42);
    expect(config.nested.personalChat?.id).toBeTruthy();
    expect(config.nested.groupChat?.name).toBeTruthy();
    expect(config.nested.team).toMatchObject({ id: 'team-id', aadGroupId: expect.any(String) });
    expect(config.users).toHaveLength(5);
    for (const u of [config.currentUser, ...config.users]) {
      expect(Object.keys(u).sort()).toEqual([...USER_FIELDS].sort());
      for (const f of ['name', 'givenName', 'surname']) expect(u[f]!.length).toBeLessThanOrEqual(256);
    }
    const chats = [config.nested.personalChat!.id, config.nested.groupChat!.id, config.nested.team!.id];
    expect(new Set(chats).size).toBe(chats.length);
  });

  it('numbers the users user-id-0 to user-id-8, the Board Manager current', () => {
    expect(everyone.map((u) => u.id)).toEqual(Array.from({ length: 9 }, (_, i) => `user-id-${i}`));
    expect(config.reserve.every((u) => Object.keys(u).length === USER_FIELDS.length)).toBe(true);
    expect(config.currentUser).toMatchObject({ name: 'Board Manager', givenName: 'Board', surname: 'Manager', email: 'manager@quorum.example' });
  });

  it('maps every user, reserve ones included, to a person of the Merton sample', () => {
    for (const u of everyone) {
      const person = dir.personByAad(u.aadObjectId!);
      expect(person, `${u.id} ${u.aadObjectId}`).toBeDefined();
      expect(u.email).toMatch(/@quorum\.example$/);
      expect(u.userPrincipleName).toBe(u.email);
    }
  });

  it('gives each user the part the docs describe', () => {
    const person = (userId: string) => dir.personByAad(everyone.find((u) => u.id === userId)!.aadObjectId!)!;
    const seats = (userId: string) => dir.assignmentsOf(person(userId).id);

    expect(dir.isManager(person('user-id-0').id)).toBe(true);
    expect(seats('user-id-1').map((a) => a.seat.office)).toEqual(['independent-chair', 'independent-chair']);
    expect(seats('user-id-2')[0]).toMatchObject({ as: 'holder', agency: { id: 'csf' }, seat: { roles: ['P', 'V'] } });
    expect(seats('user-id-3').map((a) => [a.seat.holderId, a.as])).toEqual([
      [person('user-id-2').id, 'deputy'],
      [person('user-id-2').id, 'deputy'],
    ]);
    expect(seats('user-id-4')[0]).toMatchObject({ agency: { id: 'merton-ccg' }, seat: { roles: ['P', 'V'] } });
    expect(seats('user-id-5')[0]).toMatchObject({ agency: { id: 'met-police' }, seat: { roles: ['P', 'V'] } });
    expect(seats('user-id-6')[0]).toMatchObject({ agency: { sectorSeat: true, sector: 'education' } });
    expect(seats('user-id-6')[0]!.seat.deputyId).toBeUndefined();
    expect(dir.chairedBodies(person('user-id-7').id).map((b) => b.kind)).toEqual(['sub-group']);
    expect(seats('user-id-8')[0]!.seat.roles.every((r) => NON_VOTING_ROLES.includes(r))).toBe(true);
  });

  it('is documented in docs/local-users.md', () => {
    const doc = readFileSync(repoFile('docs/local-users.md'), 'utf8');
    for (const u of everyone) expect(doc).toContain(`| \`${u.id}\` | \`${u.aadObjectId}\` | ${u.name} |`);
    expect(doc).toContain('npm start -- --as <user-id>');
  });
});
