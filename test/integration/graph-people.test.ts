import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphAppInstaller } from '../../infra/graph/graph-installer.js';
import { GraphPeopleDirectory, sanitiseSearch } from '../../infra/graph/graph-people.js';
import { STAND_IN_USERS, startStandInGraph, type StandInGraph } from '../../infra/graph/stand-in-graph.js';
import { DomainError } from '../../services/domain/errors.js';
import { PEOPLE_DIRECTORY_FAILED } from '../../services/ports/people-directory.js';
import { silentLog } from '../support/harness.js';

// The real Graph client over HTTP against the stand-in, which answers as Microsoft Graph does.

const TOKEN = 'stand-in-token-for-tests';
let graph: StandInGraph;
const directory = (token = TOKEN, extra: Partial<ConstructorParameters<typeof GraphPeopleDirectory>[0]> = {}) =>
  new GraphPeopleDirectory({ baseUrl: graph.url, token: async () => token, log: silentLog, ...extra });
const lastRequest = () => graph.requests.at(-1)!;
const userWith = (mail: string) => STAND_IN_USERS.find((u) => u.mail === mail)!;

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

beforeAll(async () => {
  graph = await startStandInGraph({ token: TOKEN, users: STAND_IN_USERS });
});
afterAll(() => graph.stop());
beforeEach(() => graph.failNext(0));

