import type { Container } from '@azure/cosmos';
import type { AgencyAnswer, Consultation } from '../../services/domain/consultation.js';
import {
  answerExport,
  consultationExport,
  pseudonymiseAnswer,
  pseudonymiseConsultation,
  replaceIdentity,
} from '../../services/domain/data-protection.js';
import type { Person } from '../../services/domain/directory.js';
import type { PersonalData, StandIn } from '../../services/ports/personal-data.js';
import { toDomain } from './documents.js';
import { deleteItem, query, rewrite, type Doc } from './personal-data.support.js';
import type { Containers } from './store.js';
import { ACTION_DOC_TYPE, POLICY_DOC_TYPE } from './actions.cosmos-repo.js';
import { MEETING_DOC_TYPES } from './meetings.cosmos-repo.js';
import { OnlineMeetingsPersonalData } from './online-meetings.personal-data.js';
import { RETURN_DOC_TYPES } from './returns.cosmos-repo.js';

/**
 * What each Cosmos container keeps about a person, for subject access and removal. The
 * meetings and actions stores add theirs to `cosmosPersonalData` when they hold people's ids.
 */
export function cosmosPersonalData(c: Containers): PersonalData[] {
  return [
    new ConversationsPersonalData(c.conversations),
    new ConsultationsPersonalData(c.consultations),
    new OutboxPersonalData(c.outbox),
    new MeetingsPersonalData(c.meetings),
    new ActionsPersonalData(c.actions),
    new OnlineMeetingsPersonalData(c.meetings),
    new ReturnsPersonalData(c.returns),
    // Last: the audit entries other stores' erasures might add are pseudonymised too.
    new AuditPersonalData(c.audit),
  ];
}

/** Conversation references: the person's Teams chat with the bot (includes their Teams name). Deleted. */
export class ConversationsPersonalData implements PersonalData {
  readonly name = 'conversations';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    const { resource } = await this.container.item(person.aadObjectId.toLowerCase(), partnershipId).read<Doc>();
    return resource ? [toDomain(resource, ['etag'])] : [];
  }

  async erase(partnershipId: string, person: Person): Promise<number> {
    return (await deleteItem(this.container, person.aadObjectId.toLowerCase(), partnershipId)) ? 1 : 0;
  }
}

const involvesPerson = `
  c.answeredBy = @p OR c.signOff.personId = @p
  OR ARRAY_CONTAINS(c.history, { "personId": @p }, true)
  OR ARRAY_CONTAINS(c.conflicts, { "personId": @p }, true)
  OR ARRAY_CONTAINS(c.comments, { "personId": @p }, true)`;

/**
 * Every field of a consultation that holds a person: who sent it, gave the casting vote, recorded a
 * consensus, referred it (dissent), was referred it and recorded a view on it (the Scrutineer, who
 * alone records the view), whom its rule names for referrals, and whose card shows its progress.
 */
const consultationInvolves = `
  c.createdBy = @p OR c.outcome.castBy = @p OR c.outcome.recordedBy = @p
  OR c.referral["by"] = @p OR c.referral.toPersonId = @p OR c.rule.dissent.referToPersonId = @p
  OR LOWER(c.senderCard.aadObjectId) = LOWER(@aad)`;

/** Consultations and agency answers: kept, with the person replaced by their seat. */
export class ConsultationsPersonalData implements PersonalData {
  readonly name = 'consultations';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    const { consultations, answers } = await this.find(partnershipId, person);
    return [
      ...consultations.map((c) => ({ kind: 'consultation', ...consultationExport(c, person) })),
      ...answers.map((a) => ({ kind: 'agency-answer', ...answerExport(a, person.id) })),
    ];
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    const { consultations, answers } = await this.find(partnershipId, person);
    let changed = 0;
    for (const c of consultations) {
      if (await rewrite(this.container, c, (x) => typed(pseudonymiseConsultation(x, person, standIn), 'consultation'))) changed++;
    }
    for (const a of answers) {
      if (await rewrite(this.container, a, (x) => typed(pseudonymiseAnswer(x, person.id, standIn), 'answer'))) changed++;
    }
    return changed;
  }

  private async find(partnershipId: string, person: Person) {
    const parameters = [
      { name: '@p', value: person.id },
      { name: '@aad', value: person.aadObjectId },
    ];
    const consultations = await query(
      this.container,
      {
        query: `SELECT * FROM c WHERE c.type = 'consultation' AND (${consultationInvolves})`,
        parameters,
      },
      partnershipId,
    );
    const answers = await query(
      this.container,
      { query: `SELECT * FROM c WHERE c.type = 'answer' AND (${involvesPerson})`, parameters },
      partnershipId,
    );
    return {
      consultations: consultations.map((d) => toDomain<Consultation>(d)),
      answers: answers.map((d) => toDomain<AgencyAnswer>(d)),
    };
  }
}

