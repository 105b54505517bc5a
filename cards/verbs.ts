import { z } from 'zod';
import { actionVerbs } from './action/verbs.js';
import { consultationVerbs } from './consultation.verbs.js';
import { meetingVerbs } from './meeting/verbs.js';
import { dataProtectionVerbs } from './data-protection.verbs.js';

/**
 * Every Action.Execute verb Quorum's cards carry, with the schema of its data. Cards build their
 * actions from here and the bot validates incoming invokes against the same schema, so the card
 * and the handler cannot drift apart. (Migrating to the Agents SDK is a router swap: the verb
 * names and data stay.)
 */
export const VERBS = {
  ...consultationVerbs,
  ...actionVerbs,
  ...meetingVerbs,
  ...dataProtectionVerbs,
} satisfies Record<string, z.ZodType>;

export type Verb = keyof typeof VERBS;
export type VerbData<V extends Verb> = z.output<(typeof VERBS)[V]>;

export type ParsedAction = { [V in Verb]: { verb: V; data: VerbData<V> } }[Verb];

export class BadActionError extends Error {
  constructor(
    readonly verb: string,
    readonly problems: string[],
  ) {
    super(`Bad card action "${verb}": ${problems.join('; ')}`);
  }
}

/** Validates an invoke's verb and data; Teams merges the card's inputs into the data. */
export function parseAction(verb: unknown, data: unknown): ParsedAction {
  if (typeof verb !== 'string' || !(verb in VERBS)) {
    throw new BadActionError(String(verb), ['unknown verb']);
  }
  const schema = VERBS[verb as Verb] as z.ZodType;
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new BadActionError(
      verb,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`),
    );
  }
  return { verb, data: parsed.data } as ParsedAction;
}
