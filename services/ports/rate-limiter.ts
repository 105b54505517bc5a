/**
 * Paces outgoing messages: an overall ceiling (Teams throttles a bot per app and tenant) and a
 * minimum spacing between two messages to the same conversation.
 */
export interface RateLimiter {
  /** Resolves when one message to `conversationKey` may be sent now. */
  acquire(conversationKey: string): Promise<void>;
}
