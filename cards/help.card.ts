import template from './templates/help.json' with { type: 'json' };
import { expand, type AdaptiveCard } from './render.js';

/** What a person wants to do, the headings of the help card, in this order. */
export type HelpGroup = 'answer' | 'meetings' | 'actions' | 'board';

const GROUPS: { id: HelpGroup | 'more'; title: string }[] = [
  { id: 'answer', title: 'Answer for your agency' },
  { id: 'meetings', title: 'Meetings' },
  { id: 'actions', title: 'Actions and policies' },
  { id: 'board', title: 'Run the board' },
  { id: 'more', title: 'More' },
];

/**
 * Every command as help shows it: its heading, what it does in a member's words, and either a
 * button that sends it (commands that need nothing more) or an example of what to type.
 */
export interface HelpEntry {
  group: HelpGroup;
  what: string;
  button?: string;
  example?: string;
}

export const HELP_ENTRIES: Record<string, HelpEntry> = {
  consultations: { group: 'answer', what: "Consultations and votes waiting for your agency's answer, and the answers given", button: 'Open consultations' },
  whoami: { group: 'answer', what: 'The bodies you sit on, for which agency, and whether you vote', button: 'Who am I?' },
  meetings: { group: 'meetings', what: 'Your next meetings: say you are coming, or send apologies and name your deputy', button: 'My meetings' },
  meeting: { group: 'meetings', what: 'Add a meeting of a body you chair or support', button: 'Add a meeting' },
  brief: { group: 'meetings', what: "The chair's brief for the next meeting: will it be quorate, who has not answered, absence reviews", button: "Chair's brief" },
  register: { group: 'meetings', what: 'Record or correct who attended a meeting', button: 'Attendance register' },
  reviews: { group: 'meetings', what: 'Members who missed meetings and wait for your decision, and the risk register', button: 'Absence reviews' },
  'my actions': { group: 'actions', what: 'Actions you lead: update progress or RAG, complete one, or propose a new date', button: 'My actions' },
  action: { group: 'actions', what: 'One action by its reference', example: 'action A-7F3A2B' },
  actions: { group: 'actions', what: "A body's open and overdue actions", example: 'actions qa' },
  'new action': { group: 'actions', what: 'Add an action for a body', button: 'New action' },
  'import actions': { group: 'actions', what: 'Add the actions of a business plan or work plan, pasted as CSV', button: 'Import actions' },
  'policies due': { group: 'actions', what: 'Policies due for review in the next three months, and any overdue', button: 'Policies due' },
  'import policies': { group: 'actions', what: 'Load the policy register, pasted as CSV', button: 'Import policies' },
  consult: { group: 'board', what: 'Send a consultation or a vote to every agency of a body', button: 'Send a consultation' },
  status: { group: 'board', what: 'Who has answered a consultation and who has not, with the reasons for disagreeing', example: 'status C-7F3A2B' },
  members: { group: 'board', what: 'What the membership needs: vacant seats, agencies with no vote, missing deputies, people never reached', button: 'Membership' },
  reach: { group: 'board', what: 'Install Quorum for members it cannot message yet, and see who is still unreachable and why', button: 'Reach members' },
  export: { group: 'board', what: 'Everything Quorum keeps about one person, for a subject access request', example: 'export Borough Commander' },
  'remove person': { group: 'board', what: "Remove someone who has left; their agency's answers stay with their seat", example: 'remove person Borough Commander' },
};

/** A command the person may use, as the bot knows it; the words come from HELP_ENTRIES when it has them. */
export interface HelpCommand {
  name: string;
  /** Used only for a command HELP_ENTRIES does not list. */
  description: string;
  button?: string;
}

export interface HelpData {
  partnership: string;
  commands: HelpCommand[];
}

/** The help card: the commands the person may use, grouped by what they want to do. */
export function buildHelp(data: HelpData): AdaptiveCard {
  const entries = data.commands
    .filter((c) => c.name !== 'help')
    .map((c) => {
      const entry = HELP_ENTRIES[c.name];
      return {
        group: entry?.group ?? 'more',
        name: c.name,
        what: entry?.what ?? c.description,
        button: entry ? (entry.button ?? '') : (c.button ?? ''),
        // A command without a button or an example of its own is shown with its name to type.
        example: entry ? (entry.example ?? '') : c.button ? '' : c.name,
      };
    });
  const groups = GROUPS.map((g) => ({ title: g.title, entries: entries.filter((e) => e.group === g.id) })).filter((g) => g.entries.length > 0);
  return expand(template, { partnership: data.partnership, groups });
}
