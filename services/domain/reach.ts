/** Why someone is still unreachable after a "reach" run, as a code the presenter words. */
export type UnreachableReason =
  | { code: 'blocked' }
  | { code: 'external-access' }
  /** No install was tried: they never opened Quorum (`installUnavailable` when installing is not possible here). */
  | { code: 'never-opened'; installUnavailable: boolean }
  | { code: 'installed' }
  | { code: 'already-installed' }
  /** `detail`: the installer's own message (Graph's error). */
  | { code: 'install-failed'; detail: string };

/** What the manager's "reach" report shows: who can be messaged, and why the others cannot. */
export interface ReachOutcome {
  /** People in the directory. */
  people: number;
  /** Could be messaged before this run. */
  alreadyReachable: number;
  /** Quorum was installed for them now. */
  installed: string[];
  /** Graph says they had Quorum already (but the bot has no chat with them). */
  alreadyInstalled: string[];
  /** `detail`: the installer's own message (Graph's error). */
  failed: { name: string; detail: string }[];
  /** After this run: still no chat the bot can write to, and why. */
  stillUnreachable: { name: string; reason: UnreachableReason }[];
  /** Now reachable, having been unreachable before the run. */
  nowReachable: number;
  /** Why installing is not possible here, when it is not (the installer's own message). */
  unavailable?: string;
}
