import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../cards/verbs.js';
import { cardAction, installed, message, post, teamsUsers } from '../support/activities.js';
import { cardText } from '../support/fake-connector.js';
import { FixedClock } from '../support/fixed-clock.js';
import { startTestQuorum, type TestQuorum } from '../support/harness.js';

/**
 * A record the caller may not see does not exist for them (issue 21). For every verb and command
 * that takes an id from the client, the data of such a record (a confidential action, another
 * user's draft consultation, a meeting of a body the caller does not sit on) is replayed by a
 * member, a deputy, a chair of another body and, where the policy hides it from the manager too,
 * the manager: the reply is byte for byte the reply to an id that was never stored (the id itself
 * replaced by a placeholder), and nothing stored changes. The author's own replay of a create
 * (a double click) still gets the record back.
 */
let q: TestQuorum;
const clock = new FixedClock('2026-11-24T10:00:00.000Z'); // Tue 24 Nov 2026

const AUTHOR = 'p-independent-chair'; // chairs the Main Board: the confidential action and the draft
const QA_CHAIR = 'p-csf-csc-head'; // adds the QA meeting
const CALLERS = {
  member: 'p-nhse', // holds a Main Board seat; not on QA
  deputy: 'p-nhse-deputy', // deputises on the Main Board; not on QA
  'chair of another body': 'p-ld-chair', // chairs Learning and Development
  manager: 'p-mscb-manager',
} as const;
type Caller = keyof typeof CALLERS;

const user = teamsUsers(() => q.partnership);

const act = async (personId: string, verb: string, data: Record<string, unknown>) => {
  const res = await post(q.url, cardAction(user(personId), q.connector.url, verb, data));
  expect(res.status).toBe(200);
  return res.body.value as unknown;
};
const say = async (personId: string, text: string) => {
  expect((await post(q.url, message(user(personId), q.connector.url, text))).status).toBe(200);
  return q.connector.cardsTo(`personal-${user(personId).id}`).at(-1) as unknown;
};
const formIdOf = (card: any, verb: string) => (card.actions as any[]).find((a) => a.verb === verb).data.formId as string;

/** Everything stored, but the conversation references a turn may refresh. */
async function snapshot(): Promise<string> {
  await q.quorum.outbox.drain();
  const out: Record<string, unknown[]> = {};
  for (const [name, container] of Object.entries(q.store.containers)) {
    if (name === 'conversations') continue;
    const { resources } = await container.items.readAll().fetchAll();
    out[name] = resources.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
  }
  return JSON.stringify(out);
}

const normalised = (reply: unknown, id: string) => JSON.stringify(reply).split(id).join('<id>');

// ----- the records -----

const ACTION_FORM = {
  description: 'Review the confidential case audit findings',
  bodyId: 'mscb-board',
  leads: 'seat:board-psw',
  dueDate: '2027-01-29',
  ongoing: 'false',
  source: 'meeting',
  rag: 'green',
  confidential: 'true',
  viewers: '',
};
const DRAFT_FORM = {
  title: 'Draft: restructuring the sub groups',
  ask: 'Agree the new structure.',
  bodyId: 'mscb-board',
  deadlineDate: '2026-12-10',
  deadlineTime: '17:00',
  kind: 'consultation',
  signOffRequired: 'false',
  extraAgencyIds: '',
};
const MEETING_FORM = { bodyId: 'mscb-qa', date: '2026-12-15', time: '10:00', place: 'Civic Centre, Committee Room 2' };

type Kind = 'action' | 'draft' | 'meeting' | 'person';
const ids = {} as Record<Kind, string>;
const refs = {} as Record<'action' | 'draft', string>;

/** Who may not see each kind of record, by the policy: the manager sees drafts and every body's meetings. */
const HIDDEN_FROM: Record<Kind, Caller[]> = {
  action: ['member', 'deputy', 'chair of another body', 'manager'],
  draft: ['member', 'deputy', 'chair of another body'],
  meeting: ['member', 'deputy', 'chair of another body'],
  person: ['member', 'deputy', 'chair of another body'],
};

