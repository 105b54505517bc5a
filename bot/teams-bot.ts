import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import { argumentTooLong, buildNotice } from '../cards/notice.card.js';
import type { AdaptiveCard } from '../cards/render.js';
import { BadActionError, parseAction, type ParsedAction } from '../cards/verbs.js';
import type { Actor, DirectoryService } from '../services/directory/index.js';
import { DomainError, type ErrorKind } from '../services/domain/errors.js';
import type { Clock } from '../services/ports/clock.js';
import type { Logger } from '../services/ports/logger.js';
import type { ConversationRefRepo } from '../services/ports/repositories.js';
import type { CommandRegistry } from './commands.js';
import { cardAttachment, cardInvokeResponse } from './replies.js';
import { truncate } from '../cards/text.js';

export type CardActionHandler = (actor: Actor, action: ParsedAction, context: TurnContext) => Promise<AdaptiveCard>;

export interface BotDeps {
  directory: DirectoryService;
  conversations: ConversationRefRepo;
  commands: CommandRegistry;
  cardActions: CardActionHandler;
  clock: Clock;
  log: Logger;
  /** When set, activities from any other tenant are refused. */
  tenantId?: string;
  /** First run: the card for a named manager while no partnership is stored, or undefined for anyone else. */
  setupCard?: (aadObjectId: string | undefined) => Promise<AdaptiveCard | undefined>;
}

