import type { MeetingParticipantsEventDetails, TeamsActivityHandler, TurnContext } from 'botbuilder';
import { liveQuorumChanged } from '../cards/meeting/live-quorum.js';
import type { LiveQuorumUseCases } from '../services/meeting/live-quorum.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import { cardAttachment } from './replies.js';

/**
 * Teams' meeting participant events (application/vnd.microsoft.meetingParticipantJoin and …Leave, in
 * the meeting chat, with the RSC permission OnlineMeetingParticipant.Read.Chat): the live quorum is
 * kept, and the meeting chat is told when it is reached or lost.
 */
export function liveMeetingEvents(bot: TeamsActivityHandler, live: LiveQuorumUseCases, clock: Clock, log: Logger): void {
  const handle = (kind: 'joined' | 'left') => async (details: MeetingParticipantsEventDetails, context: TurnContext, next: () => Promise<void>) => {
    const threadId = context.activity.conversation?.id;
    const people = (details?.members ?? []).map((m) => m.user?.aadObjectId).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 64);
    if (threadId && people.length > 0) {
      const eventId = context.activity.id ?? `${kind}:${context.activity.timestamp?.toString() ?? ''}:${people.join(',')}`;
      try {
        const outcome = await live.participantsChanged({ threadId, eventId, joined: kind === 'joined' ? people : [], left: kind === 'left' ? people : [], at: clock.now().toISOString() });
        if (outcome.kind === 'updated' && outcome.changed) await context.sendActivity(cardAttachment(liveQuorumChanged(outcome.facts)));
      } catch (err) {
        log.warn({ threadId, err: (err as Error).message }, 'meeting participant event not applied');
      }
    }
    await next();
  };
  bot.onTeamsMeetingParticipantsJoinEvent(handle('joined'));
  bot.onTeamsMeetingParticipantsLeaveEvent(handle('left'));
}
