import type { Rag } from '../../services/domain/action.js';

/** What the action cards show, worded: the presenter (present.ts) fills these from outcomes; cards.ts lays them out. */

export interface Choice {
  value: string;
  title: string;
}

export interface CardMessage {
  text: string;
  tone: 'good' | 'warning' | 'attention';
}

export interface ActionFormView {
  formId: string;
  bodies: Choice[];
  leads: Choice[];
  people: Choice[];
  sources: Choice[];
  /** Earliest due date the form accepts (today, London). */
  minDate: string;
  values: {
    description?: string;
    bodyId?: string;
    leads?: string[];
    dueDate?: string;
    ongoing?: boolean;
    source?: string;
    objectiveRef?: string;
    rag?: Rag;
    confidential?: boolean;
    viewers?: string[];
  };
  errors: string[];
}

export interface ActionLine {
  actionId: string;
  ref: string;
  description: string;
  bodyName: string;
  leads: string;
  dueText: string;
  rag: Rag;
  ragLabel: string;
  overdue: boolean;
  confidential: boolean;
  lastProgress?: string;
}

export interface ActionCardView extends ActionLine {
  sourceLabel: string;
  objectiveRef?: string;
  outcome?: string;
  statusLabel: string;
  viewers?: string;
  /** Why this card was sent, e.g. "Due in 7 days" or "Escalated: 14 days overdue". */
  banner?: string;
  message?: CardMessage;
  history: { at: string; by: string; text: string }[];
  proposal?: { dueDate: string; dueText: string; by: string; reason?: string };
  /** The person looking is a lead: progress, RAG, completion and a new due date. */
  canUpdate: boolean;
  /** The person looking chairs the governing body and a new due date is proposed. */
  canDecide: boolean;
  isOpen: boolean;
  minDate: string;
  noteLimit: number;
}

export interface ActionListView {
  title: string;
  subtitle?: string;
  empty: string;
  items: ActionLine[];
}

export interface DigestView {
  bodyName: string;
  weekText: string;
  overdue: ActionLine[];
  open: ActionLine[];
  completed: ActionLine[];
}

export interface ImportFormView {
  formId: string;
  kind: 'actions' | 'policies';
  columnsHelp: string;
  example: string;
  sources?: Choice[];
  values: { csv?: string; source?: string };
  errors: string[];
}

export interface ImportResultView {
  title: string;
  text: string;
  lines: string[];
}

export interface ReportDueView {
  bodyName: string;
  toBodyName: string;
  meetingText: string;
  dueText: string;
  description: string;
}