/** Routes Teams activities to commands and card actions. No business rules live here. */
export class QuorumBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      const actor = await this.rememberConversation(context);
      if (actor) await this.reply(context, await this.runCommand('help', actor));
      else {
        const setup = await this.deps.setupCard?.(context.activity.from?.aadObjectId);
        if (setup) await this.reply(context, setup);
      }
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.rememberConversation(context);
      await next();
    });
  }

  /** Activities from another tenant go no further: nothing is stored, and a message gets no reply. */
  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    if (this.fromOurTenant(context)) return super.onTurnActivity(context);
    if (context.activity.type === 'invoke') {
      const refused = buildNotice({ title: 'Not allowed', text: 'This organisation is not served by this Quorum.', tone: 'error' });
      await context.sendActivity({
        type: 'invokeResponse',
        value: context.activity.name === 'adaptiveCard/action' ? { status: 200, body: cardInvokeResponse(refused) } : { status: 403 },
      });
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const actor = await this.rememberConversation(context);
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    if (!actor) {
      const setup = await this.deps.setupCard?.(context.activity.from.aadObjectId);
      if (setup) {
        await this.reply(context, setup);
        return;
      }
      this.deps.log.warn({ aadObjectId: context.activity.from.aadObjectId }, 'message from someone not in the directory');
      await this.reply(
        context,
        buildNotice({
          title: 'I do not know you yet',
          text: 'You are not in the partnership directory, so I cannot act for you. Please ask the board manager to add your seat; then say "help".',
          tone: 'warning',
        }),
      );
      return;
    }
    const matched = this.deps.commands.match(text);
    if (!matched) {
      this.deps.log.info({ personId: actor.person.id, length: text.length }, 'unknown command');
      await this.reply(
        context,
        buildNotice({
          title: 'I did not understand that',
          text: `"${truncate(text.trim(), 60)}" is not one of my commands.`,
          hint: 'Say "help" to see what I can do.',
          showHelp: true,
        }),
      );
      return;
    }
    if (matched.args.length > MAX_ARGUMENT) {
      // Longer than any reference, name or body: refused before anything is looked up, and never echoed.
      this.deps.log.info({ personId: actor.person.id, command: matched.command.name, length: matched.args.length }, 'argument too long');
      await this.reply(context, argumentTooLong(matched.command.name, MAX_ARGUMENT));
      return;
    }
    try {
      await this.reply(context, await matched.command.run({ actor, args: matched.args }));
    } catch (err) {
      await this.reply(context, this.errorCard(err, actor));
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const actor = await this.rememberConversation(context);
    const verb = invokeValue.action?.verb;
    if (!actor) {
      this.deps.log.warn({ aadObjectId: context.activity.from.aadObjectId, verb }, 'card action from someone not in the directory');
      return cardInvokeResponse(
        buildNotice({
          title: 'I do not know you yet',
          text: 'You are not in the partnership directory, so nothing was recorded. Please ask the board manager to add your seat.',
          tone: 'warning',
        }),
      );
    }
    try {
      const action = parseAction(verb, invokeValue.action?.data);
      return cardInvokeResponse(await this.deps.cardActions(actor, action, context));
    } catch (err) {
      return cardInvokeResponse(this.errorCard(err, actor, verb));
    }
  }

  private errorCard(err: unknown, actor: Actor, verb?: string): AdaptiveCard {
    if (err instanceof DomainError) {
      this.deps.log.info({ personId: actor.person.id, code: err.code, verb }, 'refused');
      return buildNotice({ title: ERROR_TITLES[err.kind], text: err.message, tone: 'warning' });
    }
    if (err instanceof BadActionError) {
      this.deps.log.warn({ personId: actor.person.id, verb, problems: err.problems }, 'bad card action');
      return buildNotice({
        title: 'That card could not be read',
        text: 'The card sent something I could not understand, so nothing was recorded. Please use the latest card, or say "help".',
        hint: err.problems.join('; '),
        tone: 'error',
      });
    }
    throw err;
  }

  private fromOurTenant(context: TurnContext): boolean {
    const expected = this.deps.tenantId;
    const actual = context.activity.conversation?.tenantId ?? context.activity.channelData?.tenant?.id;
    if (!expected || actual === expected) return true;
    this.deps.log.warn({ tenantId: actual, activityType: context.activity.type }, 'activity from a foreign tenant refused');
    return false;
  }

  /** Stores the conversation reference for proactive sends; returns the actor if they are known. */
  private async rememberConversation(context: TurnContext): Promise<Actor | undefined> {
    const actor = await this.deps.directory.findActor(context.activity.from?.aadObjectId);
    if (actor && context.activity.conversation?.conversationType !== 'channel' && this.referenceChanged(actor, context)) {
      await this.deps.conversations.save({
        partnershipId: actor.directory.partnership.id,
        aadObjectId: actor.person.aadObjectId,
        reference: TurnContext.getConversationReference(context.activity) as Record<string, unknown>,
        updatedAt: this.deps.clock.now().toISOString(),
      });
    }
    return actor;
  }

  /** References rarely change; re-storing one on every click would double the writes of an answer. */
  private readonly savedReferences = new Map<string, { key: string; at: number }>();
  private referenceChanged(actor: Actor, context: TurnContext): boolean {
    const key = `${context.activity.conversation.id}|${context.activity.serviceUrl}`;
    const id = `${actor.directory.partnership.id}|${actor.person.aadObjectId}`;
    const seen = this.savedReferences.get(id);
    const now = this.deps.clock.now().getTime();
    if (context.activity.type !== 'installationUpdate' && seen && seen.key === key && now - seen.at < 10 * 60 * 1000) return false;
    this.savedReferences.set(id, { key, at: now });
    return true;
  }

  private async runCommand(name: string, actor: Actor) {
    const matched = this.deps.commands.match(name);
    if (!matched) throw new Error(`command ${name} is not registered`);
    return matched.command.run({ actor, args: '' });
  }

  private async reply(context: TurnContext, cards: AdaptiveCard | AdaptiveCard[]): Promise<void> {
    for (const card of Array.isArray(cards) ? cards : [cards]) await context.sendActivity(cardAttachment(card));
  }
}

/** The longest argument any command takes (a person's name, a body, a reference). */
const MAX_ARGUMENT = 200;

const ERROR_TITLES: Record<ErrorKind, string> = {
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  closed: 'Already closed',
  busy: 'Please try again',
  conflict: 'Please try again',
  unavailable: 'Please try again',
  invalid: 'Please check and try again',
};
