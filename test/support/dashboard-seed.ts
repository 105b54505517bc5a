import { randomUUID } from 'node:crypto';
import type { ConsultationUseCases } from '../../services/consultation/index.js';
import type { Actor, DirectoryService } from '../../services/directory/index.js';
import { attendingSeats } from '../../services/domain/meeting.js';
import type { MeetingUseCases } from '../../services/meeting/index.js';
import type { ActionUseCases } from '../../services/action/index.js';
import type { PolicyUseCases } from '../../services/policy/index.js';
import type { FixedClock } from './fixed-clock.js';

/**
 * Seeds the Merton sample through the services, as people would: consultations sent, answered
 * (with a deputy's conflicting answer) and one closed past its deadline; meetings of the board and
 * BIG with apologies and registers, and the absence reviews that follow. Ends with the clock at NOW.
 */

export const SEED_NOW = '2026-10-14T10:00:00.000Z';

export interface DashboardSeed {
  /** Consultation ids by key. */
  consultations: { strategy: string; escalation: string; qaPlan: string };
  refs: { strategy: string; escalation: string; qaPlan: string };
  meetings: { bigJune: string; bigJuly: string; bigSeptember: string; bigNovember: string; boardJuly: string; boardNovember: string };
  actions: { policeOverdue: string; csfPlan: string; qaAudit: string; confidential: string; bigProbation: string; done: string };
}

interface Services {
  directory: DirectoryService;
  consultations: ConsultationUseCases;
  meetings: MeetingUseCases;
  actions: ActionUseCases;
  policies: PolicyUseCases;
}

export const PEOPLE = {
  manager: 'p-mscb-manager',
  independentChair: 'p-independent-chair',
  csfDirector: 'p-csf-director',
  csfDeputy: 'p-csf-director-deputy',
  ccg: 'p-ccg-chief-officer',
  ccgDeputy: 'p-ccg-chief-officer-deputy',
  police: 'p-borough-commander',
  qaChair: 'p-csf-csc-head',
  probation: 'p-probation-aco',
  cafcass: 'p-cafcass',
} as const;