/** The repositories write the document type beside the domain fields; keep it on rewrite. */
const typed = <T extends object>(value: T | undefined, type: string) => (value ? ({ ...value, type } as T) : undefined);

/**
 * Outbox deliveries addressed to the person (with the card until it was sent). Deleted.
 * Cards sent to other people that mention the person keep the name as it was shown.
 */
export class OutboxPersonalData implements PersonalData {
  readonly name = 'outbox';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    const docs = await this.find(partnershipId, person);
    return docs.map((d) => ({ id: d.id, batchId: d.batchId, status: d.status, createdAt: d.createdAt, sentAt: d.sentAt }));
  }

  async erase(partnershipId: string, person: Person): Promise<number> {
    let deleted = 0;
    for (const d of await this.find(partnershipId, person)) if (await deleteItem(this.container, d.id!, partnershipId)) deleted++;
    return deleted;
  }

  private find(partnershipId: string, person: Person) {
    return query(
      this.container,
      { query: 'SELECT * FROM c WHERE LOWER(c.recipientAad) = LOWER(@aad)', parameters: [{ name: '@aad', value: person.aadObjectId }] },
      partnershipId,
    );
  }
}

/**
 * The audit trail: entries are kept (who changed what, when), with the person replaced wherever
 * they appear. Entries carry ids, not text, so the whole partition is read and checked here.
 */
export class AuditPersonalData implements PersonalData {
  readonly name = 'audit';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    return (await this.find(partnershipId, person)).map((d) => toDomain(d, ['etag', 'partnershipId']));
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    const replacement = standIn();
    let changed = 0;
    const change = <T>(x: T) => {
      const { value, changed } = replaceIdentity(x, person, replacement);
      return changed ? value : undefined;
    };
    for (const doc of await this.find(partnershipId, person)) {
      if (await rewrite(this.container, toDomain<{ id: string; partnershipId: string }>(doc, []), change)) changed++;
    }
    return changed;
  }

  private async find(partnershipId: string, person: Person): Promise<Doc[]> {
    const found: Doc[] = [];
    const pages = this.container.items.query<Doc>({ query: 'SELECT * FROM c' }, { partitionKey: partnershipId, maxItemCount: 500 });
    while (pages.hasMoreResults()) {
      const { resources } = await pages.fetchNext();
      for (const doc of resources ?? []) {
        if (doc.partnershipId === partnershipId && replaceIdentity(strip(doc), person, '').changed) found.push(doc);
      }
    }
    return found;
  }
}

const strip = (doc: Doc) => toDomain<Record<string, unknown>>(doc, ['id', 'partnershipId', 'etag']);

type Stored = Record<string, unknown> & { id: string; partnershipId: string; etag?: string };

/**
 * Governance records keep the record and put the seat the person acted from in their place
 * (with ETag retries). Returns how many records changed.
 */
type Where = Parameters<StandIn>[0];
const seatWhere = (fields: Record<string, unknown>): Where => ({
  ...(typeof fields.bodyId === 'string' ? { bodyId: fields.bodyId } : {}),
  ...(typeof fields.seatId === 'string' ? { seatId: fields.seatId } : {}),
});

async function pseudonymise(container: Container, docs: Doc[], person: Person, standIn: StandIn, whereOf: (fields: Record<string, unknown>) => Where = seatWhere): Promise<number> {
  let changed = 0;
  for (const doc of docs) {
    const rewritten = await rewrite(container, toDomain<Stored>(doc, []), (current) => {
      const { id, partnershipId, etag, ...fields } = current;
      const where = whereOf(fields);
      const next = replaceIdentity(fields, person, standIn(where));
      return next.changed ? ({ ...next.value, id, partnershipId, etag } as Stored) : undefined;
    });
    if (rewritten) changed++;
  }
  return changed;
}

