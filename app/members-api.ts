import express, { type Request, type Response, type Router } from 'express';
import { wordImportPlan } from '../cards/membership/problems.js';
import type { TabIdentity } from '../infra/tab-auth.js';
import { DomainError } from '../services/domain/errors.js';
import { parseMembershipEdit } from '../services/domain/membership-edit.js';
import { invalidMembership, type MembershipCaller, type MembershipUseCases } from '../services/membership/index.js';
import type { MembershipFormat } from '../services/ports/membership.js';

/** The largest membership file accepted; the spreadsheet reader has its own row and size bounds below this. */
const MAX_UPLOAD = '6mb';
const FORMATS: readonly MembershipFormat[] = ['csv', 'xlsx', 'json'];

/**
 * The Members page's API under /api/tab (after authentication): the membership, edits, imports,
 * exports and the people search. Who may call each is decided by the membership use cases before it reads
 * anything; here requests are only shaped.
 */
export function addMembersRoutes(router: Router, members: MembershipUseCases): void {
  const caller = async (res: Response): Promise<MembershipCaller> => {
    const { identity } = res.locals.auth as { identity: TabIdentity };
    const found = await members.caller(identity.aadObjectId);
    if (!found) throw new DomainError('AUTH.FORBIDDEN', 'Only the board manager keeps the membership.');
    return found;
  };

  router.get('/members', async (_req, res) => {
    res.json(await members.view(await caller(res)));
  });

  router.post('/members/edit', async (req, res) => {
    const who = await caller(res);
    const parsed = parseMembershipEdit(req.body);
    if ('problems' in parsed) throw invalidMembership(parsed.problems);
    res.json(await members.edit(who, parsed.request));
  });

  router.post('/members/import', express.raw({ type: () => true, limit: MAX_UPLOAD }), async (req, res) => {
    const who = await caller(res);
    const format = formatOf(req);
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    if (bytes.length === 0) throw new DomainError('INPUT.INVALID', 'The file is empty: choose your membership spreadsheet.');
    res.json(
      wordImportPlan(await members.importFile(who, {
        format,
        bytes,
        effective: query(req, 'effective'),
        dryRun: query(req, 'dryRun') !== 'false',
        basedOn: query(req, 'basedOn'),
      })),
    );
  });

  router.get('/members/export', async (req, res) => {
    const file = await members.exportFile(await caller(res), formatOf(req));
    res
      .status(200)
      .set('Content-Type', file.contentType)
      .set('Content-Disposition', `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`)
      .send(Buffer.from(file.bytes));
  });

  router.get('/people', async (req, res) => {
    const people = await members.searchPeople(await caller(res), query(req, 'q') ?? '');
    res.json({ people: people.map((p) => ({ objectId: p.objectId, displayName: p.displayName, email: p.email, organisation: p.organisation, guest: p.guest })) });
  });
}

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

function formatOf(req: Request): MembershipFormat {
  const format = query(req, 'format') ?? '';
  if (!(FORMATS as readonly string[]).includes(format)) throw new DomainError('INPUT.INVALID', 'Choose the format: csv, xlsx or json.');
  return format as MembershipFormat;
}