interface Row {
  verb: string;
  kind: Kind;
  data: (id: string) => Record<string, unknown>;
  /** Idempotent creates: also replayed to callers who may see the record but did not make it. */
  alsoFor?: Caller[];
  /** A fresh id with this data would store a new record; the reply is compared with this verb's unknown-id answer instead. */
  unknownAs?: (id: string) => { verb: string; data: Record<string, unknown> };
  only?: Caller[];
}

const ROWS: Row[] = [
  // The action register (the confidential action: only the people named on it)
  { verb: 'action.create', kind: 'action', data: (id) => ({ formId: id }) },
  { verb: 'action.create', kind: 'action', data: (id) => ({ formId: id, ...ACTION_FORM }), only: ['member', 'deputy', 'chair of another body'] },
  {
    verb: 'action.create',
    kind: 'action',
    data: (id) => ({ formId: id, ...ACTION_FORM }),
    only: ['manager'],
    unknownAs: (id) => ({ verb: 'action.open', data: { actionId: id } }),
  },
  { verb: 'action.open', kind: 'action', data: (id) => ({ actionId: id }) },
  { verb: 'action.update', kind: 'action', data: (id) => ({ actionId: id, note: 'Progress', rag: 'red' }) },
  { verb: 'action.complete', kind: 'action', data: (id) => ({ actionId: id, note: 'Done' }) },
  { verb: 'action.propose-due', kind: 'action', data: (id) => ({ actionId: id, proposedDue: '2027-02-26', proposalReason: 'Later' }) },
  { verb: 'action.accept-due', kind: 'action', data: (id) => ({ actionId: id, dueDate: '2027-01-29' }) },
  { verb: 'action.decline-due', kind: 'action', data: (id) => ({ actionId: id, dueDate: '2027-02-26' }) },
  // Consultations (another user's draft: only those who may send for its body)
  { verb: 'consultation.preview', kind: 'draft', data: (id) => ({ formId: id }), alsoFor: ['manager'] },
  { verb: 'consultation.preview', kind: 'draft', data: (id) => ({ formId: id, ...DRAFT_FORM }) },
  {
    verb: 'consultation.preview',
    kind: 'draft',
    data: (id) => ({ formId: id, ...DRAFT_FORM }),
    only: [],
    alsoFor: ['manager'],
    unknownAs: (id) => ({ verb: 'consultation.open', data: { consultationId: id } }),
  },
  { verb: 'consultation.send', kind: 'draft', data: (id) => ({ consultationId: id }) },
  { verb: 'consultation.cancel', kind: 'draft', data: (id) => ({ consultationId: id }) },
  { verb: 'consultation.open', kind: 'draft', data: (id) => ({ consultationId: id }) },
  { verb: 'consultation.status', kind: 'draft', data: (id) => ({ consultationId: id }) },
  { verb: 'consultation.respond', kind: 'draft', data: (id) => ({ consultationId: id, agencyId: 'nhs-england-london', choice: 'agree' }) },
  { verb: 'consultation.comment', kind: 'draft', data: (id) => ({ consultationId: id, comment: 'A comment' }) },
  { verb: 'consultation.cast', kind: 'draft', data: (id) => ({ consultationId: id, choice: 'agree' }) },
  { verb: 'consultation.consensus', kind: 'draft', data: (id) => ({ consultationId: id }) },
  { verb: 'consultation.refer', kind: 'draft', data: (id) => ({ consultationId: id, referReason: 'It puts children at risk.' }) },
  { verb: 'consultation.scrutiny', kind: 'draft', data: (id) => ({ consultationId: id, view: 'A view' }) },
  // Meetings (of a body the caller does not sit on)
  { verb: 'meeting.save', kind: 'meeting', data: (id) => ({ formId: id }), alsoFor: ['manager'] },
  { verb: 'meeting.save', kind: 'meeting', data: (id) => ({ formId: id, ...MEETING_FORM }), alsoFor: ['manager'] },
  { verb: 'meeting.save', kind: 'meeting', data: (id) => ({ formId: randomUUID(), meetingId: id, ...MEETING_FORM, time: '11:00' }) },
  { verb: 'meeting.edit', kind: 'meeting', data: (id) => ({ meetingId: id }) },
  { verb: 'meeting.open', kind: 'meeting', data: (id) => ({ meetingId: id }) },
  { verb: 'meeting.cancel', kind: 'meeting', data: (id) => ({ meetingId: id }) },
  { verb: 'meeting.respond', kind: 'meeting', data: (id) => ({ meetingId: id, seatId: 'qa-swlstg', response: 'apologies' }) },
  { verb: 'meeting.brief', kind: 'meeting', data: (id) => ({ meetingId: id }) },
  { verb: 'meeting.proxy', kind: 'meeting', data: (id) => ({ meetingId: id, seatId: 'qa-swlstg', agree: true }) },
  { verb: 'meeting.register.open', kind: 'meeting', data: (id) => ({ meetingId: id }) },
  { verb: 'meeting.register.save', kind: 'meeting', data: (id) => ({ meetingId: id, basedOn: -1, 'mark_qa-chair': 'present' }) },
  // Data protection (the manager's alone)
  { verb: 'person.remove', kind: 'person', data: (id) => ({ personId: id }) },
  { verb: 'person.remove-cancel', kind: 'person', data: (id) => ({ personId: id }) },
];