const exported = (docs: Doc[]) => docs.map((d) => ({ kind: d.type, ...toDomain(d, ['type', 'etag']) }));

export const CONFIDENTIAL_MARKING = 'CONFIDENTIAL: visible only to the people named on it; disclosed to this person because it names them.';

/**
 * What the meetings store keeps about a person (answers, registers, reviews, risk entries). These
 * are the board's governance record, so erasure keeps them with the person's seat in their place.
 */
export class MeetingsPersonalData implements PersonalData {
  readonly name = 'meetings';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    return exported(await this.find(partnershipId, person));
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    return pseudonymise(this.container, await this.find(partnershipId, person), person, standIn);
  }

  private async find(partnershipId: string, person: Person): Promise<Doc[]> {
    const docs = await query(
      this.container,
      { query: 'SELECT * FROM c WHERE ARRAY_CONTAINS(@types, c.type)', parameters: [{ name: '@types', value: Object.values(MEETING_DOC_TYPES) }] },
      partnershipId,
    );
    return docs.filter((d) => replaceIdentity(toDomain(d, ['type', 'id', 'partnershipId', 'etag']), person, '').changed);
  }
}

/**
 * What the action and policy registers keep about a person (actions they created, progress they
 * recorded, due dates they proposed or decided, confidential actions naming them, policy reviews
 * they recorded). Governance record: erasure keeps it with the person's seat in their place.
 */
export class ActionsPersonalData implements PersonalData {
  readonly name = 'actions and policies';
  constructor(private readonly container: Container) {}

  /** Confidential actions that name the person are theirs to see: exported, and marked as confidential. */
  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    return exported(await this.find(partnershipId, person)).map((r: Record<string, unknown>) => (r.confidential === true ? { ...r, marking: CONFIDENTIAL_MARKING } : r));
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    return pseudonymise(this.container, await this.find(partnershipId, person), person, standIn);
  }

  private find(partnershipId: string, person: Person): Promise<Doc[]> {
    return query(
      this.container,
      {
        query: `SELECT * FROM c WHERE (c.type = @action OR c.type = @policy) AND (
          c.createdBy = @p OR c.proposal["by"] = @p OR ARRAY_CONTAINS(c.viewers, @p)
          OR ARRAY_CONTAINS(c.progress, { "by": @p }, true) OR ARRAY_CONTAINS(c.history, { "by": @p }, true))`,
        parameters: [
          { name: '@action', value: ACTION_DOC_TYPE },
          { name: '@policy', value: POLICY_DOC_TYPE },
          { name: '@p', value: person.id },
        ],
      },
      partnershipId,
    );
  }
}

/**
 * What the returns store keeps about a person: the rounds they opened, and the agency returns they
 * drafted, submitted, reopened, planned a peer review of or evaluated (with every history entry).
 * The board's record of who returned what: erasure keeps it with the person's seat in their place.
 */
export class ReturnsPersonalData implements PersonalData {
  readonly name = 'returns';
  constructor(private readonly container: Container) {}

  /** `record` says which (a round or an agency return): these documents have a `kind` of their own. */
  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    return (await this.find(partnershipId, person)).map((d) => ({ record: d.type, ...toDomain(d, ['type', 'etag']) }));
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    // A return is its agency's: the person is replaced by the seat they held for that agency.
    return pseudonymise(this.container, await this.find(partnershipId, person), person, standIn, (f) => (typeof f.agencyId === 'string' ? { agencyId: f.agencyId } : {}));
  }

  private async find(partnershipId: string, person: Person): Promise<Doc[]> {
    const docs = await query(
      this.container,
      {
        query: `SELECT * FROM c WHERE (c.type = @round AND c.createdBy = @p) OR (c.type = @return AND (
          c.draftBy = @p OR c.submittedBy = @p OR c.peerReview.plannedBy = @p OR c.evaluation["by"] = @p
          OR ARRAY_CONTAINS(c.history, { "by": @p }, true)))`,
        parameters: [
          { name: '@round', value: RETURN_DOC_TYPES.round },
          { name: '@return', value: RETURN_DOC_TYPES.return },
          { name: '@p', value: person.id },
        ],
      },
      partnershipId,
    );
    return docs.filter((d) => replaceIdentity(toDomain(d, ['type', 'id', 'partnershipId', 'etag']), person, '').changed);
  }
}
