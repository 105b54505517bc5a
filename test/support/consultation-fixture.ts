import { randomUUID } from 'node:crypto';
import { consultationPresenter } from '../../cards/consultation/present.js';
import { readPartnershipFile } from '../../infra/partnership-file.js';
import { consultationUseCases } from '../../services/consultation/index.js';
import { DirectoryService, type Actor } from '../../services/directory/index.js';
import type { Partnership } from '../../services/domain/directory.js';
import type { Logger } from '../../services/ports/logger.js';
import { FixedClock } from './fixed-clock.js';
import { silentLog } from './harness.js';
import { MemoryConversationRefRepo } from './memory-outbox.js';
import { MemoryAuditLog, MemoryCarryForwardRepo, MemoryConsultationRepo, MemoryDirectoryRepo, RecordingOutbox } from './memory-repos.js';

/** The consultation use cases (and their presenter) over in-memory ports and a sample partnership (Merton unless named). */
export async function consultationFixture(now = '2026-11-24T10:00:00.000Z', file = 'partnerships/merton-2015.json', log: Logger = silentLog) {
  const partnership: Partnership = await readPartnershipFile(file);
  const clock = new FixedClock(now);
  const dirRepo = new MemoryDirectoryRepo();
  const audit = new MemoryAuditLog();
  const directory = new DirectoryService({ repo: dirRepo, audit, clock });
  await directory.save(partnership, 'test');
  const repo = new MemoryConsultationRepo();
  const carryForward = new MemoryCarryForwardRepo();
  const conversations = new MemoryConversationRefRepo();
  const outbox = new RecordingOutbox();
  const present = consultationPresenter(clock);
  const serviceOn = (repo: MemoryConsultationRepo) => consultationUseCases({
    repo,
    carryForward,
    directory,
    conversations,
    outbox,
    presenter: present.port,
    audit,
    clock,
    log,
    newId: randomUUID,
    reminderHour: 9,
  });
  const service = serviceOn(repo);
  /** The service as another instance of the app runs it: the same stored data, its own cached copies. */
  const anotherInstance = () => serviceOn(repo.anotherInstance());
  const actor = async (personId: string): Promise<Actor> => {
    const person = partnership.people.find((p) => p.id === personId);
    if (!person) throw new Error(`no person ${personId}`);
    return (await directory.findActor(person.aadObjectId))!;
  };
  /** The partnership's directory as the presenter reads it. */
  const dir = () => directory.directory(partnership.id);
  const aadOf = (personId: string) => partnership.people.find((p) => p.id === personId)!.aadObjectId;
  return { partnership, clock, directory, repo, carryForward, conversations, outbox, audit, service, present, dir, anotherInstance, actor, aadOf };
}

export type ConsultationFixture = Awaited<ReturnType<typeof consultationFixture>>;

/** Drafts and sends one vote to a body from its chair or manager; the deadline is Fri 4 Dec 2026 17:00. */
export async function sendVote(f: ConsultationFixture, bodyId: string, senderId: string, title = 'Budget 2027/28') {
  const formId = randomUUID();
  const sender = await f.actor(senderId);
  await f.service.preview(sender, {
    formId,
    title,
    ask: 'Agree the partnership budget.',
    bodyId,
    deadlineDate: '2026-12-04',
    deadlineTime: '17:00',
    kind: 'decision',
    signOffRequired: false,
  });
  await f.service.send(sender, formId);
  return formId;
}

/** Drafts and sends one consultation from the manager to the main board. */
export async function sendToBoard(
  f: ConsultationFixture,
  over: Partial<{ kind: 'consultation' | 'decision'; signOffRequired: boolean; deadlineDate: string; title: string }> = {},
) {
  const manager = await f.actor('p-mscb-manager');
  const formId = randomUUID();
  await f.service.preview(manager, {
    formId,
    title: over.title ?? 'Draft neglect strategy 2026',
    ask: 'Agree the draft strategy for publication.',
    documentUrl: 'https://example.org/neglect-strategy.docx',
    bodyId: 'mscb-board',
    deadlineDate: over.deadlineDate ?? '2026-12-04',
    deadlineTime: '17:00',
    kind: over.kind ?? 'consultation',
    signOffRequired: over.signOffRequired ?? false,
  });
  await f.service.send(manager, formId, 'sender-card-1');
  return formId;
}