/** Verbs that carry an id but name nothing a caller may be hidden from, and why. */
const NOT_HIDDEN: Record<string, string> = {
  'policy.open': 'the policy register is published: anyone in the partnership may open any document',
  'policy.review': 'the policy register is published; recording a review is refused by role on a document anyone may see',
  'policy.import': 'an import batch id: the right to manage policies is checked first and the reply lists the pasted rows, not stored ones',
  'action.import': 'an import batch id: the right to create actions is checked first and the reply lists the pasted rows, not stored ones',
  'absence.open': "absence reviews are the manager's alone: the right to review is checked before the id is read (unit-tested)",
  'absence.decide': "absence reviews are the manager's alone: the right to review is checked before the id is read (unit-tested)",
};

/** Fields of a verb's data that name something stored. */
function idFields(schema: unknown): string[] {
  let s = schema as { shape?: Record<string, unknown>; _def?: { schema?: unknown; in?: unknown; innerType?: unknown } };
  for (let i = 0; i < 5 && !s.shape; i++) s = (s._def?.schema ?? s._def?.in ?? s._def?.innerType ?? s) as typeof s;
  return Object.keys(s.shape ?? {}).filter((k) => /Id$/.test(k));
}

const freshFor = (kind: Kind) => (kind === 'person' ? `p-nobody-${randomUUID().slice(0, 8)}` : randomUUID());

beforeAll(async () => {
  q = await startTestQuorum({ clock });
  for (const id of [AUTHOR, QA_CHAIR, ...Object.values(CALLERS)]) await post(q.url, installed(user(id), q.connector.url));

  const actionForm = await say(AUTHOR, 'new action');
  ids.action = formIdOf(actionForm, 'action.create');
  expect(cardText(await act(AUTHOR, 'action.create', { formId: ids.action, ...ACTION_FORM }))).toContain('is in the register');

  const draftForm = await say(AUTHOR, 'consult');
  ids.draft = formIdOf(draftForm, 'consultation.preview');
  expect(cardText(await act(AUTHOR, 'consultation.preview', { formId: ids.draft, ...DRAFT_FORM }))).toContain(DRAFT_FORM.title);

  const meetingForm = await say(QA_CHAIR, 'meeting');
  ids.meeting = formIdOf(meetingForm, 'meeting.save');
  expect(cardText(await act(QA_CHAIR, 'meeting.save', { formId: ids.meeting, ...MEETING_FORM }))).toContain('Meeting added.');

  ids.person = 'p-psw';
  const { resource: action } = await q.store.containers.actions.item(ids.action, q.partnership.id).read();
  refs.action = action.ref;
  const { resource: draft } = await q.store.containers.consultations.item(ids.draft, q.partnership.id).read();
  refs.draft = draft.ref;
  expect(refs.action).toMatch(/^A-/);
  expect(refs.draft).toMatch(/^C-/);
  await q.quorum.outbox.drain();
});
afterAll(() => q.stop());

