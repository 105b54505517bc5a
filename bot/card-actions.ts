import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render.js';
import type { ParsedAction, Verb, VerbData } from '../cards/verbs.js';
import type { Actor } from '../services/directory/index.js';

export interface CardActionContext {
  actor: Actor;
  /** The Teams message id of the card acted on, to update it later. */
  cardActivityId?: string;
  turn: TurnContext;
}

type Handler<V extends Verb> = (data: VerbData<V>, ctx: CardActionContext) => Promise<AdaptiveCard>;

/** Action.Execute verb → handler. Data arrives already validated against the verb's schema. */
export class CardActionRouter {
  private readonly handlers = new Map<string, Handler<Verb>>();

  on<V extends Verb>(verb: V, handler: Handler<V>): this {
    if (this.handlers.has(verb)) throw new Error(`verb ${verb} has two handlers`);
    this.handlers.set(verb, handler as unknown as Handler<Verb>);
    return this;
  }

  async handle(actor: Actor, action: ParsedAction, turn: TurnContext): Promise<AdaptiveCard> {
    const handler = this.handlers.get(action.verb);
    if (!handler) throw new Error(`no handler for verb ${action.verb}`);
    return handler(action.data as VerbData<Verb>, { actor, turn, cardActivityId: turn.activity.replyToId });
  }
}
