import type { Actor } from '../directory/index.js';
import { actorLeadKeys, canSee, findBody, isLead, type ActionItem } from '../domain/action.js';
import { authorize, can, subjectOf } from '../domain/authorization.js';
import type { Body } from '../domain/directory.js';
import { actionErrors } from '../domain/error-messages/action.js';
import type { ActionViewer } from '../ports/actions.js';
import type { ActionPorts, Problem } from './support.js';
import { requireVisible, sortedActions, todayOf, viewerOf } from './support.js';

export interface ActionShown {
  kind: 'action';
  action: ActionItem;
  viewer: ActionViewer;
  today: string;
}

export type ActionList =
  | { kind: 'mine'; actions: ActionItem[]; today: string }
  | { kind: 'body'; body: Body; actions: ActionItem[]; today: string };

export type LookupRejected = { kind: 'rejected'; problems: Problem[] };

const shortName = (b: Body) => (b.id.includes('-') ? b.id.slice(b.id.indexOf('-') + 1) : b.id);

/** Reading the register: one action, the actor's own, a body's. */
export function actionQueries(ports: Pick<ActionPorts, 'repo' | 'clock'>) {
  const shown = (actor: Actor, a: ActionItem): ActionShown => ({ kind: 'action', action: a, viewer: viewerOf(actor.directory, a, actor.person.id), today: todayOf(ports.clock) });

  /** The action as this person may see it now; a confidential action they are not named on does not exist for them. */
  async function view(actor: Actor, actionId: string): Promise<ActionShown> {
    return shown(actor, await requireVisible(ports.repo, actor, actionId));
  }

  async function openByRef(actor: Actor, ref: string): Promise<ActionShown | LookupRejected> {
    const wanted = ref.trim();
    if (!wanted) return { kind: 'rejected', problems: [{ code: 'ref.missing' }] };
    const a = await ports.repo.getByRef(actor.directory.partnership.id, wanted);
    if (!a || !canSee(a, actor.person.id)) throw actionErrors.unknown(wanted);
    return shown(actor, a);
  }

  async function myActions(actor: Actor): Promise<ActionList> {
    const d = actor.directory;
    const keys = actorLeadKeys(actor.assignments);
    const found = keys.length ? await ports.repo.listOpenForLeadKeys(d.partnership.id, keys) : [];
    const mine = found.filter((a) => canSee(a, actor.person.id) && isLead(a, actor.person.id, d));
    return { kind: 'mine', actions: sortedActions(mine), today: todayOf(ports.clock) };
  }

  /** A body's open actions (its chair and the board manager); confidential ones only where the reader is named. */
  async function bodyActions(actor: Actor, bodyText: string): Promise<ActionList | LookupRejected> {
    const d = actor.directory;
    let body: Body | undefined;
    if (!bodyText.trim()) {
      const chaired = d.bodies.filter((b) => can(subjectOf(actor), 'action.view-body', { bodyId: b.id }));
      if (chaired.length === 0) throw actionErrors.cannotListBody();
      if (chaired.length > 1) return { kind: 'rejected', problems: [{ code: 'body.which', bodies: chaired.map(shortName) }] };
      body = chaired[0];
    } else {
      body = findBody(bodyText, d);
      if (!body) throw actionErrors.unknownBody(bodyText, d.bodies.map(shortName));
    }
    authorize(subjectOf(actor), 'action.view-body', { bodyId: body!.id });
    const all = await ports.repo.listForBody(d.partnership.id, body!.id);
    const visible = all.filter((a) => a.status === 'open' && canSee(a, actor.person.id));
    return { kind: 'body', body: body!, actions: sortedActions(visible), today: todayOf(ports.clock) };
  }

  return { view, openByRef, myActions, bodyActions };
}