export async function seedDashboard(s: Services, clock: FixedClock): Promise<DashboardSeed> {
  const directory = (await s.directory.directories())[0]!;
  const actor = async (personId: string): Promise<Actor> => {
    const person = directory.partnership.people.find((p) => p.id === personId)!;
    return (await s.directory.findActor(person.aadObjectId))!;
  };
  const manager = await actor(PEOPLE.manager);

  // ---- meetings: planned on 1 June, registers taken after each ----
  clock.set('2026-06-01T09:00:00.000Z');
  const meeting = async (bodyId: string, date: string) => {
    const formId = randomUUID();
    await s.meetings.save(manager, { formId, bodyId, date, time: '10:00', place: 'Merton Civic Centre' });
    return formId;
  };
  const m = {
    bigJune: await meeting('mscb-big', '2026-06-16'),
    bigJuly: await meeting('mscb-big', '2026-07-14'),
    bigSeptember: await meeting('mscb-big', '2026-09-15'),
    bigNovember: await meeting('mscb-big', '2026-11-17'),
    boardJuly: await meeting('mscb-board', '2026-07-07'),
    boardNovember: await meeting('mscb-board', '2026-11-10'),
  };
  // Apologies: probation for the November BIG (no deputy), CAFCASS with its deputy attending.
  await s.meetings.respond(await actor(PEOPLE.probation), { meetingId: m.bigNovember, seatId: 'big-probation', response: 'apologies' });
  await s.meetings.respond(await actor(PEOPLE.cafcass), {
    meetingId: m.bigNovember,
    seatId: 'big-cafcass',
    response: 'apologies',
    deputyId: 'p-cafcass-deputy',
  });

  const register = async (meetingId: string, bodyId: string, at: string, special: Record<string, string>, deputies: Record<string, string> = {}) => {
    clock.set(at);
    const body = directory.body(bodyId)!;
    const marks = Object.fromEntries(attendingSeats(body).map((seat) => [seat.id, special[seat.id] ?? 'present']));
    await s.meetings.recordRegister(manager, { meetingId, marks, deputies });
  };
  // Probation misses three BIG meetings in a row: an absence review for the manager.
  await register(m.bigJune, 'mscb-big', '2026-06-17T09:00:00.000Z', { 'big-probation': 'absent', 'big-lay': 'apologies' });
  await register(m.bigJuly, 'mscb-big', '2026-07-15T09:00:00.000Z', { 'big-probation': 'apologies', 'big-csf-director': 'deputy' }, {
    'big-csf-director': 'p-csf-director-deputy',
  });
  await register(m.boardJuly, 'mscb-board', '2026-07-15T09:30:00.000Z', { 'board-police-commander': 'apologies', 'board-nhse': 'absent' });
  await register(m.bigSeptember, 'mscb-big', '2026-09-16T09:00:00.000Z', { 'big-probation': 'absent' });
  await s.meetings.detectAbsences(clock.now());

  // ---- actions (created on 1 June, due over the summer) and the policy register ----
  clock.set('2026-06-01T09:30:00.000Z');
  const qaChair = await actor(PEOPLE.qaChair);
  const action = async (by: Actor, input: { description: string; bodyId: string; leads: string[]; dueDate?: string; source: string; rag: string; confidential?: boolean }) => {
    const formId = randomUUID();
    await s.actions.create(by, { formId, ongoing: input.dueDate === undefined, ...input });
    return formId;
  };
  const a = {
    policeOverdue: await action(manager, {
      description: 'Report police attendance at initial child protection conferences',
      bodyId: 'mscb-board',
      leads: ['agency:met-police'],
      dueDate: '2026-09-30',
      source: 'meeting',
      rag: 'amber',
    }),
    csfPlan: await action(manager, {
      description: 'Refresh the early help offer and publish it',
      bodyId: 'mscb-board',
      leads: ['seat:board-csf-director'],
      dueDate: '2026-12-01',
      source: 'business-plan',
      rag: 'green',
    }),
    qaAudit: await action(manager, {
      description: 'Run the multi-agency neglect audit',
      bodyId: 'mscb-qa',
      leads: ['role:chair@mscb-qa'],
      dueDate: '2026-07-31',
      source: 'work-plan',
      rag: 'red',
    }),
    // Confidential: the QA chair creates it for the Designated Doctor; nobody else is named.
    confidential: await action(qaChair, {
      description: 'Case review recommendation 4: health chronology training',
      bodyId: 'mscb-qa',
      leads: ['seat:qa-designated-doctor'],
      dueDate: '2026-11-30',
      source: 'case-review',
      rag: 'amber',
      confidential: true,
    }),
    bigProbation: await action(manager, {
      description: 'Probation to confirm its BIG representative',
      bodyId: 'mscb-big',
      leads: ['agency:london-probation'],
      source: 'absence-review',
      rag: 'red',
    }),
    done: await action(manager, {
      description: 'Circulate the revised threshold document',
      bodyId: 'mscb-board',
      leads: ['role:manager@mscb-board'],
      dueDate: '2026-06-30',
      source: 'meeting',
      rag: 'green',
    }),
  };
  clock.set('2026-06-20T09:00:00.000Z');
  await s.actions.complete(manager, { actionId: a.done });
  await s.policies.importCsv(manager, {
    formId: randomUUID(),
    csv: [
      'Document,Version,Approving committee,Date of approval,Review date,Document manager,Owner',
      'Resolving professional disagreements (escalation),2.1,mscb-policy,2023-09-12,2026-09-12,manager,mscb-policy',
      'Safeguarding disabled children,3.0,mscb-policy,2023-12-05,2026-12-05,manager,mscb-policy',
      'Neglect strategy,1.0,mscb-board,2024-01-16,2027-01-16,manager,mscb-qa',
      'Child sexual exploitation protocol,1.2,mscb-ppyp,2025-03-04,2028-03-04,manager,mscb-ppyp',
    ].join('\n'),
  });

  // ---- consultations ----
  clock.set('2026-09-28T09:00:00.000Z');
  const send = async (by: Actor, bodyId: string, title: string, deadlineDate: string) => {
    const formId = randomUUID();
    await s.consultations.preview(by, {
      formId,
      title,
      ask: `Agree the ${title.toLowerCase()}.`,
      documentUrl: 'https://example.org/papers/doc.docx',
      bodyId,
      deadlineDate,
      deadlineTime: '17:00',
      kind: 'consultation',
      signOffRequired: false,
    });
    await s.consultations.send(by, formId);
    return formId;
  };
  const strategy = await send(manager, 'mscb-board', 'Neglect strategy 2026', '2026-10-23');
  const escalation = await send(manager, 'mscb-board', 'Escalation policy', '2026-10-09');
  const qaPlan = await send(await actor(PEOPLE.qaChair), 'mscb-qa', 'Multi-agency audit plan', '2026-10-30');

  const answer = async (personId: string, consultationId: string, agencyId: string, choice: 'agree' | 'disagree', reason?: string) =>
    s.consultations.answer(await actor(personId), { consultationId, agencyId, choice, reason });
  clock.set('2026-09-30T10:00:00.000Z');
  await answer(PEOPLE.csfDirector, strategy, 'csf', 'agree');
  await answer(PEOPLE.police, strategy, 'met-police', 'disagree', 'The thresholds section needs police input first.');
  await answer(PEOPLE.ccg, strategy, 'merton-ccg', 'agree');
  await answer(PEOPLE.ccgDeputy, strategy, 'merton-ccg', 'disagree', 'Health visiting capacity is not funded.');
  await answer(PEOPLE.csfDeputy, escalation, 'csf', 'agree');
  await answer(PEOPLE.police, escalation, 'met-police', 'agree');
  await answer(PEOPLE.qaChair, qaPlan, 'csf', 'agree');

  // The escalation policy closes with most agencies silent.
  clock.set(SEED_NOW);
  await s.consultations.closeDue(clock.now());

  return {
    consultations: { strategy, escalation, qaPlan },
    refs: { strategy: refOf(strategy), escalation: refOf(escalation), qaPlan: refOf(qaPlan) },
    meetings: m,
    actions: a,
  };
}

/** Same rule as the consultation preview (services/consultation/send-consultation.ts). */
export const refOf = (formId: string) => `C-${formId.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