describe('an id the caller may not see is answered as an unknown one', () => {
  it('covers every verb whose data names something stored', () => {
    const withIds = Object.entries(VERBS)
      .filter(([, schema]) => idFields(schema).length > 0)
      .map(([verb]) => verb);
    expect(withIds.length).toBeGreaterThan(20);
    const covered = new Set([...ROWS.map((r) => r.verb), ...Object.keys(NOT_HIDDEN)]);
    expect(withIds.filter((v) => !covered.has(v))).toEqual([]);
  });

  const cases = ROWS.flatMap((row) =>
    [...new Set([...(row.only ?? HIDDEN_FROM[row.kind]), ...(row.alsoFor ?? [])])].map((caller) => ({ row, caller })),
  );
  it.each(cases.map((c) => [c.row.verb, c.caller, JSON.stringify(Object.keys(c.row.data('x'))), c] as const))(
    '%s as the %s, data %s',
    async (_verb, _caller, _keys, { row, caller }) => {
      const personId = CALLERS[caller];
      const id = ids[row.kind];
      const before = await snapshot();
      const replay = await act(personId, row.verb, row.data(id));
      expect(await snapshot()).toBe(before);

      const fresh = freshFor(row.kind);
      const unknown = row.unknownAs ? row.unknownAs(fresh) : { verb: row.verb, data: row.data(fresh) };
      const answer = await act(personId, unknown.verb, unknown.data);
      expect(normalised(replay, id)).toBe(normalised(answer, fresh));
      expect(await snapshot()).toBe(before);
      // Nothing of the record reaches the reply, but what the caller sent themselves.
      const sent = JSON.stringify(row.data(id));
      for (const secret of [ACTION_FORM.description, DRAFT_FORM.title, MEETING_FORM.place]) {
        if (!sent.includes(secret)) expect(JSON.stringify(replay)).not.toContain(secret);
      }
    },
  );

  const commands = [
    { command: 'action', kind: 'action' as const, fresh: () => `A-${randomUUID().slice(0, 6).toUpperCase()}` },
    { command: 'status', kind: 'draft' as const, fresh: () => `C-${randomUUID().slice(0, 6).toUpperCase()}` },
  ];
  it.each(commands.flatMap((c) => HIDDEN_FROM[c.kind].map((caller) => [c.command, caller, c] as const)))(
    '"%s <ref>" as the %s',
    async (_command, caller, c) => {
      const personId = CALLERS[caller];
      const ref = refs[c.kind];
      const before = await snapshot();
      const replay = await say(personId, `${c.command} ${ref}`);
      const fresh = c.fresh();
      const answer = await say(personId, `${c.command} ${fresh}`);
      expect(normalised(replay, ref)).toBe(normalised(answer, fresh));
      expect(await snapshot()).toBe(before);
    },
  );
});

describe("the author's replay of a create (a double click)", () => {
  it.each([
    ['action.create', () => ({ formId: ids.action, ...ACTION_FORM }), AUTHOR, `is in the register.`],
    ['consultation.preview', () => ({ formId: ids.draft, ...DRAFT_FORM }), AUTHOR, DRAFT_FORM.title],
    ['meeting.save', () => ({ formId: ids.meeting, ...MEETING_FORM }), QA_CHAIR, 'This meeting was added already; nothing was changed.'],
  ] as const)('%s gets the record back, and stores nothing new', async (verb, data, personId, expected) => {
    const before = await snapshot();
    const reply = await act(personId, verb, data());
    expect(cardText(reply)).toContain(expected);
    expect(await snapshot()).toBe(before);
  });
});

describe('subject access', () => {
  it('exports a confidential action to the person it names, marked, and the audit trail records that the manager exported it', async () => {
    // The lead (the Principal Social Worker) is named on the confidential action; the manager is not.
    const cards = q.connector.cardsTo(`personal-${user(CALLERS.manager).id}`);
    const seen = cards.length;
    await say(CALLERS.manager, 'export p-psw');
    const exported = JSON.stringify(q.connector.cardsTo(`personal-${user(CALLERS.manager).id}`).slice(seen));
    expect(exported).toContain(ACTION_FORM.description);
    expect(exported).toContain('CONFIDENTIAL: visible only to the people named on it');
    const { resources } = await q.store.containers.audit.items.readAll().fetchAll();
    const entry = resources.find((e) => e.action === 'person.export' && e.subject === 'p-psw');
    expect(entry).toMatchObject({ actor: CALLERS.manager, after: { confidential: [ids.action] } });
  });
});
