import type { Container } from '@azure/cosmos';
import type { Person } from '../../services/domain/directory.js';
import type { PersonalData, StandIn } from '../../services/ports/personal-data.js';
import type { AttendanceDraft, LivePresence, MeetingInvitation, OtherAttendee } from '../../services/ports/online-meeting-records.js';
import { toDomain } from './documents.js';
import { ONLINE_DOC_TYPES } from './online-meetings.cosmos-repo.js';
import { query, rewrite, type Doc } from './personal-data.support.js';

type Invitation = MeetingInvitation & { type: string };
type Draft = AttendanceDraft & { type: string };
type Presence = LivePresence & { type: string };

/**
 * What the records of meetings held in Teams keep about a person: being invited (the board
 * calendar event's invitee list, in the invitation's fingerprint), their lines in an attendance
 * report's proposed register (minutes in the meeting; a guest's email), and their presence in a live
 * meeting (Entra id, when they joined). The export gives the person their own lines only, never
 * anyone else's. These are working records, not the governance record (the confirmed register is,
 * in the meetings store): erasure removes the person's lines and presence, and puts their seat in
 * place of their id where a seat was filled by them.
 */
export class OnlineMeetingsPersonalData implements PersonalData {
  readonly name = 'meetings held in Teams';
  constructor(private readonly container: Container) {}

  async export(partnershipId: string, person: Person): Promise<unknown[]> {
    const docs = await this.find(partnershipId);
    const out: unknown[] = [];
    for (const doc of docs) {
      const d = doc as unknown as Invitation | Draft | Presence;
      if (d.type === ONLINE_DOC_TYPES.invitation && invites(d as Invitation, person)) {
        const inv = d as Invitation;
        out.push({ kind: d.type, meetingId: inv.meetingId, invited: true, ...(inv.cancelled ? { cancelled: true } : {}), updatedAt: inv.updatedAt });
      } else if (d.type === ONLINE_DOC_TYPES.attendance) {
        const draft = d as Draft;
        const marks = (draft.marks ?? []).filter((m) => m.deputyId === person.id);
        const others = (draft.others ?? []).filter((o) => isThem(o, person));
        if (marks.length || others.length) out.push({ kind: d.type, meetingId: draft.meetingId, status: draft.status, marks, others });
      } else if (d.type === ONLINE_DOC_TYPES.presence) {
        const joinedAt = (d as Presence).present[aad(person)];
        if (joinedAt) out.push({ kind: d.type, meetingId: (d as Presence).meetingId, joinedAt });
      }
    }
    return out;
  }

  async erase(partnershipId: string, person: Person, standIn: StandIn): Promise<number> {
    let changed = 0;
    for (const d of await this.find(partnershipId)) {
      const item = toDomain<Doc & { id: string; partnershipId: string }>(d, []);
      const done = await rewrite(this.container, item, (current) => {
        if (current.type === ONLINE_DOC_TYPES.invitation) {
          const inv = current as unknown as Invitation;
          return invites(inv, person) ? { ...current, fingerprint: inv.fingerprint.split(JSON.stringify(person.id)).join(JSON.stringify(standIn())) } : undefined;
        }
        if (current.type === ONLINE_DOC_TYPES.attendance) {
          const draft = current as unknown as Draft;
          const theirs = (draft.marks ?? []).some((m) => m.deputyId === person.id) || (draft.others ?? []).some((o) => isThem(o, person));
          if (!theirs) return undefined;
          return {
            ...current,
            marks: (draft.marks ?? []).map((m) => (m.deputyId === person.id ? { ...m, deputyId: standIn({ bodyId: draft.bodyId, seatId: m.seatId }) } : m)),
            others: (draft.others ?? []).filter((o) => !isThem(o, person)),
          };
        }
        if (current.type === ONLINE_DOC_TYPES.presence) {
          const presence = current as unknown as Presence;
          if (!(aad(person) in presence.present)) return undefined;
          const present = { ...presence.present };
          delete present[aad(person)];
          return { ...current, present };
        }
        return undefined;
      });
      if (done) changed++;
    }
    return changed;
  }

  private find(partnershipId: string): Promise<Doc[]> {
    return query(
      this.container,
      { query: 'SELECT * FROM c WHERE ARRAY_CONTAINS(@types, c.type)', parameters: [{ name: '@types', value: Object.values(ONLINE_DOC_TYPES) }] },
      partnershipId,
    );
  }
}

const aad = (person: Person) => person.aadObjectId.toLowerCase();
const invites = (inv: MeetingInvitation, person: Person) => typeof inv.fingerprint === 'string' && inv.fingerprint.includes(JSON.stringify(person.id));
const isThem = (o: OtherAttendee, person: Person) =>
  o.personId === person.id || (!!person.email && o.email?.toLowerCase() === person.email.toLowerCase());
