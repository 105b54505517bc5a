import { randomUUID } from 'node:crypto';
import { Directory, type Partnership } from '../../services/domain/directory.js';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export const BOT = { id: '28:quorum-bot', name: 'Quorum' };
export const TENANT = '00000000-0000-0000-0000-0000000000001';

/** A Bot Framework activity as Teams sends it for a 1:1 chat. */
export function activity(user: TeamsUser, serviceUrl: string, fields: Record<string, unknown>) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    conversation: { id: `personal-${user.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...fields,
  };
}

export const message = (user: TeamsUser, serviceUrl: string, text: string) =>
  activity(user, serviceUrl, { type: 'message', text });

export const cardAction = (user: TeamsUser, serviceUrl: string, verb: string, data: Record<string, unknown>, replyToId = 'card-1') =>
  activity(user, serviceUrl, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });

export const installed = (user: TeamsUser, serviceUrl: string) =>
  activity(user, serviceUrl, { type: 'installationUpdate', action: 'add' });

export async function post(botUrl: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The Teams user of each person of a partnership (read when first asked, since tests load it late), kept. */
export function teamsUsers(partnership: () => Partnership): (personId: string) => TeamsUser {
  const users = new Map<string, TeamsUser>();
  return (personId) => {
    let found = users.get(personId);
    if (!found) {
      const p = new Directory(partnership()).person(personId)!;
      users.set(personId, (found = { id: `u-${personId}`, aadObjectId: p.aadObjectId, name: p.displayName }));
    }
    return found;
  };
}
