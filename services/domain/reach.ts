/** What the manager's "reach" report shows: who can be messaged, and why the others cannot. */
export interface ReachView {
  /** People in the directory. */
  people: number;
  /** Could be messaged before this run. */
  alreadyReachable: number;
  /** Quorum was installed for them now. */
  installed: string[];
  /** Graph says they had Quorum already (but the bot has no chat with them). */
  alreadyInstalled: string[];
  failed: { name: string; why: string }[];
  /** After this run: still no chat the bot can write to, and why. */
  stillUnreachable: { name: string; why: string }[];
  /** Now reachable, having been unreachable before the run. */
  nowReachable: number;
  /** Why installing is not possible here, when it is not. */
  unavailable?: string;
}