describe('GraphPeopleDirectory against the stand-in Graph', () => {
  it('finds a guest by part of a name, and says guest and organisation', async () => {
    const found = await directory().search('superint');
    expect(found).toEqual([
      {
        objectId: userWith('dsupt.publicprotection@met.police.example').id,
        displayName: 'Detective Superintendent, Public Protection (Metropolitan Police)',
        email: 'dsupt.publicprotection@met.police.example',
        userPrincipalName: 'dsupt.publicprotection_met.police.example#EXT#@safeguardingpartnership.onmicrosoft.example',
        guest: true,
        organisation: 'Metropolitan Police Service',
      },
    ]);
  });

  it("finds a guest by email, taking the organisation from the email's domain when the directory has no company", async () => {
    const [found, ...more] = await directory().search('named.doctor@acute');
    expect(more).toEqual([]);
    expect(found).toMatchObject({ displayName: 'Named Doctor for Safeguarding Children', guest: true, organisation: 'acute-hospital.nhs.example' });
    const [member] = await directory().search('learning');
    expect(member).toMatchObject({ guest: false, organisation: undefined });
  });

  it('sends ConsistencyLevel: eventual with $count=true and the properties it needs, and honours the limit', async () => {
    const found = await directory().search('safeguarding', 2);
    expect(found).toHaveLength(2);
    const request = lastRequest();
    expect(request.consistencyLevel).toBe('eventual');
    const params = new URL(request.path, 'http://x').searchParams;
    expect(params.get('$count')).toBe('true');
    expect(params.get('$top')).toBe('2');
    expect(params.get('$select')).toBe('id,displayName,mail,userPrincipalName,userType,companyName');
    expect(params.get('$search')).toBe('"displayName:safeguarding" OR "mail:safeguarding"');
  });

  it('stand-in: refuses $search without ConsistencyLevel, as Graph does', async () => {
    const res = await fetch(`${graph.url}/users?$search="displayName:head"`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Request_UnsupportedQuery');
  });

  it('says clearly that Graph refused its token, without a stack trace', async () => {
    const error = await failure(directory('wrong-token').search('head'));
    expect(error.code).toBe(PEOPLE_DIRECTORY_FAILED);
    expect(error.message).toBe("Microsoft Graph did not accept Quorum's token (401 InvalidAuthenticationToken)");
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('names the permission it lacks on 403', async () => {
    graph.failNext(1, 403);
    const error = await failure(directory().byEmail('dsl@secondary-academy.sch.example'));
    expect(error.message).toMatch(/lacks the Microsoft Graph application permission User\.Read\.All .*\(403 Authorization_RequestDenied\)/);
  });

  it('retries after 429, waiting as long as Retry-After says', async () => {
    graph.failNext(1, 429, 1);
    const started = Date.now();
    const found = await directory().search('probation');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(found.map((u) => u.displayName)).toEqual(['Head of Probation Delivery Unit', 'Probation Officer, Youth Transitions']);
    expect(graph.requests.slice(-2).map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up after a bounded number of retries, or at once when Retry-After is too long', async () => {
    graph.failNext(10, 503, 0);
    const busy = await failure(directory(TOKEN, { maxRetries: 2 }).search('head'));
    expect(busy.message).toBe('Microsoft Graph is busy; try again later (503 ServiceUnavailable)');
    expect(graph.requests.slice(-3).map((r) => r.status)).toEqual([503, 503, 503]);

    graph.failNext(1, 429, 120);
    const before = graph.requests.length;
    const started = Date.now();
    const later = await failure(directory().search('head'));
    expect(later.message).toBe('Microsoft Graph is busy; try again in 120 seconds (429 TooManyRequests)');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(graph.requests.length - before).toBe(1);
  });

  it('sanitises a query with quotes and backslashes so it cannot break the $search syntax', async () => {
    const found = await directory().search('Detective" OR "mail:\\Superint');
    const search = new URL(lastRequest().path, 'http://x').searchParams.get('$search');
    expect(search).toBe('"displayName:Detective OR mail: Superint" OR "mail:Detective OR mail: Superint"');
    expect(lastRequest().status).toBe(200);
    expect(found).toEqual([]);
    expect((await directory().search('Detective"Superintendent')).map((u) => u.displayName)).toEqual([
      'Detective Superintendent, Public Protection (Metropolitan Police)',
    ]);
    expect(await directory().search(' "\\" ')).toEqual([]);
    expect(sanitiseSearch('x'.repeat(500))).toHaveLength(64);
  });

  it('finds someone by an email with an apostrophe, and by another of their addresses', async () => {
    const found = await directory().byEmail("Partners'Liaison@community-safety.example");
    expect(found).toMatchObject({ displayName: 'Community Safety Liaison Officer', guest: true, organisation: 'community-safety.example' });
    expect(new URL(lastRequest().path, 'http://x').searchParams.get('$filter')).toBe(
      "mail eq 'Partners''Liaison@community-safety.example' or otherMails/any(m:m eq 'Partners''Liaison@community-safety.example')",
    );
    expect(await directory().byEmail('guardian.team@cafcass.example')).toMatchObject({ email: 'service.manager@cafcass.example', organisation: 'cafcass.example' });
    expect(await directory().byEmail('nobody@nowhere.example')).toBeUndefined();
    expect(await directory().byEmail('not an email')).toBeUndefined();
  });

  it('finds someone by object id, and nobody for an unknown or malformed id', async () => {
    const guest = userWith('head.pdu@probation.justice.example');
    expect(await directory().byId(guest.id)).toMatchObject({ objectId: guest.id, guest: true, organisation: 'Probation Service' });
    expect(await directory().byId('0f0f0f0f-0000-4000-8000-000000000000')).toBeUndefined();
    const before = graph.requests.length;
    expect(await directory().byId('../me')).toBeUndefined();
    expect(graph.requests.length).toBe(before);
  });

  it('stand-in: installs the Teams app once, then answers 409 as Graph does', async () => {
    const installer = new GraphAppInstaller({ baseUrl: graph.url, catalogAppId: 'catalog-app', token: async () => TOKEN, log: silentLog });
    const guest = userWith('di.cait@met.police.example');
    expect(await installer.install(guest.id)).toBe('installed');
    expect(await installer.install(guest.id)).toBe('already-installed');
    expect(await installer.install('0f0f0f0f-0000-4000-8000-000000000000')).toEqual({ failed: expect.stringMatching(/does not know this user/) });
  });
});
