import { reachMembers, type ReachPorts } from './reach-members.js';

export type { ReachPorts } from './reach-members.js';

/**
 * Reaching every seat: install Quorum for members the bot cannot message yet, and report who is
 * still unreachable, with reason codes. The one builder that app/compose.ts and the test support call.
 */
export function reachUseCases(ports: ReachPorts) {
  return { ...reachMembers(ports) };
}

export type ReachUseCases = ReturnType<typeof reachUseCases>;
